"""Milestones and progress updates of an instrument: check, save, delete, record the day
a milestone was reached and a period's progress."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from stradom.core import data_version
from stradom.core.formatting import day as shown_day  # 31.12.2024 / 31 Dec 2024
from stradom.core.history import (
    record_deletion,
    refuse_unknown_fields,
    save_tracked,
)
from stradom.core.messages import StradomError, gettext_noop
from stradom.core.periods import PeriodError, PeriodKind, day, parse_period
from stradom.instruments.models import (
    Instrument,
    InstrumentChange,
    Milestone,
    ProgressUpdate,
    ReportingCycle,
)
from stradom.instruments.services.common import (
    require_manager,
)

# What a milestone's history keeps besides the day reached and the note (recorded by
# record_milestone): what it is and when it is due.
MILESTONE_FIELDS = (
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "due_date",
    "illustrative",
)


def check_milestone(milestone: Milestone) -> None:
    if not (milestone.name_pl or "").strip():
        raise StradomError(gettext_noop("A milestone needs a Polish name."))
    if not isinstance(milestone.due_date, date):
        raise StradomError(
            gettext_noop("Milestone %(milestone)s: %(value)r is not a date."),
            milestone=milestone.name_pl,
            value=milestone.due_date,
        )


def _milestone_reason(reason: str, name: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop(
                "Milestone %(milestone)s: say why what is recorded changes (a reason); "
                "it is kept in the history."
            ),
            milestone=name,
        )
    return reason


@transaction.atomic
def save_milestone(
    values,
    *,
    instance: Milestone | None = None,
    instrument: Instrument | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> Milestone:
    """Add a milestone to ``instrument`` (``instance=None``) or change its name,
    description, due date or example flag (``MILESTONE_FIELDS``). Every field set is kept in
    :class:`InstrumentChange` with who, when, old and new value, why and the channel; a
    reason is required. Nothing is written when the actor may not manage the
    instrument, a value is wrong, or nothing changes."""
    if instance is not None:
        rows = Milestone.objects.select_for_update().select_related("instrument")
        instance = rows.get(pk=instance.pk)
        instrument = instance.instrument
    if instrument is None:
        raise ValueError("a new milestone needs its instrument")
    require_manager(actor, instrument)
    refuse_unknown_fields(values, MILESTONE_FIELDS, Milestone)
    values = {
        name: value.strip() if name in ("name_pl", "name_en") and value else value
        for name, value in values.items()
    }
    name = values.get("name_pl") or (instance.name_pl if instance is not None else "")
    reason = _milestone_reason(reason, name)
    if instance is None:
        values = {name: getattr(Milestone(), name) for name in MILESTONE_FIELDS} | values
    milestone, _changed = save_tracked(
        InstrumentChange,
        Milestone,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=check_milestone,
        new=lambda: Milestone(instrument=instrument),
    )
    return milestone


@transaction.atomic
def delete_milestone(milestone: Milestone, *, actor, reason: str, channel: str = "service"):
    """Delete a milestone; its last values (name, due date, day reached, note…) stay in
    :class:`InstrumentChange` with who, when, why and the channel."""
    fresh = Milestone.objects.select_for_update().select_related("instrument").get(pk=milestone.pk)
    require_manager(actor, fresh.instrument)
    reason = _milestone_reason(reason, fresh.name_pl)
    record_deletion(
        InstrumentChange,
        fresh,
        (*MILESTONE_FIELDS, "done_date", "note"),
        actor=actor,
        reason=reason,
        channel=channel,
    )


@transaction.atomic
def add_milestone(
    instrument: Instrument,
    *,
    actor,
    name_pl: str,
    due_date: date,
    done_date: date | None = None,
    note: str = "",
    name_en: str = "",
    illustrative: bool = False,
    reason: str,
    channel: str = "service",
) -> Milestone:
    """A new milestone, through :func:`save_milestone` (its history starts with its name
    and due date). A day reached (and a note) given at once is recorded through
    :func:`record_milestone`, so it is checked the same way and its history says who,
    when, through which channel and why."""
    milestone = save_milestone(
        {
            "name_pl": name_pl,
            "name_en": name_en,
            "due_date": due_date,
            "illustrative": illustrative,
        },
        instrument=instrument,
        actor=actor,
        reason=reason,
        channel=channel,
    )
    if done_date is not None or (note or "").strip():
        milestone = record_milestone(
            milestone,
            actor=actor,
            actual_date=done_date,
            note=note,
            reason=reason,
            channel=channel,
        )
    return milestone


MILESTONE_NOTE_LIMIT = 2000


def check_milestone_record(
    milestone: Milestone,
    actual_date: date | None,
    note: str = "",
    reason: str = "",
    today: date | None = None,
) -> list[tuple[str, str, str]]:
    """The changes ``(field, old, new)`` that recording ``actual_date`` and ``note`` makes,
    or :class:`StradomError` saying what is wrong (in words, naming the milestone).

    A date reached may not be in the future nor before the instrument started (its actual
    start, or the planned one while it has none). Changing or clearing a value already
    recorded needs a reason; filling an empty one does not.
    """
    name = milestone.name_pl
    if actual_date is not None and not isinstance(actual_date, date):
        raise StradomError(
            gettext_noop("Milestone %(milestone)s: %(value)r is not a date."),
            milestone=name,
            value=actual_date,
        )
    today = today or timezone.localdate()
    if actual_date is not None and actual_date > today:
        raise StradomError(
            gettext_noop(
                "Milestone %(milestone)s: the date reached %(date)s is in the future; "
                "record it once it has been reached."
            ),
            milestone=name,
            date=shown_day(actual_date),
        )
    start = milestone.instrument.start
    if actual_date is not None and start is not None and actual_date < start:
        raise StradomError(
            gettext_noop(
                "Milestone %(milestone)s: the date reached %(date)s is before %(instrument)s "
                "started (%(start)s)."
            ),
            milestone=name,
            date=shown_day(actual_date),
            instrument=milestone.instrument.code,
            start=shown_day(start),
        )
    note = (note or "").strip()
    if len(note) > MILESTONE_NOTE_LIMIT:
        raise StradomError(
            gettext_noop("Milestone %(milestone)s: the note is longer than %(limit)d characters."),
            milestone=name,
            limit=MILESTONE_NOTE_LIMIT,
        )
    old_date = milestone.done_date.isoformat() if milestone.done_date else ""
    new_date = actual_date.isoformat() if actual_date else ""
    changes = [
        (field, old, new)
        for field, old, new in (("done_date", old_date, new_date), ("note", milestone.note, note))
        if old != new
    ]
    # Filling an empty field needs no reason; changing or clearing a recorded one does.
    if any(old for _field, old, _new in changes) and not (reason or "").strip():
        raise StradomError(
            gettext_noop(
                "Milestone %(milestone)s: say why what is recorded changes (a reason); "
                "it is kept in the history."
            ),
            milestone=name,
        )
    return changes


@transaction.atomic
def record_milestone(
    milestone: Milestone,
    *,
    actor,
    actual_date: date | None,
    note: str = "",
    reason: str = "",
    channel: str = "service",
) -> Milestone:
    """Record the day a milestone was reached (and a note), or correct or clear it.

    Every changed field is kept in :class:`InstrumentChange` with who, when, the old and
    new value, the reason and the channel. Nothing is written when nothing changes or
    when the actor may not manage the instrument or the values are wrong.
    """
    fresh = Milestone.objects.select_for_update().select_related("instrument").get(pk=milestone.pk)
    require_manager(actor, fresh.instrument)
    changes = check_milestone_record(fresh, actual_date, note, reason)
    if not changes:
        return fresh
    fresh.done_date = actual_date
    fresh.note = (note or "").strip()
    fresh.save(update_fields=["done_date", "note"])
    InstrumentChange.record(fresh, changes, actor=actor, reason=reason, channel=channel)
    data_version.changed()  # the public pages show milestones
    return fresh


# -- progress updates -------------------------------------------------------------------------
def check_progress(
    instrument: Instrument,
    period: str,
    percent_complete,
    cycle: ReportingCycle | None = None,
    today: date | None = None,
) -> str:
    """The canonical period code, or :class:`StradomError` saying what is wrong."""
    try:
        parsed = parse_period(period)
    except PeriodError as exc:
        raise StradomError(
            gettext_noop("%(period)r is not a period (%(reason)s)."),
            period=period,
            reason=str(exc),
        ) from exc
    if parsed.kind == "D":
        raise StradomError(
            gettext_noop("Progress is reported for a month, quarter, half-year or year.")
        )
    if cycle is not None and parsed.kind != cycle.frequency:
        raise StradomError(
            gettext_noop("The cycle %(cycle)s asks for periods like %(example)s, not %(period)s."),
            cycle=str(cycle),
            example=day(parsed.start).containing(PeriodKind(cycle.frequency)).code,
            period=parsed.code,
        )
    today = today or timezone.localdate()
    if parsed.start > today:
        raise StradomError(
            gettext_noop("The period %(period)s has not started yet."), period=parsed.code
        )
    if isinstance(percent_complete, bool) or not isinstance(percent_complete, int):
        raise StradomError(
            gettext_noop("%% complete must be a whole number from 0 to 100, not %(value)r."),
            value=percent_complete,
        )
    if not 0 <= percent_complete <= 100:
        raise StradomError(
            gettext_noop("%% complete must be from 0 to 100, not %(value)s."),
            value=percent_complete,
        )
    return parsed.code


@transaction.atomic
def record_progress(
    instrument: Instrument,
    *,
    actor,
    period: str,
    percent_complete: int,
    narrative: str = "",
    risks: str = "",
    next_steps: str = "",
    cycle: ReportingCycle | None = None,
    illustrative: bool = False,
) -> ProgressUpdate:
    """Add an update. An earlier one for the same period stays in the history."""
    require_manager(actor, instrument)
    code = check_progress(instrument, period, percent_complete, cycle)
    return ProgressUpdate.objects.create(
        instrument=instrument,
        cycle=cycle,
        period=code,
        percent_complete=percent_complete,
        narrative=narrative,
        risks=risks,
        next_steps=next_steps,
        author=actor,
        illustrative=illustrative,
    )


PROGRESS_FIELDS = (
    "cycle",
    "period",
    "percent_complete",
    "narrative",
    "risks",
    "next_steps",
    "author",
    "created_at",
    "illustrative",
)
