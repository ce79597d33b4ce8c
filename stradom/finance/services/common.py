"""Errors, permission, history and amount checks shared by the write functions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stradom.accounts.permissions import Action, can, is_administrator
from stradom.core import data_version
from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.core.models import changed_fields, history_text
from stradom.finance.core import rollup as core_rollup
from stradom.finance.core.classification import ClassificationError, load_classification
from stradom.finance.core.money import ZERO, to_money
from stradom.finance.models import BudgetTask, MoneyChange

MONEY_FIELDS = ("plan", "plan_after_changes", "commitments", "execution")
MAX_AMOUNT = Decimal(10) ** 16  # DecimalField(max_digits=18, decimal_places=2)


# -- errors ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Problem:
    """One reason for refusing: where (line/row, column or field) and why."""

    message: Message
    line: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else str(self.message)


class FinanceError(StradomError):
    """One reason a change of money was refused; ``field`` names the input at fault."""

    def __init__(self, template: str, *, field: str = "", **params: Any) -> None:
        self.field = field
        super().__init__(template, **params)


class FinanceRefused(StradomError):
    """A table or file refused as a whole; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__(
            gettext_noop("problems found: %(count)d; nothing was written."), count=len(problems)
        )
        self.args = ("\n".join([str(self.message), *(str(p) for p in problems)]),)


# -- permission and history -----------------------------------------------------------------
def _check_task_permission(actor, task_or_domain) -> None:
    """Refuse unless ``accounts.permissions`` lets the actor edit the budget task (or a
    task of the domain: the one it is created in or moved to)."""
    if not can(actor, Action.EDIT_BUDGET_TASK, task_or_domain):
        raise FinanceError(
            gettext_noop("You may not change the money of this budget task."), field="actor"
        )


def _check_admin(actor) -> None:
    if not is_administrator(actor):
        raise FinanceError(
            gettext_noop("Only an administrator may change the financial forecast."),
            field="actor",
        )


def _check_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FinanceError(gettext_noop("Say why the money changes (a reason)."), field="reason")
    return reason


@dataclass
class _History:
    actor: Any
    reason: str
    channel: str = "service"
    entries: list[MoneyChange] = field(default_factory=list)

    def add(self, obj, name: str, old: Any, new: Any) -> None:
        """One change of an amount, share or plan, kept as every history keeps values
        (:func:`stradom.core.models.history_text`); nothing when the text is the same."""
        for changed, old_text, new_text in changed_fields({name: _text(old)}, {name: _text(new)}):
            self.entries.append(
                MoneyChange.entry(
                    obj,
                    changed,
                    old_text,
                    new_text,
                    actor=self.actor,
                    reason=self.reason,
                    channel=self.channel,
                )
            )

    def save(self) -> None:
        MoneyChange.objects.bulk_create(self.entries)
        if self.entries:
            data_version.changed()  # cached public pages are rebuilt after the commit


def _text(value: Any) -> str:
    return history_text(value)[:300]


# -- validation with the cores --------------------------------------------------------------
def money(value: Any, name: str) -> Decimal:
    """A Decimal amount with at most two decimals; refuse floats, text and part-grosze."""
    if isinstance(value, float):
        raise FinanceError(
            gettext_noop("%(name)s must be given as a decimal amount, not a float."),
            field=name,
            name=name,
        )
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except ArithmeticError:
            raise FinanceError(
                gettext_noop("%(name)s is not an amount: %(value)s."),
                field=name,
                name=name,
                value=value,
            ) from None
    try:
        amount = to_money(value, name)
    except TypeError:
        raise FinanceError(
            gettext_noop("%(name)s is not an amount: %(value)s."),
            field=name,
            name=name,
            value=value,
        ) from None
    except StradomError as exc:
        raise FinanceError(exc.message.template, field=name, **exc.message.params) from None
    if abs(amount) >= MAX_AMOUNT:
        raise FinanceError(
            gettext_noop("%(name)s is too large: %(value)s."), field=name, name=name, value=amount
        )
    return amount


def check_text(value: str, name: str, limit: int) -> str:
    """Refuse a text longer than the database keeps (rather than cut it)."""
    value = (value or "").strip()
    if len(value) > limit:
        raise FinanceError(
            gettext_noop("%(name)s is %(length)s characters long; at most %(limit)s."),
            field=name,
            name=name,
            length=len(value),
            limit=limit,
        )
    return value


def check_classification(code: str) -> tuple[str, str, str]:
    """(section, chapter, four-digit paragraph) of an expenditure position, or FinanceError."""
    try:
        parsed = load_classification().parse_code(code, "expenditure")
    except ClassificationError as exc:
        raise FinanceError(
            exc.message.template, field="classification", **exc.message.params
        ) from None
    return parsed.section.code, parsed.chapter.code, parsed.paragraph_code


def _check_amounts(code: str, year: int, amounts: Mapping[str, Decimal], shares) -> list[Message]:
    """Refuse negative plans and bad shares (core rules); return the over-plan warning."""
    task = core_rollup.BudgetTask(
        code=code,
        year=year,
        goal_shares={goal.code: share for goal, share in shares.items()} or {"-": 100},
        **amounts,
    )
    try:
        core_rollup.check_task(task)
    except StradomError as exc:
        name = "goal_shares" if "share" in exc.message.template else "plan"
        raise FinanceError(exc.message.template, field=name, **exc.message.params) from None
    for name in ("commitments", "execution"):
        if amounts[name] < ZERO:
            raise FinanceError(
                gettext_noop("Task %(task)s has a negative %(name)s for %(year)s: %(amount)s."),
                field=name,
                task=code,
                name=name,
                year=year,
                amount=amounts[name],
            )
    return over_plan_warnings(code, year, amounts["execution"], amounts["plan_after_changes"])


def over_plan_warnings(code: str, year: int, execution: Decimal, plan: Decimal) -> list[Message]:
    if execution <= plan:
        return []
    return [
        Message(
            gettext_noop(
                "Task %(task)s spent %(spent)s in %(year)s, more than its plan after "
                "changes of %(plan)s (by %(excess)s)."
            ),
            {
                "task": code,
                "year": year,
                "spent": execution,
                "plan": plan,
                "excess": execution - plan,
            },
        )
    ]


def _clean_shares(goal_shares) -> dict:
    """``{Goal: Decimal}`` from a mapping or pairs; refuse floats and a goal given twice."""
    pairs = goal_shares.items() if isinstance(goal_shares, Mapping) else goal_shares
    shares: dict = {}
    for goal, share in pairs:
        if isinstance(share, (float, bool)):
            raise FinanceError(
                gettext_noop("The share of goal %(goal)s must be a decimal, not a float."),
                field="goal_shares",
                goal=goal.code,
            )
        if goal in shares:
            raise FinanceError(
                gettext_noop("Goal %(goal)s is given twice."), field="goal_shares", goal=goal.code
            )
        share = Decimal(share)
        if not share.is_finite() or share <= 0 or share > 100 or share != round(share, 4):
            raise FinanceError(
                gettext_noop(
                    "The share of goal %(goal)s is %(share)s%%; a share is more than 0 and at "
                    "most 100, with at most 4 decimals."
                ),
                field="goal_shares",
                goal=goal.code,
                share=share,
            )
        shares[goal] = share
    strategies = {goal.strategy_id for goal in shares}
    if len(strategies) > 1:
        raise FinanceError(
            gettext_noop("The goals of one task must come from one strategy."),
            field="goal_shares",
        )
    return shares


@dataclass
class TaskResult:
    task: BudgetTask
    warnings: list[Message] = field(default_factory=list)
