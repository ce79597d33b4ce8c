"""Reads of the workspace: *my domain, first* — what the panel's home shows a domain
coordinator or a data provider (or anyone who picks a domain).

:func:`my_domain` composes the reads of the other parts (the strategy assessed as the
viewer sees it, ``stradom.strategy.queries``; money per goal, ``stradom.finance.queries``;
overdue progress updates and milestones, ``stradom.instruments.queries``; how current a
series is, ``stradom.catalog.freshness``) into frozen dataclasses, in a bounded number of
queries whatever the number of indicators, goals and instruments.

"Mine" is, for a coordinator, the indicators of the domains they coordinate and, for a
data provider, the indicators assigned to them; the goals are those these indicators
are linked to in the strategies in force; the instruments those of the domains
(``Instrument.domain``) and those the user manages. A domain picked by hand replaces
the user's own: its indicators (those the user may see) and its instruments.

What the home shows is kept per data version and day (``core.kept``): the goals and
indicators per set of roles (shared by the coordinators of the same domains), the
instruments per user (those they manage are theirs). A committed change anywhere the
home reads makes both anew on the next request.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from stradom.accounts.permissions import (
    Action,
    can,
    manageable_instruments,
    roles,
    visible_indicators,
)
from stradom.catalog import queries as catalog_queries
from stradom.catalog.freshness import assess_freshness
from stradom.catalog.models import Domain, Indicator, Observation, PublicationStatus
from stradom.core.formatting import is_english
from stradom.core.kept import Kept, version_key
from stradom.core.periods import Period, day
from stradom.finance import queries as money_queries
from stradom.finance.core.money import ZERO
from stradom.instruments.models import Instrument, Milestone
from stradom.instruments.queries import OverdueUpdate, latest_updates, overdue_updates
from stradom.strategy import queries as strategy_queries
from stradom.strategy.models import GoalIndicator
from stradom.strategy.queries import GoalView, LinkRow, StrategyView
from stradom.territory.models import Territory

# An indicator is *due* when the deadline of its next value (the period's end plus the
# publication lag) comes within this many days.
DUE_WINDOW_DAYS = 45


# -- trend --------------------------------------------------------------------------------
TREND_LABELS = {
    "better": gettext_lazy("improving"),
    "worse": gettext_lazy("worsening"),
    "mixed": gettext_lazy("mixed"),
    "same": gettext_lazy("no change"),
    "none": gettext_lazy("no data to compare"),
}
TREND_SYMBOLS = {"better": "▲", "worse": "▼", "mixed": "◆", "same": "=", "none": "○"}


@dataclass(frozen=True, slots=True)
class Trend:
    """How the latest value of each of a goal's links moved since the value before it,
    judged by the indicator's direction: how many got better, worse, stayed the same;
    links with fewer than two values or no better direction are not counted."""

    better: int = 0
    worse: int = 0
    same: int = 0

    @property
    def code(self) -> str:
        if self.better and self.worse:
            return "mixed"
        if self.better:
            return "better"
        if self.worse:
            return "worse"
        return "same" if self.same else "none"

    @property
    def label(self) -> str:
        return str(TREND_LABELS[self.code])

    @property
    def symbol(self) -> str:
        return TREND_SYMBOLS[self.code]

    @property
    def counted(self) -> int:
        return self.better + self.worse + self.same


def link_move(link: LinkRow) -> str | None:
    """ "better", "worse" or "same" for the last two values of a link's series (by the
    indicator's direction); None when it has fewer than two values or no direction."""
    if link.direction not in ("higher_is_better", "lower_is_better"):
        return None
    values = []
    for _year, text in link.points:
        if text is None:
            continue
        try:
            values.append(Decimal(str(text)))
        except InvalidOperation:
            continue
    if len(values) < 2:
        return None
    change = values[-1] - values[-2]
    if change == 0:
        return "same"
    up = change > 0
    return "better" if up == (link.direction == "higher_is_better") else "worse"


