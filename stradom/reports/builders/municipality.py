"""The report on the state of the municipality (raport o stanie gminy): an editable
DOCX draft and a PDF.

Art. 28aa of the act on municipal self-government (ustawa z dnia 8 marca 1990 r. o
samorządzie gminnym): every year by 31 May the executive presents the council a report
summing up its activity in the previous year, in particular the implementation of
policies, programmes and strategies, of the council's resolutions and of the civic
budget. The draft is organised by management domain, as Kraków's reports are:

* an introduction (the legal basis in words, the year, what the draft is built from);
* per domain: the strategy's goals and the status of their indicators
  (``stradom.portal.pages.strategy_view``, the assessment the pages show), the
  instruments serving the domain and their progress (``stradom.instruments.queries``),
  its money (``stradom.finance.queries.summary``), the council's resolutions of the
  domain with their execution status and its civic-budget projects
  (``stradom.registers.queries``);
* chapters on all the resolutions of the year (counts by status) and on the civic
  budget (by edition and district: projects, cost, votes, status).

Places the office writes itself are paragraphs of style ``note`` beginning
"[Do uzupełnienia: …]" ("[To be completed: …]"). Illustrative (demo) entries are
labelled wherever they are shown. The indicators are those ``user`` may see (the public:
the published ones); the registers and the money are public information, shown to all,
as in the monitoring report.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from stradom.catalog.models import Domain
from stradom.finance import queries as money
from stradom.instruments.models import Instrument
from stradom.instruments.queries import latest_updates
from stradom.portal import pages
from stradom.registers import queries as registers
from stradom.registers.models import ProjectStatus, ResolutionStatus
from stradom.reports.builders.common import (
    ILLUSTRATIVE,
    InstrumentFacts,
    illustrative_note,
    instrument_table,
    money_text,
    report_strategy,
    report_year,
    status_words,
    value_text,
)
from stradom.reports.document import Bullets, Column, Document, Heading, Paragraph, Table
from stradom.reports.kinds import ReportKind, register

NO_DOMAIN = ""


def _todo(text: str) -> Paragraph:
    """A place for the office's own words, clearly marked."""
    return Paragraph(_("[To be completed: %(what)s]") % {"what": text}, style="note")


def _illustrative(what: str) -> Paragraph:
    return Paragraph(f"{ILLUSTRATIVE}: {what}", style="illustrative")


def build(*, user, language: str, progress, year=None, strategy=None) -> Document:
    year = report_year(year)
    plan = report_strategy(strategy) if strategy or pages.current_strategies().exists() else None
    domains = list(Domain.objects.order_by("order", "code"))
    progress.start(len(domains) + 4, _("Report on the state of the municipality"))
    facts = _Facts(user, year, plan)
    home = pages.home_territory()
    place = home.name if home is not None else ""
    doc = Document(
        kind="municipality",
        title=_("Report on the state of the municipality for %(year)s") % {"year": year},
        subtitle=(f"{place} — " if place else "") + _("draft for editing"),
        language=language,
        footer=_("Report on the state of the municipality for %(year)s — draft") % {"year": year},
    )
    _introduction(doc, facts, domains, place)
    progress.advance(1, _("Introduction"))
    for number, domain in enumerate(domains, start=1):
        _domain_chapter(doc, facts, domain, number, language)
        progress.advance(1, domain.name)
    if facts.has_unassigned():
        _domain_chapter(doc, facts, None, len(domains) + 1, language)
    _resolutions_chapter(doc, facts)
    progress.advance(1, _("Council resolutions"))
    _civic_budget_chapter(doc, facts)
    progress.advance(1, _("Civic budget"))
    doc.add(Heading(_("Summary")), _todo(_("conclusions and plans for the next year")))
    progress.advance(1, _("Summary"))
    return doc


