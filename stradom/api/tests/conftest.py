from decimal import Decimal

import pytest

from stradom.catalog.services import ObservationInput, write_observations


@pytest.fixture
def stored(world):
    """Values in the world: PM10 (published) for the city and a district, trams (draft)."""
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2022", Decimal("35.2")),
            ObservationInput("PM10_AVG", "1261011", "2023", Decimal("30.1")),
            ObservationInput("PM10_AVG", "1261011", "2024", Decimal("27.9"), status="provisional"),
            ObservationInput("PM10_AVG", "1261011-01", "2024", Decimal("33")),
            ObservationInput("TRAM_SAT", "1261011", "2024", Decimal("71.5")),
            ObservationInput("POP", "1261011", "2024", Decimal("804237")),
            ObservationInput("POP", "1261011", "2024", Decimal("425000"), (("sex", "F"),)),
            ObservationInput("POP", "1261011", "2024", Decimal("379237"), (("sex", "M"),)),
        ],
        actor=None,
        reason="test data",
        channel="command",
    )
    assert report.ok, report.problems
    return world


@pytest.fixture
def token_for():
    from stradom.api.services import create_token

    def make(user):
        return create_token(user)[1]

    return make


@pytest.fixture
def strategy(stored):
    """A two-level strategy: air quality (PM10, published) and transport (trams, draft)."""
    from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel

    w = stored
    s = Strategy.objects.create(code="SRK", name_pl="Strategia", start_year=2018, end_year=2030)
    StrategyLevel.objects.create(strategy=s, depth=1, name_pl="cel strategiczny")
    StrategyLevel.objects.create(strategy=s, depth=2, name_pl="cel operacyjny")
    top = Goal.objects.create(strategy=s, code="I", name_pl="Środowisko", order=1)
    air = Goal.objects.create(strategy=s, code="I.1", name_pl="Powietrze", parent=top, depth=2)
    transport = Goal.objects.create(strategy=s, code="II", name_pl="Transport", order=2)
    GoalIndicator.objects.create(
        goal=air,
        indicator=w.pm10,
        territory=w.city,
        baseline_year=2022,
        baseline_value=Decimal("35.2"),
        target_year=2030,
        target_value=Decimal("20"),
        target_source="Directive 2008/50/EC",
    )
    GoalIndicator.objects.create(goal=transport, indicator=w.trams, territory=w.city)
    w.strategy = s
    return w


@pytest.fixture
def money(strategy):
    """An instrument serving the air-quality goal, financed by one budget task."""
    from stradom.finance.models import BudgetTask, BudgetTaskGoal, Unit
    from stradom.instruments.models import Instrument

    w = strategy
    w.programme = Instrument.objects.create(
        code="PROG-AIR", kind="programme", name_pl="Program ochrony powietrza", status="in_progress"
    )
    w.programme.goals.add(w.strategy.goals.get(code="I.1"))
    w.programme.result_indicators.add(w.pm10, w.trams)
    unit = Unit.objects.create(code="wks", name_pl="Wydział Kształtowania Środowiska")
    task = BudgetTask.objects.create(
        year=2026,
        code="ZAD-1",
        name_pl="Wymiana pieców",
        unit=unit,
        domain=w.environment,
        instrument=w.programme,
        section="900",
        chapter="90005",
        paragraph="6050",
        plan=Decimal("1000000.00"),
        plan_after_changes=Decimal("1200000.00"),
        commitments=Decimal("300000.00"),
        execution=Decimal("450000.50"),
    )
    BudgetTaskGoal.objects.create(task=task, goal=w.strategy.goals.get(code="I.1"), share=100)
    return w
