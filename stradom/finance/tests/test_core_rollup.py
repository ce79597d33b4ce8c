"""Money of budget tasks rolled up to goals; exact splitting to the grosz (no Django)."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stradom.core.messages import StradomError
from stradom.finance.core.money import split_by_shares, to_money
from stradom.finance.core.rollup import BudgetTask, roll_up, split_task


def task(code="T1", year=2025, plan="100.00", after=None, committed="0.00", spent="0.00",
         shares=None) -> BudgetTask:  # fmt: skip
    return BudgetTask(
        code=code,
        year=year,
        plan=D(plan),
        plan_after_changes=D(after if after is not None else plan),
        commitments=D(committed),
        execution=D(spent),
        goal_shares={g: D(s) for g, s in (shares if shares is not None else {"C1": "100"}).items()},
    )


# -- splitting ---------------------------------------------------------------
def test_thirds_of_a_hundred_zloty():
    # quotas 33.333… each; floors 33.33 x 3 = 99.99; the grosz left goes to the first
    assert split_by_shares(D("100.00"), [D("33.3333"), D("33.3333"), D("33.3334")]) == [
        D("33.33"), D("33.33"), D("33.34"),
    ]  # fmt: skip
    # equal remainders: earlier parts first
    assert split_by_shares(D("0.02"), [D(25), D(25), D(25), D(25)]) == [
        D("0.01"), D("0.01"), D("0.00"), D("0.00"),
    ]  # fmt: skip


def test_largest_remainder_not_first_come():
    # 10.00 by 15/15/70: quotas 1.50, 1.50, 7.00 -> floors 1.50/1.50/7.00, nothing left
    assert split_by_shares(D("10.00"), [D(15), D(15), D(70)]) == [D("1.50"), D("1.50"), D("7.00")]
    # 0.10 by 14/14/72: quotas 1.4, 1.4, 7.2 grosze -> 1, 1, 7 and the grosz left
    # goes to the largest remainder (0.4, the first one) -> 0.02, 0.01, 0.07
    assert split_by_shares(D("0.10"), [D(14), D(14), D(72)]) == [D("0.02"), D("0.01"), D("0.07")]


def test_negative_amounts_split_symmetrically():
    assert split_by_shares(D("-100.00"), [D("33.3333"), D("33.3333"), D("33.3334")]) == [
        D("-33.33"), D("-33.33"), D("-33.34"),
    ]  # fmt: skip


@st.composite
def amounts_and_shares(draw):
    grosze = draw(st.integers(min_value=-(10**12), max_value=10**12))
    count = draw(st.integers(min_value=1, max_value=8))
    scale = draw(st.sampled_from([0, 2, 4]))  # shares in whole, hundredths, ten-thousandths of %
    unit = 10**scale
    cuts = sorted(
        draw(st.lists(st.integers(0, 100 * unit), min_size=count - 1, max_size=count - 1))
    )
    bounds = [0, *cuts, 100 * unit]
    shares = [D(b - a).scaleb(-scale) for a, b in zip(bounds, bounds[1:], strict=False)]
    return D(grosze).scaleb(-2), shares


@settings(deadline=None)  # timing varies on shared CI machines
@given(amounts_and_shares())
def test_parts_always_add_up_to_the_whole_within_a_grosz_of_their_quota(case):
    amount, shares = case
    parts = split_by_shares(amount, shares)
    assert sum(parts, D(0)) == amount
    assert all(part == part.quantize(D("0.01")) for part in parts)
    for part, share in zip(parts, shares, strict=True):
        quota = Fraction(amount) * Fraction(share) / 100
        assert abs(Fraction(part) - quota) < Fraction(1, 100)


def test_shares_must_add_up_to_exactly_100():
    with pytest.raises(ValueError):
        split_by_shares(D("1.00"), [D("33.33"), D("33.33"), D("33.33")])


# -- tasks and goals -----------------------------------------------------------
def test_roll_up_splits_each_amount_and_sums_per_goal_and_year():
    tasks = [
        task("T1", 2025, "1000.00", "1200.00", "900.00", "700.00", {"C1": "60", "C2": "40"}),
        task("T2", 2025, "300.00", "300.00", "300.00", "100.01", {"C2": "100"}),
        task("T1", 2026, "500.00", "500.00", "0.00", "0.00", {"C1": "60", "C2": "40"}),
    ]
    rollup = roll_up(tasks)
    c1 = rollup.goal("C1", 2025)
    # 60% of 1000 / 1200 / 900 / 700
    assert (c1.planned, c1.planned_after_changes, c1.committed, c1.spent, c1.remaining) == (
        D("600.00"), D("720.00"), D("540.00"), D("420.00"), D("300.00"),
    )  # fmt: skip
    c2 = rollup.goal("C2", 2025)
    # 40% of T1 (400 / 480 / 360 / 280) plus all of T2 (300 / 300 / 300 / 100.01)
    assert (c2.planned, c2.planned_after_changes, c2.committed, c2.spent, c2.remaining) == (
        D("700.00"), D("780.00"), D("660.00"), D("380.01"), D("399.99"),
    )  # fmt: skip
    assert c2.tasks == ("T1", "T2")
    assert rollup.goal("C1", 2026).planned == D("300.00")
    assert [(g.goal, g.year) for g in rollup.goals] == [
        ("C1", 2025), ("C1", 2026), ("C2", 2025), ("C2", 2026),
    ]  # fmt: skip
    assert rollup.warnings == ()


def test_roll_up_across_years():
    tasks = [task("T1", 2025, "10.00"), task("T1", 2026, "20.00")]
    assert roll_up(tasks, by_year=False).goal("C1").planned == D("30.00")


def test_a_grosz_is_never_lost_between_goals():
    one_grosz = task(plan="0.01", shares={"A": "50", "B": "50"})
    parts = split_task(one_grosz)
    assert (parts["A"]["plan"], parts["B"]["plan"]) == (D("0.01"), D("0.00"))
    rollup = roll_up([one_grosz])
    assert (rollup.goal("A", 2025).planned, rollup.goal("B", 2025).planned) == (
        D("0.01"), D("0.00"),
    )  # fmt: skip


def test_execution_above_plan_is_a_warning_not_an_error():
    rollup = roll_up([task("K-17", plan="100.00", after="120.00", spent="120.50")])
    (warning,) = rollup.warnings
    assert (warning.task, warning.year) == ("K-17", 2025)
    assert str(warning) == (
        "Task K-17 spent 120.50 in 2025, more than its plan after changes of 120.00 (by 0.50)."
    )
    assert rollup.goal("C1", 2025).remaining == D("-0.50")


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        (
            {"shares": {"C1": "60", "C2": "30"}},
            "The goal shares of task T1 add up to 90%, not 100%.",
        ),
        ({"shares": {}}, "The goal shares of task T1 add up to 0%, not 100%."),
        ({"shares": {"C1": "110", "C2": "-10"}}, "Task T1 gives goal C2 a negative share (-10%)."),
        ({"plan": "-5.00"}, "Task T1 has a negative plan for 2025: -5.00."),
        ({"plan": "5.00", "after": "-0.01"}, "Task T1 has a negative plan for 2025: -0.01."),
    ],
)
def test_refusals_name_the_task(kwargs, text):
    with pytest.raises(StradomError) as caught:
        roll_up([task(**kwargs)])
    assert str(caught.value) == text


def test_a_task_twice_in_one_year_is_refused():
    with pytest.raises(StradomError, match="Task T1 appears twice for 2025"):
        roll_up([task(), task()])


def test_amounts_are_decimal_grosze():
    with pytest.raises(TypeError):
        BudgetTask("T", 2025, 1.0, D(1), D(0), D(0), {"C": D(100)})
    with pytest.raises(TypeError):
        BudgetTask("T", 2025, D(1), D(1), D(0), D(0), {"C": 100.0})
    with pytest.raises(StradomError, match="fraction of a grosz"):
        task(plan="1.001")
    assert to_money(5) == D("5.00")


@settings(deadline=None)  # timing varies on shared CI machines
@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**9),
            st.integers(0, 10**9),
            st.integers(-(10**6), 10**9),
            st.sampled_from([("A",), ("A", "B"), ("A", "B", "C")]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_goal_totals_add_up_to_task_totals(rows):
    shares = {"A": ["100"], "B": ["50", "50"], "C": ["33.3333", "33.3333", "33.3334"]}
    tasks = []
    for i, (plan, spent, committed, goals) in enumerate(rows):
        plan_zl, spent_zl, committed_zl = (D(x).scaleb(-2) for x in (plan, spent, committed))
        goal_shares = dict(zip(goals, map(D, shares[goals[-1]]), strict=True))
        tasks.append(
            BudgetTask(f"T{i}", 2025, plan_zl, plan_zl, committed_zl, spent_zl, goal_shares)
        )
    rollup = roll_up(tasks)
    for field, amount in (
        ("planned", "plan"),
        ("committed", "commitments"),
        ("spent", "execution"),
    ):
        goals_total = sum((getattr(g, field) for g in rollup.goals), D(0))
        assert goals_total == sum((getattr(t, amount) for t in tasks), D(0))
