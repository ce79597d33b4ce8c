from decimal import Decimal

import pytest

from stradom.finance.queries import summary
from stradom.finance.services import UndertakingInput, create_wpf_version
from stradom.instruments.models import Instrument

D = Decimal


@pytest.fixture
def money_world(world, strategy, units, make_task, wpf_table):
    s = strategy
    tram = Instrument.objects.create(code="P-TRAM", kind="project", name_pl="Tramwaj")
    air = Instrument.objects.create(code="P-AIR", kind="programme", name_pl="Powietrze")
    t1 = make_task(
        "T1",
        plan="1000.00",
        plan_after_changes=D("1000.01"),
        commitments=D("500.00"),
        execution=D("333.33"),
        shares={s.iv31: D("33.3333"), s.iv32: D("33.3333"), s.vi1: D("33.3334")},
        instrument=air,
    )
    make_task("T2", plan="200.00", execution=D("250.00"), shares={s.iv3: D("100")})
    make_task("T3", plan="800.00", unit=units.transport, classification="600-60015-6050",
              instrument=tram)  # fmt: skip
    make_task("T4", year=2025, plan="50.00", shares={s.iv3: D("100")})
    make_task("T5", year=2027, plan="100.00", shares={s.iv31: D("100")})
    create_wpf_version(
        code="WPF2026",
        budget_year=2026,
        rows=wpf_table,
        undertakings=[
            UndertakingInput(
                number="1.3.2.1",
                name="Linia tramwajowa",
                unit=units.transport,
                start_year=2026,
                end_year=2031,
                total_outlays=D("100.00"),
                limits={2026: D("10.00"), 2028: D("2.50"), 2031: D("10.00")},
                obligations_limit=D("22.50"),
                goals=(s.iv31, s.iv3),
            )
        ],
        reason="x",
    )
    return t1


def figures(row):
    return (row.planned_after_changes, row.committed, row.spent, row.remaining)


def test_goal_rollup_splits_to_the_grosz_and_includes_descendants(money_world, strategy):
    result = summary(year=2026, by="goal", strategy=strategy)
    assert [(r.key, r.depth) for r in result.rows] == [
        ("IV", 1), ("IV.3", 2), ("IV.3.1", 3), ("IV.3.2", 3), ("IV.5", 2), ("VI", 1), ("VI.1", 2),
    ]  # fmt: skip
    # T1 1000.01 by 33.3333/33.3333/33.3334 %: 333.34 + 333.33 + 333.34 (largest remainder)
    assert figures(result.row("IV.3.1")) == (D("333.34"), D("166.67"), D("111.11"), D("222.23"))
    assert figures(result.row("IV.3.2")) == (D("333.33"), D("166.66"), D("111.11"), D("222.22"))
    assert figures(result.row("VI.1")) == (D("333.34"), D("166.67"), D("111.11"), D("222.23"))
    # IV.3 = its children + T2 (200.00 planned, 250.00 spent)
    assert figures(result.row("IV.3")) == (D("866.67"), D("333.33"), D("472.22"), D("394.45"))
    assert figures(result.row("IV")) == figures(result.row("IV.3"))
    assert result.row("IV.3").tasks == 2
    assert result.row("IV.3").share_of_budget == D("866.67") / D("2000.01")
    assert figures(result.total) == (D("2000.01"), D("500.00"), D("583.33"), D("1416.68"))
    assert result.goals_without_money == ["IV.5"]
    assert [str(w) for w in result.warnings] == [
        "Task T2 spent 250.00 in 2026, more than its plan after changes of 200.00 (by 50.00)."
    ]
    assert result.instruments_without_goal == ["P-TRAM Tramwaj"]
    assert result.undertakings_past_horizon == ["WPF2026/1 1.3.2.1 Linia tramwajowa"]
    assert not result.illustrative


def test_rollup_over_the_wpf_horizon_adds_the_forecast_years(money_world, strategy):
    result = summary(horizon=True, by="goal", strategy=strategy)
    assert result.years == [2026, 2027, 2028, 2029]
    assert result.row("IV.3.1").planned_after_changes == D("433.34")
    assert result.row("IV.3").planned_after_changes == D("966.67")
    # the tram undertaking serves IV.3.1 and IV.3: counted once in IV.3, limits of 2031 are
    # past the horizon
    limits = {r.key: r.wpf_limits for r in result.rows}
    assert limits == {
        "IV": D("12.50"), "IV.3": D("12.50"), "IV.3.1": D("12.50"), "IV.3.2": D("0.00"),
        "IV.5": D("0.00"), "VI": D("0.00"), "VI.1": D("0.00"),
    }  # fmt: skip
    assert summary(year=2026, by="goal", strategy=strategy).row("IV").wpf_limits is None


def test_rollup_by_domain_unit_and_instrument(money_world):
    by_domain = summary(year=2026, by="domain")
    assert [(r.key, figures(r), r.tasks) for r in by_domain.rows] == [
        ("srodowisko", (D("1200.01"), D("500.00"), D("583.33"), D("616.68")), 2),
        ("transport", (D("800.00"), D("0.00"), D("0.00"), D("800.00")), 1),
    ]
    by_unit = summary(year=2026, by="unit")
    assert [(r.key, r.planned_after_changes) for r in by_unit.rows] == [
        ("wks", D("1200.01")),
        ("zdmk", D("800.00")),
    ]
    by_instrument = summary(year=2026, by="instrument")
    assert sorted((r.key, r.planned_after_changes) for r in by_instrument.rows) == [
        ("P-AIR", D("1000.01")),
        ("P-TRAM", D("800.00")),
        ("—", D("200.00")),
    ]
