"""Plain data of the assessment engine: inputs, results, statuses, reasons, configuration.

Numbers are ``float`` (IEEE double). Indicator values are measurements, not money,
and every published method computes in floating point (sdg-build uses pandas/NumPy
floats), so Decimal would only make Stradom disagree with the references in the
last digit. Years are ``int``.

Nothing here imports Django.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

import numpy as np

from stradom.core.messages import Message, gettext_noop

# --------------------------------------------------------------------------- direction


class Direction(StrEnum):
    """Which way is better for an indicator."""

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEUTRAL = "neutral"

    @property
    def sign(self) -> int:
        """+1 when higher is better, -1 when lower is better, 0 when neutral (sdg-build's ``d``)."""
        return _DIRECTION_SIGN[self]


_DIRECTION_SIGN = {
    Direction.HIGHER_IS_BETTER: 1,
    Direction.LOWER_IS_BETTER: -1,
    Direction.NEUTRAL: 0,
}

# --------------------------------------------------------------------------- statuses


class Status(StrEnum):
    """Every status any method can give. The string values are stable (stored, exported)."""

    # Open SDG / Statistics Canada (sdg-build ProgressMeasure)
    TARGET_ACHIEVED = "target_achieved"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    MODERATE_PROGRESS = "moderate_progress"  # also Eurostat
    LIMITED_PROGRESS = "limited_progress"
    DETERIORATION = "deterioration"
    NOT_ASSESSABLE = "not_assessable"  # every method; sdg-build says "not_available"
    # Eurostat EU SDG monitoring report
    SIGNIFICANT_PROGRESS = "significant_progress"
    INSUFFICIENT_PROGRESS = "insufficient_progress"
    MOVEMENT_AWAY = "movement_away"
    MODERATE_MOVEMENT_AWAY = "moderate_movement_away"
    SIGNIFICANT_MOVEMENT_AWAY = "significant_movement_away"
    # UN Statistics Division progress chart
    TARGET_MET = "target_met"
    ON_TRACK = "on_track"  # also linear attainment
    FAIR_PROGRESS = "fair_progress"
    STAGNATION_OR_REGRESSION = "stagnation_or_regression"
    # Linear attainment
    ACHIEVED = "achieved"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def rank(self) -> int:
        return RANKS[self]


# A common ordinal scale so that statuses of different methods can be compared and
# rolled up: 5 target reached, 4 on track, 3 progressing too slowly, 2 little progress
# or slight movement away, 1 moving away / no progress. 0 = not assessed (skip it in
# roll-ups; it is not "worse than deterioration").
RANKS: Mapping[Status, int] = {
    Status.TARGET_ACHIEVED: 5,
    Status.TARGET_MET: 5,
    Status.ACHIEVED: 5,
    Status.SUBSTANTIAL_PROGRESS: 4,
    Status.SIGNIFICANT_PROGRESS: 4,
    Status.ON_TRACK: 4,
    Status.MODERATE_PROGRESS: 3,
    Status.FAIR_PROGRESS: 3,
    Status.AT_RISK: 3,
    Status.LIMITED_PROGRESS: 2,
    Status.INSUFFICIENT_PROGRESS: 2,
    Status.MODERATE_MOVEMENT_AWAY: 2,
    Status.DETERIORATION: 1,
    Status.MOVEMENT_AWAY: 1,
    Status.SIGNIFICANT_MOVEMENT_AWAY: 1,
    Status.STAGNATION_OR_REGRESSION: 1,
    Status.OFF_TRACK: 1,
    Status.NOT_ASSESSABLE: 0,
}

# Integer codes used by the batch path: STATUS_TABLE[code] is the status.
STATUS_TABLE: tuple[Status, ...] = tuple(Status)
STATUS_CODE: Mapping[Status, int] = {s: i for i, s in enumerate(STATUS_TABLE)}
RANK_BY_CODE = np.array([RANKS[s] for s in STATUS_TABLE], dtype=np.int8)

# --------------------------------------------------------------------------- reasons


class Reason(StrEnum):
    """Why a series could not be assessed. Stable codes; the text is in REASON_TEMPLATES."""

    NONE = ""
    NEUTRAL_DIRECTION = "neutral_direction"
    DUPLICATE_YEAR = "duplicate_year"
    NO_DATA = "no_data"
    STALE_DATA = "stale_data"
    NO_DATA_FROM_BASE_YEAR = "no_data_from_base_year"
    TOO_FEW_POINTS = "too_few_points"
    SPAN_TOO_SHORT = "span_too_short"
    ZERO_BASE = "zero_base"
    SIGN_CHANGE = "sign_change"
    NO_TARGET = "no_target"
    NO_TARGET_YEAR = "no_target_year"
    TARGET_YEAR_NOT_AFTER_BASE = "target_year_not_after_base"
    TARGET_SIGN = "target_sign"
    TARGET_EQUALS_BASE = "target_equals_base"


REASON_TEMPLATES: Mapping[Reason, str] = {
    Reason.NEUTRAL_DIRECTION: gettext_noop(
        "The indicator has no desired direction (neither a higher nor a lower value is "
        "better), so progress cannot be assessed."
    ),
    Reason.DUPLICATE_YEAR: gettext_noop("The year %(duplicate_year)s has more than one value."),
    Reason.NO_DATA: gettext_noop("There are no values to assess."),
    Reason.STALE_DATA: gettext_noop(
        "The latest value is from %(latest_year)s, more than %(max_age_years)s years "
        "before %(as_of_year)s."
    ),
    Reason.NO_DATA_FROM_BASE_YEAR: gettext_noop(
        "There is no value in or after the base year %(requested_base_year)s."
    ),
    Reason.TOO_FEW_POINTS: gettext_noop(
        "Too few values to measure a trend: %(points_used)s from %(base_year)s to "
        "%(latest_year)s, at least %(min_points)s are needed."
    ),
    Reason.SPAN_TOO_SHORT: gettext_noop(
        "The values cover %(years_elapsed)s years (%(base_year)s to %(latest_year)s); "
        "at least %(min_span_years)s are needed."
    ),
    Reason.ZERO_BASE: gettext_noop(
        "The base value (in %(base_year)s) is zero, so a growth rate cannot be computed."
    ),
    Reason.SIGN_CHANGE: gettext_noop(
        "The base value (%(base_value)s) and the latest value (%(latest_value)s) have "
        "opposite signs, so a growth rate cannot be computed."
    ),
    Reason.NO_TARGET: gettext_noop("This method needs a target value."),
    Reason.NO_TARGET_YEAR: gettext_noop("This method needs a target year."),
    Reason.TARGET_YEAR_NOT_AFTER_BASE: gettext_noop(
        "The target year %(target_year)s is not after the base year %(base_year)s."
    ),
    Reason.TARGET_SIGN: gettext_noop(
        "The target (%(target_value)s) and the base value (%(base_value)s) have opposite "
        "signs, so the required growth rate cannot be computed."
    ),
    Reason.TARGET_EQUALS_BASE: gettext_noop(
        "The target equals the base value (%(base_value)s): no change is required, so "
        "progress towards it cannot be measured."
    ),
}

REASON_TABLE: tuple[Reason, ...] = tuple(Reason)
REASON_CODE: Mapping[Reason, int] = {r: i for i, r in enumerate(REASON_TABLE)}


def reason_message(reason: Reason, inputs: Mapping[str, Any]) -> Message:
    """The translatable message for ``reason``, its parameters taken from ``inputs``."""
    template = REASON_TEMPLATES[reason]
    names = _template_names(template)
    return Message(template, {name: inputs.get(name) for name in names})


def _template_names(template: str) -> tuple[str, ...]:
    names = []
    start = 0
    while (i := template.find("%(", start)) >= 0:
        j = template.index(")", i)
        names.append(template[i + 2 : j])
        start = j
    return tuple(names)


# --------------------------------------------------------------------------- input


@dataclass(frozen=True)
class SeriesInput:
    """One time series to assess.

    ``points``: (year, value) pairs in any order; ``None``/NaN values are dropped (as
    sdg-build drops NA). ``base_year``: when omitted each method uses its own default
    (its config's ``default_base_year``, or the first point). ``target_value`` /
    ``target_year``: the quantitative target, if any. ``limit``: a natural maximum or
    minimum (Open SDG only). ``as_of_year``: points after it are ignored, and with a
    config ``max_age_years`` a latest point older than that is "stale".
    """

    points: tuple[tuple[int, float | None], ...]
    direction: Direction
    base_year: int | None = None
    target_year: int | None = None
    target_value: float | None = None
    limit: float | None = None
    as_of_year: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "direction", Direction(self.direction))
        object.__setattr__(
            self,
            "points",
            tuple((int(y), None if v is None else float(v)) for y, v in self.points),
        )
        for name in ("target_value", "limit"):
            value = getattr(self, name)
            if value is not None:
                value = float(value)
                object.__setattr__(self, name, None if math.isnan(value) else value)


