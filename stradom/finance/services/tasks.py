"""Budget tasks: create, change, record execution, split by month."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from stradom.core.messages import gettext_noop
from stradom.finance.core.money import ZERO
from stradom.finance.models import BudgetTask, BudgetTaskGoal, BudgetTaskMonth, Unit
from stradom.finance.services.common import (
    MONEY_FIELDS,
    FinanceError,
    TaskResult,
    _check_amounts,
    _check_reason,
    _check_task_permission,
    _clean_shares,
    _History,
    check_classification,
    check_text,
    money,
)


# -- budget tasks ---------------------------------------------------------------------------
@transaction.atomic
def create_budget_task(
    *,
    year: int,
    code: str,
    name_pl: str,
    unit: Unit,
    classification: str,
    plan: Decimal,
    plan_after_changes: Decimal | None = None,
    commitments: Decimal = ZERO,
    execution: Decimal = ZERO,
    goal_shares: Mapping | Iterable = (),
    domain=None,
    name_en: str = "",
    illustrative: bool = False,
    note: str = "",
    actor=None,
    reason: str,
    channel: str = "service",
    **links: Any,
) -> TaskResult:
    """A new budget task with its goal shares (summing to 100 %, or none)."""
    reason = _check_reason(reason)
    domain = domain if domain is not None else unit.domain
    _check_task_permission(actor, domain)
    code = check_text(code, "code", 64)
    if not code:
        raise FinanceError(gettext_noop("A budget task needs a code."), field="code")
    name_pl, name_en = check_text(name_pl, "name_pl", 300), check_text(name_en, "name_en", 300)
    if not name_pl:
        raise FinanceError(gettext_noop("A budget task needs a name."), field="name_pl")
    if BudgetTask.objects.filter(year=year, code=code).exists():
        raise FinanceError(
            gettext_noop("Task %(task)s already exists for %(year)s."),
            field="code",
            task=code,
            year=year,
        )
    section, chapter, paragraph = check_classification(classification)
    plan = money(plan, "plan")
    amounts = {
        "plan": plan,
        "plan_after_changes": plan
        if plan_after_changes is None
        else money(plan_after_changes, "plan_after_changes"),
        "commitments": money(commitments, "commitments"),
        "execution": money(execution, "execution"),
    }
    shares = _clean_shares(goal_shares)
    warnings = _check_amounts(code, year, amounts, shares)
    task = BudgetTask.objects.create(
        year=year,
        code=code,
        name_pl=name_pl,
        name_en=name_en,
        unit=unit,
        domain=domain,
        section=section,
        chapter=chapter,
        paragraph=paragraph,
        illustrative=illustrative,
        note=note,
        **amounts,
        **_links(links),
    )
    history = _History(actor, reason, channel)
    for name, amount in amounts.items():
        history.add(task, name, None, amount)
    _write_shares(task, shares, history)
    history.save()
    return TaskResult(task, warnings)


def _links(links: Mapping[str, Any]) -> dict:
    """Optional links that exist only once the instruments app has its models."""
    allowed = {"instrument"}
    unknown = set(links) - allowed
    if unknown:
        raise TypeError(f"unexpected arguments: {', '.join(sorted(unknown))}")
    if links and not hasattr(BudgetTask, "instrument"):
        raise TypeError("budget tasks cannot be linked to instruments yet")
    return dict(links)


def _write_shares(task: BudgetTask, shares: Mapping, history: _History) -> None:
    old = {link.goal_id: link for link in task.shares.select_related("goal")}
    new_ids = {goal.pk for goal in shares}
    for goal_id, link in old.items():
        if goal_id not in new_ids:
            history.add(task, f"share:{link.goal.code}", link.share, None)
            link.delete()
    for goal, share in shares.items():
        link = old.get(goal.pk)
        if link is None:
            BudgetTaskGoal.objects.create(task=task, goal=goal, share=share)
            history.add(task, f"share:{goal.code}", None, share)
        elif link.share != share:
            history.add(task, f"share:{goal.code}", link.share, share)
            link.share = share
            link.save(update_fields=["share"])


_TASK_FIELDS = {
    "name_pl",
    "name_en",
    "unit",
    "domain",
    "classification",
    "note",
    "illustrative",
    *MONEY_FIELDS,
    "goal_shares",
    "instrument",
}


@transaction.atomic
def update_budget_task(
    task: BudgetTask, *, actor=None, reason: str, channel: str = "service", **changes: Any
) -> TaskResult:
    """Change a task's amounts, classification, unit or goal shares (all checked together)."""
    reason = _check_reason(reason)
    unknown = set(changes) - _TASK_FIELDS
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    task = BudgetTask.objects.select_for_update().get(pk=task.pk)
    _check_task_permission(actor, task)
    if "domain" in changes and changes["domain"] != task.domain:
        _check_task_permission(actor, changes["domain"])
    if "instrument" in changes:
        _links({"instrument": changes["instrument"]})
    amounts = {name: getattr(task, name) for name in MONEY_FIELDS}
    for name in MONEY_FIELDS:
        if name in changes:
            amounts[name] = money(changes[name], name)
    if amounts["execution"] != task.execution and task.months.exists():
        raise FinanceError(
            gettext_noop(
                "Task %(task)s keeps its execution by month; record the month's execution instead."
            ),
            field="execution",
            task=task.code,
        )
    if "goal_shares" in changes:
        shares = _clean_shares(changes["goal_shares"])
    else:
        shares = {link.goal: link.share for link in task.shares.select_related("goal")}
    warnings = _check_amounts(task.code, task.year, amounts, shares)
    history = _History(actor, reason, channel)
    if "classification" in changes:
        section, chapter, paragraph = check_classification(changes["classification"])
        old = task.classification
        task.section, task.chapter, task.paragraph = section, chapter, paragraph
        history.add(task, "classification", old, task.classification)
    for name, amount in amounts.items():
        history.add(task, name, getattr(task, name), amount)
        setattr(task, name, amount)
    for name in ("name_pl", "name_en"):
        if name in changes:
            changes[name] = check_text(changes[name], name, 300)
            if name == "name_pl" and not changes[name]:
                raise FinanceError(gettext_noop("A budget task needs a name."), field="name_pl")
    for name in ("name_pl", "name_en", "unit", "domain", "note", "illustrative", "instrument"):
        if name in changes:
            old = getattr(task, name)
            if name in ("unit", "domain", "instrument"):
                history.add(task, name, old, changes[name])
            setattr(task, name, changes[name])
    task.save()
    if "goal_shares" in changes:
        _write_shares(task, shares, history)
    history.save()
    return TaskResult(task, warnings)


