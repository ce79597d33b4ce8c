"""Money of budget tasks rolled up to the strategy goals they serve.

A budget task (zadanie budżetowe; Kraków keeps them in its "rejestr zadań
budżetowych", Zarządzenie Nr 2612/2021 Prezydenta Miasta Krakowa) carries, for
one year, the amounts that Polish budget reporting knows:

* ``plan`` – the plan adopted in the budget resolution (plan pierwotny; the
  resolution states planned expenditure, u.f.p. art. 212 ust. 1 pkt 2 [V]);
* ``plan_after_changes`` – the plan after the year's amendments (plan po
  zmianach; changes by the council or the executive, u.f.p. art. 257-258 [K]);
* ``commitments`` – obligations taken on (zaangażowanie, the Rb-28S column);
* ``execution`` – money spent (wykonanie).

Each task serves one or more goals in stated percentage shares that add up to
exactly 100.  Every amount is split by those shares to the grosz with the
largest-remainder method (:func:`stradom.finance.core.money.split_by_shares`),
so the goals' parts of a task always add up to the task.  ``remaining`` is the
plan after changes less execution (negative when overspent).

Refused (StradomError, naming the task): shares that do not add up to 100 or
are negative, a negative plan (a plan of expenditure is an upper limit and
cannot be below zero), a task given twice for one year.  Reported as a
warning, not refused: execution above the plan after changes.  Spending
beyond the plan breaches budget discipline (ustawa z 17 grudnia 2004 r. o
odpowiedzialności za naruszenie dyscypliny finansów publicznych, art. 11 [K]),
yet such figures do arrive and must be shown, not dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.finance.core.money import HUNDRED, ZERO, split_by_shares, to_money

AMOUNTS = ("plan", "plan_after_changes", "commitments", "execution")


@dataclass(frozen=True)
class BudgetTask:
    code: str
    year: int
    plan: Decimal
    plan_after_changes: Decimal
    commitments: Decimal
    execution: Decimal
    goal_shares: Mapping[str, Decimal]  # goal -> percentage, summing to exactly 100
    name: str = ""

    def __post_init__(self) -> None:
        for amount in AMOUNTS:
            label = f"{amount} of task {self.code}"
            object.__setattr__(self, amount, to_money(getattr(self, amount), label))
        shares = {}
        for goal, share in self.goal_shares.items():
            if isinstance(share, bool) or not isinstance(share, Decimal | int):
                raise TypeError(f"share of goal {goal} in task {self.code} must be a Decimal")
            shares[goal] = Decimal(share)
        object.__setattr__(self, "goal_shares", MappingProxyType(shares))


@dataclass(frozen=True)
class GoalMoney:
    """A goal's part of the tasks that serve it, for one year (or all years: ``None``)."""

    goal: str
    year: int | None
    planned: Decimal
    planned_after_changes: Decimal
    committed: Decimal
    spent: Decimal
    remaining: Decimal
    tasks: tuple[str, ...] = ()


@dataclass(frozen=True)
class RollupWarning:
    task: str
    year: int
    message: Message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Rollup:
    goals: tuple[GoalMoney, ...]
    warnings: tuple[RollupWarning, ...] = field(default=())

    def goal(self, goal: str, year: int | None = None) -> GoalMoney:
        for item in self.goals:
            if item.goal == goal and item.year == year:
                return item
        raise KeyError((goal, year))


def check_task(task: BudgetTask) -> None:
    """Refuse what cannot be rolled up: bad shares or a negative plan."""
    for goal, share in task.goal_shares.items():
        if share < 0:
            raise StradomError(
                gettext_noop("Task %(task)s gives goal %(goal)s a negative share (%(share)s%%)."),
                task=task.code,
                goal=goal,
                share=share,
            )
    total = sum(task.goal_shares.values(), Decimal(0))
    if total != HUNDRED:
        raise StradomError(
            gettext_noop("The goal shares of task %(task)s add up to %(total)s%%, not 100%%."),
            task=task.code,
            total=total,
        )
    for amount in ("plan", "plan_after_changes"):
        if getattr(task, amount) < ZERO:
            raise StradomError(
                gettext_noop("Task %(task)s has a negative plan for %(year)s: %(amount)s."),
                task=task.code,
                year=task.year,
                amount=getattr(task, amount),
            )


def split_task(task: BudgetTask) -> dict[str, dict[str, Decimal]]:
    """``{goal: {"plan": …, "plan_after_changes": …, "commitments": …, "execution": …}}``."""
    check_task(task)
    goals = list(task.goal_shares)
    shares = [task.goal_shares[goal] for goal in goals]
    parts: dict[str, dict[str, Decimal]] = {goal: {} for goal in goals}
    for amount in AMOUNTS:
        for goal, part in zip(goals, split_by_shares(getattr(task, amount), shares), strict=True):
            parts[goal][amount] = part
    return parts


def roll_up(tasks: Iterable[BudgetTask], *, by_year: bool = True) -> Rollup:
    """Planned, committed, spent and remaining money per goal (and per year)."""
    totals: dict[tuple[str, int | None], dict[str, Decimal]] = defaultdict(
        lambda: dict.fromkeys(AMOUNTS, ZERO)
    )
    served: dict[tuple[str, int | None], list[str]] = defaultdict(list)
    warnings: list[RollupWarning] = []
    seen: set[tuple[str, int]] = set()
    for task in tasks:
        if (task.code, task.year) in seen:
            raise StradomError(
                gettext_noop("Task %(task)s appears twice for %(year)s."),
                task=task.code,
                year=task.year,
            )
        seen.add((task.code, task.year))
        for goal, parts in split_task(task).items():
            key = (goal, task.year if by_year else None)
            for amount, part in parts.items():
                totals[key][amount] += part
            served[key].append(task.code)
        if task.execution > task.plan_after_changes:
            message = Message(
                gettext_noop(
                    "Task %(task)s spent %(spent)s in %(year)s, more than its plan after "
                    "changes of %(plan)s (by %(excess)s)."
                ),
                {
                    "task": task.code,
                    "year": task.year,
                    "spent": task.execution,
                    "plan": task.plan_after_changes,
                    "excess": task.execution - task.plan_after_changes,
                },
            )
            warnings.append(RollupWarning(task.code, task.year, message))
    goals = tuple(
        GoalMoney(
            goal=goal,
            year=year,
            planned=sums["plan"],
            planned_after_changes=sums["plan_after_changes"],
            committed=sums["commitments"],
            spent=sums["execution"],
            remaining=sums["plan_after_changes"] - sums["execution"],
            tasks=tuple(served[(goal, year)]),
        )
        for (goal, year), sums in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
    )
    return Rollup(goals, tuple(warnings))
