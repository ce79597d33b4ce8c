"""The one way a service saves a record and keeps its history: snapshot the tracked
fields before, apply the values, check, snapshot after, and — only when something
changed — save, set the links and record one row per changed field (old, new, who,
when, channel, why) in the app's :class:`stradom.core.models.ChangeRecord` subclass.

Registers, instruments and their milestones, project networks and reporting cycles,
the strategy (its structure and targets) and indicator metadata all save through
:func:`save_tracked` — new records too, whose history starts with the values they were
created with; a deleted one records its last values through :func:`record_deletion`,
and a record that others still refer to is not deleted (:func:`refuse_if_referred_to`);
finance (whose changes are amounts, not model fields) builds its rows with the same
:func:`stradom.core.models.history_text` and ``changed_fields``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from stradom.core import data_version
from stradom.core.messages import StradomError, gettext_noop
from stradom.core.models import changed_fields, history_text, snapshot


def links_text(model, values) -> str:
    """A list of linked records (given as records or their keys) as the history keeps a
    many-to-many field: their sorted codes, as :func:`snapshot` reads the stored links."""
    keys = [getattr(value, "pk", value) for value in values]
    return ", ".join(sorted(history_text(obj) for obj in model.objects.filter(pk__in=keys)))


@transaction.atomic
def save_tracked(
    history_model,
    model,
    instance,
    values: Mapping[str, Any],
    *,
    actor,
    reason: str,
    channel: str,
    check: Callable[[Any], None] | None = None,
    new: Callable[[], Any] | None = None,
) -> tuple[Any, list[str]]:
    """Save ``values`` on ``instance`` (a new ``model`` when None) and record the change.

    ``check`` gets the object with the new values before anything is written and raises
    to refuse. ``new`` builds the new object when ``instance`` is None (default
    ``model()``), for what a new record is given but its history does not keep (the
    instrument a milestone belongs to). Returns the object and the names of the changed
    fields; an existing record whose values are all the same is not saved and gets no
    history; a new one records every field given a value (old value empty).
    """
    meta = model._meta
    links = {n: v for n, v in values.items() if meta.get_field(n).many_to_many}
    plain = {n: v for n, v in values.items() if n not in links}
    before = snapshot(instance, values)
    obj = instance if instance is not None else (new or model)()
    for name, value in plain.items():
        setattr(obj, name, value)
    if check is not None:
        check(obj)
    after = snapshot(obj, plain)
    for name, linked in links.items():
        after[name] = links_text(meta.get_field(name).related_model, linked)
    if instance is not None and not changed_fields(before, after):
        return obj, []
    obj.save()
    for name, linked in links.items():
        getattr(obj, name).set(linked)
    data_version.changed()  # cached public pages are rebuilt after the commit
    changed = history_model.record_diff(
        obj, before, after, actor=actor, reason=reason, channel=channel
    )
    return obj, changed


@transaction.atomic
def record_deletion(history_model, obj, fields, *, actor, reason: str, channel: str) -> None:
    """Delete ``obj`` and keep its last values of ``fields`` in ``history_model`` (new value
    empty), with who, when, why and the channel: the record is gone, its history stays."""
    before = snapshot(obj, fields)
    history_model.record_diff(
        obj, before, dict.fromkeys(before, ""), actor=actor, reason=reason, channel=channel
    )
    obj.delete()
    data_version.changed()


def refuse_unknown_fields(values: Mapping[str, Any], fields, model) -> None:
    """Refuse ``values`` naming a field the history of ``model`` does not keep."""
    unknown = set(values) - set(fields)
    if unknown:
        raise StradomError(
            gettext_noop("Unknown fields (%(record)s): %(fields)s."),
            record=model._meta.verbose_name,
            fields=", ".join(sorted(unknown)),
        )


def refuse_if_referred_to(record, model, objs, own: set[str]) -> None:
    """Refuse to delete ``objs`` (of ``model``; ``record`` is named in the message) while
    records other than their ``own`` relations (those the service deletes with them,
    each keeping its history) refer to them: budget shares, instruments, undertakings,
    comments, assessment runs, networks… Django would refuse some (PROTECT) and silently
    drop others (a many-to-many link, a cascade), which no history would show."""
    found = []
    for rel in model._meta.related_objects:
        if rel.get_accessor_name() in own:
            continue
        related = rel.related_model._default_manager.filter(
            **{f"{rel.field.name}__in": objs}
        ).distinct()
        shown = [str(r) for r in related[:4]]
        if shown:
            if len(shown) > 3:
                shown[3] = "…"
            found.append(f"{rel.related_model._meta.verbose_name_plural}: {', '.join(shown)}")
    if found:
        raise StradomError(
            gettext_noop(
                "%(record)s cannot be deleted while other records refer to it: %(records)s. "
                "Remove those references first."
            ),
            record=str(record),
            records="; ".join(found),
        )


@dataclass(frozen=True)
class ShownChange:
    """One recorded change as a page shows it: the field's name and the values in the
    reader's words and formats (``31.03.2026``, ``1 250 000,50``, ``tak``)."""

    what: str
    old: str
    new: str
    actor: Any  # the user; None for the command line, an import or the demo loader
    channel: str
    reason: str
    at: Any


def shown_history(history_model, obj) -> list[ShownChange]:
    """Every recorded change of ``obj`` in ``history_model``, newest first, in the active
    language (one query)."""
    from stradom.core.admin import history_of, value_shown
    from stradom.core.channels import reason_shown

    out = []
    for row in history_of(history_model, obj):
        field = row.recorded_field()
        out.append(
            ShownChange(
                what=row.field_label,
                old=value_shown(field, row.old),
                new=value_shown(field, row.new),
                actor=row.actor,
                channel=row.channel,
                reason=reason_shown(row.reason, row.channel),
                at=row.at,
            )
        )
    return out
