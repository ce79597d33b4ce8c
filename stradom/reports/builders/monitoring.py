"""The annual strategy-monitoring report (raport z monitoringu strategii): PDF and DOCX.

A summary of the whole strategy (goals and indicators by status, data coverage, what
changed since the year before, the money, the goals at a glance and, in one table,
every goal that could not be assessed with the reason), then one section per goal in
the order of the goal tree, named with the strategy's own level names: the goal's
assessment in words, a table of its indicators (status in words, baseline, latest,
target, method), small trend charts of its indicators, survey estimates with their
95 % interval, unweighted base and district values (small cells shown as suppressed),
and the money of the budget tasks and instruments serving it. A goal with no indicator,
budget task or instrument at it or below it has no section: it is a row of the table of
goals not assessed, not a heading with the same sentence under it.

Read only through ``stradom.strategy.queries.strategy_view`` (assessment, visibility,
roll-ups), ``stradom.finance.queries`` (money by goal and by instrument),
``stradom.catalog.queries.observations`` (survey estimates) and
``stradom.surveys.queries.comparability_breaks``; one read of each for the whole
strategy, never one per indicator.

Charts: indicators by status for the whole strategy and for each top-level goal
(``charts.specs.peers_spec`` drawing bars); for each goal with indicators, its
indicators' yearly values as small multiples (``charts.specs.trends_spec``, from the
values the assessment read: no query of their own); and one per survey-based indicator
(its series with the interval band, ``charts.specs.series_spec``). A chart costs 0.1–0.3 s
to draw and as much again to lay out, so the small multiples put a goal's indicators in
one drawing rather than a chart for each, and draw at most nine (the lowest statuses;
a note says when some are left to the table): 300 indicators still fit the time a report
may take (``bench/report``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.catalog.models import Indicator
from stradom.catalog.queries import observations
from stradom.charts import specs
from stradom.commentary.queries import published
from stradom.core.i18n import localize
from stradom.core.messages import Message
from stradom.finance import queries as money
from stradom.finance.core.money import ZERO
from stradom.instruments.models import Instrument
from stradom.reports.builders.assessed import (
    coverage_text,
    groups_text,
    indicator_title,
    rank_counts,
    status_chart,
    trend_blocks,
)
from stradom.reports.builders.commentary import commentary_section
from stradom.reports.builders.common import (
    InstrumentFacts,
    illustrative_note,
    instrument_table,
    report_strategy,
    report_year,
    status_words,
    value_text,
)
from stradom.reports.cells import format_cell, money_text
from stradom.reports.document import Chart, Column, Document, Heading, Paragraph, Table
from stradom.reports.kinds import ReportKind, register
from stradom.reports.labels import goal_title
from stradom.strategy.queries import (
    GoalView,
    LinkRow,
    explain_link,
    status_of_rank,
    strategy_view,
)
from stradom.surveys.queries import comparability_breaks
from stradom.territory.models import TerritoryKind


class Changes:
    """How the links' statuses moved since the year before (links in both years)."""

    def __init__(self, now: list[LinkRow], before: dict[int, LinkRow]):
        self.better = self.worse = self.first = self.lost = 0
        self.changed: list[tuple[LinkRow, LinkRow]] = []
        for r in now:
            old = before.get(r.link_id)
            if old is None:
                continue
            a, b = old.status_view.rank, r.status_view.rank
            if a == b:
                continue
            self.changed.append((old, r))
            if not a:
                self.first += 1
            elif not b:
                self.lost += 1
            elif b > a:
                self.better += 1
            else:
                self.worse += 1

    def sentences(self, previous: int) -> list[str]:
        if not self.changed:
            return [
                _("No indicator has changed its status since %(previous)s.")
                % {"previous": previous}
            ]
        words = (
            (
                self.better,
                ngettext(
                    "Since %(previous)s, %(n)s indicator has moved to a better status.",
                    "Since %(previous)s, %(n)s indicators have moved to a better status.",
                    self.better,
                ),
            ),
            (
                self.worse,
                ngettext(
                    "Since %(previous)s, %(n)s indicator has moved to a worse status.",
                    "Since %(previous)s, %(n)s indicators have moved to a worse status.",
                    self.worse,
                ),
            ),
            (
                self.first,
                ngettext(
                    "%(n)s indicator not assessed in %(previous)s could be assessed now.",
                    "%(n)s indicators not assessed in %(previous)s could be assessed now.",
                    self.first,
                ),
            ),
            (
                self.lost,
                ngettext(
                    "%(n)s indicator assessed in %(previous)s could not be assessed now.",
                    "%(n)s indicators assessed in %(previous)s could not be assessed now.",
                    self.lost,
                ),
            ),
        )
        return [text % {"n": n, "previous": previous} for n, text in words if n]