def trend_of(links: Iterable[LinkRow]) -> Trend:
    moves = [m for m in (link_move(li) for li in links) if m is not None]
    return Trend(better=moves.count("better"), worse=moves.count("worse"), same=moves.count("same"))


# -- money --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Money:
    """A year's money of a goal (its tasks' shares, the goals below it included):
    ``planned`` is the plan after changes, ``left`` what of it is not spent yet."""

    planned: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def left(self) -> Decimal:
        return self.planned - self.spent

    def __add__(self, other: Money) -> Money:
        return Money(self.planned + other.planned, self.spent + other.spent)


# -- the page's parts ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MyGoal:
    """A goal one of my indicators is linked to: its status as the viewer sees it (the
    roll-up of all its links), my links under it, their trend, and this year's money."""

    strategy_id: int
    strategy_name: str
    goal: GoalView
    parent: GoalView | None
    mine: tuple[LinkRow, ...]
    trend: Trend
    money: Money

    @property
    def slipping(self) -> bool:
        """Assessed, and below "on track"."""
        return 0 < self.goal.status.rank < 4


@dataclass(frozen=True, slots=True)
class MyIndicator:
    """One of my indicators with how current it is: ``state`` is "stale" (the value of
    ``expected`` should be out and is not), "due" (the next value's deadline, ``due_on``,
    is within :data:`DUE_WINDOW_DAYS`), "current", or "unknown" (irregular, or no
    publication lag: nothing can be said)."""

    indicator: IndicatorRow
    state: str
    latest_period: str | None
    expected_period: str | None
    next_period: str | None
    due_on: date | None
    periods_behind: int | None
    may_enter: bool


@dataclass(frozen=True, slots=True)
class MyInstrument:
    instrument: Instrument
    overdue: tuple[OverdueUpdate, ...]
    next_milestone: Milestone | None
    days_late: int  # of the next milestone, past its due date (0 when not late)
    percent_complete: int | None
    latest_period: str | None
    may_manage: bool
    own: bool  # of the domains, or managed by the user (not only measured by their indicators)


@dataclass(frozen=True, slots=True)
class MyDomainView:
    domains: tuple[Domain, ...]
    picked: bool  # a domain chosen by hand, not the user's own
    year: int
    today: date
    goals: tuple[MyGoal, ...]
    money_total: Money  # over the goals listed, a goal below another listed counted once
    indicators: tuple[MyIndicator, ...]  # those that need attention: stale first, then due
    n_indicators: int
    n_current: int
    n_unknown: int
    instruments: tuple[MyInstrument, ...]

    @property
    def n_slipping(self) -> int:
        return sum(1 for g in self.goals if g.slipping)


def my_domain(
    user, *, domains: Sequence[Domain] | None = None, today: date | None = None
) -> MyDomainView:
    """The home of ``user``: their domains' goals, indicators, money and instruments (or
    those of ``domains``, picked by hand). See the module's docstring."""
    today = today or timezone.localdate()
    r = roles(user)
    picked = domains is not None
    if picked:
        domain_ids = frozenset(d.pk for d in domains)
        indicator_ids: frozenset[int] = frozenset()
        shown_domains = tuple(domains)
    else:
        domain_ids, indicator_ids = r.domain_ids, r.indicator_ids
        shown_domains = tuple(Domain.objects.filter(pk__in=domain_ids).order_by("order", "code"))
    mine_qs = visible_indicators(user).filter(Q(domain_id__in=domain_ids) | Q(pk__in=indicator_ids))
    ids = mine_qs.order_by().values("pk")  # a subquery: a list of 1,000 ids costs more
    # What follows depends on the user only through their roles: kept and shared.
    mine = _MINE.get(
        version_key("my domain", roles(user), domain_ids, indicator_ids, today),
        lambda: _mine(user, mine_qs, ids, today),
    )
    return MyDomainView(
        domains=shown_domains,
        picked=picked,
        year=today.year,
        today=today,
        goals=mine.goals,
        money_total=mine.money_total,
        indicators=mine.indicators,
        n_indicators=mine.n_indicators,
        n_current=mine.n_current,
        n_unknown=mine.n_unknown,
        # The user's own (those they manage): kept per user, made anew after any change.
        instruments=_MY_INSTRUMENTS.get(
            version_key("my instruments", user.pk, roles(user), domain_ids, picked, today),
            lambda: _instruments(
                user, domain_ids, None if picked else user, ids if mine.n_indicators else (), today
            ),
        ),
    )