# --------------------------------------------------------------------------- output


@dataclass(frozen=True)
class Assessment:
    """The result of one method on one series, with everything needed to explain it.

    ``rank`` is the common ordinal scale (see ``RANKS``). ``score`` is method-defined
    (Open SDG: [-5, 5] as in sdg-build) or ``None``. ``reason`` is set exactly when the
    status is ``not_assessable``. ``inputs`` holds plain values only (int, float, bool,
    str, None): base and latest year and value, target, growth rates, ratio, the
    thresholds used and so on, so every number on a page can be traced.
    """

    method: str
    status: Status
    label: str
    rank: int
    score: float | None
    reason: Message | None
    reason_code: Reason | None
    inputs: Mapping[str, Any]

    @property
    def assessable(self) -> bool:
        return self.status is not Status.NOT_ASSESSABLE


@dataclass(frozen=True)
class SeriesArrays:
    """Many series on one grid of years, for the vectorised path.

    ``years``: (T,) increasing ints; ``values``: (N, T) floats with NaN where there is
    no value. Per series (N,): ``direction`` (+1 higher is better, -1 lower is better,
    0 neutral), and as floats with NaN for "not given": ``base_year``, ``target_year``,
    ``target_value``, ``limit``, ``as_of_year``.
    """

    years: np.ndarray
    values: np.ndarray
    direction: np.ndarray
    base_year: np.ndarray
    target_year: np.ndarray
    target_value: np.ndarray
    limit: np.ndarray
    as_of_year: np.ndarray

    def __len__(self) -> int:
        return int(self.values.shape[0])