class _Facts:
    """Everything the report reads, read once and grouped by domain (no query per domain)."""

    def __init__(self, user, year: int, plan) -> None:
        self.year = year
        self.view = pages.strategy_view(plan, user, as_of_year=year) if plan else None
        self.links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if self.view is not None:
            for g in self.view["goals"]:
                for r in g["links"]:
                    self.links[r["domain"]].append(r)
        self.money = money.summary(year=year, by="domain")
        self.money_rows = {row.key: row for row in self.money.rows}
        self.instruments, self.updates = _instruments()
        self.resolutions: dict[str, list] = defaultdict(list)
        self.all_resolutions = list(registers.resolutions(year=year))
        for r in self.all_resolutions:
            self.resolutions[r.domain.code if r.domain_id else NO_DOMAIN].append(r)
        self.projects: dict[str, list] = defaultdict(list)
        for p in registers.projects(edition=year):
            self.projects[p.domain.code if p.domain_id else NO_DOMAIN].append(p)

    def has_unassigned(self) -> bool:
        return bool(self.resolutions.get(NO_DOMAIN) or self.projects.get(NO_DOMAIN))

    def illustrative(self) -> bool:
        return (
            self.money.illustrative
            or any(r.illustrative for r in self.all_resolutions)
            or any(p.illustrative for group in self.projects.values() for p in group)
            or any(i.illustrative for group in self.instruments.values() for i in group)
        )


def _instruments() -> tuple[dict[str, list[Instrument]], dict]:
    """Instruments per domain code: funded by the domain's budget tasks or measured by its
    indicators (as the domain report counts them)."""
    found = (
        Instrument.objects.filter(
            Q(budget_tasks__domain__isnull=False)
            | Q(output_indicators__domain__isnull=False)
            | Q(result_indicators__domain__isnull=False)
        )
        .distinct()
        .order_by("code")
        .prefetch_related(
            "budget_tasks__domain", "output_indicators__domain", "result_indicators__domain"
        )
    )
    by_domain: dict[str, list[Instrument]] = defaultdict(list)
    every = []
    for i in found:
        codes = {t.domain.code for t in i.budget_tasks.all() if t.domain_id}
        codes |= {x.domain.code for x in i.output_indicators.all() if x.domain_id}
        codes |= {x.domain.code for x in i.result_indicators.all() if x.domain_id}
        for code in codes:
            by_domain[code].append(i)
        every.append(i)
    return by_domain, latest_updates(every)


# -- introduction -------------------------------------------------------------------------------
def _introduction(doc: Document, facts: _Facts, domains: list[Domain], place: str) -> None:
    year = facts.year
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
    sources = [
        _("the strategy's goals and the status of their indicators as of %(year)s (%(strategy)s)")
        % {"year": year, "strategy": facts.view["name"]}
        if facts.view
        else _("no strategy is kept in the system yet"),
        _("the programmes and projects and their latest progress reports"),
        _("the budget tasks' plan and execution in %(year)s") % {"year": year},
        _("the register of the council's resolutions (adopted in %(year)s)") % {"year": year},
        _("the register of civic-budget projects (edition %(year)s)") % {"year": year},
    ]
    doc.add(
        Paragraph(
            _(
                "This draft was prepared from the data kept in Stradom and is organised by "
                "management domain. It reads:"
            )
        ),
        Bullets(tuple(sources)),
    )
    if facts.illustrative():
        doc.add(
            _illustrative(
                _(
                    "some entries below (marked so) are examples, not the office's real data; "
                    "replace or remove them before the report is published."
                )
            )
        )
    portrait = (
        _("a short portrait of %(place)s and the main events of %(year)s")
        % {"place": place, "year": year}
        if place
        else _("a short portrait of the municipality and the main events of %(year)s")
        % {"year": year}
    )
    doc.add(_todo(portrait))
    rows = []
    for d in domains:
        links = facts.links.get(d.code, [])
        good = sum(1 for r in links if r["status_view"]["rank"] >= 4)
        row = facts.money_rows.get(d.code)
        rows.append(
            (
                d.name,
                len(links),
                good,
                len(facts.instruments.get(d.code, [])),
                len(facts.resolutions.get(d.code, [])),
                len(facts.projects.get(d.code, [])),
                row.planned_after_changes if row else None,
                row.spent if row else None,
            )
        )
    doc.add(
        Table(
            columns=(
                Column(_("Management domain")),
                Column(_("Indicators assessed"), "number", 0),
                Column(_("On track or reached"), "number", 0),
                Column(_("Programmes and projects"), "number", 0),
                Column(_("Resolutions"), "number", 0),
                Column(_("Civic-budget projects"), "number", 0),
                Column(_("Plan after changes"), "money"),
                Column(_("Spent"), "money"),
            ),
            rows=tuple(rows),
            caption=_("The domains at a glance, %(year)s") % {"year": year},
            sheet=_("Domains"),
        )
    )


