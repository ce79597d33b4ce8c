"""Open SDG / Statistics Canada method, checked against sdg-build's ProgressMeasure.py.

sdg-build (open-sdg/sdg-build, sdg/ProgressMeasure.py @ 139fede) is not on PyPI and
cannot be run here, so every expected status and score below is derived by hand from
its code path: base/latest selection, ``growth_calculation``, ``methodology_1/2``,
``get_progress_thresholds``, ``get_progress_status`` and ``get_score``. The arithmetic
is written out in each test.
"""

from __future__ import annotations

import pytest

from stradom.assessment.engine import (
    OpenSDGConfig,
    Reason,
    SeriesInput,
    Status,
    assess,
    indicator_progress,
)
from stradom.assessment.engine.opensdg import limit_coefficient, series_score

HIGHER = "higher_is_better"
LOWER = "lower_is_better"


def series(points, direction=HIGHER, **kw):
    return SeriesInput(points=tuple(points), direction=direction, **kw)


def run(s, **config):
    return assess("opensdg", s, OpenSDGConfig(**config))


def cagr(v1, v0, years):
    return (v1 / v0) ** (1 / years) - 1


# --------------------------------------------------------------------------- method 1


def test_no_target_growth_above_1_5_percent_is_substantial_progress():
    r = run(series([(2015, 100.0), (2020, 110.0)]))
    # CAGR = 1.1 ** (1/5) - 1 = 0.0192449 >= 0.015; score = 500 * 0.0192449 - 5 = 4.62244
    assert r.status is Status.SUBSTANTIAL_PROGRESS
    assert r.rank == 4
    assert r.inputs["progress_value"] == pytest.approx(0.019244876491456564, rel=1e-12)
    assert r.score == pytest.approx(4.622438245728283, rel=1e-12)
    assert r.reason is None
    assert r.label == "On track"


def test_no_target_growth_between_0_5_and_1_5_percent_is_moderate_progress():
    r = run(series([(2015, 100.0), (2020, 104.0)]))
    # CAGR = 1.04 ** 0.2 - 1 = 0.0078750; score = 250 * 0.0078750 - 1.25 = 0.71875
    assert r.status is Status.MODERATE_PROGRESS
    assert r.score == pytest.approx(250 * cagr(104, 100, 5) - 1.25, rel=1e-12)
    assert r.score == pytest.approx(0.7187471294730363, rel=1e-12)


def test_no_target_growth_between_0_and_0_5_percent_is_limited_progress():
    r = run(series([(2015, 100.0), (2020, 101.0)]))
    # CAGR = 1.01 ** 0.2 - 1 = 0.0019920; score = 500 * 0.0019920 - 2.5 = -1.50398
    assert r.status is Status.LIMITED_PROGRESS
    assert r.score == pytest.approx(-1.5039761667333096, rel=1e-12)


def test_no_target_negative_growth_is_deterioration_with_score_125v_minus_2_5():
    r = run(series([(2015, 100.0), (2020, 95.0)]))
    # CAGR = 0.95 ** 0.2 - 1 = -0.0102062; score = 125 * -0.0102062 - 2.5 = -3.77578
    assert r.status is Status.DETERIORATION
    assert r.rank == 1
    assert r.score == pytest.approx(-3.7757772891264367, rel=1e-12)


def test_deterioration_score_is_clamped_at_minus_5():
    r = run(series([(2015, 100.0), (2020, 50.0)]))
    # CAGR = 0.5 ** 0.2 - 1 = -0.1294; 125 * -0.1294 - 2.5 = -18.68 -> max(.., -5) = -5
    assert r.status is Status.DETERIORATION
    assert r.score == -5


def test_lower_is_better_flips_the_growth():
    r = run(series([(2015, 100.0), (2020, 90.0)], LOWER))
    # CAGR = 0.9 ** 0.2 - 1 = -0.0208516; v = sign * d * CAGR = 1 * -1 * -0.0208516
    # = 0.0208516 >= 0.015; score = min(500 * 0.0208516 - 5, 5) = min(5.43, 5) = 5
    assert r.status is Status.SUBSTANTIAL_PROGRESS
    assert r.inputs["progress_value"] == pytest.approx(0.0208516376390232, rel=1e-12)
    assert r.score == 5