@dataclass(frozen=True)
class BatchResult:
    """Results for N series: status codes (index into STATUS_TABLE), ranks, scores
    (NaN = none), reason codes (index into REASON_TABLE; 0 = none) and the inputs as
    float arrays (NaN = none; ``int_keys`` hold whole numbers, ``bool_keys`` 0/1).
    ``assessment(i)`` gives the same ``Assessment`` as the single-series path."""

    method: str
    config: Any
    status_code: np.ndarray
    rank: np.ndarray
    score: np.ndarray
    reason_code: np.ndarray
    inputs: Mapping[str, np.ndarray]
    input_keys: tuple[str, ...]
    int_keys: frozenset[str]
    bool_keys: frozenset[str]
    constants: Mapping[str, Any]

    def __len__(self) -> int:
        return int(self.status_code.shape[0])

    @property
    def statuses(self) -> np.ndarray:
        """Status strings as an object array."""
        table = np.array([s.value for s in STATUS_TABLE], dtype=object)
        return table[self.status_code]

    def counts(self) -> dict[Status, int]:
        codes, counts = np.unique(self.status_code, return_counts=True)
        return {STATUS_TABLE[c]: int(n) for c, n in zip(codes, counts, strict=True)}

    def assessment(self, i: int) -> Assessment:
        inputs: dict[str, Any] = {}
        for key in self.input_keys:
            if key in self.constants:
                inputs[key] = self.constants[key]
                continue
            x = self.inputs[key][i]
            if isinstance(x, float | np.floating) and math.isnan(x):
                inputs[key] = None
            elif key in self.bool_keys:
                inputs[key] = bool(x)
            elif key in self.int_keys:
                inputs[key] = int(x)
            else:
                inputs[key] = float(x)
        status = STATUS_TABLE[int(self.status_code[i])]
        reason = REASON_TABLE[int(self.reason_code[i])]
        score = float(self.score[i])
        return Assessment(
            method=self.method,
            status=status,
            label=self.config.labels[status],
            rank=RANKS[status],
            score=None if math.isnan(score) else score,
            reason=None if reason is Reason.NONE else reason_message(reason, inputs),
            reason_code=None if reason is Reason.NONE else reason,
            inputs=inputs,
        )


