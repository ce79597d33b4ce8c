"""UN Statistics Division progress-chart method (trend, with and without a target)."""

from __future__ import annotations

import pytest

from stradom.assessment.engine import Reason, SeriesInput, Status, UNSDConfig, assess

HIGHER = "higher_is_better"
LOWER = "lower_is_better"


def series(points, direction=HIGHER, **kw):
    return SeriesInput(points=tuple(points), direction=direction, **kw)


def run(s, **config):
    return assess("unsd", s, UNSDConfig(**config))


def cagr(v1, v0, years):
    return (v1 / v0) ** (1 / years) - 1


def test_expected_value_by_2030_against_required_change():
    # progress_methods.md D.3 test case: b = 2015, v_b = 40; t = 2022, v_t = 46; 60 by 2030
    # CAGR_a = (46/40)^(1/7) - 1 = 0.0201666; v_e = 46 * 1.0201666^8 = 53.96682
    # CR = (53.96682 - 40) / (60 - 40) = 0.698341 -> 0.10 <= CR < 0.95: fair progress, score 2
    r = run(series([(2015, 40.0), (2022, 46.0)], target_value=60.0))
    assert r.inputs["cagr_observed"] == pytest.approx(0.020166645372730052, rel=1e-12)
    assert r.inputs["expected_value"] == pytest.approx(53.9668155402174, rel=1e-12)
    assert r.inputs["ratio"] == pytest.approx(0.6983407770108698, rel=1e-12)
    assert r.status is Status.FAIR_PROGRESS
    assert r.score == 2
    assert r.rank == 3


def test_ratio_at_or_above_0_95_is_on_track():
    r = run(series([(2015, 40.0), (2022, 50.0)], target_value=60.0))
    # CAGR_a = 1.25^(1/7) - 1 = 3.239 %; v_e = 50 * 1.03239^8 = 64.4; CR = 1.22
    g = cagr(50, 40, 7)
    assert r.inputs["ratio"] == pytest.approx((50 * (1 + g) ** 8 - 40) / 20, rel=1e-12)
    assert r.status is Status.ON_TRACK
    assert r.score == 3


def test_ratio_below_0_10_is_stagnation_or_regression():
    stagnant = run(series([(2015, 40.0), (2022, 40.5)], target_value=60.0))
    g = cagr(40.5, 40, 7)
    assert stagnant.inputs["ratio"] == pytest.approx((40.5 * (1 + g) ** 8 - 40) / 20)
    assert stagnant.inputs["ratio"] < 0.10
    assert stagnant.status is Status.STAGNATION_OR_REGRESSION
    assert stagnant.score == 1
    regress = run(series([(2015, 40.0), (2022, 35.0)], target_value=60.0))
    assert regress.inputs["ratio"] < 0
    assert regress.status is Status.STAGNATION_OR_REGRESSION


def test_decrease_desired_target():
    # 2015 = 20, 2022 = 15, target 10 by 2030, lower is better
    # CAGR_a = 0.75^(1/7) - 1 = -4.026 %; v_e = 15 * 0.959737^8 = 10.797
    # CR = -1 * (10.797 - 20) / |10 - 20| = 0.9203 -> fair progress
    r = run(series([(2015, 20.0), (2022, 15.0)], LOWER, target_value=10.0))
    g = cagr(15, 20, 7)
    assert r.inputs["ratio"] == pytest.approx(-1 * (15 * (1 + g) ** 8 - 20) / 10, rel=1e-12)
    assert r.inputs["ratio"] == pytest.approx(0.920297, abs=1e-6)
    assert r.status is Status.FAIR_PROGRESS


def test_latest_value_meeting_the_target_is_target_met_whatever_the_trend():
    r = run(series([(2015, 40.0), (2022, 61.0)], target_value=60.0))
    assert r.status is Status.TARGET_MET
    assert r.score == 3
    assert r.rank == 5
    assert r.inputs["target_met"] is True