def test_all_negative_series_flips_the_direction_with_the_sign_of_the_base():
    # net migration -100 -> -50, higher is better: values rose, the ratio fell
    r = run(series([(2015, -100.0), (2020, -50.0)]))
    # CAGR = (-50 / -100) ** 0.2 - 1 = -0.1294494; sign = -1 (base < 0); d = +1
    # v = -1 * 1 * -0.1294494 = 0.1294494 -> substantial
    assert r.inputs["sign"] == -1
    assert r.inputs["cagr_observed"] == pytest.approx(-0.12944943670387588, rel=1e-12)
    assert r.status is Status.SUBSTANTIAL_PROGRESS


# --------------------------------------------------------------------------- method 2


def test_target_ratio_between_60_and_95_percent_is_moderate_progress():
    r = run(series([(2015, 50.0), (2020, 40.0)], LOWER, target_value=20.0))
    # CAGR_o = 0.8 ** (1/5) - 1 = -0.0436475; CAGR_r = 0.4 ** (1/15) - 1 = -0.0592577
    # R = 1 * -1 * -0.0436475 / 0.0592577 = 0.736571; score = 7.1429 R - 4.2857 = 0.975551
    assert r.status is Status.MODERATE_PROGRESS
    assert r.inputs["calculation"] == 2
    assert r.inputs["target_year"] == 2030  # sdg-build's default
    assert r.inputs["cagr_observed"] == pytest.approx(-0.043647500209963, rel=1e-12)
    assert r.inputs["cagr_required"] == pytest.approx(-0.059257713443878535, rel=1e-12)
    assert r.inputs["ratio"] == pytest.approx(0.7365707799593116, rel=1e-12)
    assert r.score == pytest.approx(0.9755514241713668, rel=1e-12)
    assert (r.inputs["threshold_high"], r.inputs["threshold_med"]) == (0.95, 0.6)


def test_target_ratio_at_or_above_95_percent_is_substantial_progress():
    r = run(series([(2015, 50.0), (2020, 30.0)], LOWER, target_value=20.0, target_year=2025))
    # CAGR_o = 0.6 ** 0.2 - 1 = -0.097123; CAGR_r = 0.4 ** 0.1 - 1 = -0.087556
    # R = -1 * -0.097123 / 0.087556 = 1.109222
    ratio = -1 * cagr(30, 50, 5) / abs(cagr(20, 50, 10))
    assert r.inputs["ratio"] == pytest.approx(ratio, rel=1e-12)
    assert ratio == pytest.approx(1.109222, abs=1e-6)
    assert r.status is Status.SUBSTANTIAL_PROGRESS
    assert r.score == pytest.approx(min(7.1429 * ratio - 4.2857, 5), rel=1e-12)


def test_target_movement_away_is_deterioration_with_score_on_the_lower_line():
    r = run(series([(2015, 50.0), (2020, 55.0)], LOWER, target_value=20.0))
    ratio = -1 * cagr(55, 50, 5) / abs(cagr(20, 50, 15))  # = -0.3262
    assert r.status is Status.DETERIORATION
    assert r.score == pytest.approx(4.1667 * ratio - 2.5, rel=1e-12)


def test_target_achieved_wins_with_score_5():
    r = run(series([(2015, 50.0), (2020, 18.0)], LOWER, target_value=20.0))
    assert r.status is Status.TARGET_ACHIEVED
    assert r.rank == 5
    assert r.score == 5
    assert r.inputs["target_achieved"] is True


def test_target_achieved_even_with_a_single_point_as_sdg_build_does():
    # base 2015 missing -> first year after it, 2020 = latest: no progress value, but
    # is_target_achieved() only looks at the current value
    r = run(series([(2020, 15.0)], LOWER, target_value=20.0))
    assert r.status is Status.TARGET_ACHIEVED
    assert r.score == 5
    assert r.inputs["progress_value"] is None