@dataclass(frozen=True, slots=True)
class _Mine:
    """The part of :class:`MyDomainView` that a set of roles sees the same: the goals,
    money and indicators of the domains (the instruments are the user's own)."""

    goals: tuple[MyGoal, ...]
    money_total: Money
    indicators: tuple[MyIndicator, ...]
    n_indicators: int
    n_current: int
    n_unknown: int


# per process: set of roles × domains × day × language; user × … for the instruments
_MINE: Kept[_Mine] = Kept(32)
_MY_INSTRUMENTS: Kept[tuple] = Kept(64)


def _mine(user, mine_qs: QuerySet[Indicator], ids: QuerySet, today: date) -> _Mine:
    mine = indicator_rows(mine_qs.order_by("domain__order", "domain__code", "code"))
    attention, counts = _indicators(user, mine, catalog_queries.latest_periods(), today)
    goals, total = _goals(user, ids, {i.code for i in mine}, today.year)
    attention.sort(
        key=lambda i: (
            i.state != "stale",
            -(i.periods_behind or 0),
            i.due_on or date.max,
            i.indicator.code,
        ),
    )
    return _Mine(
        goals=goals,
        money_total=total,
        indicators=tuple(attention),
        n_indicators=len(mine),
        n_current=counts["current"],
        n_unknown=counts["unknown"],
    )


def _next_period(period: Period) -> Period:
    return day(period.end + timedelta(days=1)).containing(period.kind)


def _indicators(
    user, indicators: Sequence[IndicatorRow], latest: Mapping[int, str], today: date
) -> tuple[list[MyIndicator], dict[str, int]]:
    """Those of ``indicators`` that need attention ("stale" or "due"), and how many of
    all are in each state. ``latest``: indicator id → its latest period with a value
    (``catalog.queries.latest_periods``)."""
    out = []
    counts = dict.fromkeys(("stale", "due", "current", "unknown"), 0)
    judged: dict[tuple, tuple] = {}  # many indicators share a schedule and a period
    for ind in indicators:
        key = (ind.frequency, ind.publication_lag_days, latest.get(ind.pk))
        seen = judged.get(key)
        if seen is None:
            seen = judged[key] = _judged(*key, today)
        f, state, next_period, due_on = seen
        counts[state] += 1
        if state not in ("stale", "due"):
            continue
        out.append(
            MyIndicator(
                indicator=ind,
                state=state,
                latest_period=f.latest.code if f.latest else None,
                expected_period=f.expected.code if f.expected else None,
                next_period=next_period.code if next_period else None,
                due_on=due_on,
                periods_behind=f.periods_behind,
                may_enter=can(user, Action.ENTER_VALUES, ind),
            )
        )
    return out, counts


def _judged(frequency: str, lag_days: int | None, latest: str | None, today: date) -> tuple:
    """(freshness, state, next period, its deadline) of a series of this schedule."""
    f = assess_freshness(frequency, lag_days, latest, today)
    next_period = due_on = None
    if f.expected is None:
        state = "unknown"
    elif f.stale:
        state = "stale"
    else:
        next_period = _next_period(f.expected)
        due_on = next_period.end + timedelta(days=lag_days)
        state = "due" if due_on <= today + timedelta(days=DUE_WINDOW_DAYS) else "current"
    return f, state, next_period, due_on