def _goal_title(g: GoalView) -> str:
    return goal_title(g.code, g.name, g.level)


def _weakest(links: list[LinkRow]) -> LinkRow | None:
    assessed = [r for r in links if r.status_view.rank > 0]
    if not assessed:
        return None
    return min(
        assessed,
        key=lambda r: (
            r.status_view.rank,
            r.score if r.score is not None else 0,
            r.indicator_code,
        ),
    )


# -- the document ---------------------------------------------------------------------------


class _Money:
    """The year's money by goal and by instrument, and which instruments serve which goal."""

    def __init__(self, strategy, year: int):
        self.summary = money.summary(year=year, by="goal", strategy=strategy)
        self.by_goal = {row.key: row for row in self.summary.rows}
        self.by_instrument = {row.key: row for row in money.group_rollup("instrument", [year])}
        served = Instrument.goals.through.objects.filter(goal__strategy=strategy).values_list(
            "goal_id", "instrument_id"
        )
        instruments_of: dict[int, list[int]] = defaultdict(list)
        for goal_id, instrument_id in served:
            instruments_of[goal_id].append(instrument_id)
        found = Instrument.objects.in_bulk({i for ids in instruments_of.values() for i in ids})
        self.instruments = {
            goal_id: sorted((found[i] for i in ids), key=lambda i: i.code)
            for goal_id, ids in instruments_of.items()
        }
        self.illustrative = self.summary.illustrative or any(i.illustrative for i in found.values())


class _Survey:
    """Survey estimates (observations with an unweighted base) up to the year, by indicator."""

    def __init__(self, codes: set[str], year: int):
        self.by_code: dict[str, list] = defaultdict(list)
        if not codes:
            self.breaks = {}
            return
        indicators = Indicator.objects.filter(code__in=codes)
        found = observations(indicators, period_to=str(year), dimensions="").filter(
            base_n__isnull=False
        )
        for o in found:
            self.by_code[o.indicator.code].append(o)
        ids = {o.indicator_id for rows in self.by_code.values() for o in rows}
        self.breaks = comparability_breaks(ids)


def build(*, user, language: str, progress, strategy=None, year=None) -> Document:
    chosen = report_strategy(strategy)
    year = report_year(year)
    view = strategy_view(chosen, user, as_of_year=year)
    before = strategy_view(chosen, user, as_of_year=year - 1)
    goals = view.goals
    progress.start(len(goals), _("Monitoring report"))
    old_links = {r.link_id: r for g in before.goals for r in g.links}
    all_links = [r for g in goals for r in g.links]
    cash = _Money(chosen, year)
    survey = _Survey({r.indicator_code for r in all_links}, year)
    doc = Document(
        kind="monitoring",
        title=_("Strategy monitoring report %(year)s") % {"year": year},
        subtitle=view.name,
        language=language,
        footer=" ".join((view.name, "—", _("monitoring report"), str(year))),
    )
    below = _links_below(goals)
    comments: dict[int, list] = defaultdict(list)
    for c in published(goals=[g.id for g in goals], year=year):
        comments[c.record_id].append(c)
    shown = _with_content(view.roots, below, cash, comments)
    _summary(doc, view, all_links, old_links, cash, year, language, shown)
    for g in goals:
        if g.id in shown:
            _goal_section(doc, g, below[g.id], old_links, cash, survey, view, year, language)
            doc.add(*commentary_section(comments.get(g.id, ()), min(g.depth + 1, 3)))
        progress.advance(1, g.code)
    _about(doc, view, cash)
    return doc


