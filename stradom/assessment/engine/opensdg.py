"""Open SDG / Statistics Canada progress measure, as Open SDG's sdg-build computes it.

Source followed to the letter: repository ``open-sdg/sdg-build``, file
``sdg/ProgressMeasure.py`` at commit ``139fede74ba534d2ed8b9eee4cd878b41f54cb67``
(classes ``IndicatorProgress`` / ``SeriesProgress``, functions ``growth_calculation``,
``get_progress_status``, ``get_progress_status_from_score``). Methodology text:
``open-sdg/open-sdg`` ``docs/progress-methodology.md`` (Statistics Canada, "Progress
Measurement Methodology for the Sustainable Development Goals").

What sdg-build does, and therefore what this does:

* Base year: the configured one (default 2015); if it has no value, the first year
  after it that has one. Latest year: the last year with a value.
* ``sign = -1`` if the base value is negative, else ``+1``; ``d = +1`` when higher is
  better, ``-1`` when lower is better.
* A target of 0 becomes 0.001 (also for "target achieved"); a base value of 0 becomes
  0.001 (after the sign and the limit coefficient were taken from the real base value).
* No value (not assessable) when base and latest values have opposite signs, or when
  latest year - base year < 1.
* Method 1 (no target): ``v = sign * d * CAGR(latest, base)`` against
  high/med/low = 1.5 % / 0.5 % / 0. A natural ``limit`` multiplies the three thresholds by
  ``C = 1`` if b >= 2L; ``1 - (b/L)^4.44`` if b <= L; else ``1 - ((2L - b)/L)^4.44``
  (b = |base|, L = |limit|) - applied whatever the direction, as the code does (the
  methodology text says only a limit in the desired direction counts; the code only
  warns).
* Method 2 (target): ``R = sign * d * CAGR_obs / |CAGR_req|`` against 95 % / 60 % / 0; the
  limit is ignored. Target achieved (latest >= target when higher is better, <= when
  lower is better) wins over everything, even when R cannot be computed; score 5.
* Status: target_achieved; v >= high substantial; >= med moderate; >= low limited; else
  deterioration. Score in [-5, 5] by sdg-build's ``get_score`` (its constants 7.1429,
  4.2857, 4.1667 kept as written). No rounding anywhere.

Where sdg-build would crash or print nonsense Stradom returns "not assessable" with a
reason instead (documented divergences): duplicate years (sdg-build raises), no value in
or after the base year (sdg-build fails on ``.item()`` of an empty selection), target
year not after the base year (ZeroDivisionError or a "growth" backwards in time), target
and base of opposite signs (Python gives a complex number), required growth of exactly
zero (ZeroDivisionError). A neutral direction is refused (sdg-build silently defaults to
"negative"). ``max_age_years`` staleness is a Stradom addition, off by default.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .common import (
    Outcome,
    assessed,
    band,
    batch_result,
    blank_inputs,
    cagr,
    cagr_array,
    clean_points,
    count_between,
    first_at_or_after,
    first_true,
    is_stale,
    last_true,
    masked,
    not_assessable,
    opposite_signs,
    opposite_signs_array,
    stale_array,
    take,
    take_year,
    usable_mask,
)
from .types import (
    Assessment,
    BatchResult,
    OpenSDGConfig,
    Reason,
    SeriesArrays,
    SeriesInput,
    Status,
)

NAME = "opensdg"
MIN_POINTS = 2

INPUT_KEYS = (
    "requested_base_year",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_year",
    "target_value",
    "limit",
    "direction",
    "sign",
    "as_of_year",
    "max_age_years",
    "duplicate_year",
    "points_used",
    "min_points",
    "years_elapsed",
    "calculation",
    "base_value_used",
    "target_value_used",
    "limit_coefficient",
    "threshold_high",
    "threshold_med",
    "threshold_low",
    "target_achieved",
    "cagr_observed",
    "cagr_required",
    "ratio",
    "progress_value",
)
INT_KEYS = (
    "requested_base_year",
    "base_year",
    "latest_year",
    "target_year",
    "direction",
    "sign",
    "as_of_year",
    "max_age_years",
    "duplicate_year",
    "points_used",
    "min_points",
    "years_elapsed",
    "calculation",
)
BOOL_KEYS = ("target_achieved",)


def limit_coefficient(base_value: float, limit: float, exponent: float) -> float:
    """sdg-build's threshold reduction near a natural limit (``get_progress_thresholds``)."""
    b = abs(base_value)
    lim = abs(limit)
    if b >= 2 * lim:  # checked first so that b == lim == 0 gives 1, as in sdg-build
        return 1
    if b <= lim:
        return 1 - (b / lim) ** exponent
    return 1 - ((2 * lim - b) / lim) ** exponent


