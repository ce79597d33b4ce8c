"""Instruments themselves: check, create, change (fields and links), delete."""

from __future__ import annotations

from django.db import transaction

from stradom.accounts.permissions import Action, can, is_administrator
from stradom.core.formatting import day as shown_day  # 31.12.2024 / 31 Dec 2024
from stradom.core.history import (
    record_deletion,
    refuse_if_referred_to,
    refuse_unknown_fields,
    save_tracked,
)
from stradom.core.messages import StradomError, gettext_noop
from stradom.instruments.models import (
    ALLOWED_CHILDREN,
    Instrument,
    InstrumentChange,
    InstrumentKind,
)
from stradom.instruments.services.common import (
    Refused,
    kind_term,
    require_administrator,
    require_manager,
    require_reason,
    reversed_dates,
)
from stradom.instruments.services.progress import MILESTONE_FIELDS, PROGRESS_FIELDS

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
    if reversed_dates(instrument.planned_start, instrument.planned_end):
        raise StradomError(
            gettext_noop("Instrument %(code)s: the planned end %(end)s is before its start."),
            code=code,
            end=shown_day(instrument.planned_end),
        )
    if reversed_dates(instrument.actual_start, instrument.actual_end):
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
                kind=kind_term(instrument.kind),
                parent_kind=kind_term(parent.kind),
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
                kind=kind_term(instrument.kind),
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
        require_administrator(actor)
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
    reason = require_reason(reason)
    refuse_unknown_fields(fields, INSTRUMENT_FIELDS, Instrument)
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
    require_manager(actor, instrument)
    reason = require_reason(reason)
    links = {name: changes.pop(name) for name in LINK_FIELDS if name in changes}
    refuse_unknown_fields(changes, INSTRUMENT_FIELDS, Instrument)
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


@transaction.atomic
def delete_instrument(instrument: Instrument, *, actor, reason: str, channel: str = "service"):
    """Delete an instrument (the administrators'): its last values (fields and links), and
    those of its milestones and progress updates, stay in :class:`InstrumentChange` with
    who, when, why and the channel. Refused, naming them, while other records refer to it:
    instruments below it, networks and their dependencies, reporting cycles, budget tasks,
    undertakings, comments — each of those changes with its own history first."""
    require_administrator(actor)
    reason = require_reason(reason)
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
