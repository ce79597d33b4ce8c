"""UN Statistics Division's SDG progress-chart method (trend assessment).

Source: "Sustainable Development Goals Progress Chart - Technical Note" (UNSD 2022 and
2023, https://unstats.un.org/sdgs/files/report/2023/Progress_Chart_Technical_Note_2023.pdf).
The note itself could not be read from this workplace; the formulas, cut-offs and
exceptions below follow the documented re-implementation of the 2023 note by EUSTAT
(repository ``EUSTAT-DES/site``, ``_pages/en/metodologia.md`` at commit
``10f3c702d7a2e175c52e128fc907419e86bc91c0``), recorded in
``docs/domain/progress_methods.md`` section D.3. UNSD's own five-level global chart
(cut-offs near 0.95 / 0.5 / 0.1 / -0.1) is not implemented because its labels and
cut-offs could not be verified; every cut-off here is configuration (``UNSDConfig``).

With a numerical target ``x*`` for year ``T`` (default 2030):

* ``CAGR_a = (v_t / v_b)^(1 / (t - b)) - 1``;
* expected value ``v_e = v_t * (1 + CAGR_a)^(T - t)`` (the observed growth continued);
* ``CR = d * (v_e - v_b) / |x* - v_b|`` (the note's ``(v_e - v_b) / (x* - v_b)`` when the
  target lies in the desired direction; the ``d``/absolute value keeps "moving away" negative
  when the base already met the target);
* CR >= 0.95 on track (score 3); 0.10 <= CR < 0.95 fair progress, acceleration needed (2);
  below: stagnation or regression (1).

Without a target: the direction-adjusted ``CAGR_a`` (sign flipped for negative series, as
sdg-build does): >= 2 % on track (3), >= 0.5 % fair progress (2), below (1).

Exceptions from the note (as EUSTAT lists them): a latest value that meets the target is
"target met" whatever the trend (score 3); optionally a latest value within
``bound_tolerance`` points of a 0 or 100 target counts as met (percentage indicators;
off by default); the base year is 2015 or, without a value there, the nearest year
before or after that still leaves two values (ties go to the later year); the target
year defaults to 2030 and a past target year is assessed with data up to that year;
at least two values. Zero base, sign change and a target equal to the base value make
the series not assessable.
"""

from __future__ import annotations

import math

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
    STATUS_CODE,
    Assessment,
    BatchResult,
    Reason,
    SeriesArrays,
    SeriesInput,
    Status,
    UNSDConfig,
)

NAME = "unsd"
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
    "sign",
    "as_of_year",
    "max_age_years",
    "duplicate_year",
    "points_used",
    "min_points",
    "years_elapsed",
    "target_met",
    "cagr_observed",
    "expected_value",
    "ratio",
    "progress_value",
    "threshold_high",
    "threshold_med",
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
)
BOOL_KEYS = ("target_met",)


def _cuts(config: UNSDConfig, with_target: bool) -> tuple[tuple[float, Status], ...]:
    if with_target:
        return ((config.ratio_on_track, Status.ON_TRACK), (config.ratio_fair, Status.FAIR_PROGRESS))
    return ((config.growth_on_track, Status.ON_TRACK), (config.growth_fair, Status.FAIR_PROGRESS))


def _met(d: int, latest: float, target: float, tolerance: float | None) -> bool:
    if (d == 1 and latest >= target) or (d == -1 and latest <= target):
        return True
    return tolerance is not None and target in (0, 100) and abs(latest - target) <= tolerance


def assess_series(series: SeriesInput, config: UNSDConfig) -> Assessment:
    d = series.direction.sign
    target = series.target_value
    with_target = target is not None
    target_year = series.target_year
    if target_year is None and with_target:
        target_year = config.default_target_year
    requested_base = series.base_year if series.base_year is not None else config.default_base_year
    cuts = _cuts(config, with_target)
    inputs = blank_inputs(
        INPUT_KEYS,
        requested_base_year=requested_base,
        target_year=target_year,
        target_value=target,
        direction=d,
        as_of_year=series.as_of_year,
        max_age_years=config.max_age_years,
        min_points=MIN_POINTS,
        threshold_high=cuts[0][0],
        threshold_med=cuts[1][0],
    )
    labels = config.labels

    def fail(reason: Reason) -> Assessment:
        return not_assessable(NAME, reason, inputs, labels)

    def done(status: Status) -> Assessment:
        return assessed(NAME, status, config.scores[status], inputs, labels)

    if d == 0:
        return fail(Reason.NEUTRAL_DIRECTION)
    pts = clean_points(series)
    if pts.duplicate_year is not None:
        inputs["duplicate_year"] = pts.duplicate_year
        return fail(Reason.DUPLICATE_YEAR)
    years, values = pts.years, pts.values
    if target_year is not None and with_target:  # past target year: data up to it
        keep = [k for k, y in enumerate(years) if y <= target_year]
        years, values = tuple(years[k] for k in keep), tuple(values[k] for k in keep)
    if not years:
        return fail(Reason.NO_DATA)
    latest_year, latest = years[-1], values[-1]
    inputs.update(latest_year=latest_year, latest_value=latest)
    if is_stale(latest_year, series.as_of_year, config.max_age_years):
        return fail(Reason.STALE_DATA)

    wanted = requested_base if requested_base is not None else years[0]
    candidates = [k for k, y in enumerate(years) if y < latest_year]
    if not candidates:
        inputs["points_used"] = len(years)
    else:
        # nearest to the wanted base year; on a tie the later year
        k = min(candidates, key=lambda k: (abs(years[k] - wanted), years[k] < wanted))
        base_year, base = years[k], values[k]
        inputs.update(
            base_year=base_year,
            base_value=base,
            sign=-1 if base < 0 else 1,
            points_used=len(years) - k,
            years_elapsed=latest_year - base_year,
        )
    if target is not None:
        met = _met(d, latest, target, config.bound_tolerance)
        inputs["target_met"] = met
        if met:
            return done(Status.TARGET_MET)
    if not candidates:
        return fail(Reason.TOO_FEW_POINTS)
    if base == 0:
        return fail(Reason.ZERO_BASE)
    if opposite_signs(base, latest):
        return fail(Reason.SIGN_CHANGE)
    cagr_a = cagr(latest, base, latest_year, base_year)
    inputs["cagr_observed"] = cagr_a
    if not with_target:
        value = inputs["sign"] * d * cagr_a
        inputs["progress_value"] = value
        return done(band(value, cuts, Status.STAGNATION_OR_REGRESSION))
    assert target is not None and target_year is not None
    try:
        expected = latest * (1 + cagr_a) ** (target_year - latest_year)
    except OverflowError:  # NumPy gives inf here; so do we
        expected = math.copysign(math.inf, latest)
    inputs["expected_value"] = expected
    if target == base:
        return fail(Reason.TARGET_EQUALS_BASE)
    ratio = d * (expected - base) / abs(target - base)
    inputs.update(ratio=ratio, progress_value=ratio)
    return done(band(ratio, cuts, Status.STAGNATION_OR_REGRESSION))


