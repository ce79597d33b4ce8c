"""Reads of the catalogue and the observation store.

Every way out — pages, API, exports, reports, assessment — reads values through
these functions, so a number looks the same everywhere.

Below the store reads are the parts of an indicator's page, each a frozen dataclass:
the series with its table (``indicator_series``), the district map
(``district_map``), the comparison with other cities (``peer_comparison``) and how the
indicator is calculated (``calculation_facts``); disaggregation keys in words
(``disaggregation_labels``). ``stradom.strategy.queries.indicator_view`` puts them
together with the goal link's baseline and target, and ``stradom.charts.indicator``
draws them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from stradom.catalog.computation import computation_text, restates_computation
from stradom.catalog.freshness import assess_freshness, latest_of
from stradom.catalog.models import (
    ChangeSet,
    Dimension,
    Indicator,
    IndicatorKind,
    Observation,
    ObservationChange,
    PublicationStatus,
)
from stradom.catalog.services import parse_dimensions_key
from stradom.core.i18n import localize
from stradom.surveys.queries import (
    comparability_breaks,
    series_segments,
    suppressed_below,
    survey_cells,
)
from stradom.surveys.queries import suppression_text as suppressed_text
from stradom.territory.models import Territory, TerritoryKind


@dataclass(frozen=True, slots=True)
class Point:
    period: str
    value: Decimal | None
    status: str
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    flags: tuple = ()


def _stored() -> QuerySet[Observation]:
    """The stored values a read may show: all of them, or on the published pages, the
    public API and reports only approved ones when so set (``stradom.approval.queries``)."""
    from stradom.approval.queries import shown

    return shown(Observation.objects.all())


def published_indicators() -> QuerySet[Indicator]:
    return Indicator.objects.filter(publication_status=PublicationStatus.PUBLISHED)


def series(
    indicator: Indicator,
    territory,
    *,
    dimensions: str = "",
    period_kind: str | None = None,
) -> list[Point]:
    """One series in period order: an indicator for a territory and a disaggregation."""
    qs = _stored().filter(indicator=indicator, territory=territory, dimensions=dimensions)
    if period_kind:
        qs = qs.filter(period_kind=period_kind)
    return [
        Point(o.period, o.value, o.status, o.ci_low, o.ci_high, tuple(o.flags or ()))
        for o in qs.order_by("period_start", "period_end")
    ]


def series_many(
    indicators: Iterable[Indicator], territories: Iterable | None = None, *, dimensions: str = ""
) -> dict[tuple[int, int], list[Point]]:
    """Many series at once: (indicator id, territory id) → points, in one query."""
    qs = _stored().filter(indicator__in=list(indicators), dimensions=dimensions)
    if territories is not None:
        qs = qs.filter(territory__in=list(territories))
    out: dict[tuple[int, int], list[Point]] = {}
    for o in qs.order_by("indicator_id", "territory_id", "period_start", "period_end"):
        out.setdefault((o.indicator_id, o.territory_id), []).append(
            Point(o.period, o.value, o.status, o.ci_low, o.ci_high, tuple(o.flags or ()))
        )
    return out


def latest_values(indicators: Iterable[Indicator], territory, *, dimensions: str = "") -> dict:
    """The latest non-empty observation of each indicator for a territory: id → Observation."""
    qs = (
        _stored()
        .filter(
            indicator__in=list(indicators),
            territory=territory,
            dimensions=dimensions,
            value__isnull=False,
        )
        .order_by("indicator_id", "-period_end", "period_start")
    )
    latest: dict[int, Observation] = {}
    for obs in qs:
        latest.setdefault(obs.indicator_id, obs)
    return latest


def latest_period_subquery(outer: str = "pk") -> Subquery:
    """The latest period with a value of the indicator ``OuterRef(outer)``, to annotate a
    queryset of a few indicators: it reads all of each indicator's values (the
    observation table's one index leads with the indicator, then the territory), so for
    a whole catalogue use ``latest_periods``. Codes of one kind sort as their periods
    do, and a regular indicator's values are all of its frequency
    (``write_observations`` refuses others); for an irregular one, whose freshness is
    not judged, "2024-07" sorts after "2024"."""
    return Subquery(
        _stored()
        .filter(indicator=OuterRef(outer), value__isnull=False)
        .order_by("-period")
        .values("period")[:1]
    )


def values_version() -> tuple:
    """What moves with every write of values: the latest change set (every write of
    values makes one; revisions from before change sets never change), by id and time —
    the time too, since SQLite gives a rolled-back change set's id to the next one. Two
    probes of a primary key; the history view's latest id would derive every value's
    creation to find it (150–250 ms on 475,000 values, bench/web)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {values_version_sql()}")  # noqa: S608 - our tables
        return tuple(cursor.fetchone())


