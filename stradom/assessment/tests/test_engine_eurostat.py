"""Eurostat EU SDG monitoring method: short term (5 years) and long term (15 years)."""

from __future__ import annotations

import pytest

from stradom.assessment.engine import EurostatConfig, Reason, SeriesInput, Status, assess

HIGHER = "higher_is_better"
LOWER = "lower_is_better"


def series(points, direction=HIGHER, **kw):
    return SeriesInput(points=tuple(points), direction=direction, **kw)


def short(s, **kw):
    return assess("eurostat", s, EurostatConfig.short_term(**kw))


def long(s, **kw):
    return assess("eurostat", s, EurostatConfig.long_term(**kw))


def cagr(v1, v0, years):
    return (v1 / v0) ** (1 / years) - 1


def test_default_config_is_the_short_term_assessment():
    s = series([(2017, 10.0), (2019, 10.2), (2022, 10.6)])
    assert assess("eurostat", s) == short(s)


def test_no_target_growth_of_1_2_percent_is_significant_progress():
    # progress_methods.md D.1 test case: 2017 = 10.0, 2022 = 10.6, increase desired
    # CAGR = 1.06 ** (1/5) - 1 = 0.0117220 >= 1 %
    r = short(series([(2017, 10.0), (2019, 10.2), (2022, 10.6)]))
    assert r.status is Status.SIGNIFICANT_PROGRESS
    assert r.inputs["cagr_observed"] == pytest.approx(0.011721951492754235, rel=1e-12)
    assert (r.inputs["window_start"], r.inputs["base_year"]) == (2017, 2017)
    assert r.inputs["points_used"] == 3
    assert r.score is None


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (106.0, Status.SIGNIFICANT_PROGRESS),  # 1.06^0.2 - 1 = 1.172 % >= 1 %
        (104.0, Status.MODERATE_PROGRESS),  # 1.04^0.2 - 1 = 0.787 % in [0, 1 %)
        (102.0, Status.MODERATE_PROGRESS),  # 1.02^0.2 - 1 = 0.397 % in [0, 1 %)
        (100.0, Status.MODERATE_PROGRESS),  # 0 % is moderate progress (>= 0)
        (98.0, Status.MODERATE_MOVEMENT_AWAY),  # 0.98^0.2 - 1 = -0.403 % in [-1 %, 0)
        (90.0, Status.SIGNIFICANT_MOVEMENT_AWAY),  # 0.9^0.2 - 1 = -2.09 % < -1 %
    ],
)
def test_no_target_bands(latest, status):
    r = short(series([(2017, 100.0), (2020, 100.0), (2022, latest)]))
    assert r.inputs["progress_value"] == pytest.approx(cagr(latest, 100, 5), rel=1e-12)
    assert r.status is status


def test_lower_is_better_flips_the_direction():
    r = short(series([(2017, 100.0), (2020, 99.0), (2022, 90.0)], LOWER))
    # v = -1 * (0.9^0.2 - 1) = 2.09 % -> significant progress
    assert r.inputs["progress_value"] == pytest.approx(-cagr(90, 100, 5), rel=1e-12)
    assert r.status is Status.SIGNIFICANT_PROGRESS


def test_target_ratio_of_actual_to_required_growth():
    # base 2017 = 100, latest 2022 = 110, target 150 in 2030
    # CAGR_a = 1.1^(1/5) - 1 = 0.0192449; CAGR_r = 1.5^(1/13) - 1 = 0.0316811
    # RAR = 0.0192449 / 0.0316811 = 0.607456 -> 60 % <= RAR < 95 % moderate progress
    r = short(series([(2017, 100.0), (2020, 105.0), (2022, 110.0)], target_value=150.0))
    assert r.inputs["target_year"] == 2030
    assert r.inputs["cagr_required"] == pytest.approx(0.031681116530724474, rel=1e-12)
    assert r.inputs["ratio"] == pytest.approx(0.6074557527918186, rel=1e-12)
    assert r.status is Status.MODERATE_PROGRESS
    assert r.label == "Moderate progress"
    assert (r.inputs["threshold_high"], r.inputs["threshold_med"]) == (0.95, 0.6)


@pytest.mark.parametrize(
    ("latest", "status"),
    [
        (117.0, Status.SIGNIFICANT_PROGRESS),  # 1.17^0.2-1 = 3.19 %; / 3.17 % = 1.007
        (105.0, Status.INSUFFICIENT_PROGRESS),  # 0.98 % / 3.17 % = 0.309
        (95.0, Status.MOVEMENT_AWAY),  # negative ratio
    ],
)
def test_target_bands(latest, status):
    r = short(series([(2017, 100.0), (2020, 100.0), (2022, latest)], target_value=150.0))
    ratio = cagr(latest, 100, 5) / cagr(150, 100, 13)
    assert r.inputs["ratio"] == pytest.approx(ratio, rel=1e-12)
    assert r.status is status


def test_target_below_base_for_lower_is_better():
    # base 2017 = 20, latest 2022 = 18, target 10 in 2030, decrease desired
    # CAGR_a = 0.9^(1/5) - 1 = -0.0208516; CAGR_r = 0.5^(1/13) - 1 = -0.0519225
    # RAR = -1 * -0.0208516 / 0.0519225 = 0.401592 -> insufficient progress
    r = short(series([(2017, 20.0), (2019, 19.0), (2022, 18.0)], LOWER, target_value=10.0))
    assert r.inputs["ratio"] == pytest.approx(-cagr(18, 20, 5) / abs(cagr(10, 20, 13)))
    assert r.inputs["ratio"] == pytest.approx(0.401592, abs=1e-6)
    assert r.status is Status.INSUFFICIENT_PROGRESS