def _with_content(roots: Sequence[GoalView], below, cash: _Money, comments=None) -> set[int]:
    """The goals that get a section: those with an indicator, a budget task, an
    instrument or published commentary, at them or below them. The others are listed
    once, in the table of goals not assessed, instead of a section each saying that
    nothing is linked."""
    shown: set[int] = set()

    def visit(g) -> bool:
        row = cash.by_goal.get(g.code)
        own = (
            bool(below[g.id])
            or bool(row and row.tasks)
            or bool(cash.instruments.get(g.id))
            or bool(comments and comments.get(g.id))
        )
        found = [visit(child) for child in g.children]
        if own or any(found):
            shown.add(g.id)
            return True
        return False

    for root in roots:
        visit(root)
    return shown


def _links_below(goals: Sequence[GoalView]) -> dict[int, list[LinkRow]]:
    """Each goal's own links and those of every goal below it (as its roll-up counts them)."""
    out: dict[int, list[LinkRow]] = {}

    def visit(g):
        rows = list(g.links)
        for child in g.children:
            rows += visit(child)
        out[g.id] = rows
        return rows

    for g in goals:
        if g.parent_id is None:
            visit(g)
    return out


def _summary(doc, view, links, old_links, cash: _Money, year: int, language: str, shown) -> None:
    goals = view.goals
    n = len(links)
    doc.add(
        Heading(_("Summary")),
        Paragraph(
            _(
                "This report shows the progress of %(strategy)s as of %(year)s. Every indicator "
                "linked to a goal is assessed with the method “%(method)s”; a goal's status is "
                "the average over its indicators and those of the goals below it."
            )
            % {"strategy": view.name, "year": year, "method": view.method_title},
            style="lead",
        ),
    )
    sentences = [
        ngettext("The goal tree has %(n)s goal.", "The goal tree has %(n)s goals.", len(goals))
        % {"n": len(goals)},
        ngettext("%(n)s indicator is linked to them.", "%(n)s indicators are linked to them.", n)
        % {"n": n},
        *groups_text(links),
    ]
    if n:
        covered = sum(g.covered for g in view.roots)
        sentences.append(coverage_text(covered, n, year, view.coverage_years))
    doc.add(Paragraph(" ".join(sentences)))

    goal_counts = rank_counts(g.status for g in goals)
    link_counts = rank_counts(r.status_view for r in links)
    doc.add(
        Table(
            columns=(
                Column(_("Status")),
                Column(_("Goals"), "number", 0),
                Column(_("Indicators"), "number", 0),
            ),
            rows=tuple(
                (status_words(status_of_rank(rank)), goal_counts[rank], link_counts[rank])
                for rank in (5, 4, 3, 2, 1, 0)
            ),
            caption=_("Goals and indicators by status, %(year)s") % {"year": year},
            sheet=_("Status"),
        )
    )
    if links:
        doc.add(status_chart(links, _("Indicators by status, %(year)s") % {"year": year}))

    doc.add(Heading(_("What changed since %(previous)s") % {"previous": year - 1}, 2))
    changes = Changes(links, old_links)
    doc.add(Paragraph(" ".join(changes.sentences(year - 1))))
    if changes.changed:
        doc.add(
            Table(
                columns=(
                    Column(_("Indicator")),
                    Column(_("Goal")),
                    Column(_("Status in %(year)s") % {"year": year - 1}),
                    Column(_("Status in %(year)s") % {"year": year}),
                ),
                rows=tuple(
                    (
                        indicator_title(new),
                        new.goal_code,
                        status_words(old.status_view, old.label_text),
                        status_words(new.status_view, new.label_text),
                    )
                    for old, new in changes.changed
                ),
                caption=_("Indicators whose status changed"),
                sheet=_("Changes"),
            )
        )

    doc.add(Heading(_("Money, %(year)s") % {"year": year}, 2))
    roots = [cash.by_goal[g.code] for g in view.roots if g.code in cash.by_goal]
    planned = sum((r.planned_after_changes for r in roots), ZERO)
    spent = sum((r.spent for r in roots), ZERO)
    if not any(r.tasks for r in roots):
        doc.add(
            Paragraph(_("No budget task of %(year)s serves the strategy's goals.") % {"year": year})
        )
    else:
        if cash.illustrative:
            doc.add(illustrative_note())
        doc.add(
            Paragraph(
                _(
                    "Budget tasks serving the strategy's goals were planned at %(planned)s after "
                    "changes in %(year)s; %(spent)s was spent and %(remaining)s remains."
                )
                % {
                    "planned": money_text(planned, language),
                    "spent": money_text(spent, language),
                    "remaining": money_text(planned - spent, language),
                    "year": year,
                }
            )
        )
    with_money = any(r.tasks for r in roots)
    columns = [
        Column(_("Code")),
        Column(_("Goal")),
        Column(_("Status")),
        Column(_("Indicators"), "number", 0),
        Column(_("Assessed"), "number", 0),
        Column(_("With recent data"), "number", 0),
    ]
    listed = [g for g in goals if g.id in shown]
    rows = [
        [g.code, g.name, status_words(g.status), g.n_links] + [g.n_assessable, g.covered]
        for g in listed
    ]
    if with_money:
        columns.append(Column(_("Plan after changes"), "money"))
        for row, g in zip(rows, listed, strict=True):
            held = cash.by_goal.get(g.code)
            row.append(held.planned_after_changes if held else None)
    doc.add(Heading(_("Goals at a glance"), 2))
    if listed:
        caption = (
            _("Every goal with its status, %(year)s")
            if len(listed) == len(goals)
            else _("The goals with indicators or money and their status, %(year)s")
        )
        doc.add(
            Table(
                columns=tuple(columns),
                rows=tuple(tuple(row) for row in rows),
                caption=caption % {"year": year},
                sheet=_("Goals"),
            )
        )
    _not_assessed(doc, goals, year)


