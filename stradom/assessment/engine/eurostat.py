"""Eurostat's method of the EU SDG monitoring report ("Sustainable development in the
European Union - Monitoring report on progress towards the SDGs in an EU context",
methodological annex), short term (last 5 years of data) and long term (last 15 years).

Source and how sure we are: the annex text itself could not be read from this
workplace (only the opening pages of the 2020 edition and Eurostat's Statistics
Explained introduction were reachable). The rules below are those recorded in
``docs/domain/progress_methods.md`` section D.1, cross-checked with the two
re-implementations that cite Eurostat: Statistics Canada's method (open-sdg
``docs/progress-methodology.md``, "inspired by the progress methodology used by
Eurostat": same 95 % / 60 % / 0 % ratio cut-offs) and EUSTAT's ``SeriesProgressEustat``
("Umbrales Eurostat"). Every cut-off and period is configuration
(``EurostatConfig``), so an office can align them with the edition it follows.
Not verified against the annex: the 1 % / 0 % / -1 % no-target cut-offs (newer
editions may add a neutral band), whether boundaries are inclusive, the minimum of 3
values for the short term and the 10-year minimum span for the long term, and how a
target already met is shown (here: significant progress).

Rules:

* Period: latest year ``t`` and ``t - period_years``; if that year has no value, the
  first year after it that has one (the window shrinks, it never reaches back).
* Growth: ``CAGR = (y_t / y_0)^(1 / (t - t_0)) - 1``. Negative series flip the direction
  (``sign``, as sdg-build does: the annex assumes positive values).
* With a target ``x*`` in year ``t*``: required ``CAGR_r = (x* / y_0)^(1 / (t* - t_0)) - 1``,
  ``RAR = sign * d * CAGR / |CAGR_r|`` (equal to ``CAGR / CAGR_r`` when the target lies in
  the desired direction). RAR >= 95 % significant progress, >= 60 % moderate progress,
  >= 0 % insufficient progress, below: movement away from the target.
* Without a target: ``v = sign * d * CAGR``: >= 1 % significant progress, >= 0 %
  moderate progress, >= -1 % moderate movement away, below: significant movement away.
* Not assessable: neutral direction, no data, stale data, fewer than ``min_points``
  values in the window, a long-term window shorter than ``min_span_years``, a zero base
  value, base and latest of opposite signs, a target year not after the base year, a
  target of the opposite sign, a target equal to the base value. Eurostat has no
  0.001 substitution: a zero base is refused.
"""

from __future__ import annotations

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
    EurostatConfig,
    Reason,
    SeriesArrays,
    SeriesInput,
    Status,
)

NAME = "eurostat"

INPUT_KEYS = (
    "period_years",
    "window_start",
    "base_year",
    "base_value",
    "latest_year",
    "latest_value",
    "target_year",
    "target_value",
    "direction",
    "sign",
    "as_of_year",
    "max_age_years",
    "duplicate_year",
    "points_used",
    "min_points",
    "years_elapsed",
    "min_span_years",
    "target_met",
    "cagr_observed",
    "cagr_required",
    "ratio",
    "progress_value",
    "threshold_high",
    "threshold_med",
    "threshold_low",
)
INT_KEYS = (
    "period_years",
    "window_start",
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
    "min_span_years",
)
BOOL_KEYS = ("target_met",)


def _cuts(config: EurostatConfig, with_target: bool) -> tuple[tuple[float, Status], ...]:
    if with_target:
        return (
            (config.ratio_significant, Status.SIGNIFICANT_PROGRESS),
            (config.ratio_moderate, Status.MODERATE_PROGRESS),
            (config.ratio_insufficient, Status.INSUFFICIENT_PROGRESS),
        )
    return (
        (config.growth_significant, Status.SIGNIFICANT_PROGRESS),
        (config.growth_moderate, Status.MODERATE_PROGRESS),
        (config.growth_moderate_away, Status.MODERATE_MOVEMENT_AWAY),
    )


def _below(with_target: bool) -> Status:
    return Status.MOVEMENT_AWAY if with_target else Status.SIGNIFICANT_MOVEMENT_AWAY


