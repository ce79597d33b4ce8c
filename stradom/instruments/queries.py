"""Reads: network schedules, latest progress, milestone history, overdue updates.

Overdue updates. A :class:`ReportingCycle` asks, once a period, each of its
instruments for an update; the update is due ``grace_days`` after the period ends.
As of a day, the period that counts is the *latest one whose deadline has passed*
(as of 10 October with 14 days' grace that is Q2, since Q3's update is not due
until 14 October). An instrument owes it when it was running during that period:
not cancelled or suspended, started (actually, or by plan) by the period's end, and
not finished before it began; a completed instrument without an end date and a
planned one without any start owe nothing. An update counts if it was recorded by
the end of the day asked about, whatever the cycle it was filed under; a late one
clears the debt from the day it is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from stradom.core.messages import StradomError, gettext_noop
from stradom.core.periods import Period, last_due, last_ended, parse_period
from stradom.instruments import network as cpm
from stradom.instruments.models import (
    Instrument,
    InstrumentChange,
    InstrumentStatus,
    Milestone,
    ProgressUpdate,
    ProjectNetwork,
    ReportingCycle,
)

ILLUSTRATIVE = "Przykład ilustracyjny / Illustrative example"


# -- network schedule -------------------------------------------------------------------------
@dataclass(frozen=True)
class ScheduledInstrument:
    instrument: Instrument
    timing: cpm.ScheduledProject
    start: date | None  # calendar dates when the network has a start date
    finish: date | None  # last working day, inclusive


@dataclass(frozen=True)
class NetworkSchedule:
    network: ProjectNetwork
    starts_on: date | None
    finish_days: int  # the network's earliest finish, in days from its start
    finishes_on: date | None  # the last day of the network, inclusive
    projects: list[ScheduledInstrument]
    critical_paths: list[list[Instrument]]

    @property
    def illustrative(self) -> bool:
        return self.network.illustrative or any(p.instrument.illustrative for p in self.projects)


def _last_day(start: date | None, finish_days: int) -> date | None:
    if start is None:
        return None
    return start + timedelta(days=max(finish_days - 1, 0))


def schedule_network(network: ProjectNetwork) -> NetworkSchedule:
    """Earliest finish and critical paths of a network, from the projects' planned durations.

    Day 0 is the earliest planned start of the network's projects (if any has one);
    a project's duration is its explicit one or its planned dates, both days included.
    Raises :class:`StradomError` naming a project without a duration.
    """
    dependencies = list(network.dependencies.select_related("predecessor", "successor"))
    members = {p.pk: p for p in network.projects.all()}
    for link in dependencies:  # a dependency's ends belong to the network
        members.setdefault(link.predecessor_id, link.predecessor)
        members.setdefault(link.successor_id, link.successor)
    instruments = sorted(members.values(), key=lambda p: p.code)
    projects = []
    for instrument in instruments:
        duration = instrument.scheduling_duration
        if duration is None:
            raise StradomError(
                gettext_noop(
                    "Project %(project)s has no duration: give planned dates or a duration."
                ),
                project=instrument.code,
            )
        projects.append(cpm.Project(instrument.code, duration, instrument.name))
    result = cpm.schedule(
        projects,
        [
            cpm.Dependency(d.predecessor.code, d.successor.code, cpm.Link(d.kind), d.lag_days)
            for d in dependencies
        ],
    )
    starts = [p.planned_start for p in instruments if p.planned_start]
    origin = min(starts) if starts else None
    by_code = {p.code: p for p in instruments}
    rows = []
    for instrument in instruments:
        timing = result.projects[instrument.code]
        rows.append(
            ScheduledInstrument(
                instrument,
                timing,
                origin + timedelta(days=timing.earliest_start) if origin else None,
                _last_day(origin + timedelta(days=timing.earliest_start), timing.duration)
                if origin
                else None,
            )
        )
    rows.sort(key=lambda r: (r.timing.earliest_start, r.instrument.code))
    return NetworkSchedule(
        network=network,
        starts_on=origin,
        finish_days=result.finish,
        finishes_on=_last_day(origin, result.finish),
        projects=rows,
        critical_paths=[[by_code[c] for c in path] for path in result.critical_paths],
    )


# -- progress ---------------------------------------------------------------------------------
def progress_history(instrument: Instrument) -> list[ProgressUpdate]:
    """Every update of an instrument, oldest first."""
    return list(
        instrument.updates.select_related("author", "cycle").order_by("period", "created_at", "id")
    )


def latest_updates(instruments) -> dict[int, ProgressUpdate]:
    """The update that counts for each instrument: the last recorded for its latest period."""
    latest: dict[int, ProgressUpdate] = {}
    rows = ProgressUpdate.objects.filter(instrument__in=instruments).order_by(
        "instrument_id", "created_at", "id"
    )
    for update in rows:
        held = latest.get(update.instrument_id)
        if held is None or _period_key(update.period) >= _period_key(held.period):
            latest[update.instrument_id] = update
    return latest


# -- milestone history ------------------------------------------------------------------------
# Fields a milestone's history keeps as days (ISO text), shown in the reader's format.
_DAYS = ("done_date", "due_date")


@dataclass(frozen=True)
class MilestoneChange:
    """One recorded change of a milestone (``InstrumentChange``), ready to show: the
    values of its days (``done_date``, ``due_date``) as dates (stored as ISO text), so a
    page writes them in the reader's format; other values in the reader's words."""

    milestone: Milestone
    field: str  # "done_date", "note", "name_pl", "name_en", "due_date" or "illustrative"
    old: date | str | None
    new: date | str | None
    reason: str
    channel: str
    actor: object | None  # the user; None for the command line or the demo loader
    at: datetime

    @property
    def is_date(self) -> bool:
        return self.field in _DAYS

    @property
    def what(self) -> str:
        """What changed, in the reader's words."""
        if self.field == "done_date":
            return gettext("Date reached")
        if self.field == "note":
            return gettext("Note")
        try:
            return capfirst(Milestone._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:
            return self.field


def _value(field: str, text: str) -> date | str | None:
    if not text:
        return None
    if field in _DAYS:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return text  # written by hand long ago: shown as it was kept
    if field == "illustrative":
        return gettext("yes") if text == "1" else gettext("no")
    return text


def milestone_history(instrument: Instrument, milestones=None) -> list[MilestoneChange]:
    """Every recorded change of the instrument's milestones, newest first (one query).

    ``milestones``: the instrument's milestones when the caller has them already. The
    history of a milestone since deleted stays in the admin's list of changes.
    """
    by_pk = {m.pk: m for m in (instrument.milestones.all() if milestones is None else milestones)}
    if not by_pk:
        return []
    rows = (
        InstrumentChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Milestone), object_id__in=list(by_pk)
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return [
        MilestoneChange(
            milestone=by_pk[row.object_id],
            field=row.field,
            old=_value(row.field, row.old),
            new=_value(row.field, row.new),
            reason=row.reason,
            channel=row.channel,
            actor=row.actor,
            at=row.at,
        )
        for row in rows
    ]


def _period_key(code: str):
    parsed = parse_period(code)
    return (parsed.end, parsed.start)


# -- overdue updates --------------------------------------------------------------------------
@dataclass(frozen=True)
class OverdueUpdate:
    instrument: Instrument
    cycle: ReportingCycle
    period: Period
    due: date
    days_overdue: int  # ≤ 0 for one not overdue yet (owed_updates' due ones)
    last_update: ProgressUpdate | None

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def illustrative(self) -> bool:
        """The instrument, the cycle or the last update is an example, not fact."""
        last = self.last_update
        return (
            self.instrument.illustrative
            or self.cycle.illustrative
            or (last is not None and last.illustrative)
        )


@dataclass
class UnitOverdue:
    unit: str  # "" when the instrument names no owning unit
    items: list[OverdueUpdate] = field(default_factory=list)


def closed_period(cycle: ReportingCycle, as_of: date) -> Period | None:
    """The latest period of the cycle whose update deadline has passed by ``as_of``."""
    period = last_due(cycle.frequency, as_of, cycle.grace_days)
    if period.end < cycle.starts_on:
        return None
    return period


def _owes(instrument: Instrument, period: Period) -> bool:
    if instrument.status in (InstrumentStatus.CANCELLED, InstrumentStatus.SUSPENDED):
        return False
    start = instrument.start
    if start is None:
        return instrument.status == InstrumentStatus.IN_PROGRESS
    if start > period.end:
        return False
    if instrument.actual_end is not None:
        return instrument.actual_end >= period.start
    return instrument.status != InstrumentStatus.COMPLETED


def owed_updates(
    as_of: date | None = None, *, days_ahead: int | None = None
) -> list[OverdueUpdate]:
    """The progress updates missing on ``as_of``, by instrument code and period.

    For each active cycle, the last closed period's: *overdue*, ``days_overdue`` ≥ 1. With
    ``days_ahead``, also the last *ended* period's when its deadline has not passed yet
    and is at most ``days_ahead`` days away: *due*, ``days_overdue`` ≤ 0 (0 on the
    deadline itself, −3 three days before it). What an instrument owes and what clears
    the debt are as for the overdue ones (see the module's docstring)."""
    as_of = as_of or timezone.localdate()
    cutoff = timezone.make_aware(datetime.combine(as_of + timedelta(days=1), time.min))
    cycles = ReportingCycle.objects.filter(active=True, starts_on__lte=as_of).prefetch_related(
        Prefetch("instruments", queryset=Instrument.objects.select_related("manager"))
    )
    wanted: list[tuple[ReportingCycle, Period, Instrument]] = []
    for cycle in cycles:
        periods = [closed_period(cycle, as_of)]
        if days_ahead is not None:
            ended = last_ended(cycle.frequency, as_of)
            deadline = ended.end + timedelta(days=cycle.grace_days)
            if (
                ended != periods[0]
                and ended.end >= cycle.starts_on
                and ((deadline - as_of).days <= days_ahead)
            ):
                periods.append(ended)
        for period in periods:
            if period is not None:
                wanted += [(cycle, period, i) for i in cycle.instruments.all() if _owes(i, period)]
    if not wanted:
        return []
    done: set[tuple[int, str]] = set()
    last: dict[int, ProgressUpdate] = {}
    updates = ProgressUpdate.objects.filter(
        instrument__in={i.pk for _, _, i in wanted}, created_at__lt=cutoff
    ).order_by("created_at", "id")
    for update in updates:
        done.add((update.instrument_id, update.period))
        last[update.instrument_id] = update
    owed: list[OverdueUpdate] = []
    seen: set[tuple[int, str]] = set()
    for cycle, period, instrument in wanted:
        key = (instrument.pk, period.code)
        if key in done or key in seen:
            continue
        seen.add(key)
        due = period.end + timedelta(days=cycle.grace_days)
        owed.append(
            OverdueUpdate(
                instrument, cycle, period, due, (as_of - due).days, last.get(instrument.pk)
            )
        )
    owed.sort(key=lambda o: (o.instrument.code, o.period.start))
    return owed


def overdue_updates(as_of: date | None = None) -> list[UnitOverdue]:
    """Per owning unit, the instruments whose update for the last closed period is missing."""
    units: dict[str, UnitOverdue] = {}
    for item in owed_updates(as_of):
        unit = item.instrument.owning_unit
        units.setdefault(unit, UnitOverdue(unit)).items.append(item)
    return sorted(units.values(), key=lambda u: (u.unit == "", u.unit.casefold()))