def linked_goals(
    user,
    indicators: Iterable[Any],
    year: int,
    *,
    ids: QuerySet | None = None,
    money: bool = True,
) -> tuple[tuple[MyGoal, ...], Money]:
    """The goals of the strategies in force that ``indicators`` (ones ``user`` may see)
    are linked to, with their status as ``user`` sees it, trend and money in ``year``,
    worst status first, and the money's total: what the home shows for the user's
    indicators, for any indicators (the domain page's). ``ids``: the same indicators'
    ids as a subquery, when the caller has one (a list of 1,000 ids as parameters cost
    more than the query); ``money=False`` leaves the money out (zero)."""
    indicators = list(indicators)
    wanted = ids if ids is not None else {i.pk for i in indicators}
    return _goals(user, wanted, {i.code for i in indicators}, year, money=money)


def _goals(
    user, ids: Iterable[int] | QuerySet, codes: set[str], year: int, *, money: bool = True
) -> tuple[tuple[MyGoal, ...], Money]:
    """The goals my indicators are linked to, worst status first (not assessed last).
    ``codes`` are those of indicators the user may see. The goals' statuses and link rows
    come from the strategy as the user's roles see it, kept and shared
    (``strategy.queries.viewed``)."""
    if not codes:
        return (), Money()
    strategies = {s.pk: s for s in strategy_queries.current_strategies()}
    linked: dict[int, set[int]] = {}
    for strategy_id, goal_id in (
        GoalIndicator.objects.filter(indicator_id__in=ids, goal__strategy_id__in=list(strategies))
        .order_by()
        .values_list("goal__strategy_id", "goal_id")
        .distinct()
    ):
        linked.setdefault(strategy_id, set()).add(goal_id)
    goals: list[MyGoal] = []
    total = Money()
    for strategy_id, goal_ids in sorted(linked.items()):
        strategy = strategies[strategy_id]
        view = strategy_queries.viewed(strategy, user)  # shared with the same roles
        moves = _moves(view)
        by_code = (
            {
                row.key: Money(row.planned_after_changes, row.spent)
                for row in money_queries.goal_rollup(strategy, [year])
            }
            if money
            else {}
        )
        for goal_id in goal_ids:
            g = view.by_id.get(goal_id)
            if g is None:
                continue
            links = tuple(li for li in g.links if li.indicator_code in codes)
            if not links:
                continue  # linked only through an indicator the viewer may not see
            m = by_code.get(g.code, Money())
            goals.append(
                MyGoal(
                    strategy_id=strategy_id,
                    strategy_name=view.name,
                    goal=g,
                    parent=view.by_id.get(g.parent_id) if g.parent_id else None,
                    mine=links,
                    trend=_trend(links, moves),
                    money=m,
                )
            )
            if not _has_listed_ancestor(view, g, goal_ids):
                total = total + m
    goals.sort(
        key=lambda mg: (
            mg.goal.status.rank == 0,
            mg.goal.status.rank,
            mg.strategy_name,
            mg.goal.code,
        )
    )
    return tuple(goals), total


def _trend(links: Iterable[LinkRow], moves: Mapping[Any, str | None]) -> Trend:
    """:func:`trend_of`, from the moves worked out once per view (:func:`_moves`)."""
    found = [moves[li.link_id] if li.link_id in moves else link_move(li) for li in links]
    return Trend(better=found.count("better"), worse=found.count("worse"), same=found.count("same"))


def _moves(view: StrategyView) -> Mapping[Any, str | None]:
    """Each link's :func:`link_move` (by link id) of a kept view
    (``strategy.queries.viewed``), worked out once and kept with it."""
    kept = _MOVES.get(id(view))
    if kept is not None and kept[0] is view:
        return kept[1]
    moves = {li.link_id: link_move(li) for li in view.links}
    if len(_MOVES) >= 16:
        _MOVES.pop(next(iter(_MOVES)))
    _MOVES[id(view)] = (view, moves)  # the view kept with them: its id is not reused
    return moves


_MOVES: dict[int, tuple[StrategyView, Mapping[Any, str | None]]] = {}


def forget_shared() -> None:
    """Drop what is kept here (tests start from nothing)."""
    _MOVES.clear()
    _HOME_LATEST.clear()
    _DOMAIN_VALUES.clear()