def assess_series(series: SeriesInput, config: EurostatConfig) -> Assessment:
    d = series.direction.sign
    target = series.target_value
    with_target = target is not None
    target_year = series.target_year
    if target_year is None and with_target:
        target_year = config.default_target_year
    cuts = _cuts(config, with_target)
    min_points = max(config.min_points, 2)
    inputs = blank_inputs(
        INPUT_KEYS,
        period_years=config.period_years,
        target_year=target_year,
        target_value=target,
        direction=d,
        as_of_year=series.as_of_year,
        max_age_years=config.max_age_years,
        min_points=min_points,
        min_span_years=config.min_span_years,
        threshold_high=cuts[0][0],
        threshold_med=cuts[1][0],
        threshold_low=cuts[2][0],
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
    window_start = latest_year - config.period_years
    i = first_at_or_after(pts.years, window_start)
    assert i is not None  # the latest year itself is in the window
    base_year, base = pts.years[i], pts.values[i]
    sign = -1 if base < 0 else 1
    inputs.update(
        window_start=window_start,
        base_year=base_year,
        base_value=base,
        sign=sign,
        points_used=len(pts.years) - i,
        years_elapsed=latest_year - base_year,
    )
    if target is not None:
        met = (d == 1 and latest >= target) or (d == -1 and latest <= target)
        inputs["target_met"] = met
        if met:
            return assessed(NAME, Status.SIGNIFICANT_PROGRESS, None, inputs, labels)
    if inputs["points_used"] < min_points:
        return fail(Reason.TOO_FEW_POINTS)
    if config.min_span_years is not None and inputs["years_elapsed"] < config.min_span_years:
        return fail(Reason.SPAN_TOO_SHORT)
    if base == 0:
        return fail(Reason.ZERO_BASE)
    if opposite_signs(base, latest):
        return fail(Reason.SIGN_CHANGE)
    cagr_o = cagr(latest, base, latest_year, base_year)
    inputs["cagr_observed"] = cagr_o
    if not with_target:
        value = sign * d * cagr_o
        inputs["progress_value"] = value
        return assessed(NAME, band(value, cuts, _below(False)), None, inputs, labels)
    assert target is not None and target_year is not None
    if target_year <= base_year:
        return fail(Reason.TARGET_YEAR_NOT_AFTER_BASE)
    if opposite_signs(target, base):
        return fail(Reason.TARGET_SIGN)
    cagr_r = cagr(target, base, target_year, base_year)
    inputs["cagr_required"] = cagr_r
    if cagr_r == 0:
        return fail(Reason.TARGET_EQUALS_BASE)
    ratio = sign * d * cagr_o / abs(cagr_r)
    inputs.update(ratio=ratio, progress_value=ratio)
    return assessed(NAME, band(ratio, cuts, _below(True)), None, inputs, labels)


def assess_arrays(a: SeriesArrays, config: EurostatConfig) -> BatchResult:
    """The same rules as ``assess_series`` for N series at once."""
    n = len(a)
    years = a.years
    d = a.direction.astype(np.float64)
    mask = usable_mask(a)
    out = Outcome(n)
    with_target = ~np.isnan(a.target_value)
    target = a.target_value
    target_year = np.where(
        np.isnan(a.target_year) & with_target, float(config.default_target_year), a.target_year
    )
    min_points = max(config.min_points, 2)

    out.fail(d == 0, Reason.NEUTRAL_DIRECTION)
    li, has = last_true(mask)
    known_latest = has & (d != 0)
    out.fail(~has, Reason.NO_DATA)
    latest_year = take_year(years, li, known_latest)
    latest = take(a.values, li, known_latest)
    stale = stale_array(latest_year, a.as_of_year, config.max_age_years)
    out.fail(stale, Reason.STALE_DATA)
    known_base = known_latest & ~stale

    window_start = latest_year - config.period_years
    bi, _ = first_true(mask & (years[None, :] >= window_start[:, None]))
    base_year = take_year(years, bi, known_base)
    base = take(a.values, bi, known_base)
    sign = masked(known_base, np.where(base < 0, -1.0, 1.0))
    years_elapsed = latest_year - base_year
    points_used = masked(known_base, count_between(mask, years, base_year, latest_year))

    met = with_target & (((d == 1) & (latest >= target)) | ((d == -1) & (latest <= target)))
    out.decide(met & known_base, Status.SIGNIFICANT_PROGRESS)
    out.fail(points_used < min_points, Reason.TOO_FEW_POINTS)
    if config.min_span_years is not None:
        out.fail(years_elapsed < config.min_span_years, Reason.SPAN_TOO_SHORT)
    out.fail(base == 0, Reason.ZERO_BASE)
    out.fail(opposite_signs_array(base, latest), Reason.SIGN_CHANGE)
    # Rows still open here, or decided by a status after this point, have a growth rate.
    known_growth = out.open.copy()
    cagr_o = masked(known_growth, cagr_array(latest, base, latest_year, base_year))

    growth_value = sign * d * cagr_o
    out.bands(known_growth & ~with_target, growth_value, _cuts(config, False), _below(False))

    out.fail(target_year <= base_year, Reason.TARGET_YEAR_NOT_AFTER_BASE)
    out.fail(opposite_signs_array(target, base), Reason.TARGET_SIGN)
    known_required = out.open.copy()
    cagr_r = masked(known_required, cagr_array(target, base, target_year, base_year))
    out.fail(cagr_r == 0, Reason.TARGET_EQUALS_BASE)
    known_ratio = out.open.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = masked(known_ratio, sign * d * cagr_o / np.abs(cagr_r))
    out.bands(known_ratio, ratio, _cuts(config, True), _below(True))

    t_cuts, g_cuts = _cuts(config, True), _cuts(config, False)

    def threshold(k: int) -> np.ndarray:
        return np.where(with_target, t_cuts[k][0], g_cuts[k][0])

    inputs = {
        "window_start": masked(known_base, window_start),
        "base_year": base_year,
        "base_value": base,
        "latest_year": latest_year,
        "latest_value": latest,
        "target_year": target_year,
        "target_value": target,
        "direction": d,
        "sign": sign,
        "as_of_year": a.as_of_year,
        "duplicate_year": np.full(n, np.nan),
        "points_used": points_used,
        "years_elapsed": years_elapsed,
        "target_met": masked(known_base & with_target, met.astype(np.float64)),
        "cagr_observed": cagr_o,
        "cagr_required": cagr_r,
        "ratio": ratio,
        "progress_value": np.where(with_target, ratio, growth_value),
        "threshold_high": threshold(0),
        "threshold_med": threshold(1),
        "threshold_low": threshold(2),
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
            "period_years": config.period_years,
            "max_age_years": config.max_age_years,
            "min_points": min_points,
            "min_span_years": config.min_span_years,
        },
    )
