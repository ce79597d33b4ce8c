"""The charts of an indicator's page and sheet, drawn from its parts
(``stradom.catalog.queries``): the series with its baseline and target, the district
map, the comparison with other cities. Each chart has a table with the same numbers,
named by ``table_id``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from stradom.charts import specs

if TYPE_CHECKING:
    from stradom.catalog.models import Indicator
    from stradom.catalog.queries import DistrictMap, IndicatorSeries, PeerComparison
    from stradom.territory.models import Territory


@dataclass(frozen=True, slots=True)
class ChartView:
    """A chart as a page carries it: its id, heading, the id of its table and the
    Vega-Lite spec (``spec_id`` names the spec's script element)."""

    id: str
    title: str
    table_id: str
    spec: dict[str, Any]

    @property
    def spec_id(self) -> str:
        return f"{self.id}-spec"


def series_chart(
    indicator: Indicator,
    territory: Territory,
    series: IndicatorSeries,
    *,
    dimensions_label: str = "",
    baseline: Mapping[str, Any] | None = None,
    target: Mapping[str, Any] | None = None,
) -> ChartView | None:
    """The series as a line (with its interval band, baseline and target rules, and
    breaks); None without points. ``baseline``/``target``: ``{"year", "value"}``."""
    if not series.points:
        return None
    return ChartView(
        id="chart-series",
        title=_("Time series"),
        table_id="table-series",
        spec=specs.series_spec(
            [
                {"period": p.period, "value": p.value, "ci_low": p.ci_low, "ci_high": p.ci_high}
                for p in series.points
            ],
            title=f"{indicator.name} — {territory.name}"
            + (f" ({dimensions_label})" if dimensions_label else ""),
            unit=indicator.unit,
            value_title=_("value"),
            period_title=_("period"),
            description=_(
                "Values of %(name)s in %(place)s by period; the table below gives the same numbers."
            )
            % {"name": indicator.name, "place": territory.name},
            baseline=baseline,
            target=target,
            labels={
                "value": _("value"),
                "ci": _("confidence interval"),
                "baseline": _("baseline"),
                "target": _("target"),
                "break": _("not comparable"),
            },
            decimals=indicator.decimals,
            breaks=[{"period": period} for period in series.breaks],
        ),
    )


def map_chart(indicator: Indicator, districts: DistrictMap) -> ChartView | None:
    """The districts coloured by value; None when no district has a boundary."""
    if not districts.drawable:
        return None
    return ChartView(
        id="chart-map",
        title=_("Map of districts, %(period)s") % {"period": districts.period},
        table_id="table-map",
        spec=specs.map_spec(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "value": r.value,
                    "geometry": r.geometry,
                    "note": r.note,
                }
                for r in districts.rows
            ],
            title=f"{indicator.name}, {districts.period}",
            unit=indicator.unit,
            value_title=_("value"),
            area_title=_("district"),
            description=_(
                "Map of districts coloured by value; the table below gives the same numbers."
            ),
            decimals=indicator.decimals,
            no_data=_("no data"),
        ),
    )


def peers_chart(indicator: Indicator, peers: PeerComparison) -> ChartView | None:
    """Bars comparing the cities, the shown one marked; None without a comparison."""
    if not peers.period:
        return None
    return ChartView(
        id="chart-peers",
        title=_("Comparison with other cities, %(period)s") % {"period": peers.period},
        table_id="table-peers",
        spec=specs.peers_spec(
            [{"name": r.name, "value": r.value, "home": r.home} for r in peers.rows],
            title=f"{indicator.name}, {peers.period}",
            unit=indicator.unit,
            value_title=_("value"),
            unit_title=_("city"),
            description=_(
                "Bars compare the cities; the marked bar is the city shown on this page. "
                "The table below gives the same numbers."
            ),
            decimals=indicator.decimals,
        ),
    )
