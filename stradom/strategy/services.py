"""Writes of strategies: a new version of a whole tree, and a goal's indicator (its
baseline, target, milestones, weight…) with its history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from stradom.accounts.permissions import is_administrator
from stradom.core.history import save_tracked
from stradom.core.messages import StradomError, gettext_noop
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


def may_change_targets(actor) -> bool:
    """An administrator (or the operator at the command line, ``actor=None``), or a user
    the admin lets change goals' indicators."""
    if actor is None or is_administrator(actor):
        return True
    return bool(actor.is_active and actor.has_perm("strategy.change_goalindicator"))


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
    if not may_change_targets(actor):
        raise StradomError(gettext_noop("You may not change the targets of the strategy."))
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop("Say why the target changes (a reason); it is kept in the history.")
        )
    unknown = set(values) - set(GOAL_INDICATOR_FIELDS)
    if unknown:
        raise StradomError(
            gettext_noop("Unknown fields of a goal's indicator: %(fields)s."),
            fields=", ".join(sorted(unknown)),
        )
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
def new_version(strategy: Strategy, **changes) -> Strategy:
    """A revised strategy: a new row (version + 1, ``previous_version`` = ``strategy``)
    with copies of its levels, goal tree and indicator links. ``changes`` set fields of
    the new row (e.g. ``resolution``, ``end_year``). The old version is not touched, so
    assessment runs made on it stay reproducible."""
    latest = Strategy.objects.filter(code=strategy.code).aggregate(v=Max("version"))["v"]
    fields = {
        f.name: getattr(strategy, f.name)
        for f in Strategy._meta.concrete_fields
        if f.name not in ("id", "created_at", "version", "previous_version")
    }
    fields.update(changes)
    copy = Strategy.objects.create(**fields, version=latest + 1, previous_version=strategy)
    StrategyLevel.objects.bulk_create(
        StrategyLevel(strategy=copy, depth=lv.depth, name_pl=lv.name_pl, name_en=lv.name_en)
        for lv in strategy.levels.all()
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
    GoalIndicator.objects.bulk_create(
        GoalIndicator(goal=new_ids[link.goal_id], **{n: getattr(link, n) for n in link_fields})
        for link in GoalIndicator.objects.filter(goal__strategy=strategy)
    )
    # (The new Strategy row's save has raised the data version for the cached pages.)
    return copy
