"""Writes to instruments, project networks and progress updates: one function per change.

Who may write (``stradom.accounts.permissions``: ``Action.MANAGE_INSTRUMENT``):

* an **administrator** (or the operator at the command line, ``actor=None``) may do
  everything: create instruments, change any of them, build project networks
  (``MANAGE_INSTRUMENT`` without an instrument);
* a **coordinator of a domain** may create an instrument in that domain
  (``MANAGE_INSTRUMENT`` with the domain), without naming its manager;
* an instrument's **manager**, and every **coordinator of its domain**
  (``Instrument.domain``), may change that instrument (but not hand it to another
  manager or domain), add, change and delete its milestones, record the day one was
  reached and record its progress updates.

The domain is a field the administrator sets, not something worked out from links: an
instrument serves goals and is measured by indicators of many domains (the Barometr
Krakowski by indicators of nine), and a budget task of one domain may pay for another's
project, so "whose is this project" would have many answers and a new link would
quietly hand out rights. Links to goals, indicators and money grant nothing.

Every function validates first and writes nothing when it refuses; the checks are
also used by the admin forms (``check_*``), so the admin and the API refuse the same
things with the same words. Instruments and milestones, project networks and their
dependencies, and reporting cycles keep their history in :class:`InstrumentChange`
(:func:`stradom.core.history.save_tracked`): a new one its first values, a change each
changed field, a deleted one its last values (a deleted instrument's milestones and
progress updates, a deleted network's dependencies too) — with who, when, why and the
channel. Networks and cycles are the administrators'.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone, translation

from stradom.accounts.permissions import Action, can, is_administrator
from stradom.core import data_version
from stradom.core.formatting import day as shown_day  # 31.12.2024 / 31 Dec 2024
from stradom.core.history import (
    record_deletion,
    refuse_if_referred_to,
    refuse_unknown_fields,
    save_tracked,
)
from stradom.core.messages import StradomError, Term, gettext_noop
from stradom.core.periods import PeriodError, PeriodKind, day, parse_period
from stradom.instruments import network as cpm
from stradom.instruments.models import (
    ALLOWED_CHILDREN,
    Dependency,
    Instrument,
    InstrumentChange,
    InstrumentKind,
    LinkKind,
    Milestone,
    ProgressUpdate,
    ProjectNetwork,
    ReportingCycle,
)


def _kind(code: str) -> Term:
    """The kind's label as a message parameter, translated when the message is shown (a
    code inside a Polish sentence would read "instrument rodzaju „project”")."""
    with translation.override("en"):
        return Term(str(InstrumentKind(code).label))


class Refused(StradomError):
    """The actor may not make this change; nothing was written."""


# -- permission -------------------------------------------------------------------------------
def _require_administrator(actor) -> None:
    """Creating instruments and building networks: ``MANAGE_INSTRUMENT`` on no instrument
    in particular, which is the administrators'."""
    if not can(actor, Action.MANAGE_INSTRUMENT):
        raise Refused(gettext_noop("Only an administrator may do this."))


def _require_manager(actor, instrument: Instrument) -> None:
    if not can(actor, Action.MANAGE_INSTRUMENT, instrument):
        raise Refused(
            gettext_noop(
                "Only the manager of %(instrument)s, a coordinator of its domain or an "
                "administrator may change it."
            ),
            instrument=instrument.code,
        )


# -- instruments ------------------------------------------------------------------------------
INSTRUMENT_FIELDS = {
    "code",
    "kind",
    "parent",
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "owning_unit",
    "manager",
    "domain",
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "duration_days",
    "source_url",
    "note",
    "illustrative",
}


def _reversed(start: date | None, end: date | None) -> bool:
    return start is not None and end is not None and end < start


