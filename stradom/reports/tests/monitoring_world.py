"""A small strategy with money, an instrument and a survey-based indicator, on the shared
``world`` fixture, for the tests of the monitoring and the domain report.

Strategy SRK: strategic goal I (operational goals I.1 with PM10_AVG and TRAM_SAT, I.2
with nothing linked) and strategic goal II (BIRTHS). TRAM_SAT is a survey estimate: the
city with its interval and base, district 02 estimated, district 01 suppressed (20
respondents). One budget task of 2024 (illustrative) serves I.1 through project P-AIR.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from stradom.catalog.services import ObservationInput, write_observations
from stradom.finance.models import Unit
from stradom.finance.services import create_budget_task
from stradom.instruments.models import Milestone, ProgressUpdate
from stradom.instruments.services import create_instrument
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel

YEAR = 2024


def _survey(territory, period, value, low, high, n, **extra):
    return ObservationInput(
        "TRAM_SAT",
        territory,
        period,
        value,
        ci_low=low,
        ci_high=high,
        base_n=n,
        provenance={"suppressed": False, "min_base": 30},
        **extra,
    )


def build(w):
    inputs = [
        ObservationInput("PM10_AVG", "1261011", "2020", D("50")),
        ObservationInput("PM10_AVG", "1261011", "2023", D("44")),
        ObservationInput("PM10_AVG", "1261011", "2024", D("40")),
        ObservationInput("BIRTHS", "1261011", "2020", D("7000")),
        ObservationInput("BIRTHS", "1261011", "2023", D("7400")),
        ObservationInput("BIRTHS", "1261011", "2024", D("6100")),
        _survey("1261011", "2022", D("70.0"), D("66.0"), D("74.0"), 410),
        _survey("1261011", "2024", D("62.5"), D("58.1"), D("66.8"), 400),
        _survey("1261011-02", "2024", D("64.2"), D("59.0"), D("69.1"), 380),
        ObservationInput(
            "TRAM_SAT",
            "1261011-01",
            "2024",
            None,
            status="not_available",
            base_n=20,
            note="suppressed: base n=20 < 30",
            provenance={"suppressed": True, "min_base": 30},
        ),
    ]
    report = write_observations(inputs, actor=None, reason="test", channel="command")
    assert report.ok, report.problems
    w.births.polarity = "higher_is_better"
    w.births.domain = w.environment
    w.births.publication_status = "published"
    w.births.save()

    w.strategy = Strategy.objects.create(
        code="SRK", name_pl="Strategia Rozwoju", name_en="Development Strategy",
        start_year=2018, end_year=2030,
    )  # fmt: skip
    StrategyLevel.objects.create(
        strategy=w.strategy, depth=1, name_pl="cel strategiczny", name_en="strategic goal"
    )
    StrategyLevel.objects.create(
        strategy=w.strategy, depth=2, name_pl="cel operacyjny", name_en="operational goal"
    )

    def goal(code, name_pl, name_en, parent=None, order=0):
        return Goal.objects.create(
            strategy=w.strategy, code=code, name_pl=name_pl, name_en=name_en, parent=parent,
            depth=1 if parent is None else parent.depth + 1, order=order,
        )  # fmt: skip

    w.g1 = goal("I", "Miasto przyjazne do życia", "A city good to live in", order=1)
    w.g11 = goal("I.1", "Czyste powietrze i dobra komunikacja", "Clean air, good transport",
                 w.g1, 1)  # fmt: skip
    w.g12 = goal("I.2", "Zrewitalizowane obszary", "Revitalised areas", w.g1, 2)
    w.g2 = goal("II", "Silna wspólnota", "A strong community", order=2)
    w.air = GoalIndicator.objects.create(
        goal=w.g11, indicator=w.pm10, territory=w.city, baseline_year=2020,
        baseline_value=D("50"), target_year=2030, target_value=D("30"),
        target_source="Uchwała testowa", order=1,
    )  # fmt: skip
    w.tram_link = GoalIndicator.objects.create(
        goal=w.g11, indicator=w.trams, territory=w.city, baseline_year=2022,
        target_year=2030, target_value=D("80"), target_source="Uchwała testowa", order=2,
    )  # fmt: skip
    w.births_link = GoalIndicator.objects.create(
        goal=w.g2, indicator=w.births, territory=w.city, baseline_year=2020, order=1
    )

    w.project = create_instrument(
        actor=None, code="P-AIR", kind="project", name_pl="Program Czyste Powietrze",
        name_en="Clean Air Programme", status="in_progress", owning_unit="Wydział Środowiska",
        planned_start=date(2023, 1, 1), planned_end=date(2026, 12, 31), goals=[w.g11],
        output_indicators=[w.pm10], reason="nowy instrument",
    )  # fmt: skip
    Milestone.objects.create(
        instrument=w.project, name_pl="Wymiana 1000 pieców", due_date=date(2024, 6, 30),
        done_date=date(2024, 5, 20),
    )  # fmt: skip
    Milestone.objects.create(
        instrument=w.project, name_pl="Strefa czystego transportu", due_date=date(2024, 10, 31)
    )
    ProgressUpdate.objects.create(instrument=w.project, period="2024-Q3", percent_complete=40)
    w.unit = Unit.objects.create(
        code="wks", name_pl="Wydział Kształtowania Środowiska", domain=w.environment
    )
    w.task = create_budget_task(
        year=YEAR, code="T1", name_pl="Wymiana pieców", unit=w.unit,
        classification="900-90005-4300", plan=D("1000000.00"), execution=D("250000.00"),
        commitments=D("400000.00"), goal_shares={w.g11: D("100")}, illustrative=True,
        instrument=w.project, reason="test",
    ).task  # fmt: skip
    return w