def _has_listed_ancestor(view, goal: GoalView, listed: set[int]) -> bool:
    parent = goal.parent_id
    while parent is not None:
        if parent in listed:
            return True
        parent = view.by_id[parent].parent_id if parent in view.by_id else None
    return False


def _instruments(user, domain_ids: frozenset[int], manager, indicator_ids, today: date):
    """The domains' instruments, those ``manager`` manages and those ``indicator_ids``
    measure (as the domain page lists them: a link grants no right, so these are read
    only unless the user may manage them otherwise), with their overdue updates, the
    next milestone not reached yet and the latest progress."""
    ids = indicator_ids if isinstance(indicator_ids, QuerySet) else list(indicator_ids)
    own = Q(domain_id__in=domain_ids)
    if manager is not None:
        own |= Q(manager=manager)
    measured = Q(output_indicators__in=ids) | Q(result_indicators__in=ids)
    rows = Instrument.objects.filter(
        pk__in=Instrument.objects.filter(own | measured).values("pk")
    ).annotate(own=Case(When(own, then=Value(True)), default=Value(False)))
    managed = manageable_instruments(user)
    if managed is None:
        rows = rows.annotate(may_manage=Value(True))
    else:
        rows = rows.annotate(may_manage=Case(When(managed, then=Value(True)), default=Value(False)))
    instruments = list(
        rows.select_related("domain", "manager")
        .prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.filter(done_date__isnull=True).order_by(
                    "due_date", "id"
                ),
                to_attr="open_milestones",
            )
        )
        .order_by("code")
    )
    if not instruments:
        return ()
    shown = {i.pk for i in instruments}
    owed: dict[int, list[OverdueUpdate]] = {}
    for unit in overdue_updates(today):
        for item in unit.items:
            if item.instrument.pk in shown:
                owed.setdefault(item.instrument.pk, []).append(item)
    latest = latest_updates(instruments)
    out = []
    for inst in instruments:
        upcoming = inst.open_milestones[0] if inst.open_milestones else None
        update = latest.get(inst.pk)
        out.append(
            MyInstrument(
                instrument=inst,
                overdue=tuple(owed.get(inst.pk, ())),
                next_milestone=upcoming,
                days_late=max(0, (today - upcoming.due_date).days) if upcoming else 0,
                percent_complete=update.percent_complete if update else None,
                latest_period=update.period if update else None,
                may_manage=bool(inst.may_manage),
                own=bool(inst.own),
            )
        )
    # Their own first; those owing an update first, then by the next milestone's due date.
    out.sort(
        key=lambda m: (
            not m.own,
            not m.overdue,
            m.next_milestone.due_date if m.next_milestone else date.max,
            m.instrument.code,
        )
    )
    return tuple(out)


# -- indicators as the lists show them -----------------------------------------------------
_STATUS_LABELS = dict(PublicationStatus.choices)


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """An indicator as the workspace's lists show it: the columns they read, from one
    tuple of the database rather than a model instance (a domain of 1,000 indicators
    spent more time making instances, descriptions and all, than writing its page).
    ``pk``, ``domain_id`` and ``is_computed`` are what ``accounts.permissions.can``
    asks of an indicator."""

    pk: int
    code: str
    name_pl: str
    name_en: str
    unit: str
    decimals: int
    publication_status: str
    frequency: str
    publication_lag_days: int | None
    domain_id: int | None
    is_computed: bool

    @property
    def name(self) -> str:
        """As ``Indicator.name``: the English name when English is active and there is one."""
        return (self.name_en or self.name_pl) if is_english() else self.name_pl

    def get_publication_status_display(self) -> str:
        return str(_STATUS_LABELS.get(self.publication_status, self.publication_status))


def indicator_rows(indicators: QuerySet[Indicator]) -> list[IndicatorRow]:
    """``indicators`` (a queryset, in its order) as :class:`IndicatorRow`, in one query."""
    return [
        IndicatorRow(*head, bool(formula) or source is not None)
        for *head, formula, source in indicators.values_list(
            "pk",
            "code",
            "name_pl",
            "name_en",
            "unit",
            "decimals",
            "publication_status",
            "frequency",
            "publication_lag_days",
            "domain_id",
            "formula",
            "aggregation_source_id",
        )
    ]


