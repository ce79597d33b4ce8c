"""Writes of strategies, each with its history in :class:`StrategyChange` (who, when, old
and new value, why, the channel): the structure — a strategy, its levels, the goals of
its tree — added, changed or deleted (a deleted goal or strategy keeps the last values
of everything deleted with it: goals below, their indicators, levels); a goal's
indicator (its baseline, target, milestones, weight…) added, changed or deleted; a new
version of a whole tree. Who may: ``accounts.permissions.can`` with ``EDIT_STRATEGY``
(the structure) and ``EDIT_TARGET`` (the targets)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from stradom.accounts.permissions import Action, can
from stradom.core.channels import copied_reason
from stradom.core.history import (
    record_deletion,
    refuse_if_referred_to,
    refuse_unknown_fields,
    save_tracked,
)
from stradom.core.messages import StradomError, gettext_noop
from stradom.core.models import changed_fields, snapshot
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyChange, StrategyLevel

# What the history of a goal's indicator keeps: everything an assessment reads.
GOAL_INDICATOR_FIELDS = (
    "goal",
    "indicator",
    "territory",
    "dimensions",
    "direction",
    "baseline_year",
    "baseline_value",
    "target_year",
    "target_value",
    "target_source",
    "milestones",
    "limit",
    "weight",
    "order",
    "note",
)


# What the history of the strategy's structure keeps: every field a person sets.
STRATEGY_FIELDS = (
    "code",
    "version",
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "start_year",
    "end_year",
    "resolution",
    "previous_version",
    "source_url",
)
LEVEL_FIELDS = ("strategy", "depth", "name_pl", "name_en")
GOAL_FIELDS = (
    "strategy",
    "parent",
    "code",
    "depth",  # follows the parent (Goal.clean); kept since it names the goal's level
    "order",
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "source_url",
    "note",
)


def _require(actor, obj) -> None:
    if not can(actor, Action.EDIT_TARGET, obj):
        raise StradomError(gettext_noop("You may not change the targets of the strategy."))


def _require_structure(actor, obj) -> None:
    if not can(actor, Action.EDIT_STRATEGY, obj):
        raise StradomError(gettext_noop("You may not change the structure of the strategy."))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop("Say why the target changes (a reason); it is kept in the history.")
        )
    return reason


def _structure_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop("Say why the strategy changes (a reason); it is kept in the history.")
        )
    return reason


def _save_structure(model, fields, values, instance, subject, *, actor, reason, channel):
    """Save a strategy or one of its levels (``model``, its history keeping ``fields``)
    with the history, after the policy's check on ``subject`` and a reason."""
    _require_structure(actor, subject)
    reason = _structure_reason(reason)
    refuse_unknown_fields(values, fields, model)
    if instance is not None:
        instance = model.objects.select_for_update().get(pk=instance.pk)
    saved, _changed = save_tracked(
        StrategyChange,
        model,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=lambda obj: obj.full_clean(),
    )
    return saved


