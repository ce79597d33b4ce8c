"""A small strategy on the shared ``world``: two strategic goals with children, links
with and without targets, a neutral disaggregated link and a goal with no links."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def plan(world):
    from stradom.catalog.services import ObservationInput, write_observations
    from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel

    values = [
        ("PM10_AVG", "", "2015", "50"),
        ("PM10_AVG", "", "2020", "40"),
        ("TRAM_SAT", "", "2015", "80"),
        ("TRAM_SAT", "", "2019", "76"),
        ("POP", "sex=F", "2020", "100"),
        ("POP", "", "2020", "190"),  # the total: must not be read for the sex=F link
    ]
    report = write_observations(
        [
            ObservationInput(
                code, "1261011", year, Decimal(v), dimensions=(tuple(d.split("=")),) if d else ()
            )
            for code, d, year, v in values
        ],
        actor=None,
        reason="test",
        channel="command",
    )
    assert report.ok, report.problems

    class Plan:
        pass

    p = Plan()
    p.world = world
    p.strategy = Strategy.objects.create(
        code="S", name_pl="Strategia", start_year=2018, end_year=2030, resolution="Uchwała 1/18"
    )
    StrategyLevel.objects.create(strategy=p.strategy, depth=1, name_pl="cel strategiczny")
    StrategyLevel.objects.create(strategy=p.strategy, depth=2, name_pl="cel operacyjny")
    goal = lambda code, parent=None, order=0: Goal.objects.create(  # noqa: E731
        strategy=p.strategy,
        code=code,
        name_pl=f"Cel {code}",
        parent=parent,
        depth=1 if parent is None else parent.depth + 1,
        order=order,
    )
    p.g1 = goal("I", order=1)
    p.g11 = goal("I.1", p.g1, 1)
    p.g12 = goal("I.2", p.g1, 2)
    p.g2 = goal("II", order=2)
    p.g3 = goal("III", order=3)
    p.air = GoalIndicator.objects.create(
        goal=p.g11,
        indicator=world.pm10,
        territory=world.city,
        target_year=2030,
        target_value=Decimal(30),
        target_source="a test resolution",
    )
    p.trams = GoalIndicator.objects.create(
        goal=p.g12, indicator=world.trams, territory=world.city, baseline_year=2015
    )
    p.women = GoalIndicator.objects.create(
        goal=p.g2, indicator=world.pop, territory=world.city, dimensions="sex=F"
    )
    return p
