"""The methods by name, and the single-series entry point ``assess``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import eurostat, linear, opensdg, unsd
from .types import (
    Assessment,
    BatchResult,
    EurostatConfig,
    LinearConfig,
    OpenSDGConfig,
    SeriesArrays,
    SeriesInput,
    Status,
    UNSDConfig,
)


@dataclass(frozen=True)
class Method:
    """One progress method: its configuration type, statuses, source and both paths."""

    name: str
    title: str
    source: str
    config_type: type
    statuses: tuple[Status, ...]
    assess_series: Callable[[SeriesInput, Any], Assessment]
    assess_arrays: Callable[[SeriesArrays, Any], BatchResult]

    def config(self, config: Any = None) -> Any:
        if config is None:
            return self.config_type()
        if not isinstance(config, self.config_type):
            raise TypeError(
                f"method {self.name!r} takes a {self.config_type.__name__}, "
                f"not a {type(config).__name__}"
            )
        return config


METHODS: Mapping[str, Method] = {
    "opensdg": Method(
        name="opensdg",
        title="Open SDG / Statistics Canada",
        source=(
            "open-sdg/sdg-build sdg/ProgressMeasure.py @ 139fede74ba534d2ed8b9eee4cd878b41f54cb67"
        ),
        config_type=OpenSDGConfig,
        statuses=(
            Status.TARGET_ACHIEVED,
            Status.SUBSTANTIAL_PROGRESS,
            Status.MODERATE_PROGRESS,
            Status.LIMITED_PROGRESS,
            Status.DETERIORATION,
            Status.NOT_ASSESSABLE,
        ),
        assess_series=opensdg.assess_series,
        assess_arrays=opensdg.assess_arrays,
    ),
    "eurostat": Method(
        name="eurostat",
        title="Eurostat EU SDG monitoring report",
        source=(
            "Eurostat, Sustainable development in the European Union, methodological "
            "annex (rules not verified against the annex text; see eurostat.py)"
        ),
        config_type=EurostatConfig,
        statuses=(
            Status.SIGNIFICANT_PROGRESS,
            Status.MODERATE_PROGRESS,
            Status.INSUFFICIENT_PROGRESS,
            Status.MOVEMENT_AWAY,
            Status.MODERATE_MOVEMENT_AWAY,
            Status.SIGNIFICANT_MOVEMENT_AWAY,
            Status.NOT_ASSESSABLE,
        ),
        assess_series=eurostat.assess_series,
        assess_arrays=eurostat.assess_arrays,
    ),
    "unsd": Method(
        name="unsd",
        title="UN Statistics Division progress chart",
        source="UNSD Progress Chart Technical Note 2023, as re-implemented by EUSTAT-DES/site",
        config_type=UNSDConfig,
        statuses=(
            Status.TARGET_MET,
            Status.ON_TRACK,
            Status.FAIR_PROGRESS,
            Status.STAGNATION_OR_REGRESSION,
            Status.NOT_ASSESSABLE,
        ),
        assess_series=unsd.assess_series,
        assess_arrays=unsd.assess_arrays,
    ),
    "linear": Method(
        name="linear",
        title="Linear attainment",
        source="Stradom (straight line from baseline to target)",
        config_type=LinearConfig,
        statuses=(
            Status.ACHIEVED,
            Status.ON_TRACK,
            Status.AT_RISK,
            Status.OFF_TRACK,
            Status.NOT_ASSESSABLE,
        ),
        assess_series=linear.assess_series,
        assess_arrays=linear.assess_arrays,
    ),
}


def get_method(name: str) -> Method:
    try:
        return METHODS[name]
    except KeyError:
        raise ValueError(f"unknown method {name!r}; known: {', '.join(METHODS)}") from None


def assess(method: str, series: SeriesInput, config: Any = None) -> Assessment:
    """Assess one series with one method (``config`` None: the method's defaults)."""
    m = get_method(method)
    return m.assess_series(series, m.config(config))