def check_instrument(instrument: Instrument) -> None:
    """Raise :class:`StradomError` for the first thing wrong with an unsaved instrument."""
    code = (instrument.code or "").strip()
    if not code:
        raise StradomError(gettext_noop("An instrument needs a code."))
    if not (instrument.name_pl or "").strip():
        raise StradomError(gettext_noop("Instrument %(code)s needs a Polish name."), code=code)
    if instrument.kind not in InstrumentKind.values:
        raise StradomError(
            gettext_noop("Instrument %(code)s: unknown kind %(kind)r."),
            code=code,
            kind=instrument.kind,
        )
    clash = Instrument.objects.filter(code=code).exclude(pk=instrument.pk)
    if clash.exists():
        raise StradomError(gettext_noop("The code %(code)s is already taken."), code=code)
    if _reversed(instrument.planned_start, instrument.planned_end):
        raise StradomError(
            gettext_noop("Instrument %(code)s: the planned end %(end)s is before its start."),
            code=code,
            end=shown_day(instrument.planned_end),
        )
    if _reversed(instrument.actual_start, instrument.actual_end):
        raise StradomError(
            gettext_noop("Instrument %(code)s: the actual end %(end)s is before its start."),
            code=code,
            end=shown_day(instrument.actual_end),
        )
    parent = instrument.parent
    if parent is not None:
        if instrument.kind not in ALLOWED_CHILDREN[InstrumentKind(parent.kind)]:
            raise StradomError(
                gettext_noop("A %(kind)s cannot be part of a %(parent_kind)s (%(parent)s)."),
                kind=_kind(instrument.kind),
                parent_kind=_kind(parent.kind),
                parent=parent.code,
            )
        path = [code]
        node = parent
        while node is not None:
            path.append(node.code)
            if instrument.pk is not None and node.pk == instrument.pk:
                raise StradomError(
                    gettext_noop("%(code)s cannot be part of itself: %(path)s."),
                    code=code,
                    path=" → ".join(path),
                )
            node = node.parent
    if instrument.pk is not None and instrument.kind != InstrumentKind.PORTFOLIO:
        allowed = ALLOWED_CHILDREN[InstrumentKind(instrument.kind)]
        members = Instrument.objects.filter(parent=instrument).exclude(kind__in=allowed)
        member = members.order_by("code").first()
        if member is not None:
            raise StradomError(
                gettext_noop("%(code)s cannot be a %(kind)s: it holds %(member)s."),
                code=code,
                kind=_kind(instrument.kind),
                member=member.code,
            )


@transaction.atomic
def create_instrument(
    *,
    actor,
    reason: str,
    channel: str = "service",
    goals=(),
    output_indicators=(),
    result_indicators=(),
    **fields,
) -> Instrument:
    """A new instrument with ``fields`` and links. Its history starts with every field it
    was created with (a link list as the sorted codes; old value empty), who, when, why
    and the channel. A reason is required. An administrator may create any; a
    coordinator one in a domain they coordinate (``MANAGE_INSTRUMENT`` with the domain),
    naming no manager (handing rights to someone is the administrators')."""
    domain = fields.get("domain")
    if domain is None:
        _require_administrator(actor)
    elif not can(actor, Action.MANAGE_INSTRUMENT, domain):
        raise Refused(
            gettext_noop(
                "Only a coordinator of %(domain)s or an administrator may create an "
                "instrument in it."
            ),
            domain=domain.name_pl,
        )
    if fields.get("manager") is not None and not is_administrator(actor):
        raise Refused(gettext_noop("Only an administrator may change the manager."))
    reason = _require_reason(reason)
    unknown = set(fields) - INSTRUMENT_FIELDS
    if unknown:
        raise StradomError(
            gettext_noop("Unknown fields of an instrument: %(fields)s."),
            fields=", ".join(sorted(unknown)),
        )
    blank = Instrument()
    initial = {
        f.name: getattr(blank, f.name)
        for f in Instrument._meta.concrete_fields
        if f.name in INSTRUMENT_FIELDS
    }
    links = {
        "goals": goals,
        "output_indicators": output_indicators,
        "result_indicators": result_indicators,
    }
    instrument, _changed = save_tracked(
        InstrumentChange,
        Instrument,
        None,
        {**initial, **fields, **links},
        actor=actor,
        reason=reason,
        channel=channel,
        check=check_instrument,
    )
    return instrument


LINK_FIELDS = ("goals", "output_indicators", "result_indicators")


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop("Say why the instrument changes (a reason); it is kept in the history.")
        )
    return reason