def test_higher_is_better_target_reached_exactly_counts_as_achieved():
    r = run(series([(2015, 50.0), (2020, 60.0)], HIGHER, target_value=60.0))
    assert r.status is Status.TARGET_ACHIEVED


# --------------------------------------------------------------------------- zeros and signs


def test_zero_base_value_is_replaced_by_0_001():
    r = run(series([(2015, 0.0), (2020, 5.0)]))
    # base 0 -> 0.001; CAGR = (5 / 0.001) ** 0.2 - 1 = 4.4928 -> substantial, score 5
    assert r.inputs["base_value"] == 0.0
    assert r.inputs["base_value_used"] == 0.001
    assert r.inputs["sign"] == 1
    assert r.inputs["cagr_observed"] == pytest.approx(4.49280271653059, rel=1e-12)
    assert r.status is Status.SUBSTANTIAL_PROGRESS
    assert r.score == 5


def test_zero_target_is_replaced_by_0_001_also_for_target_achieved():
    below = run(series([(2015, 2.0), (2020, 0.0)], LOWER, target_value=0.0))
    assert below.inputs["target_value_used"] == 0.001
    assert below.status is Status.TARGET_ACHIEVED  # 0 <= 0.001
    above = run(series([(2015, 2.0), (2020, 0.002)], LOWER, target_value=0.0))
    assert above.status is not Status.TARGET_ACHIEVED  # 0.002 > 0.001


def test_base_and_latest_of_opposite_signs_cannot_be_assessed():
    r = run(series([(2015, 10.0), (2020, -2.0)]))
    assert r.status is Status.NOT_ASSESSABLE
    assert r.reason_code is Reason.SIGN_CHANGE
    assert str(r.reason) == (
        "The base value (10.0) and the latest value (-2.0) have opposite signs, "
        "so a growth rate cannot be computed."
    )
    assert r.score is None
    assert r.rank == 0


def test_zero_base_then_negative_latest_is_a_sign_change_after_substitution():
    r = run(series([(2015, 0.0), (2020, -1.0)]))
    assert r.reason_code is Reason.SIGN_CHANGE  # 0.001 > 0 and -1 < 0


def test_latest_value_zero_gives_growth_minus_100_percent():
    r = run(series([(2015, 4.0), (2020, 0.0)], LOWER))
    # CAGR = 0 ** 0.2 - 1 = -1; v = -1 * -1 = 1 -> substantial, score min(495, 5) = 5
    assert r.inputs["cagr_observed"] == -1
    assert r.status is Status.SUBSTANTIAL_PROGRESS


# --------------------------------------------------------------------------- natural limit


def test_limit_coefficient_follows_the_three_cases():
    a = 4.44
    assert limit_coefficient(95.0, 100.0, a) == pytest.approx(1 - 0.95**4.44)  # b <= L
    assert limit_coefficient(15.0, 10.0, a) == pytest.approx(1 - 0.5**4.44)  # L < b < 2L
    assert limit_coefficient(15.0, 10.0, a) == pytest.approx(0.9539290869596531)
    assert limit_coefficient(20.0, 10.0, a) == 1  # b >= 2L
    assert limit_coefficient(0.0, 0.0, a) == 1  # checked first, as in sdg-build
    assert limit_coefficient(-95.0, -100.0, a) == limit_coefficient(95.0, 100.0, a)
    assert limit_coefficient(100.0, 100.0, a) == 0


def test_limit_near_the_base_value_scales_the_thresholds_down():
    r = run(series([(2015, 95.0), (2020, 96.0)], limit=100.0))
    # C = 1 - 0.95 ** 4.44 = 0.2036705; high = 0.015 C = 0.0030551, med = 0.005 C = 0.0010184
    # CAGR = (96/95) ** 0.2 - 1 = 0.0020965 -> med <= v < high -> moderate
    # score = 250 * 0.0020965 / 0.2036705 - 1.25 = 1.32334
    assert r.inputs["limit_coefficient"] == pytest.approx(0.2036704944377239, rel=1e-12)
    assert r.inputs["threshold_high"] == pytest.approx(0.003055057416565858, rel=1e-12)
    assert r.inputs["threshold_low"] == 0
    assert r.status is Status.MODERATE_PROGRESS
    assert r.score == pytest.approx(1.323340916838164, rel=1e-12)