def series_score(
    progress_value: float,
    calculation: int,
    high: float,
    med: float,
    low: float,
    coefficient: float,
) -> float:
    """sdg-build ``SeriesProgress.get_score`` for a series whose target is not achieved."""
    v = progress_value
    if calculation == 1:
        if v < low:
            return max(125 * v - 2.5, -5)
        if coefficient == 0:  # base value at the limit and not moving away: on track
            return 5
        if v >= high:
            return min(500 * v / coefficient - 5, 5)
        if v >= med:
            return 250 * v / coefficient - 1.25
        return 500 * v / coefficient - 2.5
    if v >= med:  # sdg-build has the same formula for v >= high and med <= v < high
        return min((7.1429 * v) - 4.2857, 5)
    return max((4.1667 * v) - 2.5, -5)


def assess_series(series: SeriesInput, config: OpenSDGConfig) -> Assessment:
    d = series.direction.sign
    target = series.target_value
    calculation = 1 if target is None else 2
    target_year = series.target_year
    if target_year is None and target is not None:
        target_year = config.default_target_year
    target_used = None
    if target is not None:
        target_used = config.zero_replacement if target == 0 else target
    requested_base = series.base_year if series.base_year is not None else config.default_base_year
    inputs = blank_inputs(
        INPUT_KEYS,
        requested_base_year=requested_base,
        target_year=target_year,
        target_value=target,
        target_value_used=target_used,
        limit=series.limit,
        direction=d,
        as_of_year=series.as_of_year,
        max_age_years=config.max_age_years,
        min_points=MIN_POINTS,
        calculation=calculation,
    )
    labels = config.labels

    def fail(reason: Reason) -> Assessment:
        return not_assessable(NAME, reason, inputs, labels)

    if d == 0:
        return fail(Reason.NEUTRAL_DIRECTION)
    pts = clean_points(series)
    if pts.duplicate_year is not None:
        inputs["duplicate_year"] = pts.duplicate_year
        return fail(Reason.DUPLICATE_YEAR)
    if not pts.years:
        return fail(Reason.NO_DATA)
    latest_year, latest = pts.years[-1], pts.values[-1]
    inputs.update(latest_year=latest_year, latest_value=latest)
    if is_stale(latest_year, series.as_of_year, config.max_age_years):
        return fail(Reason.STALE_DATA)
    i = first_at_or_after(pts.years, requested_base if requested_base is not None else pts.years[0])
    if i is None:
        return fail(Reason.NO_DATA_FROM_BASE_YEAR)
    base_year, base = pts.years[i], pts.values[i]
    sign = -1 if base < 0 else 1
    inputs.update(
        base_year=base_year,
        base_value=base,
        sign=sign,
        points_used=len(pts.years) - i,
        years_elapsed=latest_year - base_year,
    )

    # Thresholds, with the limit coefficient taken from the real (not 0.001) base value.
    coefficient = 1.0
    if calculation == 1:
        high, med, low = config.growth_high, config.growth_med, config.growth_low
        if series.limit is not None:
            coefficient = float(limit_coefficient(base, series.limit, config.limit_exponent))
            high, med, low = high * coefficient, med * coefficient, low * coefficient
            inputs["limit_coefficient"] = coefficient
    else:
        high, med, low = config.ratio_high, config.ratio_med, config.ratio_low
    inputs.update(threshold_high=high, threshold_med=med, threshold_low=low)

    achieved = target_used is not None and (
        (d == -1 and latest <= target_used) or (d == 1 and latest >= target_used)
    )
    inputs["target_achieved"] = achieved

    base_used = config.zero_replacement if base == 0 else base
    inputs["base_value_used"] = base_used
    reason, progress = _progress_value(
        inputs, d, sign, base_year, base_used, latest_year, latest, target_year, target_used
    )
    if achieved:
        return assessed(NAME, Status.TARGET_ACHIEVED, 5, inputs, labels)
    if reason is not None:
        return fail(reason)
    assert progress is not None
    status = band(
        progress,
        (
            (high, Status.SUBSTANTIAL_PROGRESS),
            (med, Status.MODERATE_PROGRESS),
            (low, Status.LIMITED_PROGRESS),
        ),
        Status.DETERIORATION,
    )
    score = series_score(progress, calculation, high, med, low, coefficient)
    return assessed(NAME, status, score, inputs, labels)