def values_version_sql() -> str:
    """``values_version``'s two columns, to read in another statement's select list."""
    from django.db import connection

    table = connection.ops.quote_name(ChangeSet._meta.db_table)
    latest = f"FROM {table} ORDER BY id DESC LIMIT 1"
    return f"(SELECT id {latest}), (SELECT at {latest})"


def catalogue_version() -> tuple:
    """``values_version`` and what moves with any change of an indicator: the latest
    edit and the number of indicators (a deletion). One statement."""
    from django.db import connection

    table = connection.ops.quote_name(Indicator._meta.db_table)
    indicators = f"(SELECT MAX(updated_at) FROM {table}), (SELECT COUNT(*) FROM {table})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {values_version_sql()}, {indicators}")  # noqa: S608 - ours
        return tuple(cursor.fetchone())


def latest_periods(version: tuple | None = None) -> Mapping[int, str]:
    """indicator id → the latest period with a value (as ``latest_period_subquery``),
    for every indicator with one: one grouped read of the values, kept in this process
    for the values' version and what the reader is shown (approved values only, on the
    published pages, when so set). Read per indicator (the subquery), 1,000 indicators
    took 80 ms. ``version``: ``values_version()`` if the caller has just read it."""
    from stradom.approval.queries import approval_version

    key = (version or values_version(), approval_version())
    kept = _LATEST_PERIODS.get(key)
    if kept is None:
        rows = (
            _stored()
            .filter(value__isnull=False)
            .order_by()
            .values_list("indicator_id")
            .annotate(latest=Max("period"))
        )
        kept = MappingProxyType(dict(rows))
        if len(_LATEST_PERIODS) >= 4:
            _LATEST_PERIODS.pop(next(iter(_LATEST_PERIODS)))
        _LATEST_PERIODS[key] = kept
    return kept


# Kept per process, read-only (a mapping proxy); the key says when it is out of date.
_LATEST_PERIODS: dict[tuple, Mapping[int, str]] = {}


def cross_section(indicator: Indicator, period: str, *, dimensions: str = "") -> list[Observation]:
    """All territories' values of an indicator for one period (e.g. a map of districts)."""
    return list(
        _stored()
        .filter(indicator=indicator, period=period, dimensions=dimensions)
        .select_related("territory")
        .order_by("territory__code")
    )


def history(indicator: Indicator, territory=None, period: str | None = None) -> QuerySet:
    qs = ObservationChange.objects.filter(indicator=indicator).select_related(
        "user",
        "territory",
        "change_set",  # the change set: an import's file
    )
    if territory is not None:
        qs = qs.filter(territory=territory)
    if period is not None:
        qs = qs.filter(period=period)
    return qs


def territories_with_data(indicator: Indicator) -> QuerySet[Territory]:
    """The units with a value of ``indicator``, by code."""
    # A semi-join, not DISTINCT over whole rows (boundaries included): half the time.
    return Territory.objects.filter(
        pk__in=_stored().filter(indicator=indicator).values("territory_id")
    ).order_by("code")


def observations(
    indicators: Iterable[Indicator] | QuerySet[Indicator],
    *,
    territories: Iterable | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
    dimensions: str | None = None,
) -> QuerySet[Observation]:
    """Observations of ``indicators`` in a stable order (indicator, territory, period,
    disaggregation), with their indicator and territory; for lists, downloads and exports.

    ``period_from``/``period_to`` are period codes: an observation counts when it lies
    wholly inside the range. ``dimensions`` is a canonical key (``""`` for totals);
    ``None`` keeps every disaggregation.
    """
    from stradom.core.periods import parse_period

    if isinstance(indicators, QuerySet):
        qs = _stored().filter(indicator__in=indicators)
    else:
        qs = _stored().filter(indicator__in=list(indicators))
    if territories is not None:
        qs = qs.filter(territory__in=list(territories))
    if period_from:
        qs = qs.filter(period_start__gte=parse_period(period_from).start)
    if period_to:
        qs = qs.filter(period_end__lte=parse_period(period_to).end)
    if dimensions is not None:
        qs = qs.filter(dimensions=dimensions)
    return qs.select_related("indicator", "territory").order_by(
        "indicator__code", "territory__code", "period_start", "period_end", "dimensions", "pk"
    )


# -- disaggregations -------------------------------------------------------------------------


