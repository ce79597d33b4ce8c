"""The report on the state of the municipality (raport o stanie gminy): an editable
DOCX draft and a PDF.

Art. 28aa of the act on municipal self-government (ustawa z dnia 8 marca 1990 r. o
samorządzie gminnym): every year by 31 May the executive presents the council a report
summing up its activity in the previous year, in particular the implementation of
policies, programmes and strategies, of the council's resolutions and of the civic
budget. The draft has the chapters offices write under it, in the order and choice of
``STRADOM_MUNICIPALITY_REPORT_CHAPTERS`` (``stradom.reports.chapters``):

1. ``profile``: the municipality's profile and demography (``profile.py``);
2. ``finance``: the budget tasks' plan and execution, revenue, expenditure and debt of
   the multi-year financial forecast with the art. 242 and 243 rules (``finance.py``);
3. ``strategy``: the strategy's assessment, the programmes and projects with their
   progress, the indicators by management domain (``strategy.py``);
4. ``resolutions`` and 5. ``civic_budget``: the registers (``registers.py``);
6. ``other``: the office's other duties, for the office to write.

An introduction and a table of contents come first. A section with nothing to show
says so in one line ("Brak danych o … w systemie."), once; places the office writes
itself are paragraphs of style ``note`` beginning "[Do uzupełnienia: …]" ("[To be
completed: …]"). Illustrative (demo) entries are labelled wherever they are shown, and
the introduction warns when there are any. The indicators are those ``user`` may see
(the public: the published ones); the registers and the money are public information,
shown to all, as in the monitoring report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.messages import StradomError, gettext_noop
from stradom.env import ConfigurationError
from stradom.reports import chapters as choice
from stradom.reports.builders.common import ILLUSTRATIVE, report_strategy, report_year
from stradom.reports.document import Bullets, Contents, Document, Heading, Paragraph
from stradom.reports.kinds import ReportKind, register
from stradom.strategy.queries import StrategyView, current_strategies, home_territory, strategy_view


def todo(text: str) -> Paragraph:
    """A place for the office's own words, clearly marked."""
    return Paragraph(_("[To be completed: %(what)s]") % {"what": text}, style="note")


def illustrative(what: str) -> Paragraph:
    return Paragraph(f"{ILLUSTRATIVE}: {what}", style="illustrative")


@dataclass
class Context:
    """What every chapter reads: the reader, the year, the strategy and the home unit."""

    user: object
    language: str
    year: int
    plan: object | None  # the strategy reported on, or None when none is kept
    home: object | None  # the office's own territorial unit
    view: StrategyView | None = None  # the plan assessed as of the year, as the user sees it
    illustrative: bool = False  # set by a chapter that shows an illustrative entry

    @property
    def place(self) -> str:
        return self.home.name if self.home is not None else ""


@dataclass
class Chapter:
    """A chapter's number, for its heading and its sections' ("2." and "2.1.")."""

    number: int
    sections: int = field(default=0)

    def heading(self, title: str) -> Heading:
        return Heading(f"{self.number}. {title}", 1)

    def section(self, title: str) -> Heading:
        self.sections += 1
        return Heading(f"{self.number}.{self.sections}. {title}", 2)


def _other(doc: Document, ctx: Context, ch: Chapter) -> None:
    doc.add(
        ch.heading(_("Other tasks and duties")),
        todo(
            _(
                "the municipality's other tasks and duties in %(year)s that the chapters "
                "above do not cover (for example the districts' tasks, the cooperation with "
                "non-governmental organisations, programmes not kept in the system), and "
                "the conclusions"
            )
            % {"year": ctx.year}
        ),
    )


def _builders():
    from stradom.reports.builders.municipality import finance, profile, registers, strategy

    return {
        "profile": profile.chapter,
        "finance": finance.chapter,
        "strategy": strategy.chapter,
        "resolutions": registers.resolutions_chapter,
        "civic_budget": registers.civic_budget_chapter,
        "other": _other,
    }