@transaction.atomic
def save_strategy(
    values: Mapping[str, Any],
    *,
    instance: Strategy | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> Strategy:
    """Create a strategy or change it (its code, version, names, years, resolution…):
    every changed field is kept in :class:`StrategyChange` with who, when, old and new
    value, why and the channel. Nothing is written without a reason, when the actor may
    not change the strategy's structure, when a value is wrong, or when nothing changes."""
    return _save_structure(
        Strategy, STRATEGY_FIELDS, values, instance, instance,
        actor=actor, reason=reason, channel=channel,
    )  # fmt: skip


@transaction.atomic
def save_strategy_level(
    values: Mapping[str, Any],
    *,
    instance: StrategyLevel | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> StrategyLevel:
    """Name the goals at one depth of a strategy's tree, or rename them, with the history
    (as :func:`save_strategy`)."""
    subject = instance if instance is not None else values.get("strategy")
    return _save_structure(
        StrategyLevel, LEVEL_FIELDS, values, instance, subject,
        actor=actor, reason=reason, channel=channel,
    )  # fmt: skip


@transaction.atomic
def delete_strategy_level(
    level: StrategyLevel, *, actor, reason: str, channel: str = "service"
) -> None:
    """Delete a level's names; its last values stay in the history with the reason."""
    _require_structure(actor, level)
    reason = _structure_reason(reason)
    fresh = StrategyLevel.objects.select_for_update().get(pk=level.pk)
    record_deletion(
        StrategyChange, fresh, LEVEL_FIELDS, actor=actor, reason=reason, channel=channel
    )


def _tree_below(goal: Goal) -> list[Goal]:
    """``goal`` and every goal below it, each parent before its children (one query)."""
    children: dict[int | None, list[Goal]] = {}
    for g in Goal.objects.filter(strategy_id=goal.strategy_id).order_by("order", "code"):
        children.setdefault(g.parent_id, []).append(g)
    out, todo = [], [goal]
    while todo:
        node = todo.pop(0)
        out.append(node)
        todo.extend(children.get(node.pk, ()))
    return out


@transaction.atomic
def save_goal(
    values: Mapping[str, Any],
    *,
    instance: Goal | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> Goal:
    """Create a goal of a strategy's tree or change it (code, wording, order, parent…):
    every changed field is kept in :class:`StrategyChange` with who, when, old and new
    value, why and the channel. The depth follows the parent (``Goal.clean``); a goal
    moved to another place in the tree takes the goals below it along, and their new
    depths are kept in the history too. A goal stays in its strategy (a new version
    copies the tree). Nothing is written without a reason, when the actor may not change
    the strategy's structure, when a value is wrong, or when nothing changes."""
    _require_structure(actor, instance if instance is not None else Goal())
    reason = _structure_reason(reason)
    refuse_unknown_fields(values, GOAL_FIELDS, Goal)
    values = dict(values)
    if instance is not None:
        instance = Goal.objects.select_for_update().get(pk=instance.pk)
        strategy = values.get("strategy", instance.strategy)
        if getattr(strategy, "pk", strategy) != instance.strategy_id:
            raise StradomError(
                gettext_noop(
                    "The goal %(goal)s stays in its strategy; a new version of the "
                    "strategy copies the whole tree."
                ),
                goal=instance.code,
            )
    # The depth is the parent's + 1 (Goal.clean sets it); given here so the history
    # compares it.
    values["depth"] = instance.depth if instance is not None else 1
    goal, changed = save_tracked(
        StrategyChange,
        Goal,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=lambda obj: obj.full_clean(),
    )
    if instance is not None and "depth" in changed:
        depth = {goal.pk: goal.depth}
        for below in _tree_below(goal)[1:]:
            save_tracked(
                StrategyChange,
                Goal,
                below,
                {"depth": depth[below.parent_id] + 1},
                actor=actor,
                reason=reason,
                channel=channel,
            )
            depth[below.pk] = below.depth
    return goal


def _delete_goals(tree: list[Goal], *, actor, reason: str, channel: str) -> None:
    """Delete the goals of ``tree`` (parents before children) and their indicators, each
    keeping its last values in the history: the indicators first, then the goals from
    the bottom up, so each record is deleted by itself, none by a cascade."""
    links = GoalIndicator.objects.filter(goal__in=tree).select_related(
        "goal", "indicator", "territory"
    )
    for link in links.order_by("pk"):
        record_deletion(
            StrategyChange, link, GOAL_INDICATOR_FIELDS, actor=actor, reason=reason, channel=channel
        )
    for goal in reversed(tree):
        record_deletion(
            StrategyChange, goal, GOAL_FIELDS, actor=actor, reason=reason, channel=channel
        )


def _require_deleting(actor, goals: list[Goal]) -> None:
    """Deleting goals deletes their indicators too: the right to each kind deleted."""
    if goals:
        _require_structure(actor, goals[0])
        link = GoalIndicator.objects.filter(goal__in=goals).first()
        if link is not None:
            _require(actor, link)


@transaction.atomic
def delete_goal(goal: Goal, *, actor, reason: str, channel: str = "service") -> None:
    """Delete a goal with the goals below it and their indicators: each keeps its last
    values in :class:`StrategyChange` (new value empty) with who, when, why and the
    channel. Needs a reason, the right to the strategy's structure and — when indicators
    are linked below — to its targets; refused while other records (budget shares,
    instruments, undertakings, comments) refer to a goal deleted."""
    _require_structure(actor, goal)
    reason = _structure_reason(reason)
    goal = Goal.objects.select_for_update().get(pk=goal.pk)
    tree = _tree_below(goal)
    _require_deleting(actor, tree)
    refuse_if_referred_to(goal, Goal, tree, own={"children", "links"})
    _delete_goals(tree, actor=actor, reason=reason, channel=channel)


@transaction.atomic
def delete_strategy(strategy: Strategy, *, actor, reason: str, channel: str = "service") -> None:
    """Delete a strategy with its whole tree, its indicators and its levels: each keeps its
    last values in :class:`StrategyChange` with who, when, why and the channel. Needs a
    reason and the rights :func:`delete_goal` needs; refused while other records refer
    to it or to a goal (assessment runs, a later version, budget shares…)."""
    _require_structure(actor, strategy)
    reason = _structure_reason(reason)
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    roots = strategy.goals.filter(parent__isnull=True).order_by("order", "code")
    tree = [g for root in roots for g in _tree_below(root)]
    _require_deleting(actor, tree)
    refuse_if_referred_to(strategy, Strategy, [strategy], own={"levels", "goals"})
    refuse_if_referred_to(strategy, Goal, tree, own={"children", "links"})
    _delete_goals(tree, actor=actor, reason=reason, channel=channel)
    for level in strategy.levels.order_by("depth"):
        record_deletion(
            StrategyChange, level, LEVEL_FIELDS, actor=actor, reason=reason, channel=channel
        )
    record_deletion(
        StrategyChange, strategy, STRATEGY_FIELDS, actor=actor, reason=reason, channel=channel
    )


@transaction.atomic
def save_goal_indicator(
    values: Mapping[str, Any],
    *,
    instance: GoalIndicator | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> GoalIndicator:
    """Create a goal's indicator or change it: every changed field (baseline, target,
    their years and sources, milestones, weight…) is kept in :class:`StrategyChange`
    with who, when, old and new value, why and the channel.

    A reason is required; nothing is written when it is missing, when the actor may not
    change targets, when a value is wrong (the model's checks), or when nothing changes.
    """
    _require(actor, instance if instance is not None else values.get("goal"))
    reason = _reason(reason)
    refuse_unknown_fields(values, GOAL_INDICATOR_FIELDS, GoalIndicator)
    if instance is not None:
        instance = GoalIndicator.objects.select_for_update().get(pk=instance.pk)
    link, _changed = save_tracked(
        StrategyChange,
        GoalIndicator,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=lambda obj: obj.full_clean(),
    )
    return link


@transaction.atomic
def delete_goal_indicator(
    link: GoalIndicator, *, actor, reason: str, channel: str = "service"
) -> None:
    """Take an indicator off a goal: its last baseline, target, milestones… stay in
    :class:`StrategyChange` (new value empty) with who, when, why and the channel. A
    reason is required; nothing is deleted without it or when the actor may not change
    targets."""
    _require(actor, link)
    reason = _reason(reason)
    fresh = GoalIndicator.objects.select_for_update().get(pk=link.pk)
    record_deletion(
        StrategyChange, fresh, GOAL_INDICATOR_FIELDS, actor=actor, reason=reason, channel=channel
    )


@transaction.atomic
def new_version(strategy: Strategy, *, actor=None, channel: str = "service", **changes) -> Strategy:
    """A revised strategy: a new row (version + 1, ``previous_version`` = ``strategy``)
    with copies of its levels, goal tree and indicator links. ``changes`` set fields of
    the new row (e.g. ``resolution``, ``end_year``). The old version is not touched, so
    assessment runs made on it stay reproducible.

    The history of each copied record — the strategy, its levels, goals and links —
    starts with the values it was copied with (as a new one added through
    :func:`save_strategy`, :func:`save_goal`… records them), the reason saying which
    version it came from (:func:`stradom.core.channels.copied_reason`). Needs the right
    to the strategy's targets and to its structure."""
    _require(actor, None)
    _require_structure(actor, None)
    _require_structure(actor, Goal())
    latest = Strategy.objects.filter(code=strategy.code).aggregate(v=Max("version"))["v"]
    fields = {
        f.name: getattr(strategy, f.name)
        for f in Strategy._meta.concrete_fields
        if f.name not in ("id", "created_at", "version", "previous_version")
    }
    fields.update(changes)
    copy = Strategy.objects.create(**fields, version=latest + 1, previous_version=strategy)
    levels = StrategyLevel.objects.bulk_create(
        StrategyLevel(strategy=copy, depth=lv.depth, name_pl=lv.name_pl, name_en=lv.name_en)
        for lv in strategy.levels.order_by("depth")
    )
    goals = list(strategy.goals.order_by("depth", "order", "code"))
    new_ids: dict[int, Goal] = {}
    skip = {"id", "strategy", "parent"}
    goal_fields = [f.name for f in Goal._meta.concrete_fields if f.name not in skip]
    for depth in sorted({g.depth for g in goals}):
        level = [g for g in goals if g.depth == depth]
        created = Goal.objects.bulk_create(
            Goal(
                strategy=copy,
                parent=new_ids[g.parent_id] if g.parent_id else None,
                **{name: getattr(g, name) for name in goal_fields},
            )
            for g in level
        )
        # bulk_create sets primary keys on PostgreSQL and SQLite ≥ 3.35.
        new_ids.update({old.pk: new for old, new in zip(level, created, strict=True)})
    link_fields = [
        f.attname for f in GoalIndicator._meta.concrete_fields if f.name not in ("id", "goal")
    ]
    copied = GoalIndicator.objects.bulk_create(
        GoalIndicator(goal=new_ids[link.goal_id], **{n: getattr(link, n) for n in link_fields})
        for link in GoalIndicator.objects.filter(goal__strategy=strategy).order_by("pk")
    )
    reason = copied_reason(strategy.code, strategy.version)
    copied = GoalIndicator.objects.filter(pk__in=[c.pk for c in copied]).select_related(
        "goal", "indicator", "territory"
    )
    records = [
        (copy, STRATEGY_FIELDS),
        *((level, LEVEL_FIELDS) for level in levels),
        *((goal, GOAL_FIELDS) for goal in new_ids.values()),
        *((link, GOAL_INDICATOR_FIELDS) for link in copied.order_by("pk")),
    ]
    StrategyChange.objects.bulk_create(
        StrategyChange.entry(obj, name, old, new, actor=actor, reason=reason, channel=channel)
        for obj, fields in records
        for name, old, new in changed_fields({}, snapshot(obj, fields))
    )
    # (The new Strategy row's save has raised the data version for the cached pages.)
    return copy