def _progress_value(
    inputs: dict,
    d: int,
    sign: int,
    base_year: int,
    base: float,
    latest_year: int,
    latest: float,
    target_year: int | None,
    target: float | None,
) -> tuple[Reason | None, float | None]:
    """sdg-build ``calculate_progress_value`` (+ ``methodology_1`` / ``methodology_2``)."""
    if opposite_signs(base, latest):
        return Reason.SIGN_CHANGE, None
    if latest_year - base_year < 1:
        return Reason.TOO_FEW_POINTS, None
    cagr_o = cagr(latest, base, latest_year, base_year)
    inputs["cagr_observed"] = cagr_o
    if target is None:
        progress = sign * d * cagr_o
        inputs["progress_value"] = progress
        return None, progress
    assert target_year is not None
    if target_year <= base_year:
        return Reason.TARGET_YEAR_NOT_AFTER_BASE, None
    if opposite_signs(target, base):
        return Reason.TARGET_SIGN, None
    cagr_r = cagr(target, base, target_year, base_year)
    inputs["cagr_required"] = cagr_r
    if cagr_r == 0:
        return Reason.TARGET_EQUALS_BASE, None
    progress = sign * d * cagr_o / abs(cagr_r)
    inputs.update(ratio=progress, progress_value=progress)
    return None, progress


def assess_arrays(a: SeriesArrays, config: OpenSDGConfig) -> BatchResult:
    """The same rules as ``assess_series`` for N series at once."""
    n = len(a)
    years = a.years
    d = a.direction.astype(np.float64)
    mask = usable_mask(a)
    out = Outcome(n)
    has_target = ~np.isnan(a.target_value)
    calculation = np.where(has_target, 2.0, 1.0)
    target_year = np.where(
        np.isnan(a.target_year) & has_target, float(config.default_target_year), a.target_year
    )
    target_used = np.where(a.target_value == 0, config.zero_replacement, a.target_value)
    default_base = np.nan if config.default_base_year is None else float(config.default_base_year)
    requested_base = np.where(np.isnan(a.base_year), default_base, a.base_year)

    out.fail(d == 0, Reason.NEUTRAL_DIRECTION)
    li, has = last_true(mask)
    known_latest = has & (d != 0)
    out.fail(~has, Reason.NO_DATA)
    latest_year = take_year(years, li, known_latest)
    latest = take(a.values, li, known_latest)
    stale = stale_array(latest_year, a.as_of_year, config.max_age_years)
    out.fail(stale, Reason.STALE_DATA)

    fi, _ = first_true(mask)
    wanted = np.where(np.isnan(requested_base), years[fi].astype(np.float64), requested_base)
    bi, has_base = first_true(mask & (years[None, :] >= wanted[:, None]))
    known_base = known_latest & ~stale & has_base
    out.fail(~has_base, Reason.NO_DATA_FROM_BASE_YEAR)
    base_year = take_year(years, bi, known_base)
    base = take(a.values, bi, known_base)
    sign = masked(known_base, np.where(base < 0, -1.0, 1.0))
    years_elapsed = latest_year - base_year
    points_used = masked(known_base, count_between(mask, years, base_year, latest_year))

    # Thresholds and limit coefficient (from the real base value).
    has_limit = ~np.isnan(a.limit) & (calculation == 1) & known_base
    b = np.abs(base)
    lim = np.abs(a.limit)
    with np.errstate(divide="ignore", invalid="ignore"):
        coefficient = np.where(
            b >= 2 * lim,
            1.0,
            np.where(
                b <= lim,
                1 - np.power(b / lim, config.limit_exponent),
                1 - np.power((2 * lim - b) / lim, config.limit_exponent),
            ),
        )
    coefficient = np.where(has_limit, coefficient, 1.0)

    def threshold(growth: float, ratio: float) -> np.ndarray:
        t1 = np.where(has_limit, growth * coefficient, growth)
        return masked(known_base, np.where(calculation == 1, t1, ratio))

    high = threshold(config.growth_high, config.ratio_high)
    med = threshold(config.growth_med, config.ratio_med)
    low = threshold(config.growth_low, config.ratio_low)

    achieved = (calculation == 2) & (
        ((d == -1) & (latest <= target_used)) | ((d == 1) & (latest >= target_used))
    )
    achieved &= known_base
    out.decide(achieved, Status.TARGET_ACHIEVED)

    base_used = np.where(base == 0, config.zero_replacement, base)
    sign_change = opposite_signs_array(base_used, latest)
    out.fail(sign_change, Reason.SIGN_CHANGE)
    too_few = years_elapsed < 1
    out.fail(too_few, Reason.TOO_FEW_POINTS)
    known_growth = known_base & ~sign_change & ~too_few
    cagr_o = masked(known_growth, cagr_array(latest, base_used, latest_year, base_year))

    m2 = calculation == 2
    year_bad = m2 & (target_year <= base_year)
    out.fail(year_bad, Reason.TARGET_YEAR_NOT_AFTER_BASE)
    target_sign = m2 & opposite_signs_array(target_used, base_used)
    out.fail(target_sign, Reason.TARGET_SIGN)
    known_required = known_growth & m2 & ~year_bad & ~target_sign
    cagr_r = masked(known_required, cagr_array(target_used, base_used, target_year, base_year))
    zero_required = known_required & (cagr_r == 0)
    out.fail(zero_required, Reason.TARGET_EQUALS_BASE)

    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = masked(known_required & ~zero_required, sign * d * cagr_o / np.abs(cagr_r))
    progress = np.where(m2, ratio, masked(known_growth, sign * d * cagr_o))
    _decide_bands(out, progress, high, med, low)

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        s1 = np.where(
            progress < low,
            np.maximum(125 * progress - 2.5, -5),
            np.where(
                coefficient == 0,
                5.0,
                np.where(
                    progress >= high,
                    np.minimum(500 * progress / coefficient - 5, 5),
                    np.where(
                        progress >= med,
                        250 * progress / coefficient - 1.25,
                        500 * progress / coefficient - 2.5,
                    ),
                ),
            ),
        )
        s2 = np.where(
            progress >= med,
            np.minimum((7.1429 * progress) - 4.2857, 5),
            np.maximum((4.1667 * progress) - 2.5, -5),
        )
    score = np.where(calculation == 1, s1, s2)
    score = np.where(achieved, 5.0, np.where(np.isnan(progress), np.nan, score))

    inputs = {
        "requested_base_year": requested_base,
        "base_year": base_year,
        "base_value": base,
        "latest_year": latest_year,
        "latest_value": latest,
        "target_year": target_year,
        "target_value": a.target_value,
        "limit": a.limit,
        "direction": d,
        "sign": sign,
        "as_of_year": a.as_of_year,
        "duplicate_year": np.full(n, np.nan),
        "points_used": points_used,
        "years_elapsed": years_elapsed,
        "calculation": calculation,
        "base_value_used": masked(known_base, base_used),
        "target_value_used": target_used,
        "limit_coefficient": masked(has_limit, coefficient),
        "threshold_high": high,
        "threshold_med": med,
        "threshold_low": low,
        "target_achieved": masked(known_base, achieved.astype(np.float64)),
        "cagr_observed": cagr_o,
        "cagr_required": cagr_r,
        "ratio": ratio,
        "progress_value": progress,
    }
    return batch_result(
        NAME,
        config,
        out,
        score,
        inputs,
        INPUT_KEYS,
        INT_KEYS,
        BOOL_KEYS,
        constants={"max_age_years": config.max_age_years, "min_points": MIN_POINTS},
    )