# -- latest values ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Latest:
    """A latest value as the lists show it: its period's code and the value."""

    period: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class ShownValue:
    """An indicator's latest value as a list of indicators shows it: the latest of the
    office's own unit's total when it has one, else the latest of the series the
    indicator's page opens on (``stradom.strategy.queries.default_series``: a goal link's
    unit and disaggregation, or e.g. a measuring station's). ``observation`` (its period
    and value) is None when that series has no value (``territory`` may still be the
    unit it would have); ``freshness`` is that of the series shown
    (``Freshness.as_dict``)."""

    indicator: Any  # an Indicator or an IndicatorRow
    observation: Latest | None
    territory: Territory | None
    dimensions: str
    dimensions_label: str
    freshness: dict[str, Any]

    @property
    def where(self) -> str:
        """The unit and disaggregation in words: "Kraków · stacja pomiarowa: Kraków, al.
        Krasińskiego"; the unit alone for its total."""
        if self.territory is None:
            return ""
        if not self.dimensions:
            return self.territory.name
        return f"{self.territory.name} · {self.dimensions_label or self.dimensions}"


def shown_values(
    indicators: Iterable[Any],
    home: Territory | None,
    today: date | None = None,
    *,
    version: tuple | None = None,
) -> dict[int, ShownValue]:
    """The :class:`ShownValue` of each of ``indicators`` (``Indicator`` or
    :class:`IndicatorRow`; id → value), in a bounded number of queries whatever their
    number: the home unit's totals (kept per version of the values, :func:`home_latest`),
    and for the others the series their pages open on, the latest value of each of these
    in one, and the disaggregations in words. ``version``: the values' version, if the
    caller has just read it."""
    today = today or timezone.localdate()
    indicators = list(indicators)
    totals = home_latest(home, version) if home else {}
    found = {i.pk: totals[i.pk] for i in indicators if i.pk in totals}
    chosen: dict[int, tuple[Territory | None, str]] = {i.pk: (home, "") for i in indicators}
    rest = [i for i in indicators if i.pk not in found]
    if rest:
        chosen.update(strategy_queries.default_series(rest, home=home))
        found.update(_latest_of_series(rest, chosen))
    labels = catalog_queries.disaggregation_labels({key for _t, key in chosen.values() if key})
    judged: dict[tuple, dict[str, Any]] = {}  # many share a schedule and a latest period
    out = {}
    for ind in indicators:
        obs = found.get(ind.pk)
        territory, key = chosen[ind.pk]
        schedule = (ind.frequency, ind.publication_lag_days, obs.period if obs else None)
        fresh = judged.get(schedule)
        if fresh is None:
            fresh = judged[schedule] = assess_freshness(*schedule, today).as_dict()
        out[ind.pk] = ShownValue(
            indicator=ind,
            observation=obs,
            territory=territory,
            dimensions=key,
            dimensions_label=labels.get(key, ""),
            freshness=fresh,
        )
    return out


def domain_values(
    domain: Domain, home: Territory | None, today: date | None = None
) -> tuple[ShownValue, ...]:
    """The :class:`ShownValue` of every indicator of ``domain`` (by code; of an
    :class:`IndicatorRow` each) — all of them: each reader keeps those they may see.
    Kept in this process per version of what they are made of (the values, the
    indicators, the goal links: :func:`catalogue_version`), the office's unit, the day
    and the language, for at most :data:`KEPT_SECONDS` (a unit or a disaggregation
    renamed). Read and made per request, they were most of the time of a domain page of
    1,000 indicators."""
    from stradom.approval.queries import approval_version

    today = today or timezone.localdate()
    version = catalogue_version()
    key = (domain.pk, home.pk if home else None, today, get_language(), version)
    key += (approval_version(),)
    now = time.monotonic()
    kept = _DOMAIN_VALUES.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    rows = indicator_rows(Indicator.objects.filter(domain=domain).order_by("code"))
    shown = shown_values(rows, home, today, version=version[:2])
    values = tuple(shown[i.pk] for i in rows)
    for stale in [k for k, (expires, _v) in _DOMAIN_VALUES.items() if expires <= now]:
        _DOMAIN_VALUES.pop(stale, None)
    if None not in version[:2]:  # no change set yet: values written past the write path
        if len(_DOMAIN_VALUES) >= 8:
            _DOMAIN_VALUES.pop(next(iter(_DOMAIN_VALUES)))
        _DOMAIN_VALUES[key] = (now + KEPT_SECONDS, values)
    return values


