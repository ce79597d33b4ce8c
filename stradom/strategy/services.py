"""Writes of strategies that touch a whole tree."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel


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
