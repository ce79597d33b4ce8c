"""Linear attainment: the plain method most Polish offices use in strategy monitoring
reports ("stopień realizacji wskaźnika" against the share of the strategy period gone).

Source: no single published standard; this is the straight-line reading of a
baseline -> target commitment, made explicit here so it can be explained:

* share of the distance covered ``c = d * (y_t - y_0) / |x* - y_0|`` (1 = target reached,
  negative = moved away; ``d``/absolute value keep the sign right even when the base
  already met the target);
* share of the period elapsed ``e = (t - t_0) / (t* - t_0)``;
* achieved: the latest value meets the target (>= when higher is better, <= when lower);
* otherwise off track once the target year is reached; before it, on track when
  ``c >= e - tolerance`` (``tolerance`` configurable, 10 percentage points by default),
  at risk when some distance was covered (``c > 0``) but less, off track when none was
  or the indicator moved away.

Not assessable: neutral direction, no target value or year, no data (or stale data),
no value in or after the base year, no value after the base year (a trend needs two),
a target year not after the base year, a target equal to the base value (and not met).
"""

from __future__ import annotations

import numpy as np

from .common import (
    Outcome,
    assessed,
    batch_result,
    blank_inputs,
    clean_points,
    count_between,
    first_at_or_after,
    first_true,
    is_stale,
    last_true,
    masked,
    not_assessable,
    stale_array,
    take,
    take_year,
    usable_mask,
)
from .types import (
    Assessment,
    BatchResult,
    LinearConfig,
    Reason,
    SeriesArrays,
    SeriesInput,
    Status,
)

NAME = "linear"
MIN_POINTS = 2

INPUT_KEYS = (
    "requested_base_year",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_year",
    "target_value",
    "direction",
    "as_of_year",
    "max_age_years",
    "duplicate_year",
    "points_used",
    "min_points",
    "years_elapsed",
    "target_achieved",
    "share_covered",
    "share_elapsed",
    "ratio",
    "tolerance",
)
INT_KEYS = (
    "requested_base_year",
    "base_year",
    "latest_year",
    "target_year",
    "direction",
    "as_of_year",
    "max_age_years",
    "duplicate_year",
    "points_used",
    "min_points",
    "years_elapsed",
)
BOOL_KEYS = ("target_achieved",)


def assess_series(series: SeriesInput, config: LinearConfig) -> Assessment:
    d = series.direction.sign
    target = series.target_value
    target_year = series.target_year
    if target_year is None:
        target_year = config.default_target_year
    requested_base = series.base_year if series.base_year is not None else config.default_base_year
    inputs = blank_inputs(
        INPUT_KEYS,
        requested_base_year=requested_base,
        target_year=target_year,
        target_value=target,
        direction=d,
        as_of_year=series.as_of_year,
        max_age_years=config.max_age_years,
        min_points=MIN_POINTS,
        tolerance=config.tolerance,
    )
    labels = config.labels

    def fail(reason: Reason) -> Assessment:
        return not_assessable(NAME, reason, inputs, labels)

    if d == 0:
        return fail(Reason.NEUTRAL_DIRECTION)
    if target is None:
        return fail(Reason.NO_TARGET)
    if target_year is None:
        return fail(Reason.NO_TARGET_YEAR)
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
    achieved = (d == 1 and latest >= target) or (d == -1 and latest <= target)
    inputs.update(
        base_year=base_year,
        base_value=base,
        points_used=len(pts.years) - i,
        years_elapsed=latest_year - base_year,
        target_achieved=achieved,
    )
    if achieved:
        return assessed(NAME, Status.ACHIEVED, None, inputs, labels)
    if latest_year <= base_year:
        return fail(Reason.TOO_FEW_POINTS)
    if target_year <= base_year:
        return fail(Reason.TARGET_YEAR_NOT_AFTER_BASE)
    if target == base:
        return fail(Reason.TARGET_EQUALS_BASE)
    covered = d * (latest - base) / abs(target - base)
    elapsed = (latest_year - base_year) / (target_year - base_year)
    inputs.update(share_covered=covered, share_elapsed=elapsed, ratio=covered / elapsed)
    if latest_year >= target_year:
        status = Status.OFF_TRACK
    elif covered >= elapsed - config.tolerance:
        status = Status.ON_TRACK
    elif covered > 0:
        status = Status.AT_RISK
    else:
        status = Status.OFF_TRACK
    return assessed(NAME, status, None, inputs, labels)


def assess_arrays(a: SeriesArrays, config: LinearConfig) -> BatchResult:
    """The same rules as ``assess_series`` for N series at once."""
    n = len(a)
    years = a.years
    d = a.direction.astype(np.float64)
    target = a.target_value
    default_ty = np.nan if config.default_target_year is None else float(config.default_target_year)
    target_year = np.where(np.isnan(a.target_year), default_ty, a.target_year)
    default_base = np.nan if config.default_base_year is None else float(config.default_base_year)
    requested_base = np.where(np.isnan(a.base_year), default_base, a.base_year)
    mask = usable_mask(a)
    out = Outcome(n)

    out.fail(d == 0, Reason.NEUTRAL_DIRECTION)
    out.fail(np.isnan(target), Reason.NO_TARGET)
    out.fail(np.isnan(target_year), Reason.NO_TARGET_YEAR)
    configured = out.open.copy()
    li, has = last_true(mask)
    known_latest = has & configured
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
    years_elapsed = latest_year - base_year
    points_used = masked(known_base, count_between(mask, years, base_year, latest_year))
    achieved = ((d == 1) & (latest >= target)) | ((d == -1) & (latest <= target))
    out.decide(achieved & known_base, Status.ACHIEVED)
    out.fail(latest_year <= base_year, Reason.TOO_FEW_POINTS)
    out.fail(target_year <= base_year, Reason.TARGET_YEAR_NOT_AFTER_BASE)
    out.fail(target == base, Reason.TARGET_EQUALS_BASE)
    known = out.open.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        covered = masked(known, d * (latest - base) / np.abs(target - base))
        elapsed = masked(known, (latest_year - base_year) / (target_year - base_year))
        ratio = covered / elapsed
    out.decide(known & (latest_year >= target_year), Status.OFF_TRACK)
    with np.errstate(invalid="ignore"):
        out.decide(known & (covered >= elapsed - config.tolerance), Status.ON_TRACK)
        out.decide(known & (covered > 0), Status.AT_RISK)
    out.decide(known, Status.OFF_TRACK)

    inputs = {
        "requested_base_year": requested_base,
        "base_year": base_year,
        "base_value": base,
        "latest_year": latest_year,
        "latest_value": latest,
        "target_year": target_year,
        "target_value": target,
        "direction": d,
        "as_of_year": a.as_of_year,
        "duplicate_year": np.full(n, np.nan),
        "points_used": points_used,
        "years_elapsed": years_elapsed,
        "target_achieved": masked(known_base, achieved.astype(np.float64)),
        "share_covered": covered,
        "share_elapsed": elapsed,
        "ratio": ratio,
    }
    return batch_result(
        NAME,
        config,
        out,
        np.full(n, np.nan),
        inputs,
        INPUT_KEYS,
        INT_KEYS,
        BOOL_KEYS,
        constants={
            "max_age_years": config.max_age_years,
            "min_points": MIN_POINTS,
            "tolerance": config.tolerance,
        },
    )