@transaction.atomic
def update_instrument(
    instrument: Instrument, *, actor, reason: str, channel: str = "service", **changes
) -> Instrument:
    """Change fields and, when given, the goal and indicator links (whole lists).

    Every changed field (a link list as the sorted codes) is kept in
    :class:`InstrumentChange` with who, when, old and new value, why and the channel. A
    reason is required; nothing is written when it is missing, when the actor may not
    change the instrument, when a value is wrong, or when nothing changes.
    """
    _require_manager(actor, instrument)
    reason = _require_reason(reason)
    links = {name: changes.pop(name) for name in LINK_FIELDS if name in changes}
    unknown = set(changes) - INSTRUMENT_FIELDS
    if unknown:
        raise StradomError(
            gettext_noop("Unknown fields of an instrument: %(fields)s."),
            fields=", ".join(sorted(unknown)),
        )
    if "manager" in changes and not is_administrator(actor):
        new = changes["manager"]
        if (new.pk if new is not None else None) != instrument.manager_id:
            raise Refused(gettext_noop("Only an administrator may change the manager."))
    if "domain" in changes and not is_administrator(actor):
        new = changes["domain"]
        if (new.pk if new is not None else None) != instrument.domain_id:
            raise Refused(gettext_noop("Only an administrator may change the domain."))
    fresh = Instrument.objects.select_for_update().get(pk=instrument.pk)
    saved, _changed = save_tracked(
        InstrumentChange,
        Instrument,
        fresh,
        {**changes, **links},
        actor=actor,
        reason=reason,
        channel=channel,
        check=check_instrument,
    )
    return saved


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
    _require_manager(actor, instrument)
    unknown = set(values) - set(MILESTONE_FIELDS)
    if unknown:
        raise StradomError(
            gettext_noop("Unknown fields of a milestone: %(fields)s."),
            fields=", ".join(sorted(unknown)),
        )
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
    _require_manager(actor, fresh.instrument)
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
    _require_manager(actor, fresh.instrument)
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
    _require_manager(actor, instrument)
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


# -- project networks -------------------------------------------------------------------------
def check_dependencies(
    network: ProjectNetwork,
    links: list[tuple[Instrument, Instrument, str, int]],
    start_at: str | None = None,
) -> None:
    """Refuse a set of dependencies that loops, names a non-project or a pair twice.

    ``links`` is the network's whole set after the change, as (predecessor, successor,
    kind, lag) tuples; a loop is reported from the project ``start_at`` when it is on it.
    """
    seen: set[tuple[int, int]] = set()
    for predecessor, successor, kind, lag in links:
        for end in (predecessor, successor):
            if end.kind != InstrumentKind.PROJECT:
                raise StradomError(
                    gettext_noop("%(code)s is a %(kind)s; only projects form a network."),
                    code=end.code,
                    kind=_kind(end.kind),
                )
        if predecessor.pk == successor.pk:
            raise StradomError(
                gettext_noop("%(code)s cannot depend on itself."), code=predecessor.code
            )
        if kind not in LinkKind.values:
            raise StradomError(gettext_noop("Unknown kind of dependency %(kind)r."), kind=kind)
        if isinstance(lag, bool) or not isinstance(lag, int):
            raise StradomError(
                gettext_noop("The lag of %(predecessor)s → %(successor)s must be whole days."),
                predecessor=predecessor.code,
                successor=successor.code,
            )
        pair = (predecessor.pk, successor.pk)
        if pair in seen:
            raise StradomError(
                gettext_noop("%(predecessor)s → %(successor)s is given twice in %(network)s."),
                predecessor=predecessor.code,
                successor=successor.code,
                network=network.code,
            )
        seen.add(pair)
    projects = {p.code: 0 for link in links for p in link[:2]}
    cycle = cpm.find_cycle(
        projects,
        [cpm.Dependency(p.code, s.code, cpm.Link(kind), lag) for p, s, kind, lag in links],
    )
    if cycle is not None:
        if start_at is not None and start_at in cycle:
            # Read the loop from the link being added: "D → A → B → D" for D → A.
            ring = cycle[:-1]
            at = ring.index(start_at)
            cycle = [*ring[at:], *ring[:at], start_at]
        raise StradomError(
            gettext_noop("The dependencies would form a cycle: %(path)s."),
            path=" → ".join(cycle),
        )


def _current_links(network: ProjectNetwork, exclude: int | None = None):
    rows = network.dependencies.select_related("predecessor", "successor")
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return [(d.predecessor, d.successor, d.kind, d.lag_days) for d in rows]


def _network_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop(
                "Say why the network or reporting cycle changes (a reason); it is kept in "
                "the history."
            )
        )
    return reason