@transaction.atomic
def record_execution(
    task: BudgetTask,
    *,
    execution: Decimal,
    commitments: Decimal | None = None,
    month: int | None = None,
    actor=None,
    reason: str,
    channel: str = "service",
) -> TaskResult:
    """Record execution to date (or one month's execution, adding up to the task's)."""
    reason = _check_reason(reason)
    task = BudgetTask.objects.select_for_update().get(pk=task.pk)
    _check_task_permission(actor, task)
    execution = money(execution, "execution")
    amounts = {name: getattr(task, name) for name in MONEY_FIELDS}
    if commitments is not None:
        amounts["commitments"] = money(commitments, "commitments")
    history = _History(actor, reason, channel)
    month_row = None
    if month is not None:
        if not 1 <= int(month) <= 12:
            raise FinanceError(
                gettext_noop("A month is 1 to 12, not %(month)s."), field="month", month=month
            )
        months = {m.month: m for m in task.months.all()}
        if not months and task.execution != ZERO:
            raise FinanceError(
                gettext_noop(
                    "Task %(task)s has execution recorded for the year as a whole; it cannot "
                    "be split by month from here on."
                ),
                field="month",
                task=task.code,
            )
        month_row = months.get(month) or BudgetTaskMonth(task=task, month=month)
        others = sum((m.execution for k, m in months.items() if k != month), ZERO)
        amounts["execution"] = others + execution
    else:
        if task.months.exists():
            raise FinanceError(
                gettext_noop("Task %(task)s keeps its execution by month; give the month."),
                field="month",
                task=task.code,
            )
        amounts["execution"] = execution
    warnings = _check_amounts(task.code, task.year, amounts, {})
    if month_row is not None:
        history.add(
            task,
            f"month:{month:02d}:execution",
            month_row.execution if month_row.pk else None,
            execution,
        )
        month_row.execution = execution
        month_row.save()
    for name, amount in amounts.items():
        history.add(task, name, getattr(task, name), amount)
        setattr(task, name, amount)
    task.save()
    history.save()
    return TaskResult(task, warnings)


@transaction.atomic
def set_monthly_plan(
    task: BudgetTask, months: Mapping[int, Decimal], *, actor=None, reason: str
) -> BudgetTask:
    """Split the plan after changes by month; the months must add up to it exactly."""
    reason = _check_reason(reason)
    task = BudgetTask.objects.select_for_update().get(pk=task.pk)
    _check_task_permission(actor, task)
    clean = {}
    for month, amount in months.items():
        if not 1 <= int(month) <= 12:
            raise FinanceError(
                gettext_noop("A month is 1 to 12, not %(month)s."), field="month", month=month
            )
        clean[int(month)] = money(amount, f"plan of month {month}")
        if clean[int(month)] < ZERO:
            raise FinanceError(
                gettext_noop("The plan of month %(month)s is negative: %(amount)s."),
                field="months",
                month=month,
                amount=clean[int(month)],
            )
    total = sum(clean.values(), ZERO)
    if total != task.plan_after_changes:
        raise FinanceError(
            gettext_noop(
                "The monthly plans of task %(task)s add up to %(total)s, not to its plan after "
                "changes of %(plan)s."
            ),
            field="months",
            task=task.code,
            total=total,
            plan=task.plan_after_changes,
        )
    history = _History(actor, reason)
    existing = {m.month: m for m in task.months.all()}
    for month in range(1, 13):
        row = existing.get(month)
        amount = clean.get(month)
        if row is None and amount is None:
            continue
        if row is None:
            row = BudgetTaskMonth(task=task, month=month)
        history.add(task, f"month:{month:02d}:plan", row.plan, amount)
        row.plan = amount
        row.save()
    history.save()
    return task