def test_base_value_at_the_limit_maintained_is_substantial_with_score_5():
    r = run(series([(2015, 100.0), (2020, 100.0)], limit=100.0))
    # C = 0: all thresholds 0; v = 0 >= 0 -> substantial; get_score: coeff == 0 -> 5
    assert r.inputs["limit_coefficient"] == 0
    assert r.status is Status.SUBSTANTIAL_PROGRESS
    assert r.score == 5


def test_base_value_at_the_limit_falling_is_deterioration():
    r = run(series([(2015, 100.0), (2020, 99.0)], limit=100.0))
    v = cagr(99, 100, 5)
    assert r.status is Status.DETERIORATION
    assert r.score == pytest.approx(max(125 * v - 2.5, -5), rel=1e-12)


def test_limit_is_applied_whatever_the_direction_as_the_code_does():
    # sdg-build only warns when a maximum limit is given for a "negative" indicator
    r = run(series([(2015, 95.0), (2020, 94.0)], LOWER, limit=100.0))
    assert r.inputs["limit_coefficient"] == pytest.approx(1 - 0.95**4.44)


def test_limit_is_ignored_when_there_is_a_target():
    r = run(series([(2015, 95.0), (2020, 96.0)], target_value=99.0, limit=100.0))
    assert r.inputs["limit_coefficient"] is None
    assert r.inputs["threshold_high"] == 0.95


# --------------------------------------------------------------------------- years and data


def test_base_year_defaults_to_2015_and_moves_to_the_next_year_with_data():
    r = run(series([(2012, 1.0), (2016, 100.0), (2019, 110.0)]))
    assert r.inputs["requested_base_year"] == 2015
    assert (r.inputs["base_year"], r.inputs["base_value"]) == (2016, 100.0)
    assert r.inputs["cagr_observed"] == pytest.approx(cagr(110, 100, 3), rel=1e-12)


def test_default_base_year_none_uses_the_first_point():
    r = run(series([(2012, 100.0), (2016, 50.0), (2019, 110.0)]), default_base_year=None)
    assert r.inputs["base_year"] == 2012


def test_series_base_year_overrides_the_default():
    r = run(series([(2012, 100.0), (2016, 50.0), (2019, 110.0)], base_year=2012))
    assert r.inputs["base_year"] == 2012


def test_no_value_in_or_after_the_base_year_cannot_be_assessed():
    # sdg-build fails here (``.item()`` on an empty selection); Stradom gives a reason
    r = run(series([(2010, 1.0), (2014, 2.0)]))
    assert r.reason_code is Reason.NO_DATA_FROM_BASE_YEAR
    assert str(r.reason) == "There is no value in or after the base year 2015."


def test_base_year_equal_to_latest_year_is_too_few_points():
    r = run(series([(2013, 1.0), (2015, 2.0)]))
    assert r.reason_code is Reason.TOO_FEW_POINTS
    assert r.inputs["points_used"] == 1
    assert str(r.reason) == (
        "Too few values to measure a trend: 1 from 2015 to 2015, at least 2 are needed."
    )


def test_missing_values_are_dropped_like_sdg_build_drops_na():
    r = run(series([(2015, 100.0), (2018, None), (2020, 110.0), (2021, float("nan"))]))
    assert r.inputs["latest_year"] == 2020
    assert r.status is Status.SUBSTANTIAL_PROGRESS


def test_no_values_cannot_be_assessed():
    r = run(series([(2015, None)]))
    assert r.reason_code is Reason.NO_DATA
    assert str(r.reason) == "There are no values to assess."


