"""An indicator as the strategy shows it: its page and sheet (``indicator_view``: the
catalogue's parts of it, ``stradom.catalog.queries``, with the goal link's baseline and
target and the charts drawn from them, ``stradom.charts.indicator``), and how each
strategy in force assesses it (``indicator_assessments``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from stradom.approval.queries import approval_version
from stradom.catalog import queries
from stradom.catalog.models import Indicator
from stradom.charts import indicator as charts
from stradom.charts.indicator import ChartView
from stradom.core.kept import Kept, version_key
from stradom.strategy.models import GoalIndicator
from stradom.strategy.queries.assessed import (
    GoalView,
    LinkRow,
    StrategyView,
    current_strategies,
    explain_link,
    home_territory,
)
from stradom.strategy.queries.kept import viewed
from stradom.territory.models import Territory, TerritoryKind


@dataclass(frozen=True, slots=True)
class IndicatorAssessment:
    """How one strategy in force assesses an indicator at one goal: the strategy's view,
    the goal, the link row and the method's inputs in words."""

    strategy: StrategyView
    goal: GoalView
    link: LinkRow
    explanation: tuple[str, ...]


def indicator_assessments(
    indicator: Indicator,
    user,
    goal_ids: Iterable[int],
    *,
    links: Sequence[GoalIndicator] | None = None,
) -> list[IndicatorAssessment]:
    """How each strategy in force assesses ``indicator`` (over what ``user`` may see): one
    entry per goal link among ``goal_ids``. The workspace's indicator page and the
    indicator sheet both show it. ``links``: the indicator's links to goals of the
    strategies in force (``goal_links_of``), when the caller has them: their strategies
    are then not read again."""
    wanted = set(goal_ids)
    if links is None:
        strategies = current_strategies().filter(goals__links__indicator=indicator).distinct()
    else:
        strategies = sorted(
            {li.goal.strategy_id: li.goal.strategy for li in links}.values(),
            key=lambda s: s.code,
        )
    out = []
    for s in strategies:
        sv = viewed(s, user)  # every goal's rows, kept and shared with the same roles
        for g in sv.goals:
            if g.id not in wanted:
                continue
            for link in g.links:
                if link.indicator_code == indicator.code:
                    out.append(
                        IndicatorAssessment(
                            strategy=sv, goal=g, link=link, explanation=tuple(explain_link(link))
                        )
                    )
    return out


# -- an indicator's page ---------------------------------------------------------------------


def goal_links_of(indicator: Indicator) -> list[GoalIndicator]:
    """The indicator's links to goals of the strategies in force, by goal code, with
    their goal and unit."""
    return goal_links_many([indicator]).get(indicator.pk, [])


def goal_links_many(indicators: Iterable[Indicator | int]) -> dict[int, list[GoalIndicator]]:
    """:func:`goal_links_of` for many indicators (or their ids) in one query: indicator
    id → links."""
    out: dict[int, list[GoalIndicator]] = {}
    for link in (
        GoalIndicator.objects.filter(
            indicator__in=list(indicators), goal__strategy__next_versions__isnull=True
        )
        .select_related("goal__strategy", "territory")
        .order_by("goal__code", "id")
    ):
        out.setdefault(link.indicator_id, []).append(link)
    return out


_READ = object()  # "not given: read it here"


def default_territory(
    territories: Sequence[Territory], links: Sequence[GoalIndicator], home: Any = _READ
) -> Territory | None:
    """The unit an indicator page opens on: the one its goal link names, else the office's
    own unit (``home``, read here unless given), else any non-district unit with data."""
    if links:
        return links[0].territory
    if home is _READ:
        home = home_territory()
    return (
        next((t for t in territories if home and t.pk == home.pk), None)
        or next((t for t in territories if t.kind != TerritoryKind.SUBMUNICIPAL), None)
        or (territories[0] if territories else None)
    )


def choose_series(
    indicator: Indicator,
    territory: Territory | None,
    dimensions: str | None,
    links: Sequence[GoalIndicator] | None = None,
    territories: Sequence[Territory] | None = None,
    *,
    keys_of: Mapping[int, Sequence[str]] | None = None,
    home: Any = _READ,
) -> tuple[Territory | None, str, list[str], list[GoalIndicator]]:
    """Which unit and disaggregation a page shows when the reader has not said: the goal
    link's, else the office's own unit and the total. Returns the unit, the
    disaggregation, the keys stored for the unit and the goal links. ``links``,
    ``territories`` (the units with data), ``keys_of`` (unit id → the keys stored for
    it) and ``home`` (the office's own unit) are read here unless the caller has them
    already (:func:`default_series` has them for many indicators); the units only when
    no goal link names one."""
    links = goal_links_of(indicator) if links is None else list(links)
    if territory is None:
        if territories is None and not links:
            territories = list(queries.territories_with_data(indicator))
        territory = default_territory(territories or [], links, home)
    if keys_of is None:
        keys = queries.disaggregations(indicator, territory)
    else:
        keys = sorted(keys_of.get(territory.pk, ())) if territory else []
    if dimensions is None or dimensions not in keys:
        linked = [li.dimensions for li in links if territory and li.territory_id == territory.pk]
        dimensions = next(
            (d for d in linked if d in keys), "" if "" in keys or not keys else keys[0]
        )
    return territory, dimensions, keys, links


