"""Writes of strategies: a new version of a whole tree, and a goal's indicator (its
baseline, target, milestones, weight…) added, changed or deleted, each with its history
in :class:`StrategyChange` (who, when, old and new value, why, the channel). Who may:
``accounts.permissions.can(EDIT_TARGET)``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from stradom.accounts.permissions import Action, can
from stradom.core.channels import copied_reason
from stradom.core.history import record_deletion, save_tracked
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


def _require(actor, obj) -> None:
    if not can(actor, Action.EDIT_TARGET, obj):
        raise StradomError(gettext_noop("You may not change the targets of the strategy."))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop("Say why the target changes (a reason); it is kept in the history.")
        )
    return reason


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

    Each copied link's history starts with the values it was copied with (as a new link
    added through :func:`save_goal_indicator` records them), the reason saying which
    version it came from (:func:`stradom.core.channels.copied_reason`)."""
    _require(actor, None)
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
    copied = GoalIndicator.objects.bulk_create(
        GoalIndicator(goal=new_ids[link.goal_id], **{n: getattr(link, n) for n in link_fields})
        for link in GoalIndicator.objects.filter(goal__strategy=strategy).order_by("pk")
    )
    reason = copied_reason(strategy.code, strategy.version)
    copied = GoalIndicator.objects.filter(pk__in=[c.pk for c in copied]).select_related(
        "goal", "indicator", "territory"
    )
    StrategyChange.objects.bulk_create(
        StrategyChange.entry(link, name, old, new, actor=actor, reason=reason, channel=channel)
        for link in copied.order_by("pk")
        for name, old, new in changed_fields({}, snapshot(link, GOAL_INDICATOR_FIELDS))
    )
    # (The new Strategy row's save has raised the data version for the cached pages.)
    return copy
