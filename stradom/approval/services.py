"""Writes of data approval and locked periods: each checks permission through
:func:`~stradom.accounts.permissions.can`, validates, writes and records a history row
(who, when, channel, reason or comment) in one transaction.

The approval runs provisional → submitted (by whoever enters the indicator's values)
→ approved, or returned with a comment (by the domain's coordinator); a returned one
is corrected and submitted again. Any new, changed or deleted value of the indicator
and period sends it back to provisional (:func:`reopen`, called by the write path).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from stradom.accounts.permissions import Action, can
from stradom.approval.models import (
    Approval,
    ApprovalAction,
    ApprovalEvent,
    ApprovalStatus,
    LockAction,
    PeriodLock,
    PeriodLockEvent,
)
from stradom.catalog.models import Domain, Indicator, Observation
from stradom.core import data_version
from stradom.core.messages import StradomError, gettext_noop
from stradom.core.periods import Period, PeriodError, parse_period


class Refused(StradomError):
    """The actor may not take this step; nothing was written."""


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _text(text: str, template: str) -> str:
    if not text or not text.strip():
        raise StradomError(template)
    return text.strip()


def _period(text: str) -> Period:
    try:
        return parse_period(str(text).strip())
    except PeriodError as exc:
        raise StradomError("%(error)s", error=str(exc)) from exc


# -- locked periods ---------------------------------------------------------------------
@transaction.atomic
def lock_period(
    period: str, *, domain: Domain | None = None, actor, reason: str, channel: str = "service"
) -> PeriodLock:
    """Lock ``period`` for ``domain`` (None: for all domains)."""
    if not can(actor, Action.LOCK_PERIODS, domain):
        raise Refused(gettext_noop("Only an administrator may lock or unlock a period."))
    reason = _text(reason, gettext_noop("Say why the period is locked (a reason)."))
    p = _period(period)
    if PeriodLock.objects.filter(active=True, domain=domain, period=p.code).exists():
        if domain is None:
            raise StradomError(
                gettext_noop("%(period)s is already locked for all domains."), period=p.code
            )
        raise StradomError(
            gettext_noop("%(period)s is already locked for the domain %(domain)s."),
            period=p.code,
            domain=domain.name,
        )
    now = timezone.now()
    lock = PeriodLock.objects.create(
        domain=domain,
        period=p.code,
        period_start=p.start,
        period_end=p.end,
        reason=reason,
        locked_at=now,
        locked_by=_user(actor),
    )
    PeriodLockEvent.objects.create(
        lock=lock,
        action=LockAction.LOCKED,
        at=now,
        user=_user(actor),
        channel=channel,
        reason=reason,
    )
    return lock


def find_lock(period: str, domain: Domain | None) -> PeriodLock:
    p = _period(period)
    lock = PeriodLock.objects.filter(active=True, domain=domain, period=p.code).first()
    if lock is None:
        if domain is None:
            raise StradomError(
                gettext_noop("%(period)s is not locked for all domains."), period=p.code
            )
        raise StradomError(
            gettext_noop("%(period)s is not locked for the domain %(domain)s."),
            period=p.code,
            domain=domain.name,
        )
    return lock


@transaction.atomic
def unlock_period(lock: PeriodLock, *, actor, reason: str, channel: str = "service") -> PeriodLock:
    """Unlock: values of the period may change again; the lock stays in the history."""
    if not can(actor, Action.LOCK_PERIODS, lock.domain):
        raise Refused(gettext_noop("Only an administrator may lock or unlock a period."))
    reason = _text(reason, gettext_noop("Say why the period is unlocked (a reason)."))
    lock = PeriodLock.objects.select_for_update().get(pk=lock.pk)
    if not lock.active:
        raise StradomError(gettext_noop("This lock was lifted already."))
    lock.active = False
    lock.save(update_fields=["active"])
    PeriodLockEvent.objects.create(
        lock=lock,
        action=LockAction.UNLOCKED,
        at=timezone.now(),
        user=_user(actor),
        channel=channel,
        reason=reason,
    )
    return lock


# -- approval ---------------------------------------------------------------------------
_STEPS = {
    # action: (permission, statuses it starts from, status it leads to)
    ApprovalAction.SUBMITTED: (
        Action.SUBMIT_VALUES,
        {ApprovalStatus.PROVISIONAL, ApprovalStatus.RETURNED},
        ApprovalStatus.SUBMITTED,
    ),
    ApprovalAction.APPROVED: (
        Action.APPROVE_VALUES,
        {ApprovalStatus.SUBMITTED},
        ApprovalStatus.APPROVED,
    ),
    ApprovalAction.RETURNED: (
        Action.APPROVE_VALUES,
        {ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED},
        ApprovalStatus.RETURNED,
    ),
}
_REFUSED = {
    Action.SUBMIT_VALUES: gettext_noop(
        "Only a coordinator of the domain of %(code)s, its data provider or an administrator "
        "may submit its values."
    ),
    Action.APPROVE_VALUES: gettext_noop(
        "Only a coordinator of the domain of %(code)s or an administrator may approve or "
        "return its values."
    ),
}
_WRONG_STATUS = {
    ApprovalAction.SUBMITTED: gettext_noop(
        "The values of %(code)s for %(period)s are %(status)s; only provisional or returned "
        "values are submitted."
    ),
    ApprovalAction.APPROVED: gettext_noop(
        "The values of %(code)s for %(period)s are %(status)s; only submitted values are approved."
    ),
    ApprovalAction.RETURNED: gettext_noop(
        "The values of %(code)s for %(period)s are %(status)s; only submitted or approved "
        "values are returned."
    ),
}


def status_of(indicator: Indicator, period: str) -> str:
    p = _period(period)
    approval = Approval.objects.filter(indicator=indicator, period=p.code).first()
    return approval.status if approval else ApprovalStatus.PROVISIONAL


@transaction.atomic
def _step(
    action: ApprovalAction, indicator: Indicator, period: str, *, actor, comment: str, channel
) -> Approval:
    permission, starts, leads_to = _STEPS[action]
    if not can(actor, permission, indicator):
        raise Refused(_REFUSED[permission], code=indicator.code)
    p = _period(period)
    if not Observation.objects.filter(indicator=indicator, period=p.code).exists():
        raise StradomError(
            gettext_noop("%(code)s has no values for %(period)s to approve."),
            code=indicator.code,
            period=p.code,
        )
    now = timezone.now()
    approval, _new = Approval.objects.select_for_update().get_or_create(
        indicator=indicator, period=p.code, defaults={"changed_at": now}
    )
    if approval.status not in starts:
        raise StradomError(
            _WRONG_STATUS[action],
            code=indicator.code,
            period=p.code,
            status=ApprovalStatus(approval.status).label,
        )
    old = approval.status
    approval.status = leads_to
    approval.changed_at = now
    approval.changed_by = _user(actor)
    approval.save()
    ApprovalEvent.objects.create(
        approval=approval,
        action=action,
        old_status=old,
        new_status=leads_to,
        at=now,
        user=_user(actor),
        channel=channel,
        comment=comment,
    )
    data_version.changed()  # published pages showing approved values only change
    return approval


def submit(indicator: Indicator, period: str, *, actor, comment: str = "", channel="service"):
    """The data provider says the values of ``period`` are complete and checked."""
    return _step(
        ApprovalAction.SUBMITTED,
        indicator,
        period,
        actor=actor,
        comment=(comment or "").strip(),
        channel=channel,
    )


def approve(indicator: Indicator, period: str, *, actor, comment: str = "", channel="service"):
    """The coordinator approves the submitted values of ``period``."""
    return _step(
        ApprovalAction.APPROVED,
        indicator,
        period,
        actor=actor,
        comment=(comment or "").strip(),
        channel=channel,
    )


def return_values(indicator: Indicator, period: str, *, actor, comment: str, channel="service"):
    """The coordinator sends the values back for correction, saying what is wrong."""
    comment = _text(
        comment,
        gettext_noop("Say what is to be corrected: a comment is required to return values."),
    )
    return _step(
        ApprovalAction.RETURNED, indicator, period, actor=actor, comment=comment, channel=channel
    )


def reopen(pairs: set[tuple[int, str]], *, actor, reason: str, channel: str, change_set) -> int:
    """Back to provisional: values of these (indicator id, period) pairs were created,
    changed or deleted by ``change_set``. Called by the write path, in its transaction."""
    now = timezone.now()
    reopened = 0
    by_indicator: dict[int, set[str]] = {}
    for ind, period in pairs:
        by_indicator.setdefault(ind, set()).add(period)
    for ind, periods in by_indicator.items():
        for approval in (
            Approval.objects.select_for_update()
            .filter(indicator_id=ind, period__in=periods)
            .exclude(status=ApprovalStatus.PROVISIONAL)
        ):
            old = approval.status
            approval.status = ApprovalStatus.PROVISIONAL
            approval.changed_at = now
            approval.changed_by = actor
            approval.save()
            ApprovalEvent.objects.create(
                approval=approval,
                action=ApprovalAction.REOPENED,
                old_status=old,
                new_status=ApprovalStatus.PROVISIONAL,
                at=now,
                user=actor,
                channel=channel,
                comment=reason,
                change_set=change_set,
            )
            reopened += 1
    return reopened