def disaggregation_labels(keys: Iterable[str]) -> dict[str, str]:
    """Each disaggregation key in words, in the active language: ``sex=F|age=18-34`` →
    ``płeć: kobiety; wiek: 18–34``; the total (``""``) stays empty. A dimension or value
    without a name keeps its code. Two queries, whatever the number of keys."""
    parsed = {key: parse_dimensions_key(key) for key in keys}
    codes = {code for dims in parsed.values() for code in dims}
    if not codes:
        return dict.fromkeys(parsed, "")
    dimensions = {
        d.code: (d.name, {v.code: v.name for v in d.values.all()})
        for d in Dimension.objects.filter(code__in=codes).prefetch_related("values")
    }

    def words(code: str, value: str) -> str:
        name, values = dimensions.get(code, (code, {}))
        return f"{name or code}: {values.get(value) or value}"

    return {
        key: "; ".join(words(code, value) for code, value in dims.items())
        for key, dims in parsed.items()
    }


def disaggregations(indicator: Indicator, territory: Territory | None) -> list[str]:
    """The disaggregation keys stored for an indicator in a unit (``""`` is the total),
    sorted; none without a unit."""
    if territory is None:
        return []
    return sorted(
        observations([indicator], territories=[territory])
        .order_by()
        .values_list("dimensions", flat=True)
        .distinct()
    )


# -- the parts of an indicator's page ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SeriesRow:
    """A row of the series' table: the point, and for a survey estimate the reason the
    series breaks before it, why its value is withheld, and its unweighted base."""

    point: Point
    break_text: str = ""
    suppressed_text: str = ""
    base_n: int | None = None


@dataclass(frozen=True, slots=True)
class IndicatorSeries:
    """One series as its page shows it: the points in period order, one table row each,
    the periods where a survey's series starts again (``breaks``) with the reasons in
    words (``notices``), and whether the series is up to date today (``freshness``:
    ``stradom.catalog.freshness`` as plain data)."""

    points: tuple[Point, ...]
    rows: tuple[SeriesRow, ...]
    breaks: tuple[str, ...]
    notices: tuple[str, ...]
    freshness: Mapping[str, Any]

    @property
    def has_ci(self) -> bool:
        return any(p.ci_low is not None for p in self.points)

    @property
    def has_base(self) -> bool:
        return any(r.base_n is not None for r in self.rows)


def indicator_series(
    indicator: Indicator, territory: Territory | None, dimensions: str = ""
) -> IndicatorSeries:
    """The series of ``indicator`` in ``territory`` for one disaggregation (empty without
    a unit). An objective indicator costs one query; a survey's two more (its
    comparability breaks, and the bases of the series)."""
    points = tuple(series(indicator, territory, dimensions=dimensions)) if territory else ()
    rows, breaks, notices = _survey_rows(indicator, territory, dimensions, points)
    return IndicatorSeries(
        points=points,
        rows=rows,
        breaks=breaks,
        notices=notices,
        freshness=series_freshness(indicator, points),
    )


def _survey_rows(
    indicator: Indicator, territory: Territory | None, dimensions: str, points: Sequence[Point]
) -> tuple[tuple[SeriesRow, ...], tuple[str, ...], tuple[str, ...]]:
    """The table rows, with what a survey estimate adds: the breaks and their reasons
    (the reason also as the row before the first point after a break), the unweighted
    base, and which cells were suppressed for too few respondents."""
    if indicator.kind != IndicatorKind.SUBJECTIVE or territory is None or not points:
        return tuple(SeriesRow(p) for p in points), (), ()
    found = comparability_breaks([indicator]).get(indicator.pk, [])
    breaks, notices, said = [], [], {}
    for number, segment in enumerate(series_segments(points, found)):
        if number == 0 or segment["break"] is None:
            continue  # a series that starts at a break has nothing earlier to keep apart
        text = localize(segment["break"].notice)
        breaks.append(str(segment["break"].year))
        notices.append(text)
        said[id(segment["points"][0])] = text
    cells = survey_cells(indicator, territory, dimensions)
    rows = []
    for p in points:
        cell = cells.get(p.period)
        withheld = cell is not None and cell.suppressed_below is not None
        rows.append(
            SeriesRow(
                point=p,
                break_text=said.get(id(p), ""),
                suppressed_text=suppressed_text(cell.suppressed_below) if cell else "",
                base_n=cell.base_n if cell is not None and not withheld else None,
            )
        )
    return tuple(rows), tuple(breaks), tuple(notices)


def series_freshness(indicator: Indicator, points: Iterable[Point]) -> dict[str, Any]:
    """Whether a series is up to date today (``stradom.catalog.freshness``), as plain
    data: the latest period with a value, the one expected by today, stale or not."""
    latest = latest_of(p.period for p in points if p.value is not None)
    return assess_freshness(
        indicator.frequency, indicator.publication_lag_days, latest, timezone.localdate()
    ).as_dict()