# What the histories of networks, their dependencies and reporting cycles keep.
NETWORK_FIELDS = (
    "code",
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "projects",
    "note",
    "illustrative",
)
DEPENDENCY_FIELDS = ("network", "predecessor", "successor", "kind", "lag_days")
CYCLE_FIELDS = (
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "frequency",
    "starts_on",
    "grace_days",
    "instruments",
    "active",
    "illustrative",
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


def _check_network_projects(network: ProjectNetwork, projects) -> None:
    for project in projects:
        if project.kind != InstrumentKind.PROJECT:
            raise StradomError(
                gettext_noop("%(code)s is a %(kind)s; only projects form a network."),
                code=project.code,
                kind=_kind(project.kind),
            )


def check_kept_projects(network: ProjectNetwork, project_ids, dependencies) -> None:
    """Refuse to take a project out of ``network`` while one of its ``dependencies``
    (those that stay) links it."""
    for d in dependencies:
        for end in (d.predecessor, d.successor):
            if end.pk not in project_ids:
                raise StradomError(
                    gettext_noop(
                        "%(code)s stays in %(network)s while the dependency %(dependency)s "
                        "links it."
                    ),
                    code=end.code,
                    network=network.code,
                    dependency=str(d),
                )


@transaction.atomic
def save_network(
    values,
    *,
    instance: ProjectNetwork | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> ProjectNetwork:
    """Create a project network or change it (names, note, its projects as a whole list):
    every changed field is kept in :class:`InstrumentChange` with who, when, old and new
    value, why and the channel. The administrators'; a reason is required; a project
    that a dependency of the network links stays in it."""
    _require_administrator(actor)
    reason = _network_reason(reason)
    refuse_unknown_fields(values, NETWORK_FIELDS, ProjectNetwork)
    if instance is not None:
        instance = ProjectNetwork.objects.select_for_update().get(pk=instance.pk)
    if "projects" in values:
        projects = list(values["projects"])
        _check_network_projects(instance, projects)
        if instance is not None:
            check_kept_projects(
                instance,
                {p.pk for p in projects},
                instance.dependencies.select_related("predecessor", "successor"),
            )
        values = {**values, "projects": projects}
    network, _changed = save_tracked(
        InstrumentChange,
        ProjectNetwork,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=lambda obj: obj.full_clean(exclude=["projects"]),
    )
    return network


@transaction.atomic
def delete_network(network: ProjectNetwork, *, actor, reason: str, channel: str = "service"):
    """Delete a project network: its last values and those of each of its dependencies
    stay in :class:`InstrumentChange` with who, when, why and the channel (the projects
    themselves stay)."""
    _require_administrator(actor)
    reason = _network_reason(reason)
    network = ProjectNetwork.objects.select_for_update().get(pk=network.pk)
    for dependency in network.dependencies.select_related("network", "predecessor", "successor"):
        record_deletion(
            InstrumentChange,
            dependency,
            DEPENDENCY_FIELDS,
            actor=actor,
            reason=reason,
            channel=channel,
        )
    record_deletion(
        InstrumentChange, network, NETWORK_FIELDS, actor=actor, reason=reason, channel=channel
    )


@transaction.atomic
def save_dependency(
    values,
    *,
    instance: Dependency | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> Dependency:
    """Link two projects of a network, or change a link (its kind, lag, ends), checked
    against the network's whole set (no loop, no pair twice, projects only). Both ends
    join the network if they are not in it yet (kept in the network's history); every
    field set is kept in :class:`InstrumentChange` with who, when, why and the channel."""
    _require_administrator(actor)
    reason = _network_reason(reason)
    refuse_unknown_fields(values, DEPENDENCY_FIELDS, Dependency)
    if instance is not None:
        instance = Dependency.objects.select_for_update().get(pk=instance.pk)
    current = {n: getattr(instance, n) for n in DEPENDENCY_FIELDS} if instance else {}
    merged = {"kind": LinkKind.FS, "lag_days": 0, **current, **values}
    network, predecessor, successor = (
        merged.get("network"),
        merged.get("predecessor"),
        merged.get("successor"),
    )
    if network is None or predecessor is None or successor is None:
        raise StradomError(gettext_noop("A dependency needs its network and both projects."))
    kind, lag = str(merged["kind"]), merged["lag_days"]
    links = _current_links(network, exclude=instance.pk if instance else None)
    check_dependencies(
        network, [*links, (predecessor, successor, kind, lag)], start_at=predecessor.code
    )
    joined = set(network.projects.all()) | {predecessor, successor}
    if len(joined) > network.projects.count():
        save_network(
            {"projects": sorted(joined, key=lambda p: p.pk)},
            instance=network,
            actor=actor,
            reason=reason,
            channel=channel,
        )
    if instance is None:
        values = {**merged, "kind": kind}
    dependency, _changed = save_tracked(
        InstrumentChange,
        Dependency,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
    )
    return dependency


@transaction.atomic
def delete_dependency(dependency: Dependency, *, actor, reason: str, channel: str = "service"):
    """Unlink two projects; the link's last values stay in the history with the reason."""
    _require_administrator(actor)
    reason = _network_reason(reason)
    fresh = Dependency.objects.select_for_update().get(pk=dependency.pk)
    record_deletion(
        InstrumentChange, fresh, DEPENDENCY_FIELDS, actor=actor, reason=reason, channel=channel
    )


def add_dependency(
    network: ProjectNetwork,
    predecessor: Instrument,
    successor: Instrument,
    *,
    actor,
    reason: str,
    channel: str = "service",
    kind: str = LinkKind.FS,
    lag_days: int = 0,
) -> Dependency:
    """Link two projects of a network (both join it if they are not in it yet), through
    :func:`save_dependency`."""
    return save_dependency(
        {
            "network": network,
            "predecessor": predecessor,
            "successor": successor,
            "kind": str(kind),
            "lag_days": lag_days,
        },
        actor=actor,
        reason=reason,
        channel=channel,
    )


def remove_dependency(
    dependency: Dependency, *, actor, reason: str, channel: str = "service"
) -> None:
    delete_dependency(dependency, actor=actor, reason=reason, channel=channel)


def add_to_network(
    network: ProjectNetwork, project: Instrument, *, actor, reason: str, channel: str = "service"
) -> None:
    """Add a project to a network, through :func:`save_network` (kept in its history)."""
    _require_administrator(actor)
    _check_network_projects(network, [project])
    save_network(
        {"projects": [*network.projects.all(), project]},
        instance=network,
        actor=actor,
        reason=reason,
        channel=channel,
    )


@transaction.atomic
def save_cycle(
    values,
    *,
    instance: ReportingCycle | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> ReportingCycle:
    """Create a reporting cycle or change it (frequency, first day, days allowed, the
    instruments it asks, active…): every changed field is kept in :class:`InstrumentChange`
    with who, when, old and new value, why and the channel. The administrators'; a
    reason is required."""
    _require_administrator(actor)
    reason = _network_reason(reason)
    refuse_unknown_fields(values, CYCLE_FIELDS, ReportingCycle)
    if instance is not None:
        instance = ReportingCycle.objects.select_for_update().get(pk=instance.pk)
    cycle, _changed = save_tracked(
        InstrumentChange,
        ReportingCycle,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=lambda obj: obj.full_clean(exclude=["instruments"]),
    )
    return cycle


@transaction.atomic
def delete_cycle(cycle: ReportingCycle, *, actor, reason: str, channel: str = "service"):
    """Delete a reporting cycle; its last values stay in the history with the reason. A
    cycle that progress updates were reported for is not deleted (make it inactive)."""
    _require_administrator(actor)
    reason = _network_reason(reason)
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    refuse_if_referred_to(cycle, ReportingCycle, [cycle], own=set())
    record_deletion(
        InstrumentChange, cycle, CYCLE_FIELDS, actor=actor, reason=reason, channel=channel
    )


@transaction.atomic
def delete_instrument(instrument: Instrument, *, actor, reason: str, channel: str = "service"):
    """Delete an instrument (the administrators'): its last values (fields and links), and
    those of its milestones and progress updates, stay in :class:`InstrumentChange` with
    who, when, why and the channel. Refused, naming them, while other records refer to it:
    instruments below it, networks and their dependencies, reporting cycles, budget tasks,
    undertakings, comments — each of those changes with its own history first."""
    _require_administrator(actor)
    reason = _require_reason(reason)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    refuse_if_referred_to(instrument, Instrument, [instrument], own={"milestones", "updates"})
    for milestone in instrument.milestones.order_by("due_date", "pk"):
        record_deletion(
            InstrumentChange,
            milestone,
            ("instrument", *MILESTONE_FIELDS, "done_date", "note"),
            actor=actor,
            reason=reason,
            channel=channel,
        )
    for update in instrument.updates.select_related("cycle", "author").order_by("pk"):
        record_deletion(
            InstrumentChange,
            update,
            ("instrument", *PROGRESS_FIELDS),
            actor=actor,
            reason=reason,
            channel=channel,
        )
    record_deletion(
        InstrumentChange,
        instrument,
        (*sorted(INSTRUMENT_FIELDS), *LINK_FIELDS),
        actor=actor,
        reason=reason,
        channel=channel,
    )
