"""Weighted survey estimates with their uncertainty: shares, mean scores, NPS.

Plain Python and numpy, nothing from Django. Every function takes the *whole*
sample of a wave (one array element per respondent) and a boolean ``domain``
mask that says which respondents the estimate is about (a district, women, the
respondents who gave a valid answer…), and returns an :class:`Estimate`.

The design
----------
Respondents are treated as a single-stage sample drawn **with replacement**
with unequal probabilities; the weight ``w_i`` is the inverse of the selection
probability (or a calibrated weight, whose calibration is ignored: this is
conservative). No strata and no clusters: city surveys of residents and clients
give us none. It is the design of R ``survey::svydesign(ids = ~1, weights = ~w)``
and of Stata ``svyset [pweight = w]``, and those tools give the same numbers.

Every statistic here is a *ratio* ``R = Σ w y / Σ w`` over the domain ``d``
(a share is the ratio with ``y`` = 1 for the chosen answers and 0 otherwise; a
mean score the ratio with ``y`` = the answer; NPS the ratio with ``y`` = +1
for a promoter, −1 for a detractor, 0 for a passive, times 100).

Variance by linearisation (Taylor series): the ratio's linearised variable is

    u_i = d_i · w_i · (y_i − R) / Σ_d w

and under with-replacement sampling of the n respondents of the wave

    V(R) = n / (n − 1) · Σ_i (u_i − ū)²        (ū = 0 here, since Σ d w (y − R) = 0)

— Särndal, Swensson & Wretman (1992), *Model Assisted Survey Sampling*,
§5.6 (ratio) and §10.3 (domains); Wolter (2007), *Introduction to Variance
Estimation*, 2nd ed., ch. 6. A domain keeps the full ``n`` with ``u_i = 0``
outside it (the "subpopulation" estimator of Stata's ``svy, subpop()`` and R's
``subset()`` on a design), so the domain's own size is treated as random.
This variance equals the heteroskedasticity-robust (HC1) variance of the
intercept of a weighted least-squares fit of ``y`` on a constant with weights
``w d``, which is how the tests check it against statsmodels.

Kish's effective sample size ``(Σ w)² / Σ w²`` over the domain is reported
with every estimate, as is the unweighted base (respondents in the domain).

Confidence intervals (95 % by default)
--------------------------------------
* **share**: Wilson's score interval computed with the *design-based
  effective sample size* ``n* = p(1 − p) / V(p)`` in place of ``n`` (Kott &
  Carr 1997; evaluated by Dean & Pagano 2015, *Evaluating confidence interval
  methods for binomial proportions in clustered surveys*, J. Surv. Stat.
  Methodol. 3:484–503). It stays inside [0, 1], does not collapse to a point
  when p is 0 or 1, and reflects the weighting through ``V(p)``. With equal
  weights ``n* = n − 1``. When ``p`` is 0 or 1 the linearised variance is 0,
  so Kish's effective n stands in for ``n*``.
* **mean** and **NPS**: the normal interval ``R ± z·√V``, clipped to the
  possible range of the statistic (the answer scale, or −100…100).

Suppression: an estimate whose unweighted base is below ``min_base`` is
returned with ``suppressed=True`` and no value, interval or standard error —
what is not published is not computed into anything that could leak.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

Z_95 = 1.959963984540054  # the 0.975 quantile of the standard normal
DEFAULT_MIN_BASE = 30

SHARE = "share"
MEAN = "mean"
NPS = "nps"
STATISTICS = (SHARE, MEAN, NPS)

# Net Promoter Score on the 0–10 "how likely are you to recommend" scale.
NPS_PROMOTERS = (9, 10)
NPS_DETRACTORS = (0, 1, 2, 3, 4, 5, 6)

CI_WILSON_DESIGN = "wilson, design-based effective n (Kott & Carr 1997)"
CI_NORMAL = "normal, linearised variance"


@dataclass(frozen=True, slots=True)
class Estimate:
    """One weighted estimate. Shares are proportions (0–1) here; the service scales them."""

    statistic: str
    value: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    base_n: int  # respondents in the domain (unweighted)
    weighted_base: float  # Σ w over the domain
    n_eff_kish: float  # (Σ w)² / Σ w² over the domain
    deff: float | None  # V(R) / V_srs(R), the design effect of the weighting
    ci_method: str
    suppressed: bool = False


def kish_effective_n(weights: np.ndarray) -> float:
    """Kish's effective sample size ``(Σ w)² / Σ w²``; 0 for an empty sample."""
    w = np.asarray(weights, dtype=float)
    s2 = float(np.dot(w, w))
    return float(w.sum()) ** 2 / s2 if s2 > 0 else 0.0


def linearised_ratio(
    y: np.ndarray, weights: np.ndarray, domain: np.ndarray
) -> tuple[float, float, int, float, float]:
    """(R, V(R), domain n, Σ w over the domain, Kish n over the domain); see the module doc."""
    w = np.asarray(weights, dtype=float)
    d = np.asarray(domain, dtype=bool)
    n = int(w.shape[0])
    wd = np.where(d, w, 0.0)
    total = float(wd.sum())
    base = int(d.sum())
    if base == 0 or total <= 0:
        return math.nan, math.nan, base, total, 0.0
    yd = np.where(d, np.asarray(y, dtype=float), 0.0)
    ratio = float(np.dot(wd, yd)) / total
    u = wd * (yd - ratio) / total
    u -= u.mean()  # zero up to rounding; kept so the formula is the textbook one
    variance = n / (n - 1) * float(np.dot(u, u)) if n > 1 else math.nan
    return ratio, variance, base, total, kish_effective_n(w[d])