# -- one domain ---------------------------------------------------------------------------------
def _domain_chapter(doc, facts: _Facts, domain: Domain | None, number: int, language) -> None:
    code = domain.code if domain is not None else NO_DOMAIN
    name = domain.name if domain is not None else _("Outside the management domains")
    doc.add(Heading(f"{number}. {name[:1].upper()}{name[1:]}"))  # names may be written lower-case
    doc.add(
        _todo(
            _("the main activities in %(domain)s in %(year)s, in the office's words")
            % {"domain": name, "year": facts.year}
        )
    )
    if domain is not None:
        _goals(doc, facts, code, name, language)
        _instrument_section(doc, facts, code, name)
        _money_section(doc, facts, code, name)
    _resolution_section(doc, facts.resolutions.get(code, []), name, facts.year)
    _project_section(doc, facts.projects.get(code, []), name, facts.year)


def _goals(doc, facts: _Facts, code: str, name: str, language: str) -> None:
    doc.add(Heading(_("Strategy goals and indicators"), 2))
    links = facts.links.get(code, [])
    if facts.view is None or not links:
        doc.add(Paragraph(_("No indicator of this domain is linked to the strategy's goals.")))
        return
    counts: dict[int, int] = defaultdict(int)
    for r in links:
        counts[r["status_view"]["rank"]] += 1
    words = "; ".join(
        f"{status_words(pages.status_of_rank(rank))}: {n}"
        for rank, n in sorted(counts.items(), reverse=True)
    )
    doc.add(
        Paragraph(
            ngettext(
                "%(n)s indicator link of the domain is assessed as of %(year)s: %(counts)s.",
                "%(n)s indicator links of the domain are assessed as of %(year)s: %(counts)s.",
                len(links),
            )
            % {"n": len(links), "year": facts.year, "counts": words}
        )
    )
    doc.add(
        Table(
            columns=(
                Column(_("Goal")),
                Column(_("Indicator")),
                Column(_("Status")),
                Column(_("Latest value")),
                Column(_("Target")),
            ),
            rows=tuple(
                (
                    r["goal_code"],
                    f"{r['indicator_name']} ({r['unit']})" if r["unit"] else r["indicator_name"],
                    status_words(r["status_view"], r["label_text"]),
                    value_text(r["latest_value"], r["latest_year"], r["decimals"], language),
                    value_text(r["target_value"], r["target_year"], r["decimals"], language),
                )
                for r in links
            ),
            caption=_("%(domain)s: goals and indicators, %(year)s")
            % {"domain": name, "year": facts.year},
        )
    )


def _instrument_section(doc, facts: _Facts, code: str, name: str) -> None:
    doc.add(Heading(_("Programmes and projects"), 2))
    items = facts.instruments.get(code, [])
    if not items:
        doc.add(Paragraph(_("No programme or project serves this domain in the system.")))
        return
    if any(i.illustrative for i in items):
        doc.add(illustrative_note())
    doc.add(
        instrument_table(
            items,
            ("code", "name_marked", "kind", "status", "percent_complete", "update_period"),
            InstrumentFacts(updates=facts.updates),
            caption=_("%(domain)s: programmes and projects and their progress") % {"domain": name},
        )
    )


