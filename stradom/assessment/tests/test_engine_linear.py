"""Linear attainment: distance covered against time elapsed."""

from __future__ import annotations

import pytest

from stradom.assessment.engine import LinearConfig, Reason, SeriesInput, Status, assess

HIGHER = "higher_is_better"
LOWER = "lower_is_better"


def series(points, direction=HIGHER, target_value=60.0, target_year=2030, **kw):
    return SeriesInput(
        points=tuple(points),
        direction=direction,
        target_value=target_value,
        target_year=target_year,
        **kw,
    )


def run(s, **config):
    return assess("linear", s, LinearConfig(**config))


def test_half_the_distance_in_half_the_time_is_on_track():
    r = run(series([(2020, 40.0), (2025, 50.0)]))
    # covered = (50 - 40) / (60 - 40) = 0.5; elapsed = (2025 - 2020) / (2030 - 2020) = 0.5
    assert (r.inputs["share_covered"], r.inputs["share_elapsed"]) == (0.5, 0.5)
    assert r.inputs["ratio"] == 1.0
    assert r.status is Status.ON_TRACK
    assert r.score is None


def test_within_the_tolerance_is_on_track():
    r = run(series([(2020, 40.0), (2025, 48.0)]))
    # covered = 8 / 20 = 0.4 >= elapsed - tolerance = 0.5 - 0.1 = 0.4
    assert r.inputs["share_covered"] == 0.4
    assert r.status is Status.ON_TRACK


def test_some_progress_but_too_slow_is_at_risk():
    r = run(series([(2020, 40.0), (2025, 46.0)]))
    # covered = 6 / 20 = 0.3 < 0.4, but > 0
    assert r.inputs["share_covered"] == pytest.approx(0.3)
    assert r.status is Status.AT_RISK
    assert r.rank == 3


def test_no_progress_or_moving_away_is_off_track():
    assert run(series([(2020, 40.0), (2025, 40.0)])).status is Status.OFF_TRACK
    r = run(series([(2020, 40.0), (2025, 35.0)]))
    assert r.inputs["share_covered"] == -0.25
    assert r.status is Status.OFF_TRACK


def test_lower_is_better():
    r = run(series([(2020, 100.0), (2024, 95.0)], LOWER, target_value=80.0))
    # covered = -1 * (95 - 100) / |80 - 100| = 0.25; elapsed = 4 / 10 = 0.4; 0.25 < 0.3
    assert r.inputs["share_covered"] == 0.25
    assert r.inputs["share_elapsed"] == 0.4
    assert r.status is Status.AT_RISK


def test_target_reached_is_achieved():
    r = run(series([(2020, 40.0), (2023, 61.0)]))
    assert r.status is Status.ACHIEVED
    assert r.rank == 5
    assert r.inputs["target_achieved"] is True


def test_target_year_passed_without_reaching_the_target_is_off_track():
    r = run(series([(2020, 40.0), (2030, 59.0)]))
    # covered = 0.95 >= elapsed - tolerance = 0.9, but the deadline has passed
    assert r.status is Status.OFF_TRACK


def test_tolerance_is_configuration():
    s = series([(2020, 40.0), (2025, 46.0)])  # covered 0.3, elapsed 0.5
    assert run(s).status is Status.AT_RISK
    assert run(s, tolerance=0.25).status is Status.ON_TRACK


def test_base_already_better_than_target_then_falling_below_is_off_track():
    r = run(series([(2020, 70.0), (2025, 55.0)]))
    # covered = (55 - 70) / |60 - 70| = -1.5
    assert r.inputs["share_covered"] == -1.5
    assert r.status is Status.OFF_TRACK


def test_base_year_defaults_to_the_first_point_and_can_be_set():
    r = run(series([(2018, 30.0), (2020, 40.0), (2025, 50.0)]))
    assert r.inputs["base_year"] == 2018
    r = run(series([(2018, 30.0), (2020, 40.0), (2025, 50.0)], base_year=2019))
    assert (r.inputs["base_year"], r.inputs["base_value"]) == (2020, 40.0)


def test_a_target_is_required():
    r = run(series([(2020, 40.0), (2025, 50.0)], target_value=None))
    assert r.reason_code is Reason.NO_TARGET
    assert str(r.reason) == "This method needs a target value."
    r = run(series([(2020, 40.0), (2025, 50.0)], target_year=None))
    assert r.reason_code is Reason.NO_TARGET_YEAR
    r = run(series([(2020, 40.0), (2025, 50.0)], target_year=None), default_target_year=2030)
    assert r.status is Status.ON_TRACK


def test_special_cases_have_reasons():
    assert run(series([(2025, 50.0)])).reason_code is Reason.TOO_FEW_POINTS
    assert run(series([(2020, 60.0 - 1), (2025, 50.0)], target_value=59.0)).reason_code is (
        Reason.TARGET_EQUALS_BASE
    )
    assert run(series([(2020, 40.0), (2025, 50.0)], target_year=2020)).reason_code is (
        Reason.TARGET_YEAR_NOT_AFTER_BASE
    )
    assert run(series([(2020, 40.0)], base_year=2021)).reason_code is (
        Reason.NO_DATA_FROM_BASE_YEAR
    )
    assert run(series([(2020, 40.0), (2025, 50.0)], "neutral")).reason_code is (
        Reason.NEUTRAL_DIRECTION
    )
    s = series([(2018, 40.0), (2019, 50.0)], as_of_year=2024)
    assert run(s, max_age_years=3).reason_code is Reason.STALE_DATA
