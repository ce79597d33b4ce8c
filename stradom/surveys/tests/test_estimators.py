"""The estimator core against an independent reference (statsmodels) and by simulation.

What is compared, and why the two agree:

* The weighted mean / share is the intercept of a weighted least-squares fit
  of ``y`` on a constant, and equals ``DescrStatsW(y, w).mean``.
* Our linearised variance ``n/(n−1) Σ w²(y − R)² / (Σw)²`` is, term for term,
  the HC1 (heteroskedasticity-robust, small-sample factor ``n/(n−k)`` with
  ``k = 1``) variance of that WLS intercept: statsmodels' sandwich
  ``(X'WX)⁻¹ X'W diag(e²) W X (X'WX)⁻¹`` with ``X = 1`` is ``Σ w² e² / (Σ w)²``.
  A domain estimate is the same fit with weight 0 outside the domain (the rows
  stay in ``n``), which is the "subpopulation" estimator we implement.
* With equal weights, ``DescrStatsW.std_mean`` (frequency-weight formula
  ``s / √n``) equals the linearised standard error exactly, which checks the
  ``n/(n−1)`` factor from a second, differently written formula.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import statsmodels.api as sm
from statsmodels.stats.weightstats import DescrStatsW

from stradom.surveys import estimators as est


def _wls_hc1(y, w):
    fit = sm.WLS(np.asarray(y, dtype=float), np.ones((len(y), 1)), weights=w).fit(cov_type="HC1")
    return float(fit.params[0]), float(fit.bse[0])


@pytest.fixture
def sample():
    rng = np.random.default_rng(20240601)
    n = 800
    weights = rng.lognormal(mean=0.0, sigma=0.6, size=n)
    answers = rng.integers(1, 6, size=n).astype(float)
    district = rng.integers(0, 3, size=n)
    return answers, weights, district


def test_weighted_mean_and_its_standard_error_match_statsmodels(sample):
    answers, weights, _ = sample
    everyone = np.ones(len(answers), dtype=bool)
    ours = est.weighted_mean(answers, weights, everyone)
    ref_mean, ref_se = _wls_hc1(answers, weights)
    assert ours.value == pytest.approx(DescrStatsW(answers, weights=weights).mean, rel=1e-12)
    assert ours.value == pytest.approx(ref_mean, rel=1e-12)
    assert ours.se == pytest.approx(ref_se, rel=1e-9)
    assert ours.base_n == 800
    assert ours.n_eff_kish == pytest.approx(weights.sum() ** 2 / (weights**2).sum(), rel=1e-12)
    assert ours.ci_low == pytest.approx(ours.value - est.Z_95 * ref_se, rel=1e-9)
    assert ours.ci_high == pytest.approx(ours.value + est.Z_95 * ref_se, rel=1e-9)


def test_weighted_share_in_a_district_matches_statsmodels_with_zero_weights_outside(sample):
    answers, weights, district = sample
    satisfied = np.isin(answers, [4, 5])
    in_district = district == 1
    ours = est.weighted_share(satisfied, weights, in_district)
    ref_p, ref_se = _wls_hc1(satisfied.astype(float), np.where(in_district, weights, 0.0))
    reference = DescrStatsW(satisfied[in_district].astype(float), weights=weights[in_district])
    assert ours.value == pytest.approx(reference.mean, rel=1e-12)
    assert ours.value == pytest.approx(ref_p, rel=1e-12)
    assert ours.se == pytest.approx(ref_se, rel=1e-9)
    assert ours.base_n == int(in_district.sum())
    assert 0 <= ours.ci_low < ours.value < ours.ci_high <= 1


def test_with_equal_weights_the_standard_error_is_the_textbook_one():
    rng = np.random.default_rng(7)
    y = rng.integers(1, 6, size=250).astype(float)
    w = np.ones(250)
    ours = est.weighted_mean(y, w, np.ones(250, dtype=bool))
    reference = DescrStatsW(y, weights=w)
    assert ours.se == pytest.approx(reference.std_mean, rel=1e-12)
    assert ours.se == pytest.approx(y.std(ddof=1) / math.sqrt(250), rel=1e-12)
    assert ours.n_eff_kish == pytest.approx(250.0)
    assert ours.deff == pytest.approx(1.0)


def test_share_interval_with_equal_weights_is_wilson_with_n_minus_one():
    # 30 of 100 satisfied: p = 0.3, V = p(1 − p)/(n − 1), so the effective n is 99.
    selected = np.array([True] * 30 + [False] * 70)
    ours = est.weighted_share(selected, np.ones(100), np.ones(100, dtype=bool))
    n, p, z = 99, 0.3, est.Z_95
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert ours.value == pytest.approx(0.3)
    assert ours.se == pytest.approx(math.sqrt(0.21 / 99))
    assert ours.ci_low == pytest.approx(centre - half)
    assert ours.ci_high == pytest.approx(centre + half)


def test_share_of_zero_keeps_an_interval_inside_zero_and_one():
    selected = np.zeros(40, dtype=bool)
    ours = est.weighted_share(selected, np.full(40, 2.0), np.ones(40, dtype=bool))
    assert ours.value == 0.0
    assert ours.ci_low == 0.0
    # Wilson with n = 40 (Kish) at p = 0: upper bound z² / (n + z²).
    assert ours.ci_high == pytest.approx(est.Z_95**2 / (40 + est.Z_95**2))


def test_kish_effective_n():
    assert est.kish_effective_n(np.array([1.0, 1.0, 2.0, 2.0])) == pytest.approx(3.6)
    assert est.kish_effective_n(np.array([])) == 0.0


def test_net_promoter_score_is_promoters_minus_detractors():
    answers = np.array([10, 9, 8, 7, 6, 0, np.nan])
    weights = np.array([2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 5.0])
    valid = ~np.isnan(answers)
    ours = est.net_promoter_score(answers, weights, valid)
    # promoters 3 of 7 weighted, detractors 2 of 7: (3 − 2) / 7 × 100
    assert ours.value == pytest.approx(100 / 7)
    assert ours.base_n == 6
    y = np.array([1, 1, 0, 0, -1, -1, 0.0])
    _, ref_se = _wls_hc1(y, np.where(valid, weights, 0.0))
    assert ours.se == pytest.approx(100 * ref_se, rel=1e-9)
    assert -100 <= ours.ci_low < ours.value < ours.ci_high <= 100


def test_estimate_below_the_minimum_base_is_suppressed_without_numbers():
    answers = np.array([5.0] * 29)
    ours = est.estimate(
        "share", answers, np.ones(29), np.ones(29, dtype=bool), categories=[4, 5], min_base=30
    )
    assert ours.suppressed is True
    assert (ours.value, ours.se, ours.ci_low, ours.ci_high) == (None, None, None, None)
    assert ours.base_n == 29


def test_mean_interval_is_clipped_to_the_scale():
    answers = np.array([5.0] * 35 + [1.0])
    ours = est.estimate("mean", answers, np.ones(36), np.ones(36, dtype=bool), bounds=(1, 5))
    assert ours.ci_high == 5.0
    assert ours.ci_low < ours.value


def _population(rng, size=20_000):
    """Two kinds of residents: a small district where most are satisfied, the rest less so."""
    small = rng.random(size) < 0.2
    satisfied = np.where(small, rng.random(size) < 0.75, rng.random(size) < 0.40)
    score = np.where(satisfied, rng.integers(4, 6, size), rng.integers(1, 4, size))
    return small, score


def test_share_interval_covers_the_true_share_at_the_stated_rate():
    """400 unequal-probability samples: the 95 % interval covers the truth 92–98 % of times."""
    rng = np.random.default_rng(12345)
    small, score = _population(rng)
    truth = float(np.isin(score, [4, 5]).mean())
    # The small district is sampled four times as often; weights undo it.
    size_measure = np.where(small, 4.0, 1.0)
    prob = size_measure / size_measure.sum()
    n, reps, covered = 500, 400, 0
    for _ in range(reps):
        idx = rng.choice(len(score), size=n, replace=True, p=prob)
        w = 1.0 / (n * prob[idx])
        e = est.weighted_share(np.isin(score[idx], [4, 5]), w, np.ones(n, dtype=bool), min_base=30)
        covered += e.ci_low <= truth <= e.ci_high
    assert 0.92 <= covered / reps <= 0.98, covered


def test_mean_interval_covers_the_true_mean_in_a_domain_at_the_stated_rate():
    rng = np.random.default_rng(54321)
    small, score = _population(rng)
    truth = float(score[small].mean())
    size_measure = np.where(small, 4.0, 1.0)
    prob = size_measure / size_measure.sum()
    n, reps, covered = 400, 400, 0
    for _ in range(reps):
        idx = rng.choice(len(score), size=n, replace=True, p=prob)
        w = 1.0 / (n * prob[idx])
        e = est.weighted_mean(score[idx].astype(float), w, small[idx], bounds=(1, 5))
        covered += e.ci_low <= truth <= e.ci_high
    assert 0.92 <= covered / reps <= 0.98, covered


def test_weighting_removes_the_bias_of_oversampling():
    rng = np.random.default_rng(99)
    small, score = _population(rng)
    truth = float(np.isin(score, [4, 5]).mean())
    prob = np.where(small, 4.0, 1.0)
    prob /= prob.sum()
    idx = rng.choice(len(score), size=20_000, replace=True, p=prob)
    w = 1.0 / prob[idx]
    selected = np.isin(score[idx], [4, 5])
    weighted = est.weighted_share(selected, w, np.ones(len(idx), dtype=bool))
    assert abs(weighted.value - truth) < 3 * weighted.se
    assert abs(selected.mean() - truth) > 10 * weighted.se  # the unweighted share is biased