def _money_section(doc, facts: _Facts, code: str, name: str) -> None:
    doc.add(Heading(_("Money"), 2))
    row = facts.money_rows.get(code)
    if row is None:
        doc.add(Paragraph(_("No budget task of this domain in %(year)s.") % {"year": facts.year}))
        return
    if facts.money.illustrative:
        doc.add(illustrative_note())
    share = (row.spent / row.planned_after_changes * 100) if row.planned_after_changes else None
    doc.add(
        Table(
            columns=(
                Column(_("Planned"), "money"),
                Column(_("Plan after changes"), "money"),
                Column(_("Spent"), "money"),
                Column(_("Remaining"), "money"),
                Column(_("Executed"), "percent", 1),
                Column(_("Budget tasks"), "number", 0),
            ),
            rows=(
                (
                    row.planned,
                    row.planned_after_changes,
                    row.spent,
                    row.remaining,
                    share,
                    row.tasks,
                ),
            ),
            caption=_("%(domain)s: plan and execution of the budget tasks, %(year)s")
            % {"domain": name, "year": facts.year},
        )
    )


def _resolution_section(doc, items: list, name: str, year: int) -> None:
    doc.add(Heading(_("Council resolutions"), 2))
    if not items:
        doc.add(
            Paragraph(_("No resolution of %(year)s is assigned to this domain.") % {"year": year})
        )
        return
    if any(r.illustrative for r in items):
        doc.add(_illustrative(_("the resolutions marked so are examples, not real ones.")))
    doc.add(
        _resolution_table(
            items,
            _("%(domain)s: resolutions adopted in %(year)s") % {"domain": name, "year": year},
        )
    )


def _resolution_table(items: list, caption: str) -> Table:
    return Table(
        columns=(
            Column(_("Number")),
            Column(_("Date adopted"), "date"),
            Column(_("Title")),
            Column(_("Responsible unit")),
            Column(_("Execution status")),
            Column(_("Note")),
        ),
        rows=tuple(
            (
                r.number,
                r.adopted_on,
                r.title,
                r.unit.name if r.unit_id else None,
                str(ResolutionStatus(r.status).label),
                (f"{ILLUSTRATIVE}. " if r.illustrative and ILLUSTRATIVE not in r.note else "")
                + r.note,
            )
            for r in items
        ),
        caption=caption,
        sheet=_("Resolutions"),
    )


def _project_section(doc, items: list, name: str, year: int) -> None:
    doc.add(Heading(_("Civic budget"), 2))
    if not items:
        doc.add(
            Paragraph(
                _("No civic-budget project of edition %(year)s in this domain.") % {"year": year}
            )
        )
        return
    if any(p.illustrative for p in items):
        doc.add(_illustrative(_("the projects marked so are examples, not real ones.")))
    doc.add(
        _project_table(
            items,
            _("%(domain)s: civic-budget projects of edition %(year)s")
            % {"domain": name, "year": year},
        )
    )


def _project_table(items: list, caption: str) -> Table:
    return Table(
        columns=(
            Column(_("Number")),
            Column(_("Title")),
            Column(_("District")),
            Column(_("Cost"), "money"),
            Column(_("Votes"), "number", 0),
            Column(_("Status")),
        ),
        rows=tuple(
            (
                p.code,
                p.title + (f" ({ILLUSTRATIVE})" if p.illustrative else ""),
                p.district.name if p.district_id else _("city-wide"),
                p.cost,
                p.votes,
                str(ProjectStatus(p.status).label),
            )
            for p in items
        ),
        caption=caption,
        sheet=_("Civic budget"),
    )