def _why_not(g: GoalView) -> str:
    """The roll-up's reason, short enough for a table column (the section says it in full)."""
    if not g.n_links:
        return _("no indicator linked, here or below")
    return ngettext(
        "its %(n)s indicator could not be assessed",
        "none of its %(n)s indicators could be assessed",
        g.n_links,
    ) % {"n": g.n_links}


def _not_assessed(doc, goals: Sequence[GoalView], year: int) -> None:
    """Every goal that could not be assessed, with the reason, in one table."""
    missing = [g for g in goals if not g.status.rank]
    doc.add(Heading(_("Goals not assessed"), 2))
    if not missing:
        doc.add(Paragraph(_("Every goal could be assessed as of %(year)s.") % {"year": year}))
        return
    doc.add(
        Paragraph(
            ngettext(
                "%(n)s of the %(total)s goals could not be assessed as of %(year)s; the table "
                "says why. Goals with no indicator, budget task or instrument, at them or "
                "below them, have no section of their own.",
                "%(n)s of the %(total)s goals could not be assessed as of %(year)s; the table "
                "says why. Goals with no indicator, budget task or instrument, at them or "
                "below them, have no section of their own.",
                len(missing),
            )
            % {"n": len(missing), "total": len(goals), "year": year}
        ),
        Table(
            columns=(Column(_("Code"), "code"), Column(_("Goal")), Column(_("Reason"))),
            rows=tuple((g.code, g.name, _why_not(g)) for g in missing),
            caption=_("Goals not assessed as of %(year)s, and why") % {"year": year},
            sheet=_("Not assessed"),
        ),
    )


def _goal_section(doc, g, links, old_links, cash, survey, view, year, language) -> None:
    doc.add(Heading(_goal_title(g), min(g.depth, 3)))
    title = _goal_title(g).split(". ", 1)[0]
    if not links:
        doc.add(Paragraph(g.reason or _("No indicator is linked to this goal.")))
    else:
        sentences = [
            ngettext(
                "%(goal)s has %(n)s linked indicator, counting the goals below it.",
                "%(goal)s has %(n)s linked indicators, counting the goals below it.",
                len(links),
            )
            % {"goal": title, "n": len(links)},
            _("Its status is: %(status)s.") % {"status": status_words(g.status)},
            *groups_text(links),
            coverage_text(g.covered, len(links), year, view.coverage_years),
            *Changes(links, old_links).sentences(year - 1),
        ]
        doc.add(Paragraph(" ".join(sentences)))
        weakest = _weakest(links)
        if weakest is not None:
            doc.add(
                Paragraph(
                    _("The weakest is %(indicator)s: %(status)s.")
                    % {
                        "indicator": indicator_title(weakest),
                        "status": status_words(weakest.status_view, weakest.label_text),
                    }
                    + " "
                    + " ".join(explain_link(weakest)),
                    style="note",
                )
            )
        if g.n_assessable and g.parent_id is None:
            doc.add(
                status_chart(
                    links,
                    _("Indicators of %(goal)s by status, %(year)s")
                    % {"goal": g.code, "year": year},
                )
            )
    if g.links:
        doc.add(_indicator_table(g, view, language))
        breaks = [
            f"{r.indicator_code}: {localize(Message(b['template'], b['params']))}."
            for r in g.links
            if (b := r.comparability_break)
        ]
        if breaks:
            doc.add(Paragraph(" ".join(breaks), style="note"))
        doc.add(*trend_blocks(g.code, g.links, year, language, skip=set(survey.by_code)))
        for r in g.links:
            if survey.by_code.get(r.indicator_code):
                _survey_block(doc, r, survey, year, language)
    _money_block(doc, g, cash, year, language)


