from decimal import Decimal

import pytest

from stradom.finance.models import BudgetTask, BudgetTaskGoal, BudgetTaskMonth, MoneyChange
from stradom.finance.services import (
    FinanceError,
    create_budget_task,
    record_execution,
    set_monthly_plan,
    update_budget_task,
)

D = Decimal


def snapshot():
    return (
        list(BudgetTask.objects.order_by("pk").values()),
        list(BudgetTaskGoal.objects.order_by("pk").values()),
        list(BudgetTaskMonth.objects.order_by("pk").values()),
        MoneyChange.objects.count(),
    )


def test_create_task_keeps_classification_shares_and_history(world, strategy, units):
    result = create_budget_task(
        year=2026,
        code="NE-1",
        name_pl="Program ograniczania niskiej emisji",
        unit=units.env,
        classification="900-90005-6230",
        plan=D("1000000.00"),
        plan_after_changes=D("1200000.50"),
        goal_shares={strategy.iv31: D("70"), strategy.vi1: D("30")},
        actor=world.admin,
        reason="budget resolution",
    )
    task = BudgetTask.objects.get()
    assert result.task == task and result.warnings == []
    assert (task.section, task.chapter, task.paragraph) == ("900", "90005", "6230")
    assert task.domain == world.environment  # from the unit
    assert task.plan_after_changes == D("1200000.50")
    assert sorted((s.goal.code, s.share) for s in task.shares.all()) == [
        ("IV.3.1", D("70.0000")),
        ("VI.1", D("30.0000")),
    ]
    changes = {c.field: (c.old, c.new) for c in MoneyChange.objects.all()}
    assert changes == {
        "plan": ("", "1000000.00"),
        "plan_after_changes": ("", "1200000.50"),
        "commitments": ("", "0.00"),
        "execution": ("", "0.00"),
        "share:IV.3.1": ("", "70"),
        "share:VI.1": ("", "30"),
    }
    assert {c.actor for c in MoneyChange.objects.all()} == {world.admin}
    assert {c.reason for c in MoneyChange.objects.all()} == {"budget resolution"}


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"plan": D("-1.00")}, "plan", "negative plan"),
        ({"classification": "900-90099-4300"}, "classification", "Chapter 90099 does not exist"),
        ({"classification": "600-90005-4300"}, "classification", "does not belong to section 600"),
        ({"classification": "900-90005-9990"}, "classification", "paragraph 999 does not exist"),
        ({"plan": 10.5}, "plan", "not a float"),
        ({"plan": D("10.001")}, "plan", "fraction of a grosz"),
        ({"shares": "60+30"}, "goal_shares", "add up to 90%, not 100%"),
        ({"reason": " "}, "reason", "Say why"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(world, strategy, units, changes, field, text):
    arguments = {
        "year": 2026,
        "code": "X",
        "name_pl": "X",
        "unit": units.env,
        "classification": "900-90005-4300",
        "plan": D("100.00"),
        "goal_shares": {strategy.iv31: D("100")},
        "reason": "test",
    }
    if changes.get("shares") == "60+30":
        changes = {"goal_shares": {strategy.iv31: D("60"), strategy.vi1: D("30")}}
    arguments.update(changes)
    with pytest.raises(FinanceError) as error:
        create_budget_task(**arguments)
    assert error.value.field == field
    assert text in str(error.value)
    assert snapshot() == ([], [], [], 0)


def test_execution_above_plan_is_a_warning_and_is_stored(world, units, make_task):
    task = make_task("T1", plan="100.00")
    before = MoneyChange.objects.count()
    result = record_execution(task, execution=D("120.00"), reason="Rb-28S", actor=world.admin)
    task.refresh_from_db()
    assert task.execution == D("120.00")
    assert [str(w) for w in result.warnings] == [
        "Task T1 spent 120.00 in 2026, more than its plan after changes of 100.00 (by 20.00)."
    ]
    assert MoneyChange.objects.count() == before + 1
    change = MoneyChange.objects.latest("pk")
    assert (change.field, change.old, change.new, change.reason) == (
        "execution",
        "0.00",
        "120.00",
        "Rb-28S",
    )


def test_refused_update_leaves_task_shares_and_history_unchanged(world, strategy, make_task):
    task = make_task("T1", plan="100.00", shares={strategy.iv31: D("100")})
    before = snapshot()
    for changes in (
        {"plan_after_changes": D("-5.00")},
        {"goal_shares": {strategy.iv31: D("50"), strategy.iv32: D("49.99")}},
        {"classification": "900-900-4300"},
        {"plan": D("200.00"), "goal_shares": {strategy.iv31: D("101")}},
    ):
        with pytest.raises(FinanceError):
            update_budget_task(task, reason="change", **changes)
        assert snapshot() == before


def test_update_changes_shares_and_records_old_and_new(world, strategy, make_task):
    task = make_task("T1", plan="100.00", shares={strategy.iv31: D("100")})
    update_budget_task(
        task,
        plan_after_changes=D("150.00"),
        goal_shares={strategy.iv31: D("40"), strategy.iv32: D("60")},
        reason="uchwała XII/1/2026",
        actor=world.admin,
    )
    task.refresh_from_db()
    assert task.plan == D("100.00") and task.plan_after_changes == D("150.00")
    latest = MoneyChange.objects.filter(reason="uchwała XII/1/2026")
    assert sorted((c.field, c.old, c.new) for c in latest) == [
        ("plan_after_changes", "100.00", "150.00"),
        ("share:IV.3.1", "100.0000", "40"),
        ("share:IV.3.2", "", "60"),
    ]


def test_monthly_execution_adds_up_to_the_year(world, make_task):
    task = make_task("T1", plan="1000.00")
    record_execution(task, execution=D("100.10"), month=1, reason="January")
    record_execution(task, execution=D("200.20"), month=2, reason="February")
    record_execution(task, execution=D("150.00"), month=1, reason="January corrected")
    task.refresh_from_db()
    assert task.execution == D("350.20")
    assert list(task.months.values_list("month", "execution")) == [
        (1, D("150.00")),
        (2, D("200.20")),
    ]
    before = snapshot()
    with pytest.raises(FinanceError, match="give the month"):
        record_execution(task, execution=D("1.00"), reason="year")
    with pytest.raises(FinanceError, match="month is 1 to 12"):
        record_execution(task, execution=D("1.00"), month=13, reason="x")
    with pytest.raises(FinanceError, match="record the month's execution instead"):
        update_budget_task(task, execution=D("1.00"), reason="x")
    assert snapshot() == before
    update_budget_task(task, execution=D("350.20"), note="unchanged execution", reason="x")


def test_monthly_plan_must_add_up_to_plan_after_changes(world, make_task):
    task = make_task("T1", plan="1200.00")
    before = snapshot()
    with pytest.raises(FinanceError, match="add up to 1100.00, not to its plan after changes"):
        set_monthly_plan(task, {m: D("100.00") for m in range(1, 12)}, reason="x")
    assert snapshot() == before
    set_monthly_plan(task, {m: D("100.00") for m in range(1, 13)}, reason="harmonogram")
    assert task.months.count() == 12


def test_coordinator_changes_only_tasks_of_own_domain(world, units, make_task):
    env_task = make_task("E1", unit=units.env)
    road_task = make_task("R1", unit=units.transport, classification="600-60015-6050")
    record_execution(env_task, execution=D("1.00"), reason="x", actor=world.env_coordinator)
    before = snapshot()
    with pytest.raises(FinanceError, match="may not change"):
        record_execution(road_task, execution=D("1.00"), reason="x", actor=world.env_coordinator)
    with pytest.raises(FinanceError, match="may not change"):
        create_budget_task(
            year=2026,
            code="R2",
            name_pl="x",
            unit=units.transport,
            classification="600-60015-6050",
            plan=D("1.00"),
            reason="x",
            actor=world.analyst,
        )
    assert snapshot() == before


def test_a_task_code_is_unique_within_a_year(world, make_task):
    make_task("T1")
    before = snapshot()
    with pytest.raises(FinanceError, match="already exists for 2026"):
        make_task("T1")
    assert snapshot() == before
    make_task("T1", year=2027)


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"goal_shares": "zero"}, "a share is more than 0"),
        ({"goal_shares": "decimals"}, "at most 4 decimals"),
        ({"plan": D("10000000000000000.00")}, "too large"),
        ({"name_pl": "x" * 301}, "at most 300"),
        ({"name_pl": " "}, "needs a name"),
    ],
)
def test_what_the_database_cannot_keep_is_refused_in_words(world, strategy, units, changes, text):
    if changes.get("goal_shares") == "zero":
        changes = {"goal_shares": {strategy.iv31: D("100"), strategy.vi1: D("0")}}
    if changes.get("goal_shares") == "decimals":
        changes = {"goal_shares": {strategy.iv31: D("33.33333"), strategy.vi1: D("66.66667")}}
    arguments = {
        "year": 2026,
        "code": "X",
        "name_pl": "X",
        "unit": units.env,
        "classification": "900-90005-4300",
        "plan": D("100.00"),
        "reason": "test",
        **changes,
    }
    with pytest.raises(FinanceError, match=text):
        create_budget_task(**arguments)
    assert snapshot() == ([], [], [], 0)