# -- the whole municipality -----------------------------------------------------------------------
def _resolutions_chapter(doc, facts: _Facts) -> None:
    year = facts.year
    doc.add(Heading(_("Execution of the council's resolutions")))
    counts = registers.resolution_counts(year)
    total = sum(n for _code, _label, n in counts)
    doc.add(
        Paragraph(
            ngettext(
                "In %(year)s the council adopted %(n)s resolution kept in the register.",
                "In %(year)s the council adopted %(n)s resolutions kept in the register.",
                total,
            )
            % {"year": year, "n": total}
        )
    )
    doc.add(
        _todo(_("the resolutions not executed or executed in part, and why")),
    )
    if not total:
        return
    if any(r.illustrative for r in facts.all_resolutions):
        doc.add(_illustrative(_("the resolutions marked so are examples, not real ones.")))
    doc.add(
        Table(
            columns=(Column(_("Execution status")), Column(_("Resolutions"), "number", 0)),
            rows=tuple((str(label), n) for _code, label, n in counts if n) + ((_("Total"), total),),
            caption=_("Resolutions adopted in %(year)s by execution status") % {"year": year},
            sheet=_("Resolutions by status"),
        ),
        _resolution_table(
            facts.all_resolutions, _("Resolutions adopted in %(year)s") % {"year": year}
        ),
    )


def _civic_budget_chapter(doc, facts: _Facts) -> None:
    year = facts.year
    doc.add(Heading(_("Civic budget")))
    rows = [r for r in registers.civic_budget_rows() if r.edition <= year]
    if not rows:
        doc.add(
            Paragraph(
                _("The register holds no civic-budget project up to %(year)s.") % {"year": year}
            )
        )
        doc.add(_todo(_("the civic budget of %(year)s") % {"year": year}))
        return
    current = [r for r in rows if r.edition == year]
    funded = sum((r.funded_cost for r in current), Decimal("0.00"))
    chosen = sum(r.by_status.get(s, 0) for r in current for s in registers.FUNDED)
    doc.add(
        Paragraph(
            ngettext(
                "Edition %(year)s: %(n)s project in the register, %(chosen)s selected for "
                "execution, costing %(funded)s zł.",
                "Edition %(year)s: %(n)s projects in the register, %(chosen)s selected for "
                "execution, costing %(funded)s zł.",
                sum(r.count for r in current),
            )
            % {
                "year": year,
                "n": sum(r.count for r in current),
                "chosen": chosen,
                "funded": _money_words(funded),
            }
        ),
        _todo(
            _("how the civic budget was run in %(year)s: the vote, turnout, execution")
            % {"year": year}
        ),
    )
    if any(r.illustrative for r in rows):
        doc.add(
            _illustrative(
                _("the civic-budget projects in this register are examples, not real ones.")
            )
        )
    doc.add(
        Table(
            columns=(
                Column(_("Edition"), "year"),
                Column(_("District")),
                Column(_("Projects"), "number", 0),
                Column(_("Cost"), "money"),
                Column(_("Cost of the projects selected"), "money"),
                Column(_("Votes"), "number", 0),
                Column(_("Status")),
            ),
            rows=tuple(
                (
                    r.edition,
                    r.district_name or _("city-wide"),
                    r.count,
                    r.cost,
                    r.funded_cost,
                    r.votes,
                    "; ".join(f"{ProjectStatus(s).label}: {n}" for s, n in r.by_status.items()),
                )
                for r in rows
            ),
            caption=_("Civic-budget projects by edition and district"),
            sheet=_("Civic budget by district"),
        )
    )
    every = list(registers.projects(edition=year))
    if every:
        doc.add(
            _project_table(every, _("Civic-budget projects of edition %(year)s") % {"year": year})
        )


def _money_words(amount: Decimal) -> str:
    return money_text(amount, get_language() or "pl").removesuffix(" zł")


register(
    ReportKind(
        code="municipality",
        label=gettext_lazy("Report on the state of the municipality"),
        formats=("docx", "pdf"),
        build=build,
        params=("year", "strategy"),
    )
)