# --------------------------------------------------------------------------- configuration
# Thresholds and labels are configuration per method, never per indicator (Statistics
# Canada's methodology rejects indicator-specific thresholds, and so do we).


@dataclass(frozen=True)
class OpenSDGConfig:
    """Open SDG / Statistics Canada, defaults exactly as sdg-build ``ProgressMeasure.py``.

    Method 1 (no target) compares the direction-adjusted CAGR with ``growth_high`` /
    ``growth_med`` / ``growth_low`` (sdg-build ``{'high': 0.015, 'med': 0.005, 'low': 0}``);
    method 2 (target) compares the growth ratio with ``ratio_high`` / ``ratio_med`` /
    ``ratio_low`` (``{'high': 0.95, 'med': 0.6, 'low': 0}``). A zero base or target is
    replaced by ``zero_replacement`` (0.001). The natural-limit scaling uses exponent
    ``limit_exponent`` (``a = 4.44``). sdg-build's default base year is 2015 and target
    year 2030; ``default_base_year=None`` uses the first point instead.
    ``max_age_years`` is a Stradom addition (sdg-build has no staleness rule): off by default.
    """

    growth_high: float = 0.015
    growth_med: float = 0.005
    growth_low: float = 0.0
    ratio_high: float = 0.95
    ratio_med: float = 0.6
    ratio_low: float = 0.0
    zero_replacement: float = 0.001
    limit_exponent: float = 4.44
    default_base_year: int | None = 2015
    default_target_year: int = 2030
    max_age_years: int | None = None
    labels: Mapping[Status, str] = field(
        default_factory=lambda: {
            # Display labels from open-sdg docs/progress-methodology.md (StatCan wording).
            Status.TARGET_ACHIEVED: gettext_noop("Target achieved"),
            Status.SUBSTANTIAL_PROGRESS: gettext_noop("On track"),
            Status.MODERATE_PROGRESS: gettext_noop("Progress made but acceleration needed"),
            Status.LIMITED_PROGRESS: gettext_noop("Limited progress"),
            Status.DETERIORATION: gettext_noop("Deterioration"),
            Status.NOT_ASSESSABLE: gettext_noop("Unable to assess"),
        }
    )