def _decide_bands(
    out: Outcome, progress: np.ndarray, high: np.ndarray, med: np.ndarray, low: np.ndarray
) -> None:
    """``band`` with per-series thresholds (they differ when a limit scales them)."""
    where = out.open.copy()
    with np.errstate(invalid="ignore"):
        out.decide(where & (progress >= high), Status.SUBSTANTIAL_PROGRESS)
        out.decide(where & (progress >= med), Status.MODERATE_PROGRESS)
        out.decide(where & (progress >= low), Status.LIMITED_PROGRESS)
    out.decide(where, Status.DETERIORATION)


def indicator_progress(results: Sequence[Assessment]) -> tuple[float | None, Status]:
    """sdg-build ``IndicatorProgress.get_indicator_progress``: the mean (``np.mean``) of the
    series scores that are not None, its status by ``get_progress_status_from_score``
    ([2.5, 5] substantial, [0, 2.5) moderate, [-2.5, 0) limited, [-5, -2.5) deterioration),
    and "target achieved" only when every scored series achieved its target."""
    scored = [r for r in results if r.score is not None]
    if not scored:
        return None, Status.NOT_ASSESSABLE
    score = float(np.mean([r.score for r in scored]))
    if all(r.status is Status.TARGET_ACHIEVED for r in scored):
        return score, Status.TARGET_ACHIEVED
    if 2.5 <= score <= 5:
        return score, Status.SUBSTANTIAL_PROGRESS
    if 0 <= score < 2.5:
        return score, Status.MODERATE_PROGRESS
    if -2.5 <= score < 0:
        return score, Status.LIMITED_PROGRESS
    return score, Status.DETERIORATION