def chosen_chapters() -> tuple[str, ...]:
    """The office's chapters (the setting), checked; a StradomError says what is wrong."""
    try:
        return choice.report_chapters(
            getattr(settings, choice.CHAPTERS_SETTING, None) or choice.CHAPTERS
        )
    except ConfigurationError as error:
        raise StradomError(
            gettext_noop(
                "The chapters of the report on the state of the municipality are set "
                "wrongly: %(problem)s."
            ),
            problem=str(error),
        ) from None


def build(*, user, language: str, progress, year=None, strategy=None) -> Document:
    year = report_year(year)
    plan = report_strategy(strategy) if strategy or current_strategies().exists() else None
    keys = chosen_chapters()
    builders = _builders()
    progress.start(len(keys) + 1, _("Report on the state of the municipality"))
    ctx = Context(user=user, language=language, year=year, plan=plan, home=home_territory())
    if plan is not None:
        ctx.view = strategy_view(plan, user, as_of_year=year)
    body = Document(kind="municipality", title="", language=language)
    for number, key in enumerate(keys, start=1):
        builders[key](body, ctx, Chapter(number))
        progress.advance(1, key)
    doc = Document(
        kind="municipality",
        title=_("Report on the state of the municipality for %(year)s") % {"year": year},
        subtitle=(f"{ctx.place} — " if ctx.place else "") + _("draft for editing"),
        language=language,
        footer=_("Report on the state of the municipality for %(year)s — draft") % {"year": year},
    )
    doc.add(Contents(_("Contents")))
    _introduction(doc, ctx, keys)
    doc.add(*body.blocks)
    progress.advance(1, _("Introduction"))
    return doc


def _introduction(doc: Document, ctx: Context, keys: tuple[str, ...]) -> None:
    year = ctx.year
    doc.add(Heading(_("Introduction")))
    doc.add(
        Paragraph(
            _(
                "The executive of the municipality presents this report to the council every "
                "year by 31 May, under article 28aa of the Act of 8 March 1990 on municipal "
                "self-government. It sums up the executive's activity in %(year)s, in "
                "particular the implementation of policies, programmes and strategies, of the "
                "council's resolutions and of the civic budget. The council debates it before "
                "voting on the vote of confidence for the executive (wotum zaufania)."
            )
            % {"year": year},
            style="lead",
        )
    )
    sources = {
        "profile": [
            _("the profile indicators of the municipality (population, demography, labour)")
        ],
        "finance": [
            _("the budget tasks' plan and execution in %(year)s") % {"year": year},
            _("the multi-year financial forecast (Annex 1) and the debt rules"),
        ],
        "strategy": [
            _(
                "the strategy's goals and the status of their indicators as of %(year)s "
                "(%(strategy)s)"
            )
            % {"year": year, "strategy": ctx.view.name}
            if ctx.view
            else _("no strategy is kept in the system yet"),
            _("the programmes and projects and their latest progress reports"),
        ],
        "resolutions": [
            _("the register of the council's resolutions (adopted in %(year)s)") % {"year": year}
        ],
        "civic_budget": [
            _("the register of civic-budget projects (edition %(year)s)") % {"year": year}
        ],
    }
    read = [item for key in keys for item in sources.get(key, [])]
    if read:
        doc.add(
            Paragraph(_("This draft was prepared from the data kept in Stradom. It reads:")),
            Bullets(tuple(read)),
        )
    if ctx.illustrative:
        doc.add(
            illustrative(
                _(
                    "some entries below (marked so) are examples, not the office's real data; "
                    "replace or remove them before the report is published."
                )
            )
        )
    portrait = (
        _("a short portrait of %(place)s and the main events of %(year)s")
        % {"place": ctx.place, "year": year}
        if ctx.place
        else _("a short portrait of the municipality and the main events of %(year)s")
        % {"year": year}
    )
    doc.add(todo(portrait))


register(
    ReportKind(
        code="municipality",
        label=gettext_lazy("Report on the state of the municipality"),
        formats=("docx", "pdf"),
        build=build,
        params=("year", "strategy"),
    )
)