def default_series(
    indicators: Iterable[Any], *, home: Any = _READ
) -> dict[int, tuple[Territory | None, str]]:
    """The unit and disaggregation each indicator's page opens on (as
    :func:`choose_series` chooses), for many indicators in at most five queries whatever
    their number (``home``, the office's own unit, is read here unless given): indicator
    id → (unit, key); (None, "") for one without any value or link. Only the indicators'
    ``pk`` is read: an ``Indicator`` or any row of one will do."""
    indicators = list(indicators)
    if not indicators:
        return {}
    ids = [ind.pk for ind in indicators]
    links = goal_links_many(ids)
    stored: dict[int, dict[int, list[str]]] = {}
    for indicator_id, territory_id, key in (
        queries.observations(ids)
        .order_by()
        .values_list("indicator_id", "territory_id", "dimensions")
        .distinct()
    ):
        stored.setdefault(indicator_id, {}).setdefault(territory_id, []).append(key)
    with_data = {t for keys in stored.values() for t in keys}
    units = list(Territory.objects.filter(pk__in=with_data).order_by("code"))
    if home is _READ:
        home = home_territory()
    out = {}
    for ind in indicators:
        keys_of = stored.get(ind.pk, {})
        territory, dimensions, _keys, _links = choose_series(
            ind,
            None,
            None,
            links.get(ind.pk, []),
            [t for t in units if t.pk in keys_of],
            keys_of=keys_of,
            home=home,
        )
        out[ind.pk] = (territory, dimensions)
    return out


@dataclass(frozen=True, slots=True)
class YearValue:
    """A goal link's baseline or target: the year and the value."""

    year: int | None
    value: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.year, "value": self.value}


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """Everything an indicator's page and sheet show for one unit and disaggregation: the
    series and its table, the goal link's baseline and target, the district map, the
    comparison with other cities, how it is calculated, and the charts.

    ``territories`` are the units the page offers (the larger units, or the districts
    when the indicator has values for districts only: districts have their map);
    ``link`` is the goal link of the unit and disaggregation shown, ``links`` all of the
    indicator's links to goals of the strategies in force."""

    indicator: Indicator
    territory: Territory | None
    dimensions: str
    dimensions_label: str
    disaggregations: tuple[str, ...]
    disaggregation_choices: tuple[tuple[str, str], ...]
    territories: tuple[Territory, ...]
    link: GoalIndicator | None
    links: tuple[GoalIndicator, ...]
    baseline: YearValue | None
    target: YearValue | None
    series: queries.IndicatorSeries
    districts: queries.DistrictMap
    peers: queries.PeerComparison
    facts: queries.CalculationFacts
    charts: tuple[ChartView, ...]

    @property
    def map_drawn(self) -> bool:
        return any(c.id == "chart-map" for c in self.charts)


def indicator_view(
    indicator: Indicator,
    territory: Territory | None,
    dimensions: str | None = None,
    *,
    user=None,
) -> IndicatorView:
    """The ``IndicatorView`` of ``indicator`` in ``territory`` and ``dimensions`` (None:
    as ``choose_series`` chooses). ``user``: whose page it is (None: the public's); a
    computed indicator's inputs are named only when the user may see them.

    Everything but those inputs is the same for every reader, so it is kept in this
    process per data version (``core.data_version``: raised after every committed change
    of what the pages show), language and day, and shared (issue 16: it was 40 % of a
    signed-in user's indicator page). Not kept inside a transaction, whose changes the
    data version does not count until it commits."""
    shared = _VIEWS.get(
        version_key(
            indicator.pk,
            indicator.updated_at,
            territory.pk if territory else None,
            dimensions,
            timezone.localdate(),
            approval_version(),
        ),
        lambda: _shared_view(indicator, territory, dimensions),
    )
    return dataclasses.replace(
        shared, indicator=indicator, facts=queries.calculation_facts(indicator, user)
    )


# per process: indicator × territory × disaggregation × language
_VIEWS: Kept[IndicatorView] = Kept(64)


def _shared_view(
    indicator: Indicator, territory: Territory | None, dimensions: str | None
) -> IndicatorView:
    territories = list(queries.territories_with_data(indicator))
    links = goal_links_of(indicator)
    territory, dimensions, keys, links = choose_series(
        indicator, territory, dimensions, links, territories
    )
    link = next(
        (
            li
            for li in links
            if territory and li.territory_id == territory.pk and li.dimensions == dimensions
        ),
        None,
    )
    baseline = (
        YearValue(link.baseline_year, link.baseline_value)
        if link and link.baseline_value is not None
        else None
    )
    target = (
        YearValue(link.target_year, link.target_value)
        if link and link.target_value is not None
        else None
    )
    series = queries.indicator_series(indicator, territory, dimensions)
    in_words = queries.disaggregation_labels(keys)
    label = in_words.get(dimensions, dimensions)
    districts = queries.district_map(indicator, territories)
    peers = queries.peer_comparison(indicator, territory, dimensions, territories)
    drawn = [
        charts.series_chart(
            indicator,
            territory,
            series,
            dimensions_label=label if dimensions else "",
            baseline=baseline.as_dict() if baseline else None,
            target=target.as_dict() if target else None,
        )
        if territory is not None
        else None,
        charts.map_chart(indicator, districts),
        charts.peers_chart(indicator, peers),
    ]
    return IndicatorView(
        indicator=indicator,
        territory=territory,
        dimensions=dimensions,
        dimensions_label=label,
        disaggregations=tuple(keys),
        disaggregation_choices=tuple((k, in_words.get(k, k)) for k in keys),
        territories=tuple(
            [t for t in territories if t.kind != TerritoryKind.SUBMUNICIPAL] or territories
        ),
        link=link,
        links=tuple(links),
        baseline=baseline,
        target=target,
        series=series,
        districts=districts,
        peers=peers,
        facts=queries.calculation_facts(indicator, None),  # replaced by the reader's own
        charts=tuple(c for c in drawn if c),
    )