def test_target_already_met_counts_as_significant_progress():
    r = short(series([(2017, 20.0), (2022, 9.0)], LOWER, target_value=10.0))
    assert r.status is Status.SIGNIFICANT_PROGRESS
    assert r.inputs["target_met"] is True
    assert r.inputs["cagr_observed"] is None


def test_short_term_window_starts_five_years_before_the_latest_year():
    points = [(y, 100.0 + y - 2005) for y in range(2005, 2023)]
    r = short(series(points))
    assert (r.inputs["base_year"], r.inputs["latest_year"]) == (2017, 2022)
    assert r.inputs["cagr_observed"] == pytest.approx(cagr(117, 112, 5), rel=1e-12)


def test_missing_window_start_uses_the_first_year_after_it():
    r = short(series([(2015, 1.0), (2018, 100.0), (2020, 101.0), (2022, 102.0)]))
    assert r.inputs["window_start"] == 2017
    assert r.inputs["base_year"] == 2018
    assert r.inputs["cagr_observed"] == pytest.approx(cagr(102, 100, 4), rel=1e-12)


def test_short_term_needs_three_values_in_the_window():
    r = short(series([(2015, 1.0), (2017, 100.0), (2022, 110.0)]))
    assert r.reason_code is Reason.TOO_FEW_POINTS
    assert str(r.reason) == (
        "Too few values to measure a trend: 2 from 2017 to 2022, at least 3 are needed."
    )


def test_long_term_window_is_fifteen_years():
    points = [(y, 100.0 + y - 2000) for y in range(2000, 2023)]
    r = long(series(points))
    assert (r.inputs["base_year"], r.inputs["period_years"]) == (2007, 15)
    assert r.inputs["cagr_observed"] == pytest.approx(cagr(122, 107, 15), rel=1e-12)


def test_long_term_needs_ten_years_of_span():
    points = [(y, 100.0 + 2 * (y - 2000)) for y in range(2014, 2023)]  # 8 years
    r = long(series(points))
    assert r.reason_code is Reason.SPAN_TOO_SHORT
    assert str(r.reason) == ("The values cover 8 years (2014 to 2022); at least 10 are needed.")
    points = [(y, 100.0 + 2 * (y - 2000)) for y in range(2012, 2023)]  # 10 years
    r = long(series(points))
    # (144 / 124) ** (1/10) - 1 = 1.51 % -> significant progress
    assert r.inputs["cagr_observed"] == pytest.approx(cagr(144, 124, 10), rel=1e-12)
    assert r.status is Status.SIGNIFICANT_PROGRESS


def test_zero_base_value_cannot_be_assessed():
    r = short(series([(2017, 0.0), (2020, 1.0), (2022, 2.0)]))
    assert r.reason_code is Reason.ZERO_BASE
    assert str(r.reason) == (
        "The base value (in 2017) is zero, so a growth rate cannot be computed."
    )


def test_sign_change_cannot_be_assessed():
    r = short(series([(2017, 2.0), (2020, 1.0), (2022, -1.0)]))
    assert r.reason_code is Reason.SIGN_CHANGE


def test_negative_series_is_judged_on_the_values_not_the_ratio():
    # -20 -> -10 with higher is better is an improvement although the ratio falls
    r = short(series([(2017, -20.0), (2020, -15.0), (2022, -10.0)]))
    assert r.inputs["sign"] == -1
    assert r.status is Status.SIGNIFICANT_PROGRESS


def test_target_equal_to_base_value_cannot_be_assessed():
    r = short(series([(2017, 10.0), (2020, 9.0), (2022, 9.5)], target_value=10.0))
    assert r.reason_code is Reason.TARGET_EQUALS_BASE


def test_target_of_opposite_sign_cannot_be_assessed():
    r = short(series([(2017, 10.0), (2020, 9.0), (2022, 9.5)], LOWER, target_value=-5.0))
    assert r.reason_code is Reason.TARGET_SIGN


def test_target_year_not_after_base_year_cannot_be_assessed():
    r = short(
        series([(2017, 10.0), (2020, 11.0), (2022, 12.0)], target_value=20.0, target_year=2016)
    )
    assert r.reason_code is Reason.TARGET_YEAR_NOT_AFTER_BASE


def test_stale_and_neutral_and_empty_series_have_reasons():
    s = series([(2012, 1.0), (2014, 2.0), (2016, 3.0)], as_of_year=2024)
    assert short(s, max_age_years=5).reason_code is Reason.STALE_DATA
    assert short(series([(2020, 1.0)], "neutral")).reason_code is Reason.NEUTRAL_DIRECTION
    assert short(series([])).reason_code is Reason.NO_DATA


def test_thresholds_are_configuration():
    s = series([(2017, 100.0), (2020, 101.0), (2022, 102.0)])  # 0.397 %
    assert short(s).status is Status.MODERATE_PROGRESS
    custom = short(s, growth_significant=0.003)
    assert custom.status is Status.SIGNIFICANT_PROGRESS
    assert custom.inputs["threshold_high"] == 0.003