def _method(r: LinkRow) -> str:
    """How the method judged it (the method itself is named once, in the summary)."""
    return _("against the target") if r.target_value is not None else _("trend, no target")


def _baseline(r: LinkRow) -> tuple[Any, int | None]:
    """The base the method used (the link's base value, or the series' value in the base
    year), else the link's own base value."""
    inputs = r.inputs or {}
    if inputs.get("base_value") is not None:
        return inputs["base_value"], inputs.get("base_year")
    return r.baseline_value, r.baseline_year


def _indicator_table(g, view, language: str) -> Table:
    rows = []
    for r in g.links:
        d = r.decimals
        status = status_words(r.status_view, r.label_text)
        if r.reason_text:
            status = f"{status} — {r.reason_text}"
        rows.append(
            (
                indicator_title(r) + (f" [{r.unit}]" if r.unit else ""),
                status,
                value_text(*_baseline(r), d, language),
                value_text(r.latest_value, r.latest_year, d, language),
                value_text(r.target_value, r.target_year, d, language),
                _method(r),
            )
        )
    return Table(
        columns=(
            Column(_("Indicator")),
            Column(_("Status")),
            Column(_("Baseline")),
            Column(_("Latest")),
            Column(_("Target")),
            Column(_("Method")),
        ),
        rows=tuple(rows),
        caption=_("Indicators of %(goal)s") % {"goal": g.code},
        sheet=g.code,
    )


def _is_suppressed(o) -> bool:
    return o.value is None and bool((o.provenance or {}).get("suppressed"))


def _survey_block(doc, r, survey: _Survey, year: int, language: str) -> None:
    """The latest wave's estimate for the link's unit and its districts, with the interval
    and the unweighted base; a suppressed cell says so instead of a number."""
    rows = survey.by_code[r.indicator_code]
    home = [o for o in rows if o.territory.code == r.territory_code]
    latest = max((o.period_end for o in rows), default=None)
    wave = [
        o
        for o in rows
        if o.period_end == latest
        and (
            o.territory.code == r.territory_code
            or (
                o.territory.kind == TerritoryKind.SUBMUNICIPAL
                and o.territory.parent_id is not None
                and any(h.territory_id == o.territory.parent_id for h in home)
            )
        )
    ]
    if not wave:
        return
    wave.sort(key=lambda o: (o.territory.code != r.territory_code, o.territory.code))
    d = r.decimals
    column = Column("", "number", d)
    table_rows = []
    for o in wave:
        place = (f"{o.territory.number}. " if o.territory.number else "") + o.territory.name
        if _is_suppressed(o):
            minimum = (o.provenance or {}).get("min_base")
            shown = _("suppressed: fewer than %(min)s respondents") % {"min": minimum or "–"}
            table_rows.append((place, shown, None, o.base_n))
            continue
        interval = (
            " – ".join(format_cell(v, column, language) for v in (o.ci_low, o.ci_high))
            if o.ci_low is not None and o.ci_high is not None
            else None
        )
        table_rows.append((place, format_cell(o.value, column, language), interval, o.base_n))
    period = wave[0].period
    doc.add(
        Heading(
            _("Survey estimates: %(indicator)s, %(period)s")
            % {"indicator": r.indicator_name, "period": period},
            3,
        ),
        Table(
            columns=(
                Column(_("Territorial unit")),
                Column(_("Value") + (f" ({r.unit})" if r.unit else "")),
                Column(_("95-percent confidence interval")),
                Column(_("Unweighted base (n)"), "number", 0),
            ),
            rows=tuple(table_rows),
            caption=_(
                "Weighted estimates with their 95-percent confidence interval and the number "
                "of respondents; estimates on too few respondents are suppressed."
            ),
            sheet=f"{r.indicator_code} {period}",
        ),
    )
    points = [
        {"period": o.period, "value": o.value, "ci_low": o.ci_low, "ci_high": o.ci_high}
        for o in sorted(home, key=lambda o: o.period_start)
        if o.dimensions == r.dimensions
    ]
    if len(points) < 2:
        return
    description = _(
        "Values of %(name)s in %(place)s by survey wave, with the 95-percent confidence "
        "interval as a band; the table gives the numbers."
    ) % {"name": r.indicator_name, "place": r.territory_name}
    breaks = survey.breaks.get(_indicator_id(rows), [])
    spec = specs.series_spec(
        points,
        title=f"{r.indicator_name} — {r.territory_name}",
        unit=r.unit,
        value_title=_("value"),
        period_title=_("period"),
        description=description,
        baseline={"year": r.baseline_year, "value": r.baseline_value}
        if r.baseline_value is not None
        else None,
        target={"year": r.target_year, "value": r.target_value}
        if r.target_value is not None
        else None,
        labels={
            "value": _("value"),
            "ci": _("confidence interval"),
            "baseline": _("baseline"),
            "target": _("target"),
            "break": _("not comparable"),
        },
        decimals=r.decimals,
        breaks=[{"period": str(b.year)} for b in breaks],
    )
    doc.add(Chart(spec=spec, alt=description, caption=spec["title"]))


