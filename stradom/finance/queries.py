"""Reads of money: roll-ups by goal, domain, instrument and unit; WPF checks and comparison.

Goal roll-ups use :func:`stradom.finance.core.rollup.roll_up` (each task split
by its goal shares to the grosz, largest remainder) and then add up along the
goal tree, so a goal's figures include all its descendants. Domain, unit and
instrument roll-ups are plain sums (a task belongs to one of each).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone

from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.finance.core import rollup as core_rollup
from stradom.finance.core.debt import DEFAULT_ROWS, Art242Year, Art243Year, art242, art243
from stradom.finance.core.money import GROSZ, ZERO
from stradom.finance.core.wpf import ValueType, Wpf, WpfProblem, WpfRow, check_wpf
from stradom.finance.models import (
    BudgetTask,
    BudgetTaskGoal,
    Undertaking,
    UndertakingLimit,
    WpfValue,
    WpfVersion,
)
from stradom.finance.services import (
    CellChange,
    compare_annex2,
    compare_tables,
    over_plan_warnings,
    row_sort_key,
    undertaking_inputs,
)

BY_CHOICES = ("goal", "domain", "unit", "instrument")


@dataclass
class MoneyRow:
    """Planned, committed, spent and remaining money of one goal, domain, unit or instrument."""

    key: str
    name: str
    depth: int = 1
    planned: Decimal = ZERO
    planned_after_changes: Decimal = ZERO
    committed: Decimal = ZERO
    spent: Decimal = ZERO
    tasks: int = 0
    share_of_budget: Decimal | None = None  # exact fraction of all tasks' plan after changes
    wpf_limits: Decimal | None = None  # Annex 2 limits of the undertakings serving it (horizon)

    @property
    def remaining(self) -> Decimal:
        return self.planned_after_changes - self.spent

    def add(self, planned, after, committed, spent) -> None:
        # Database sums (SQLite) can come back with extra zero places: keep two.
        self.planned += (planned or ZERO).quantize(GROSZ)
        self.planned_after_changes += (after or ZERO).quantize(GROSZ)
        self.committed += (committed or ZERO).quantize(GROSZ)
        self.spent += (spent or ZERO).quantize(GROSZ)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "depth": self.depth,
            "planned": format(self.planned, "f"),
            "planned_after_changes": format(self.planned_after_changes, "f"),
            "committed": format(self.committed, "f"),
            "spent": format(self.spent, "f"),
            "remaining": format(self.remaining, "f"),
            "tasks": self.tasks,
            "share_of_budget": None
            if self.share_of_budget is None
            else format(self.share_of_budget, "f"),
            "wpf_limits": None if self.wpf_limits is None else format(self.wpf_limits, "f"),
        }


@dataclass
class Summary:
    by: str
    years: list[int]
    rows: list[MoneyRow]
    total: MoneyRow
    illustrative: bool
    strategy: object | None = None
    warnings: list[Message] = field(default_factory=list)
    goals_without_money: list[str] = field(default_factory=list)
    instruments_without_goal: list[str] = field(default_factory=list)
    undertakings_past_horizon: list[str] = field(default_factory=list)

    def row(self, key: str) -> MoneyRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


# -- horizons -------------------------------------------------------------------------------
def latest_wpf(code: str | None = None) -> WpfVersion | None:
    versions = WpfVersion.objects.all()
    if code:
        versions = versions.filter(code=code)
    return versions.order_by("-budget_year", "-number", "-pk").first()


def wpf_horizon(version: WpfVersion | None = None) -> list[int]:
    """The budget year and the forecast years of a version (default: the latest)."""
    version = version or latest_wpf()
    if version is None:
        return []
    years = version.years.filter(year__gte=version.budget_year).values_list("year", flat=True)
    return sorted(years)


def find_version(label: str) -> WpfVersion | None:
    """``WPF2026`` (latest number), ``WPF2026/2`` or a primary key."""
    code, _, number = label.partition("/")
    if number:
        if not number.isdigit():
            return None
        return WpfVersion.objects.filter(code=code, number=int(number)).first()
    version = WpfVersion.objects.filter(code=code).order_by("-number").first()
    if version is None and label.isdigit():
        version = WpfVersion.objects.filter(pk=int(label)).first()
    return version


# -- roll-ups -------------------------------------------------------------------------------
def _tasks(years: Iterable[int]):
    return BudgetTask.objects.filter(year__in=list(years))


def _budget_total(years: Iterable[int]) -> Decimal:
    total = _tasks(years).aggregate(s=Sum("plan_after_changes"))["s"]
    return total if total is not None else ZERO


def goal_rollup(
    strategy, years: Iterable[int], limits_of: WpfVersion | None = None
) -> list[MoneyRow]:
    """Every goal of ``strategy`` in tree order, with its and its descendants' money.

    With ``limits_of`` (a WPF version) each goal also gets ``wpf_limits``: the Annex 2
    expenditure limits in ``years`` of the undertakings that serve it or a goal below
    it, each undertaking counted once per goal (an undertaking of two goals counts
    under both: Annex 2 gives no shares).
    """
    years = list(years)
    limits: dict[int, Decimal] = {}
    undertakings_of: dict[int, set[int]] = defaultdict(set)
    if limits_of is not None:
        for pk, amount in (
            UndertakingLimit.objects.filter(undertaking__version=limits_of, year__in=years)
            .values_list("undertaking_id")
            .annotate(total=Sum("amount"))
            .order_by()
        ):
            limits[pk] = amount.quantize(GROSZ)
        links = Undertaking.goals.through.objects.filter(
            undertaking__version=limits_of, goal__strategy=strategy
        )
        for goal_id, undertaking_id in links.values_list("goal_id", "undertaking_id"):
            undertakings_of[goal_id].add(undertaking_id)
    shares = Prefetch("shares", queryset=BudgetTaskGoal.objects.select_related("goal"))
    tasks = (
        _tasks(years)
        .filter(shares__goal__strategy=strategy)
        .distinct()
        .prefetch_related(shares)
        .order_by("year", "code")
    )
    core_tasks = [
        core_rollup.BudgetTask(
            code=task.code,
            year=task.year,
            plan=task.plan,
            plan_after_changes=task.plan_after_changes,
            commitments=task.commitments,
            execution=task.execution,
            goal_shares={link.goal.code: link.share for link in task.shares.all()},
        )
        for task in tasks
    ]
    own = {item.goal: item for item in core_rollup.roll_up(core_tasks, by_year=False).goals}
    goals = list(strategy.goals.order_by("depth", "order", "code"))
    children: dict[int | None, list] = defaultdict(list)
    for goal in goals:
        children[goal.parent_id].append(goal)
    total = _budget_total(years)
    rows: list[MoneyRow] = []

    def visit(goal) -> tuple[MoneyRow, set[str], set[int]]:
        row = MoneyRow(goal.code, goal.name, goal.depth)
        rows.append(row)
        served: set[str] = set()
        funded = set(undertakings_of.get(goal.pk, ()))
        mine = own.get(goal.code)
        if mine is not None:
            row.add(mine.planned, mine.planned_after_changes, mine.committed, mine.spent)
            served.update(mine.tasks)
        for child in sorted(children[goal.pk], key=lambda g: (g.order, g.code)):
            child_row, child_served, child_funded = visit(child)
            funded |= child_funded
            row.add(
                child_row.planned,
                child_row.planned_after_changes,
                child_row.committed,
                child_row.spent,
            )
            served |= child_served
        row.tasks = len(served)
        if total:
            row.share_of_budget = row.planned_after_changes / total
        if limits_of is not None:
            row.wpf_limits = sum((limits.get(pk, ZERO) for pk in funded), ZERO)
        return row, served, funded

    for root in sorted(children[None], key=lambda g: (g.order, g.code)):
        visit(root)
    return rows


def group_rollup(by: str, years: Iterable[int]) -> list[MoneyRow]:
    """Money per domain, unit or instrument (tasks without one under an empty key)."""
    if by not in ("domain", "unit", "instrument"):
        raise ValueError(by)
    years = list(years)
    if by == "instrument" and not hasattr(BudgetTask, "instrument"):
        return []
    name_field = {"domain": "domain__name_pl", "unit": "unit__name_pl", "instrument": None}[by]
    code_field = {"domain": "domain__code", "unit": "unit__code", "instrument": "instrument__pk"}[
        by
    ]
    fields = [code_field] + ([name_field] if name_field else [])
    sums = (
        _tasks(years)
        .values(*fields)
        .annotate(
            planned=Sum("plan"),
            after=Sum("plan_after_changes"),
            committed=Sum("commitments"),
            spent=Sum("execution"),
        )
        .order_by(code_field)
    )
    names = {}
    if by == "instrument":
        from django.apps import apps

        model = apps.get_model("instruments", "Instrument")
        ids = [item[code_field] for item in sums if item[code_field] is not None]
        names = {
            obj.pk: (getattr(obj, "code", "") or str(obj.pk), getattr(obj, "name", str(obj)))
            for obj in model.objects.filter(pk__in=ids)
        }
    counts = {
        item[code_field]: item["n"]
        for item in _tasks(years).values(code_field).annotate(n=Count("pk")).order_by()
    }
    total = _budget_total(years)
    rows = []
    for item in sums:
        key = item[code_field]
        if by == "instrument":
            code, name = names.get(key, ("", "")) if key is not None else ("", "")
        else:
            code, name = key or "", item[name_field] or ""
        row = MoneyRow(code or "—", name)
        row.add(item["planned"], item["after"], item["committed"], item["spent"])
        row.tasks = counts.get(key, 0)
        if total:
            row.share_of_budget = row.planned_after_changes / total
        rows.append(row)
    rows.sort(key=lambda row: (row.key == "—", row.key))
    return rows


def summary(
    *, year: int | None = None, horizon: bool = False, by: str = "goal", strategy=None
) -> Summary:
    """The answer to "how much is planned, committed, spent and left" for one year or the
    WPF horizon, by goal (of ``strategy``, default the newest), domain, unit or instrument."""
    if by not in BY_CHOICES:
        raise ValueError(by)
    if horizon:
        years = wpf_horizon()
        if not years:
            years = [year or timezone.now().year]
    else:
        years = [year or timezone.now().year]
    if by == "goal":
        strategy = strategy or default_strategy()
        version = latest_wpf() if horizon else None
        rows = goal_rollup(strategy, years, version) if strategy is not None else []
    else:
        rows = group_rollup(by, years)
    tasks = _tasks(years)
    totals = tasks.aggregate(
        planned=Sum("plan"),
        after=Sum("plan_after_changes"),
        committed=Sum("commitments"),
        spent=Sum("execution"),
    )
    total = MoneyRow("*", "")
    total.add(*(totals[k] or ZERO for k in ("planned", "after", "committed", "spent")))
    total.tasks = tasks.count()
    if total.tasks:
        total.share_of_budget = Decimal(1)
    warnings = [
        message
        for task in tasks.filter(execution__gt=F("plan_after_changes")).order_by("year", "code")
        for message in over_plan_warnings(
            task.code, task.year, task.execution, task.plan_after_changes
        )
    ]
    illustrative = tasks.filter(illustrative=True).exists()
    result = Summary(
        by=by,
        years=years,
        rows=rows,
        total=total,
        illustrative=illustrative,
        strategy=strategy,
        warnings=warnings,
    )
    if by == "goal" and strategy is not None:
        result.goals_without_money = [r.key for r in rows if r.planned_after_changes == ZERO]
    result.instruments_without_goal = instruments_without_goal(years)
    result.undertakings_past_horizon = [
        f"{u.version.label} {u.number} {u.name}" for u in undertakings_past_horizon()
    ]
    return result


def default_strategy():
    from stradom.strategy.models import Strategy

    return Strategy.objects.order_by("-start_year", "code", "-version").first()


def instruments_without_goal(years: Iterable[int]) -> list[str]:
    """Instruments that receive money but serve no goal (no task share, no undertaking goal,
    and no goal of their own where the instrument keeps one)."""
    if not hasattr(BudgetTask, "instrument"):
        return []
    from django.apps import apps

    model = apps.get_model("instruments", "Instrument")
    funded = Q(budget_tasks__year__in=list(years))
    with_goal = Q(budget_tasks__shares__isnull=False) | Q(undertakings__goals__isnull=False)
    if any(f.name == "goals" for f in model._meta.get_fields()):
        with_goal |= Q(goals__isnull=False)
    if any(f.name == "goal" for f in model._meta.get_fields()):
        with_goal |= Q(goal__isnull=False)
    has_goal = model.objects.filter(with_goal).values("pk")
    instruments = model.objects.filter(funded).exclude(pk__in=has_goal).distinct()
    return sorted(str(obj) for obj in instruments)


def undertakings_past_horizon(version: WpfVersion | None = None) -> list[Undertaking]:
    """Undertakings of a version (default: the latest) whose period or limits run past its
    last year."""
    version = version or latest_wpf()
    if version is None:
        return []
    last = version.years.order_by("-year").values_list("year", flat=True).first()
    if last is None:
        return []
    return list(
        version.undertakings.filter(Q(end_year__gt=last) | Q(limits__year__gt=last))
        .select_related("version")
        .distinct()
        .order_by("number")
    )


# -- WPF ------------------------------------------------------------------------------------
def wpf_table(version: WpfVersion) -> dict[str, dict[int, Decimal]]:
    table: dict[str, dict[int, Decimal]] = {}
    for code, year, amount in WpfValue.objects.filter(row__version=version).values_list(
        "row__code", "year", "amount"
    ):
        table.setdefault(code, {})[year] = amount
    return dict(sorted(table.items(), key=lambda kv: row_sort_key(kv[0])))


def wpf_core(version: WpfVersion) -> Wpf:
    labels = dict(version.rows.values_list("code", "label_pl"))
    types = {y: ValueType(t) for y, t in version.years.values_list("year", "value_type")}
    rows = [
        WpfRow(code, values, labels.get(code, "")) for code, values in wpf_table(version).items()
    ]
    return Wpf.from_rows(rows, types)


@dataclass
class WpfCheck:
    label: str
    budget_year: int | None
    illustrative: bool
    problems: list[WpfProblem]
    art242: list[Art242Year]
    art243: list[Art243Year]
    undertakings_past_horizon: list[Undertaking] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    annex_mismatches: list[Message] = field(default_factory=list)

    @property
    def sums_close(self) -> bool:
        return not self.problems

    @property
    def breaks_debt_rules(self) -> list[int]:
        years = {y.year for y in self.art242 if y.breaks_rule}
        years |= {y.year for y in self.art243 if y.breaks_limit}
        return sorted(years)

    @property
    def ok(self) -> bool:
        return self.sums_close and not self.breaks_debt_rules


def debt_rows(exclusion_rows: Iterable[str] = ()):
    exclusion_rows = tuple(exclusion_rows)
    if exclusion_rows:
        return replace(DEFAULT_ROWS, exclusions=exclusion_rows)
    return DEFAULT_ROWS


def check_forecast(
    wpf: Wpf,
    *,
    label: str = "",
    budget_year: int | None = None,
    illustrative: bool = False,
    debt_window: int | None = None,
    exclusion_rows: Iterable[str] = (),
) -> WpfCheck:
    """Sum rules and financing balance, art. 242 and art. 243 for every year of ``wpf``."""
    rows = debt_rows(exclusion_rows)
    notes: list[Message] = []
    relation = []
    years = [y for y in wpf.years if budget_year is None or y >= budget_year]
    for year in years:
        try:
            relation += art243(wpf, rows, window_choice=debt_window, years=[year])
        except StradomError as exc:  # e.g. a year whose window the executive must choose
            notes.append(exc.message)
    return WpfCheck(
        label=label,
        budget_year=budget_year,
        illustrative=illustrative,
        problems=check_wpf(wpf),
        art242=art242(wpf, rows, years=years),
        art243=relation,
        notes=notes,
    )


def check_version(version: WpfVersion) -> WpfCheck:
    """:func:`check_forecast` of a stored version, plus Annex 2 undertakings past its horizon."""
    check = check_forecast(
        wpf_core(version),
        label=version.label,
        budget_year=version.budget_year,
        illustrative=version.illustrative,
        debt_window=version.debt_window,
        exclusion_rows=version.debt_exclusion_rows,
    )
    check.undertakings_past_horizon = undertakings_past_horizon(version)
    check.annex_mismatches = annex_mismatches(version)
    return check


# Annex 1 rows that hold the expenditure under the art. 226 ust. 3 pkt 4 limits (all,
# current, property) [K]: wzór zał. 1, "Informacje uzupełniające", row 10.1 and below.
LIMIT_ROWS = (("10.1", None), ("10.1.1", Undertaking.Kind.CURRENT),
              ("10.1.2", Undertaking.Kind.PROPERTY))  # fmt: skip


def annex_mismatches(version: WpfVersion) -> list[Message]:
    """Years where Annex 1 row 10.1 (10.1.1, 10.1.2) differs from the Annex 2 limits."""
    table = wpf_table(version)
    if not any(code in table for code, _kind in LIMIT_ROWS):
        return []
    sums: dict[tuple[str | None, int], Decimal] = defaultdict(lambda: ZERO)
    for kind, year, amount in UndertakingLimit.objects.filter(
        undertaking__version=version
    ).values_list("undertaking__kind", "year", "amount"):
        sums[(None, year)] += amount
        sums[(kind, year)] += amount
    problems = []
    for code, kind in LIMIT_ROWS:
        for year, amount in sorted(table.get(code, {}).items()):
            if year < version.budget_year:
                continue
            limits = sums[(kind, year)]
            if amount != limits:
                problems.append(
                    Message(
                        gettext_noop(
                            "In %(year)s row %(row)s is %(amount)s, but the Annex 2 limits add "
                            "up to %(limits)s."
                        ),
                        {"year": year, "row": code, "amount": amount, "limits": limits},
                    )
                )
    return problems


def compare_versions(new: WpfVersion, old: WpfVersion | None = None) -> list[CellChange]:
    """Cells of Annex 1 that differ from ``old`` (default: the version ``new`` amended)."""
    old = old or new.previous
    if old is None:
        return []
    return compare_tables(wpf_table(old), wpf_table(new))


def compare_undertakings(new: WpfVersion, old: WpfVersion | None = None):
    """Annex 2 differences from ``old`` (default: the version ``new`` amended)."""
    old = old or new.previous
    if old is None:
        return []
    return compare_annex2(undertaking_inputs(old), undertaking_inputs(new))


def money_history(obj) -> list:
    from django.contrib.contenttypes.models import ContentType

    from stradom.finance.models import MoneyChange

    return list(
        MoneyChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        ).select_related("actor")
    )