@dataclass(frozen=True, slots=True)
class DistrictValue:
    """A district's value on the map, with its boundary (GeoJSON, or None), its interval
    and base, and for a suppressed estimate ``note`` saying so."""

    code: str
    name: str
    number: str  # the district's number ("" when it has none)
    value: Decimal | None
    geometry: Mapping[str, Any] | None
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    base_n: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class DistrictMap:
    """The districts' values (the total) in the latest period any district has one;
    ``period`` is "" when no district has a value."""

    period: str
    rows: tuple[DistrictValue, ...]

    @property
    def drawable(self) -> bool:
        """Whether any district has a boundary to draw."""
        return any(r.geometry for r in self.rows)

    @property
    def has_ci(self) -> bool:
        return any(r.ci_low is not None for r in self.rows)

    @property
    def has_base(self) -> bool:
        return any(r.base_n is not None for r in self.rows)


NO_DISTRICTS = DistrictMap(period="", rows=())


def district_map(indicator: Indicator, territories: Sequence[Territory]) -> DistrictMap:
    """The district map of ``indicator`` over the districts among ``territories`` (the
    units with data): two queries when there are districts, none otherwise."""
    districts = [t for t in territories if t.kind == TerritoryKind.SUBMUNICIPAL]
    if not districts:
        return NO_DISTRICTS
    parent_ids = {t.parent_id for t in districts}
    latest = (
        _stored()
        .filter(indicator=indicator, territory__in=districts, dimensions="")
        .order_by("-period_end")
        .values_list("period", flat=True)
        .first()
    )
    if not latest:
        return NO_DISTRICTS
    rows = []
    for o in cross_section(indicator, latest):
        if (
            o.territory.parent_id not in parent_ids
            or o.territory.kind != TerritoryKind.SUBMUNICIPAL
        ):
            continue
        minimum = suppressed_below(o.provenance)
        rows.append(
            DistrictValue(
                code=o.territory.code,
                name=o.territory.name,
                number=o.territory.number,
                value=o.value,
                geometry=o.territory.geometry,
                ci_low=o.ci_low,
                ci_high=o.ci_high,
                base_n=None if minimum is not None else o.base_n,
                note=suppressed_text(minimum),
            )
        )
    return DistrictMap(period=latest, rows=tuple(rows))


@dataclass(frozen=True, slots=True)
class PeerValue:
    """A unit's value in the comparison; ``home`` marks the unit the page shows."""

    code: str
    name: str
    value: Decimal
    home: bool


@dataclass(frozen=True, slots=True)
class PeerComparison:
    """Units of the shown one's kind (not districts) in the latest period the shown unit
    shares with another, highest value first; ``period`` is "" when there is none."""

    period: str
    rows: tuple[PeerValue, ...]


NO_PEERS = PeerComparison(period="", rows=())


def peer_comparison(
    indicator: Indicator,
    territory: Territory | None,
    dimensions: str,
    territories: Sequence[Territory],
) -> PeerComparison:
    """The comparison of ``territory`` with the other units of its kind among
    ``territories`` (the units with data), for the total only: one query."""
    if territory is None or dimensions != "":
        return NO_PEERS
    peers = [
        t for t in territories if t.kind == territory.kind and t.kind != TerritoryKind.SUBMUNICIPAL
    ]
    if len(peers) <= 1:
        return NO_PEERS
    latest_by = {}
    for key, pts in series_many([indicator], peers).items():
        latest_by[key[1]] = {p.period: p.value for p in pts if p.value is not None}
    own = latest_by.get(territory.pk, {})
    common = [p for p in sorted(own, reverse=True) if sum(p in v for v in latest_by.values()) > 1]
    if not common:
        return NO_PEERS
    period = common[0]
    rows = sorted(
        (
            PeerValue(code=t.code, name=t.name, value=value, home=t.pk == territory.pk)
            for t in peers
            if (value := latest_by.get(t.pk, {}).get(period)) is not None
        ),
        key=lambda r: -r.value,
    )
    return PeerComparison(period=period, rows=tuple(rows))


@dataclass(frozen=True, slots=True)
class CalculationFacts:
    """How an indicator is calculated, as its page and sheet say it: ``computation``, a
    computed indicator's definition in words (``stradom.catalog.computation``), and
    ``calculation``, the method the office wrote, unless it only repeats that definition
    in codes."""

    computation: str
    calculation: str


def calculation_facts(indicator: Indicator, user=None) -> CalculationFacts:
    """``CalculationFacts`` for ``user`` (None: the public), who sees the inputs of a
    computed indicator named only when allowed to see them."""
    from django.contrib.auth.models import AnonymousUser

    words = computation_text(indicator, user=AnonymousUser() if user is None else user)
    written = indicator.calculation
    if words and written and restates_computation(written, indicator):
        written = ""
    return CalculationFacts(computation=words, calculation=written)