def _wilson(p: float, n_eff: float, z: float) -> tuple[float, float]:
    """Wilson's score interval for a proportion ``p`` from an (effective) sample of ``n_eff``."""
    if n_eff <= 0:
        return 0.0, 1.0
    z2n = z * z / n_eff
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n_eff + z2n / (4 * n_eff))
    return max(0.0, centre - half), min(1.0, centre + half)


def _suppressed(statistic, base, total, kish, method) -> Estimate:
    return Estimate(statistic, None, None, None, None, base, total, kish, None, method, True)


def _srs_variance(y: np.ndarray, domain: np.ndarray) -> float:
    """The variance of the unweighted mean over the domain under simple random sampling."""
    yd = np.asarray(y, dtype=float)[np.asarray(domain, dtype=bool)]
    m = yd.shape[0]
    return float(yd.var(ddof=1)) / m if m > 1 else math.nan


def weighted_share(
    selected: np.ndarray,
    weights: np.ndarray,
    domain: np.ndarray,
    *,
    z: float = Z_95,
    min_base: int = 0,
) -> Estimate:
    """The weighted share of the domain for which ``selected`` is true (a proportion 0–1)."""
    y = np.asarray(selected, dtype=bool).astype(float)
    p, var, base, total, kish = linearised_ratio(y, weights, domain)
    if base < max(min_base, 1) or not math.isfinite(p):
        return _suppressed(SHARE, base, total, kish, CI_WILSON_DESIGN)
    # Guard the tiny negative or positive noise of floating point at p = 0 or 1.
    p = min(1.0, max(0.0, p))
    n_design = p * (1 - p) / var if var > 0 and 0 < p < 1 else kish
    low, high = _wilson(p, n_design, z)
    low, high = min(low, p), max(high, p)
    srs = p * (1 - p) / (base - 1) if base > 1 else math.nan
    deff = var / srs if srs and srs > 0 and math.isfinite(var) else None
    return Estimate(SHARE, p, math.sqrt(var), low, high, base, total, kish, deff, CI_WILSON_DESIGN)


def weighted_mean(
    values: np.ndarray,
    weights: np.ndarray,
    domain: np.ndarray,
    *,
    bounds: tuple[float, float] | None = None,
    z: float = Z_95,
    min_base: int = 0,
) -> Estimate:
    """The weighted mean of ``values`` over the domain (e.g. the mean score on a 1–5 scale).

    ``values`` outside the domain are ignored (they may be NaN).
    """
    y = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    m, var, base, total, kish = linearised_ratio(y, weights, domain)
    if base < max(min_base, 1) or not math.isfinite(m):
        return _suppressed(MEAN, base, total, kish, CI_NORMAL)
    return _normal(MEAN, m, var, base, total, kish, _srs_variance(y, domain), bounds, z)


def net_promoter_score(
    values: np.ndarray,
    weights: np.ndarray,
    domain: np.ndarray,
    *,
    z: float = Z_95,
    min_base: int = 0,
) -> Estimate:
    """Net Promoter Score on a 0–10 scale: % promoters (9–10) − % detractors (0–6), −100…100."""
    v = np.nan_to_num(np.asarray(values, dtype=float), nan=-1.0)
    y = np.isin(v, NPS_PROMOTERS).astype(float) - np.isin(v, NPS_DETRACTORS).astype(float)
    r, var, base, total, kish = linearised_ratio(y, weights, domain)
    if base < max(min_base, 1) or not math.isfinite(r):
        return _suppressed(NPS, base, total, kish, CI_NORMAL)
    srs = _srs_variance(y, domain)
    est = _normal(NPS, r, var, base, total, kish, srs, (-1.0, 1.0), z)
    return Estimate(
        NPS,
        100 * est.value,
        100 * est.se,
        100 * est.ci_low,
        100 * est.ci_high,
        base,
        total,
        kish,
        est.deff,
        CI_NORMAL,
    )


def _normal(statistic, value, var, base, total, kish, srs, bounds, z) -> Estimate:
    se = math.sqrt(var) if math.isfinite(var) else math.nan
    low, high = value - z * se, value + z * se
    if bounds is not None:
        low, high = max(bounds[0], low), min(bounds[1], high)
    deff = var / srs if srs and srs > 0 and math.isfinite(var) else None
    return Estimate(statistic, value, se, low, high, base, total, kish, deff, CI_NORMAL)


def estimate(
    statistic: str,
    answers: np.ndarray,
    weights: np.ndarray,
    domain: np.ndarray,
    *,
    categories: Iterable[int] = (),
    bounds: tuple[float, float] | None = None,
    min_base: int = DEFAULT_MIN_BASE,
    z: float = Z_95,
) -> Estimate:
    """Dispatch on ``statistic`` (``share``, ``mean``, ``nps``); ``answers`` are codes (NaN: none).

    ``domain`` must already leave out respondents without a valid answer; for a
    share, ``categories`` are the answer codes counted as "yes".
    """
    if statistic == SHARE:
        selected = np.isin(np.asarray(answers, dtype=float), list(categories))
        return weighted_share(selected, weights, domain, z=z, min_base=min_base)
    if statistic == MEAN:
        return weighted_mean(answers, weights, domain, bounds=bounds, z=z, min_base=min_base)
    if statistic == NPS:
        return net_promoter_score(answers, weights, domain, z=z, min_base=min_base)
    raise ValueError(f"unknown statistic {statistic!r}")