def test_duplicate_year_cannot_be_assessed():
    r = run(series([(2015, 1.0), (2016, 2.0), (2016, 3.0)]))
    assert r.reason_code is Reason.DUPLICATE_YEAR
    assert str(r.reason) == "The year 2016 has more than one value."


def test_neutral_direction_cannot_be_assessed():
    r = run(series([(2015, 1.0), (2016, 2.0)], "neutral"))
    assert r.reason_code is Reason.NEUTRAL_DIRECTION
    assert r.inputs["latest_year"] is None


def test_points_after_as_of_year_are_ignored():
    r = run(series([(2015, 100.0), (2020, 110.0), (2023, 50.0)], as_of_year=2021))
    assert r.inputs["latest_year"] == 2020
    assert r.status is Status.SUBSTANTIAL_PROGRESS


def test_stale_latest_value_cannot_be_assessed_when_max_age_is_set():
    s = series([(2015, 100.0), (2018, 110.0)], as_of_year=2024)
    assert run(s).status is Status.SUBSTANTIAL_PROGRESS  # sdg-build has no staleness
    r = run(s, max_age_years=5)
    assert r.reason_code is Reason.STALE_DATA
    assert str(r.reason) == ("The latest value is from 2018, more than 5 years before 2024.")
    assert run(s, max_age_years=6).status is Status.SUBSTANTIAL_PROGRESS


# --------------------------------------------------------------------------- divergences


def test_target_year_not_after_base_year_cannot_be_assessed():
    r = run(series([(2015, 50.0), (2020, 40.0)], LOWER, target_value=20.0, target_year=2015))
    assert r.reason_code is Reason.TARGET_YEAR_NOT_AFTER_BASE


def test_target_of_opposite_sign_cannot_be_assessed():
    r = run(series([(2015, 5.0), (2020, 4.0)], LOWER, target_value=-1.0))
    assert r.reason_code is Reason.TARGET_SIGN


def test_target_equal_to_base_and_not_achieved_cannot_be_assessed():
    r = run(series([(2015, 10.0), (2020, 9.0)], HIGHER, target_value=10.0))
    assert r.reason_code is Reason.TARGET_EQUALS_BASE
    assert r.inputs["cagr_required"] == 0


# --------------------------------------------------------------------------- sdg-build test data


def test_sdg_build_asset_1_1_1_headline_with_its_default_negative_direction():
    # tests/assets/progress-calculation: Year,SEX,Value 2020,,100 / 2021,,120, no options:
    # base 2015 -> 2020; CAGR = 1.2 - 1 = 0.2; direction negative: v = -0.2
    # status deterioration; score = max(125 * -0.2 - 2.5, -5) = -5
    r = run(series([(2020, 100.0), (2021, 120.0)], LOWER))
    assert r.status is Status.DETERIORATION
    assert r.inputs["progress_value"] == pytest.approx(-0.2, rel=1e-12)
    assert r.score == -5


SDG_BUILD_3_3_3 = {
    "headline": [1.51, 1.51, 1.38, 1.4, 1.27, 1.55, 1.69, 1.65, 1.62, 1.82],
    "Male": [2.09, 2.03, 1.91, 1.87, 1.67, 1.94, 2.07, 2.08, 2.07, 2.35],
    "Female": [0.93, 0.96, 0.86, 0.93, 0.86, 1.16, 1.32, 1.22, 1.15, 1.28],
}


@pytest.mark.parametrize(
    ("name", "ratio", "score"),
    [
        # direction negative, target 0 -> 0.001, base 2015, latest 2019, target year 2030
        # headline: CAGR_o = (1.82/1.55)^(1/4) - 1 = 0.0409621
        #           CAGR_r = (0.001/1.55)^(1/15) - 1 = -0.3872106
        #           R = 1 * -1 * 0.0409621 / 0.3872106 = -0.1057877; score = 4.1667 R - 2.5
        ("headline", -0.1057876713820222, -2.940785490347472),
        ("Male", -0.12389042275970721, -3.016214224512872),
        ("Female", -0.06639577184826263, -2.776651262560156),
    ],
)
def test_sdg_build_asset_3_3_3_negative_direction_target_zero(name, ratio, score):
    points = list(zip(range(2010, 2020), SDG_BUILD_3_3_3[name], strict=True))
    r = run(series(points, LOWER, target_value=0.0))
    assert r.status is Status.DETERIORATION
    assert r.inputs["ratio"] == pytest.approx(ratio, rel=1e-12)
    assert r.score == pytest.approx(score, rel=1e-12)


