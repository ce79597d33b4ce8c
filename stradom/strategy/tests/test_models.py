from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel
from stradom.strategy.services import new_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(world):
    s = Strategy.objects.create(code="SRK", name_pl="Strategia", start_year=2018, end_year=2030)
    StrategyLevel.objects.create(strategy=s, depth=1, name_pl="cel strategiczny")
    vi = Goal.objects.create(strategy=s, code="VI", name_pl="Zarządzanie")
    vi1 = Goal.objects.create(strategy=s, code="VI.1", name_pl="Administracja", parent=vi, depth=2)
    Goal.objects.create(strategy=s, code="VI.1.1", name_pl="E-usługi", parent=vi1, depth=3)
    GoalIndicator.objects.create(
        goal=vi1,
        indicator=world.trams,
        territory=world.city,
        direction="lower_is_better",
        baseline_year=2016,
        baseline_value=Decimal("61.5"),
        milestones=[{"year": 2025, "value": "70"}],
        weight=Decimal("2"),
        note="ours",
    )
    return s


def test_target_needs_its_source(strategy, world):
    link = GoalIndicator(
        goal=strategy.goals.get(code="VI"),
        indicator=world.pm10,
        territory=world.city,
        target_year=2030,
        target_value=Decimal(40),
    )
    with pytest.raises(ValidationError) as e:
        link.full_clean()
    assert set(e.value.message_dict) == {"target_source"}
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()
    assert not GoalIndicator.objects.filter(indicator=world.pm10).exists()
    link.target_source = "Directive 2008/50/EC, Annex XI"
    link.full_clean()


def test_direction_defaults_to_polarity(strategy, world):
    link = GoalIndicator(goal=strategy.goals.get(code="VI"), indicator=world.pm10)
    assert link.effective_direction == "lower_is_better"
    link.direction = "neutral"
    assert link.effective_direction == "neutral"


def test_goal_cannot_be_its_own_ancestor(strategy):
    top = strategy.goals.get(code="VI")
    top.parent = strategy.goals.get(code="VI.1.1")
    with pytest.raises(ValidationError):
        top.clean()


def test_new_version_copies_levels_tree_and_links(strategy):
    v2 = new_version(strategy, resolution="new resolution")
    v3 = new_version(strategy)
    assert (v2.version, v3.version) == (2, 3)
    assert v2.resolution == "new resolution" and strategy.resolution == ""
    assert list(v2.levels.values_list("depth", "name_pl")) == [(1, "cel strategiczny")]
    tree = {g.code: (g.parent.code if g.parent else None, g.depth) for g in v2.goals.all()}
    assert tree == {"VI": (None, 1), "VI.1": ("VI", 2), "VI.1.1": ("VI.1", 3)}
    assert all(g.strategy_id == v2.pk for g in Goal.objects.filter(strategy=v2))
    link = GoalIndicator.objects.get(goal__strategy=v2)
    assert link.goal.code == "VI.1"
    assert (link.direction, link.baseline_value, link.weight, link.milestones, link.note) == (
        "lower_is_better",
        Decimal("61.5"),
        Decimal("2"),
        [{"year": 2025, "value": "70"}],
        "ours",
    )
    assert GoalIndicator.objects.filter(goal__strategy=strategy).count() == 1