def assess_arrays(a: SeriesArrays, config: UNSDConfig) -> BatchResult:
    """The same rules as ``assess_series`` for N series at once."""
    n = len(a)
    years = a.years
    yf = years.astype(np.float64)
    d = a.direction.astype(np.float64)
    with_target = ~np.isnan(a.target_value)
    target = a.target_value
    target_year = np.where(
        np.isnan(a.target_year) & with_target, float(config.default_target_year), a.target_year
    )
    default_base = np.nan if config.default_base_year is None else float(config.default_base_year)
    requested_base = np.where(np.isnan(a.base_year), default_base, a.base_year)
    mask = usable_mask(a)
    mask &= ~(with_target[:, None] & (yf[None, :] > target_year[:, None]))
    out = Outcome(n)

    out.fail(d == 0, Reason.NEUTRAL_DIRECTION)
    li, has = last_true(mask)
    known_latest = has & (d != 0)
    out.fail(~has, Reason.NO_DATA)
    latest_year = take_year(years, li, known_latest)
    latest = take(a.values, li, known_latest)
    stale = stale_array(latest_year, a.as_of_year, config.max_age_years)
    out.fail(stale, Reason.STALE_DATA)

    fi, _ = first_true(mask)
    wanted = np.where(np.isnan(requested_base), yf[fi], requested_base)
    candidates = mask & (yf[None, :] < latest_year[:, None])
    # nearest to the wanted year; a tie goes to the later year (smaller key)
    key = 2 * np.abs(yf[None, :] - wanted[:, None]) + (yf[None, :] < wanted[:, None])
    key = np.where(candidates, key, np.inf)
    bi = np.argmin(key, axis=1)
    has_base = np.asarray(candidates.any(axis=1))
    known_base = known_latest & ~stale & has_base
    base_year = take_year(years, bi, known_base)
    base = take(a.values, bi, known_base)
    sign = masked(known_base, np.where(base < 0, -1.0, 1.0))
    years_elapsed = latest_year - base_year
    points_used = masked(known_base, count_between(mask, years, base_year, latest_year))
    points_used = np.where(known_latest & ~stale & ~has_base, 1.0, points_used)

    met = ((d == 1) & (latest >= target)) | ((d == -1) & (latest <= target))
    if config.bound_tolerance is not None:
        with np.errstate(invalid="ignore"):
            near = ((target == 0) | (target == 100)) & (
                np.abs(latest - target) <= config.bound_tolerance
            )
        met |= near
    met &= with_target
    out.decide(met & known_latest & ~stale, Status.TARGET_MET)
    out.fail(~has_base, Reason.TOO_FEW_POINTS)
    out.fail(base == 0, Reason.ZERO_BASE)
    out.fail(opposite_signs_array(base, latest), Reason.SIGN_CHANGE)
    known_growth = out.open.copy()
    cagr_a = masked(known_growth, cagr_array(latest, base, latest_year, base_year))

    growth_value = sign * d * cagr_a
    out.bands(
        known_growth & ~with_target,
        growth_value,
        _cuts(config, False),
        Status.STAGNATION_OR_REGRESSION,
    )
    known_expected = out.open.copy()
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        expected = masked(known_expected, latest * np.power(1 + cagr_a, target_year - latest_year))
    out.fail(target == base, Reason.TARGET_EQUALS_BASE)
    known_ratio = out.open.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = masked(known_ratio, d * (expected - base) / np.abs(target - base))
    out.bands(known_ratio, ratio, _cuts(config, True), Status.STAGNATION_OR_REGRESSION)

    score_by_code = np.full(len(Status), np.nan)
    for status, value in config.scores.items():
        score_by_code[STATUS_CODE[status]] = value
    score = score_by_code[out.status]

    t_cuts, g_cuts = _cuts(config, True), _cuts(config, False)
    inputs = {
        "requested_base_year": requested_base,
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
        "target_met": masked(known_latest & ~stale & with_target, met.astype(np.float64)),
        "cagr_observed": cagr_a,
        "expected_value": expected,
        "ratio": ratio,
        "progress_value": np.where(with_target, ratio, growth_value),
        "threshold_high": np.where(with_target, t_cuts[0][0], g_cuts[0][0]),
        "threshold_med": np.where(with_target, t_cuts[1][0], g_cuts[1][0]),
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