def test_inputs_carry_every_number_of_the_calculation():
    r = run(series([(2015, 50.0), (2020, 40.0)], LOWER, target_value=20.0))
    assert r.inputs == {
        "requested_base_year": 2015,
        "base_year": 2015,
        "base_value": 50.0,
        "latest_year": 2020,
        "latest_value": 40.0,
        "target_year": 2030,
        "target_value": 20.0,
        "limit": None,
        "direction": -1,
        "sign": 1,
        "as_of_year": None,
        "max_age_years": None,
        "duplicate_year": None,
        "points_used": 2,
        "min_points": 2,
        "years_elapsed": 5,
        "calculation": 2,
        "base_value_used": 50.0,
        "target_value_used": 20.0,
        "limit_coefficient": None,
        "threshold_high": 0.95,
        "threshold_med": 0.6,
        "threshold_low": 0.0,
        "target_achieved": False,
        "cagr_observed": cagr(40, 50, 5),
        "cagr_required": cagr(20, 50, 15),
        "ratio": -1 * cagr(40, 50, 5) / abs(cagr(20, 50, 15)),
        "progress_value": -1 * cagr(40, 50, 5) / abs(cagr(20, 50, 15)),
    }


# --------------------------------------------------------------------------- score and roll-up


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.3, 5),  # min(7.1429 * 1.3 - 4.2857, 5) = min(5.00007, 5)
        (0.95, 7.1429 * 0.95 - 4.2857),  # 2.500055: sdg-build's rounded constants
        (0.6, 7.1429 * 0.6 - 4.2857),  # 0.00004
        (0.0, -2.5),  # 4.1667 * 0 - 2.5
        (-0.6, -5),  # max(4.1667 * -0.6 - 2.5, -5) = max(-5.00002, -5)
    ],
)
def test_method_2_score_uses_sdg_builds_constants(value, expected):
    assert series_score(value, 2, 0.95, 0.6, 0.0, 1) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.02, 5),  # min(500 * 0.02 - 5, 5)
        (0.015, 2.5),  # 500 * 0.015 - 5
        (0.005, 0.0),  # 250 * 0.005 - 1.25
        (0.0, -2.5),  # 500 * 0 - 2.5
        (-0.02, -5),  # 125 * -0.02 - 2.5
    ],
)
def test_method_1_score_breakpoints(value, expected):
    assert series_score(value, 1, 0.015, 0.005, 0.0, 1) == pytest.approx(expected, abs=1e-12)


def test_indicator_progress_is_the_mean_score_with_status_from_score():
    a = run(series([(2015, 100.0), (2020, 110.0)]))  # 4.6224
    b = run(series([(2015, 100.0), (2020, 95.0)]))  # -3.7758
    c = run(series([(2015, 10.0), (2020, -1.0)]))  # not assessable: left out
    score, status = indicator_progress([a, b, c])
    assert score == pytest.approx((4.622438245728283 - 3.7757772891264367) / 2, rel=1e-12)
    assert status is Status.MODERATE_PROGRESS  # 0 <= 0.4233 < 2.5


def test_indicator_target_achieved_only_when_every_series_achieved_it():
    done = run(series([(2015, 50.0), (2020, 18.0)], LOWER, target_value=20.0))
    assert indicator_progress([done, done]) == (5.0, Status.TARGET_ACHIEVED)
    other = run(series([(2015, 100.0), (2020, 110.0)]))
    score, status = indicator_progress([done, other])
    assert status is Status.SUBSTANTIAL_PROGRESS  # (5 + 4.62) / 2 >= 2.5
    assert indicator_progress([]) == (None, Status.NOT_ASSESSABLE)
