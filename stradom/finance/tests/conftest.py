"""A small world with money: a strategy with a goal tree, two units, a few budget tasks."""

from __future__ import annotations

from decimal import Decimal

import pytest


@pytest.fixture
def strategy(world):
    from stradom.strategy.models import Goal, Strategy

    strategy = Strategy.objects.create(
        code="SRK", name_pl="Strategia", start_year=2020, end_year=2030
    )

    def goal(code, parent=None, order=0):
        return Goal.objects.create(
            strategy=strategy,
            code=code,
            name_pl=f"Cel {code}",
            parent=parent,
            depth=1 if parent is None else parent.depth + 1,
            order=order,
        )

    strategy.iv = goal("IV", order=4)
    strategy.iv3 = goal("IV.3", strategy.iv, order=3)
    strategy.iv31 = goal("IV.3.1", strategy.iv3, order=1)
    strategy.iv32 = goal("IV.3.2", strategy.iv3, order=2)
    strategy.iv5 = goal("IV.5", strategy.iv, order=5)
    strategy.vi = goal("VI", order=6)
    strategy.vi1 = goal("VI.1", strategy.vi, order=1)
    return strategy


@pytest.fixture
def units(world):
    from stradom.finance.models import Unit

    class Units:
        pass

    u = Units()
    u.env = Unit.objects.create(
        code="wks", name_pl="Wydział Kształtowania Środowiska", domain=world.environment
    )
    u.transport = Unit.objects.create(code="zdmk", name_pl="Zarząd Dróg", domain=world.transport)
    return u


@pytest.fixture
def make_task(units):
    from stradom.finance.services import create_budget_task

    def make(
        code="T1",
        *,
        year=2026,
        unit=None,
        classification="900-90005-4300",
        plan="1000.00",
        shares=(),
        **kwargs,
    ):
        return create_budget_task(
            year=year,
            code=code,
            name_pl=f"Zadanie {code}",
            unit=unit or units.env,
            classification=classification,
            plan=Decimal(plan),
            goal_shares=shares,
            reason="test",
            **kwargs,
        ).task

    return make


def small_wpf(first=2024, last=2029, *, cents="0.25"):
    """Annex 1 whose sums and financing balance close every year (amounts in złoty)."""
    table: dict[str, dict[int, Decimal]] = {}

    def put(code, year, amount):
        table.setdefault(code, {})[year] = Decimal(amount)

    for year in range(first, last + 1):
        k = year - first
        current_revenue = Decimal(1000 + 50 * k) + Decimal(cents)
        current_expenditure = Decimal(900 + 40 * k)
        put("1.1", year, current_revenue)
        put("1.2", year, 100)
        put("1.2.1", year, 20)
        put("1", year, current_revenue + 100)
        put("2.1", year, current_expenditure)
        put("2.1.3", year, 10)
        put("2.2", year, 250)
        put("2", year, current_expenditure + 250)
        result = current_revenue + 100 - current_expenditure - 250
        put("3", year, result)
        put("5.1", year, 30)
        put("5.2", year, 0)
        put("5", year, 30)
        income = 30 - result
        for code in ("4.1", "4.2", "4.4"):
            put(code, year, 0)
        put("4.3", year, income)
        put("4", year, income)
        put("6", year, 500 - 30 * k)
        put("7.1", year, current_revenue - current_expenditure)
    return table


@pytest.fixture
def wpf_table():
    return small_wpf()
