from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stradom.surveys.models import SubjectiveIndicator, Wave
from stradom.surveys.tests import factories as f


@pytest.fixture
def survey(world):
    return f.questionnaire(world)


def _errors(definition) -> dict:
    with pytest.raises(ValidationError) as caught:
        definition.clean()
    return {k: [str(m) for m in v] for k, v in caught.value.message_dict.items()}


@pytest.mark.usefixtures("english")
def test_only_a_subjective_indicator_can_be_defined_on_a_question(world, survey):
    definition = SubjectiveIndicator(
        indicator=world.pm10,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    assert _errors(definition) == {
        "indicator": ["Only a subjective (survey) indicator can be defined here."]
    }


@pytest.mark.usefixtures("english")
def test_a_share_counts_points_of_the_scale(world, survey):
    definition = SubjectiveIndicator(
        indicator=world.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[5, 9],
    )
    assert _errors(definition) == {
        "categories": ["The answers counted must be points of the scale."]
    }


@pytest.mark.usefixtures("english")
def test_net_promoter_score_needs_a_zero_to_ten_question(world, survey):
    definition = SubjectiveIndicator(
        indicator=world.trams, question=survey.questions.get(code="TRANSPORT"), statistic="nps"
    )
    assert _errors(definition) == {"statistic": ["Net Promoter Score needs a 0–10 question."]}


def test_a_wave_not_comparable_with_earlier_ones_must_say_why(world, survey):
    wave = Wave(
        survey=survey, code="jz-2026", year=2026, mode="web", comparable_with_previous=False
    )
    with pytest.raises(ValidationError):
        wave.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        wave.save()
    assert not Wave.objects.filter(code="jz-2026").exists()


def test_a_dont_know_code_cannot_be_a_point_of_the_scale(world, survey):
    question = survey.questions.get(code="TRANSPORT")
    question.missing_codes = [3]
    with pytest.raises(ValidationError):
        question.clean()