@dataclass(frozen=True)
class EurostatConfig:
    """Eurostat's EU SDG monitoring method (see ``eurostat.py`` for the source and caveats).

    ``period_years``: 5 for the short-term assessment, 15 for the long-term one.
    With a target the ratio of actual to required CAGR is compared with
    ``ratio_significant`` / ``ratio_moderate`` / ``ratio_insufficient`` (95 % / 60 % / 0 %);
    without one the direction-adjusted CAGR with ``growth_significant`` /
    ``growth_moderate`` / ``growth_moderate_away`` (1 % / 0 % / -1 %).
    """

    period: Literal["short", "long"] = "short"
    period_years: int = 5
    min_points: int = 3
    min_span_years: int | None = None
    ratio_significant: float = 0.95
    ratio_moderate: float = 0.60
    ratio_insufficient: float = 0.0
    growth_significant: float = 0.01
    growth_moderate: float = 0.0
    growth_moderate_away: float = -0.01
    default_target_year: int = 2030
    max_age_years: int | None = None
    labels: Mapping[Status, str] = field(
        default_factory=lambda: {
            Status.SIGNIFICANT_PROGRESS: gettext_noop("Significant progress"),
            Status.MODERATE_PROGRESS: gettext_noop("Moderate progress"),
            Status.INSUFFICIENT_PROGRESS: gettext_noop("Insufficient progress"),
            Status.MOVEMENT_AWAY: gettext_noop("Movement away from the target"),
            Status.MODERATE_MOVEMENT_AWAY: gettext_noop("Moderate movement away"),
            Status.SIGNIFICANT_MOVEMENT_AWAY: gettext_noop("Significant movement away"),
            Status.NOT_ASSESSABLE: gettext_noop("Calculation of trend not possible"),
        }
    )

    @classmethod
    def short_term(cls, **overrides: Any) -> EurostatConfig:
        return cls(**{"period": "short", "period_years": 5, "min_points": 3, **overrides})

    @classmethod
    def long_term(cls, **overrides: Any) -> EurostatConfig:
        return cls(
            **{
                "period": "long",
                "period_years": 15,
                "min_points": 3,
                "min_span_years": 10,
                **overrides,
            }
        )


@dataclass(frozen=True)
class UNSDConfig:
    """UN Statistics Division progress chart (see ``unsd.py`` for the source and caveats).

    With a target: the ratio CR of expected change by the target year to required change
    is compared with ``ratio_on_track`` (0.95) and ``ratio_fair`` (0.10). Without one the
    direction-adjusted CAGR with ``growth_on_track`` (2 %) and ``growth_fair`` (0.5 %).
    ``bound_tolerance``: the note's "within 1 point of a 0 % or 100 % target counts as
    met" rule for percentage indicators; off (None) by default because the engine does
    not know units.
    """

    ratio_on_track: float = 0.95
    ratio_fair: float = 0.10
    growth_on_track: float = 0.02
    growth_fair: float = 0.005
    default_base_year: int | None = 2015
    default_target_year: int = 2030
    bound_tolerance: float | None = None
    max_age_years: int | None = None
    scores: Mapping[Status, int] = field(
        default_factory=lambda: {
            Status.TARGET_MET: 3,
            Status.ON_TRACK: 3,
            Status.FAIR_PROGRESS: 2,
            Status.STAGNATION_OR_REGRESSION: 1,
        }
    )
    labels: Mapping[Status, str] = field(
        default_factory=lambda: {
            Status.TARGET_MET: gettext_noop("Target met"),
            Status.ON_TRACK: gettext_noop("On track"),
            Status.FAIR_PROGRESS: gettext_noop("Fair progress, but acceleration needed"),
            Status.STAGNATION_OR_REGRESSION: gettext_noop("Stagnation or regression"),
            Status.NOT_ASSESSABLE: gettext_noop("Not assessed"),
        }
    )


@dataclass(frozen=True)
class LinearConfig:
    """Linear attainment: share of the base-to-target distance covered against the share
    of the period elapsed. On track when ``covered >= elapsed - tolerance``; at risk when
    some distance was covered (``covered > 0``) but less; off track otherwise, or when
    the target year has passed without the target being reached."""

    tolerance: float = 0.10
    default_base_year: int | None = None
    default_target_year: int | None = None
    max_age_years: int | None = None
    labels: Mapping[Status, str] = field(
        default_factory=lambda: {
            Status.ACHIEVED: gettext_noop("Achieved"),
            Status.ON_TRACK: gettext_noop("On track"),
            Status.AT_RISK: gettext_noop("At risk"),
            Status.OFF_TRACK: gettext_noop("Off track"),
            Status.NOT_ASSESSABLE: gettext_noop("Not assessed"),
        }
    )
