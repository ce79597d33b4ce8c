"""The domain report for a coordinator (raport dziedzinowy): XLSX (the tables) and PDF.

For one management domain and year: its indicators with their latest values and their
status against the strategy, the strategy's links in the domain assessed, the
instruments serving it (progress, milestones, overdue progress updates) and its money
(plan, execution, remaining) with the budget tasks behind it.

Who may make it: the domain's coordinators, analysts and administrators (the operator
at the command line). Reads go through ``stradom.strategy.queries.strategy_view`` and
``stradom.assessment.rollup.summarize`` (the assessment), ``stradom.catalog.queries``
(latest values), ``stradom.instruments.queries`` (progress, overdue updates) and
``stradom.finance.queries.summary`` (money by domain).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.accounts.permissions import Action, can, visible_indicators
from stradom.assessment.rollup import summarize
from stradom.catalog.models import Domain
from stradom.catalog.queries import latest_values
from stradom.commentary.queries import goals_of_domain, published
from stradom.core.formatting import day
from stradom.core.messages import StradomError, gettext_noop
from stradom.finance import queries as money
from stradom.finance.models import BudgetTask
from stradom.instruments.models import Instrument, Milestone
from stradom.instruments.queries import latest_updates, overdue_updates
from stradom.reports.builders.commentary import commentary_table
from stradom.reports.builders.common import (
    InstrumentFacts,
    illustrative_note,
    instrument_table,
    report_strategy,
    report_year,
    status_words,
)
from stradom.reports.document import Column, Document, Heading, Paragraph, Table
from stradom.reports.kinds import ReportKind, register
from stradom.strategy.queries import (
    LinkRow,
    current_strategies,
    home_territory,
    status_of_rank,
    strategy_view,
)

DOMAIN_INSTRUMENT_COLUMNS = (
    "code", "name", "kind", "status", "owning_unit", "planned_end", "percent_complete",
    "update_period", "milestones_done", "milestones", "milestones_overdue", "update_overdue_for",
    "days_overdue",
)  # fmt: skip


class ReportRefused(StradomError):
    """The user may not make this report."""


def _domain(code: Any, user) -> Domain:
    found = Domain.objects.filter(code=str(code)).first() if code not in (None, "") else None
    if found is None:
        raise StradomError(gettext_noop("There is no domain with the code “%(code)s”."), code=code)
    if not can(user, Action.REPORT_ON, found):  # its coordinators, analysts, administrators
        raise ReportRefused(
            gettext_noop(
                "Only the coordinators of the domain “%(code)s”, analysts and administrators "
                "may make its report."
            ),
            code=found.code,
        )
    return found


def _dec(text) -> Decimal | None:
    return None if text is None else Decimal(str(text))


def build(*, user, language: str, progress, domain=None, year=None, strategy=None) -> Document:
    chosen = _domain(domain, user)
    year = report_year(year)
    progress.start(4, _("Domain report"))
    name = chosen.name
    doc = Document(
        kind="domain",
        title=_("Domain report: %(domain)s, %(year)s") % {"domain": name, "year": year},
        subtitle=chosen.code,
        language=language,
        footer=f"{name} — {year}",
    )
    _indicators(doc, chosen, user, year, strategy)
    progress.advance(1, _("Indicators"))
    instruments = _instruments(doc, chosen, year)
    progress.advance(1, _("Instruments"))
    _milestones(doc, instruments, year)
    progress.advance(1, _("Milestones"))
    _money(doc, chosen, year)
    _commentary(doc, chosen, user, year)
    progress.advance(1, _("Money"))
    return doc


def _commentary(doc, domain: Domain, user, year: int) -> None:
    """The published commentary of periods in ``year`` on the domain's indicators (those
    the user may see), its instruments and the goals its indicators are linked to (and
    those above them: the goals its coordinators comment on)."""
    indicators = visible_indicators(user).filter(domain=domain).values_list("pk", flat=True)
    comments = published(
        indicators=list(indicators),
        goals=goals_of_domain(domain),
        instruments=list(Instrument.objects.filter(domain=domain).values_list("pk", flat=True)),
        year=year,
    )
    doc.add(Heading(_("Coordinators' commentary")))
    if not comments:
        doc.add(Paragraph(_("No commentary on %(year)s has been published.") % {"year": year}))
        return
    doc.add(commentary_table(comments, year))


def _indicators(doc, domain: Domain, user, year: int, strategy) -> None:
    indicators = list(
        visible_indicators(user).filter(domain=domain).order_by("code").select_related("domain")
    )
    home = home_territory()
    latest = latest_values(indicators, home) if home is not None else {}
    plan = report_strategy(strategy) if strategy or current_strategies().exists() else None
    links: list[LinkRow] = []
    view = None
    if plan is not None:
        view = strategy_view(plan, user, as_of_year=year)
        links = [r for r in view.links if r.domain == domain.code]
    by_code: dict[str, list[LinkRow]] = {}
    for r in links:
        by_code.setdefault(r.indicator_code, []).append(r)

    doc.add(Heading(_("Indicators")))
    if view is not None and links:
        rollup = summarize(
            [r.result for r in links], as_of_year=year, coverage_years=view.coverage_years
        )
        ranks: dict[int, int] = {}
        for r in links:
            ranks[r.status_view.rank] = ranks.get(r.status_view.rank, 0) + 1
        counts = "; ".join(
            f"{status_words(status_of_rank(rank))}: {n}"
            for rank, n in sorted(ranks.items(), reverse=True)
        )
        doc.add(
            Paragraph(
                ngettext(
                    "%(n)s link of the domain's indicators to goals of %(strategy)s is "
                    "assessed as of %(year)s: %(counts)s.",
                    "%(n)s links of the domain's indicators to goals of %(strategy)s are "
                    "assessed as of %(year)s: %(counts)s.",
                    rollup.n_links,
                )
                % {"n": rollup.n_links, "strategy": view.name, "year": year, "counts": counts}
            )
        )
    rows = []
    for ind in indicators:
        mine = by_code.get(ind.code, [])
        obs = latest.get(ind.pk)
        if obs is not None:
            where, period, value = home.name, obs.period, obs.value
        else:  # no value for the office's unit: the latest of the unit its goal link names
            r = next((r for r in mine if r.latest_value is not None), None)
            where, period, value = (
                (r.territory_name, str(r.latest_year), _dec(r.latest_value))
                if r
                else (None, None, None)
            )
        status = "; ".join(
            f"{r.goal_code}"
            + (f" ({r.territory_name})" if len(mine) > 1 else "")
            + f": {status_words(r.status_view, r.label_text)}"
            for r in mine
        )
        rows.append(
            (
                ind.code,
                ind.name,
                ind.unit,
                where,
                period,
                value,
                status or _("not linked to the strategy"),
            )
        )
    doc.add(
        Table(
            columns=(
                Column(_("Code")),
                Column(_("Indicator")),
                Column(_("Unit")),
                Column(_("Territorial unit")),
                Column(_("Latest period")),
                Column(_("Latest value"), "number"),
                Column(_("Status")),
            ),
            rows=tuple(rows),
            caption=_("Indicators of the domain and their latest values"),
            sheet=_("Indicators"),
        )
    )
    if links:
        doc.add(
            Table(
                columns=(
                    Column(_("Goal")),
                    Column(_("Indicator")),
                    Column(_("Territorial unit")),
                    Column(_("Status")),
                    Column(_("Baseline"), "number"),
                    Column(_("Base year"), "year"),
                    Column(_("Latest"), "number"),
                    Column(_("Latest year"), "year"),
                    Column(_("Target"), "number"),
                    Column(_("Target year"), "year"),
                ),
                rows=tuple(
                    (
                        r.goal_code,
                        f"{r.indicator_code} {r.indicator_name}",
                        r.territory_name + (f", {r.dimensions}" if r.dimensions else ""),
                        status_words(r.status_view, r.label_text),
                        _dec(r.baseline_value),
                        r.baseline_year,
                        _dec(r.latest_value),
                        r.latest_year,
                        _dec(r.target_value),
                        r.target_year,
                    )
                    for r in links
                ),
                caption=_("The domain's indicators against the strategy's goals, %(year)s")
                % {"year": year},
                sheet=_("Assessment"),
            )
        )


def _as_of(year: int) -> date:
    return min(timezone.localdate(), date(year, 12, 31))


def _instruments(doc, domain: Domain, year: int) -> list[Instrument]:
    """Instruments of the domain (``Instrument.domain``), funded by its budget tasks or
    measured by its indicators."""
    instruments = list(
        Instrument.objects.filter(
            Q(domain=domain)
            | Q(budget_tasks__domain=domain)
            | Q(output_indicators__domain=domain)
            | Q(result_indicators__domain=domain)
        )
        .distinct()
        .order_by("code")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id"))
        )
    )
    doc.add(Heading(_("Instruments")))
    if not instruments:
        doc.add(
            Paragraph(
                _(
                    "No instrument belongs to this domain, is funded by it or measured by its "
                    "indicators."
                )
            )
        )
        return instruments
    as_of = _as_of(year)
    updates = latest_updates(instruments)
    mine = {i.pk for i in instruments}
    overdue = {
        item.instrument.pk: item
        for unit in overdue_updates(as_of)
        for item in unit.items
        if item.instrument.pk in mine
    }
    if any(i.illustrative for i in instruments):
        doc.add(illustrative_note())
    doc.add(
        instrument_table(
            instruments,
            DOMAIN_INSTRUMENT_COLUMNS,
            InstrumentFacts(updates=updates, overdue=overdue, as_of=as_of),
            caption=_("Instruments, their progress and overdue updates as of %(day)s")
            % {"day": day(as_of)},  # 26.11.2026 in Polish, as every date in the report
            sheet=_("Instruments"),
        )
    )
    return instruments


def _milestone_state(m: Milestone, as_of: date) -> str:
    if m.done_date is not None:
        return _("done")
    if m.due_date < as_of:
        return _("overdue")
    return _("due")


def _milestones(doc, instruments: list[Instrument], year: int) -> None:
    as_of = _as_of(year)
    rows = tuple(
        (i.code, m.name, m.due_date, m.done_date, _milestone_state(m, as_of))
        for i in instruments
        for m in i.milestones.all()
    )
    if not rows:
        return
    doc.add(
        Table(
            columns=(
                Column(_("Instrument")),
                Column(_("Milestone")),
                Column(_("Due date"), "date"),
                Column(_("Done on"), "date"),
                Column(_("State")),
            ),
            rows=rows,
            caption=_("Milestones of the instruments"),
            sheet=_("Milestones"),
        )
    )


def _money(doc, domain: Domain, year: int) -> None:
    summary = money.summary(year=year, by="domain")
    row = next((r for r in summary.rows if r.key == domain.code), None)
    doc.add(Heading(_("Money, %(year)s") % {"year": year}))
    tasks = list(
        BudgetTask.objects.filter(domain=domain, year=year)
        .select_related("unit", "instrument")
        .order_by("code")
    )
    if row is None or not tasks:
        doc.add(Paragraph(_("No budget task of this domain in %(year)s.") % {"year": year}))
        return
    if summary.illustrative or any(t.illustrative for t in tasks):
        doc.add(illustrative_note())
    doc.add(
        Table(
            columns=(
                Column(_("Domain")),
                Column(_("Planned"), "money"),
                Column(_("Plan after changes"), "money"),
                Column(_("Committed"), "money"),
                Column(_("Spent"), "money"),
                Column(_("Remaining"), "money"),
                Column(_("Budget tasks"), "number", 0),
            ),
            rows=(
                (
                    domain.name,
                    row.planned,
                    row.planned_after_changes,
                    row.committed,
                    row.spent,
                    row.remaining,
                    row.tasks,
                ),
            ),
            caption=_("Plan, execution and what remains, %(year)s") % {"year": year},
            sheet=_("Money"),
        ),
        Table(
            columns=(
                Column(_("Code")),
                Column(_("Budget task")),
                Column(_("Responsible unit")),
                Column(_("Instrument")),
                Column(_("Classification")),
                Column(_("Plan after changes"), "money"),
                Column(_("Spent"), "money"),
                Column(_("Remaining"), "money"),
            ),
            rows=tuple(
                (
                    t.code,
                    t.name,
                    t.unit.name,
                    t.instrument.code if t.instrument else None,
                    t.classification,
                    t.plan_after_changes,
                    t.execution,
                    t.plan_after_changes - t.execution,
                )
                for t in tasks
            ),
            caption=_("Budget tasks of the domain, %(year)s") % {"year": year},
            sheet=_("Budget tasks"),
        ),
    )


register(
    ReportKind(
        code="domain",
        label=gettext_lazy("Domain report"),
        formats=("xlsx", "pdf"),
        build=build,
        params=("domain", "year", "strategy"),
        required=("domain",),
    )
)