def _indicator_id(rows) -> int:
    return rows[0].indicator_id


def _money_block(doc, g, cash: _Money, year: int, language: str) -> None:
    row = cash.by_goal.get(g.code)
    if row is not None and not row.tasks:
        row = None
    instruments = cash.instruments.get(g.id, [])
    if row is None and not instruments:
        return
    if cash.illustrative:
        doc.add(illustrative_note())
    if row is not None:
        doc.add(
            Paragraph(
                ngettext(
                    "In %(year)s %(tasks)s budget task served %(goal)s or a goal below it: "
                    "%(planned)s planned after changes, %(committed)s committed, %(spent)s "
                    "spent, %(remaining)s remaining.",
                    "In %(year)s %(tasks)s budget tasks served %(goal)s or a goal below it: "
                    "%(planned)s planned after changes, %(committed)s committed, %(spent)s "
                    "spent, %(remaining)s remaining.",
                    row.tasks,
                )
                % {
                    "year": year,
                    "tasks": row.tasks,
                    "goal": g.code,
                    "planned": money_text(row.planned_after_changes, language),
                    "committed": money_text(row.committed, language),
                    "spent": money_text(row.spent, language),
                    "remaining": money_text(row.remaining, language),
                }
            )
        )
    if instruments:
        doc.add(
            instrument_table(
                instruments,
                ("code_name", "kind", "status", "planned_after_changes", "spent", "remaining"),
                InstrumentFacts(money=cash.by_instrument),
                caption=_("Instruments serving %(goal)s and their money in %(year)s")
                % {"goal": g.code, "year": year},
                sheet=_("Instruments %(goal)s") % {"goal": g.code},
            )
        )


def _about(doc, view, cash: _Money) -> None:
    items = [
        _("Assessment method: %(method)s (%(source)s).")
        % {"method": view.method_title, "source": view.method_source},
        _(
            "An indicator counts as having recent data when its latest value is from the last "
            "%(n)s years up to the year reported on."
        )
        % {"n": view.coverage_years},
        _(
            "Survey estimates are weighted; each is shown with its 95-percent confidence "
            "interval and its unweighted base. An estimate on fewer respondents than the "
            "minimum is suppressed and never shown as a number."
        ),
        _(
            "Money: budget tasks are split between goals by their shares; a goal includes "
            "the goals below it."
        ),
    ]
    doc.add(Heading(_("About this report")), Paragraph(" ".join(items), style="note"))
    if cash.summary.warnings:
        doc.add(Paragraph(" ".join(localize(w) for w in cash.summary.warnings), style="note"))


register(
    ReportKind(
        code="monitoring",
        label=gettext_lazy("Strategy monitoring report"),
        formats=("pdf", "docx"),
        build=build,
        params=("strategy", "year"),
    )
)
