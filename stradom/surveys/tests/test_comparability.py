"""A wave marked not comparable breaks the survey's series in assessments and charts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stradom.assessment.services import assess_strategy
from stradom.catalog.queries import series
from stradom.catalog.services import ObservationInput, write_observations
from stradom.strategy.models import Goal, GoalIndicator, Strategy
from stradom.surveys.models import SubjectiveIndicator
from stradom.surveys.queries import Break, comparability_breaks, last_break, series_segments
from stradom.surveys.tests import factories as f

NOTE = "method changed from face-to-face to web"


@pytest.fixture
def satisfaction(world):
    survey = f.questionnaire(world)
    f.wave(survey, 2021)
    f.wave(survey, 2022)
    f.wave(survey, 2024, comparable_with_previous=False, comparability_note=NOTE)
    f.wave(survey, 2025)
    SubjectiveIndicator.objects.create(
        indicator=world.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    values = {"2021": "40", "2022": "45", "2024": "60", "2025": "58"}
    report = write_observations(
        [ObservationInput("TRAM_SAT", "1261011", y, Decimal(v)) for y, v in values.items()],
        actor=None,
        reason="test",
        channel="survey",
    )
    assert report.ok
    return survey


def test_breaks_of_survey_indicators_are_found_in_one_query(
    world, satisfaction, django_assert_num_queries
):
    with django_assert_num_queries(1):
        breaks = comparability_breaks([world.trams, world.pm10])
    assert breaks == {world.trams.pk: [Break(2024, "jz-2024", NOTE)]}
    assert last_break(breaks[world.trams.pk], 2023) is None
    assert last_break(breaks[world.trams.pk], 2025).year == 2024


def test_a_chart_series_is_split_at_the_break_with_its_reason(world, satisfaction):
    points = series(world.trams, world.city)
    segments = series_segments(points, comparability_breaks([world.trams])[world.trams.pk])
    assert [[p.period for p in s["points"]] for s in segments] == [
        ["2021", "2022"],
        ["2024", "2025"],
    ]
    assert segments[0]["break"] is None
    assert str(segments[1]["break"].reason) == (
        "the series starts again in 2024: survey wave jz-2024 is not comparable with earlier "
        f"waves ({NOTE})"
    )


def _strategy(world):
    strategy = Strategy.objects.create(
        code="S", name_pl="Strategia", start_year=2020, end_year=2030
    )
    goal = Goal.objects.create(strategy=strategy, code="I", name_pl="Cel I")
    GoalIndicator.objects.create(
        goal=goal,
        indicator=world.trams,
        territory=world.city,
        baseline_year=2021,
        baseline_value=Decimal(40),
        target_year=2030,
        target_value=Decimal(70),
        target_source="test",
    )
    return strategy


def test_assessment_starts_the_series_at_the_last_break_and_says_why(world, satisfaction):
    result = assess_strategy(_strategy(world), as_of_year=2025)
    (link,) = result["links"]
    assert link["points"] == [[2024, "60"], [2025, "58"]]
    assert link["baseline_point_added"] is False
    assert link["comparability_break"]["year"] == 2024
    assert link["comparability_break"]["note"] == NOTE
    assert link["comparability_break"]["template"].startswith("the series starts again")


def test_assessment_before_the_break_uses_the_whole_series(world, satisfaction):
    result = assess_strategy(_strategy(world), as_of_year=2023)
    (link,) = result["links"]
    assert [p[0] for p in link["points"]] == [2021, 2022, 2024, 2025]
    assert link["latest_year"] == 2022
    assert link["comparability_break"] is None


def test_an_objective_indicator_has_no_break(world, satisfaction):
    assert comparability_breaks([world.pm10]) == {}


def test_a_single_wave_after_the_break_is_not_given_a_trend(world, satisfaction):
    result = assess_strategy(_strategy(world), as_of_year=2024)
    (link,) = result["links"]
    assert [p for p in link["points"] if p[0] <= 2024] == [[2024, "60"]]  # 2021, 2022 left out
    assert link["comparability_break"]["year"] == 2024
    assert (link["status"], link["score"], link["reason_code"]) == (
        "not_assessable",
        None,
        "too_few_points",
    )