def test_within_one_point_of_a_zero_or_hundred_target_counts_as_met_when_configured():
    s = series([(2015, 5.0), (2022, 0.8)], LOWER, target_value=0.0)
    assert run(s).status is not Status.TARGET_MET
    assert run(s, bound_tolerance=1.0).status is Status.TARGET_MET
    s100 = series([(2015, 90.0), (2022, 99.2)], target_value=100.0)
    assert run(s100, bound_tolerance=1.0).status is Status.TARGET_MET
    s50 = series([(2015, 40.0), (2022, 49.5)], target_value=50.0)
    assert run(s50, bound_tolerance=1.0).status is not Status.TARGET_MET


@pytest.mark.parametrize(
    ("latest", "direction", "status"),
    [
        (115.0, HIGHER, Status.ON_TRACK),  # 1.15^(1/7) - 1 = 2.017 % >= 2 %
        (105.0, HIGHER, Status.FAIR_PROGRESS),  # 0.699 % in [0.5 %, 2 %)
        (102.0, HIGHER, Status.STAGNATION_OR_REGRESSION),  # 0.283 % < 0.5 %
        (85.0, LOWER, Status.ON_TRACK),  # -2.295 %: <= -2 %
        (97.0, LOWER, Status.STAGNATION_OR_REGRESSION),  # -0.434 % > -0.5 %
    ],
)
def test_no_target_growth_bands(latest, direction, status):
    r = run(series([(2015, 100.0), (2022, latest)], direction))
    d = 1 if direction == HIGHER else -1
    assert r.inputs["progress_value"] == pytest.approx(d * cagr(latest, 100, 7), rel=1e-12)
    assert r.status is status


def test_base_year_is_the_nearest_to_2015_that_leaves_two_values():
    r = run(series([(2013, 1.0), (2014, 2.0), (2017, 3.0), (2020, 4.0)]))
    assert r.inputs["base_year"] == 2014  # 1 year away; 2017 is 2 away
    tie = run(series([(2014, 1.0), (2016, 2.0), (2020, 4.0)]))
    assert tie.inputs["base_year"] == 2016  # both 1 away: the later year
    early = run(series([(2010, 1.0), (2012, 2.0), (2014, 4.0)]))
    assert early.inputs["base_year"] == 2012  # 2014 is the latest, not usable as base


def test_past_target_year_is_assessed_with_data_up_to_it():
    r = run(series([(2015, 40.0), (2020, 50.0), (2023, 30.0)], target_value=60.0, target_year=2020))
    assert r.inputs["latest_year"] == 2020
    # expected value at 2020 = the 2020 value; CR = (50 - 40) / 20 = 0.5
    assert r.inputs["expected_value"] == pytest.approx(50.0, rel=1e-12)
    assert r.inputs["ratio"] == pytest.approx(0.5, rel=1e-12)
    assert r.status is Status.FAIR_PROGRESS


def test_single_value_is_too_few_points_unless_it_meets_the_target():
    r = run(series([(2020, 5.0)], target_value=60.0))
    assert r.reason_code is Reason.TOO_FEW_POINTS
    assert run(series([(2020, 65.0)], target_value=60.0)).status is Status.TARGET_MET


def test_zero_base_sign_change_and_target_equal_to_base_are_not_assessable():
    assert run(series([(2015, 0.0), (2020, 2.0)])).reason_code is Reason.ZERO_BASE
    assert run(series([(2015, 1.0), (2020, -2.0)])).reason_code is Reason.SIGN_CHANGE
    r = run(series([(2015, 10.0), (2020, 9.0)], target_value=10.0))
    assert r.reason_code is Reason.TARGET_EQUALS_BASE


def test_neutral_empty_and_stale_series_have_reasons():
    assert run(series([(2015, 1.0), (2020, 2.0)], "neutral")).reason_code is (
        Reason.NEUTRAL_DIRECTION
    )
    assert run(series([])).reason_code is Reason.NO_DATA
    s = series([(2015, 1.0), (2017, 2.0)], as_of_year=2024)
    assert run(s, max_age_years=4).reason_code is Reason.STALE_DATA