KEPT_SECONDS = 60
_DOMAIN_VALUES: dict[tuple, tuple[float, tuple[ShownValue, ...]]] = {}


def catalogue_version() -> tuple:
    """What moves when the values (``catalog.queries.values_version``), an indicator (its
    latest edit, their number) or the goal links (their number and latest) change: one
    statement of index lookups and two counts."""
    from django.db import connection

    q = connection.ops.quote_name
    indicator, link = q(Indicator._meta.db_table), q(GoalIndicator._meta.db_table)
    sql = (
        f"SELECT {catalog_queries.values_version_sql()}, "  # noqa: S608 - our tables
        f"(SELECT MAX(updated_at) FROM {indicator}), (SELECT COUNT(*) FROM {indicator}), "
        f"(SELECT COUNT(*) FROM {link}), (SELECT MAX(id) FROM {link})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def home_latest(home: Territory, version: tuple | None = None) -> Mapping[int, Latest]:
    """indicator id → the latest non-empty total of ``home``, for every indicator with
    one, as ``catalog.queries.latest_values`` orders them (the latest end first, then the
    longest period): one read of the values, kept in this process per version of the
    values (``catalog.queries.values_version``) and of what is shown (approved values
    only, when so set). Read per page as instances, a domain of 1,000 indicators spent
    half a second on its 25,000 values. ``version``: ``values_version()`` if the caller
    has just read it."""
    from stradom.approval.queries import approval_version, shown

    version = version or catalog_queries.values_version()
    key = (version, approval_version(), home.pk)
    kept = _HOME_LATEST.get(key)
    if kept is not None:
        return kept
    rows = (
        shown(Observation.objects.filter(territory=home, dimensions="", value__isnull=False))
        .order_by()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("indicator_id")],
                order_by=[F("period_end").desc(), F("period_start").asc()],
            )
        )
        .filter(rank=1)
        .values_list("indicator_id", "period", "value")
    )
    kept = MappingProxyType({ind: Latest(period, value) for ind, period, value in rows})
    if None not in version:  # no change set yet: values written past the write path
        if len(_HOME_LATEST) >= 4:
            _HOME_LATEST.pop(next(iter(_HOME_LATEST)))
        _HOME_LATEST[key] = kept
    return kept


# Kept per process, read-only (a mapping proxy); the key says when it is out of date.
_HOME_LATEST: dict[tuple, Mapping[int, Latest]] = {}


def _latest_of_series(
    indicators: Sequence[Any], series: Mapping[int, tuple[Territory | None, str]]
) -> dict[int, Latest]:
    """The latest non-empty value of one series of each of ``indicators`` (``series``:
    indicator id → (unit, key)), in one query, as ``catalog.queries.latest_values``
    orders them: the latest end first, then the longest period."""
    wanted = Q()
    for ind in indicators:
        territory, key = series[ind.pk]
        if territory is not None:
            wanted |= Q(indicator_id=ind.pk, territory_id=territory.pk, dimensions=key)
    if not wanted:
        return {}
    rows = (
        catalog_queries.observations([i.pk for i in indicators])
        .filter(wanted, value__isnull=False)
        .order_by()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("indicator_id")],
                order_by=[F("period_end").desc(), F("period_start").asc()],
            )
        )
        .filter(rank=1)
        .values_list("indicator_id", "period", "value")
    )
    return {ind: Latest(period, value) for ind, period, value in rows}
