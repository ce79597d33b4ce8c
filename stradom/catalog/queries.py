"""Reads of the catalogue and the observation store.

Every way out — pages, API, exports, reports, assessment — reads values through
these functions, so a number looks the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from stradom.catalog.models import (
    Indicator,
    Observation,
    ObservationChange,
    PublicationStatus,
)


@dataclass(frozen=True, slots=True)
class Point:
    period: str
    value: Decimal | None
    status: str
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    flags: tuple = ()


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
    qs = Observation.objects.filter(indicator=indicator, territory=territory, dimensions=dimensions)
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
    qs = Observation.objects.filter(indicator__in=list(indicators), dimensions=dimensions)
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
    qs = Observation.objects.filter(
        indicator__in=list(indicators),
        territory=territory,
        dimensions=dimensions,
        value__isnull=False,
    ).order_by("indicator_id", "-period_end", "period_start")
    latest: dict[int, Observation] = {}
    for obs in qs:
        latest.setdefault(obs.indicator_id, obs)
    return latest


def latest_period_subquery(outer: str = "pk") -> Subquery:
    """The latest period with a value of the indicator ``OuterRef(outer)``, to annotate a
    queryset of indicators: one probe of the (indicator, period) index per indicator.
    Codes of one kind sort as their periods do, and a regular indicator's values are all
    of its frequency (``write_observations`` refuses others); for an irregular one, whose
    freshness is not judged, "2024-07" sorts after "2024"."""
    return Subquery(
        Observation.objects.filter(indicator=OuterRef(outer), value__isnull=False)
        .order_by("-period")
        .values("period")[:1]
    )


def cross_section(indicator: Indicator, period: str, *, dimensions: str = "") -> list[Observation]:
    """All territories' values of an indicator for one period (e.g. a map of districts)."""
    return list(
        Observation.objects.filter(indicator=indicator, period=period, dimensions=dimensions)
        .select_related("territory")
        .order_by("territory__code")
    )


def history(indicator: Indicator, territory=None, period: str | None = None) -> QuerySet:
    qs = ObservationChange.objects.filter(indicator=indicator).select_related("user", "territory")
    if territory is not None:
        qs = qs.filter(territory=territory)
    if period is not None:
        qs = qs.filter(period=period)
    return qs


def territories_with_data(indicator: Indicator) -> QuerySet:
    from stradom.territory.models import Territory

    # A semi-join, not DISTINCT over whole rows (boundaries included): half the time.
    return Territory.objects.filter(
        pk__in=Observation.objects.filter(indicator=indicator).values("territory_id")
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
        qs = Observation.objects.filter(indicator__in=indicators)
    else:
        qs = Observation.objects.filter(indicator__in=list(indicators))
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
