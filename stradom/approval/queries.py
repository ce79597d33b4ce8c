"""Reads of data approval and locked periods, as frozen dataclasses; and the filter that
shows only approved values where ``STRADOM_PUBLISH_APPROVED_ONLY`` asks it.

**Approved values only.** The published pages, the public API and the reports are read
inside :func:`published_values` (a context manager and a decorator). Within it, when
the setting is ``True``, :func:`shown` narrows every observation read of
``stradom.catalog.queries`` to the (indicator, period) pairs whose approval is
*approved*: one ``EXISTS`` on the approvals' unique key, the same for every way out.
The workspace reads outside it and sees every value, provisional ones too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from stradom.accounts.permissions import roles
from stradom.approval.models import Approval, ApprovalEvent, ApprovalStatus, PeriodLock

_APPROVED_ONLY: ContextVar[bool] = ContextVar("stradom_approved_only", default=False)


@contextmanager
def published_values() -> Iterator[None]:
    """What is read within goes out to the public: approved values only, if so set."""
    token = _APPROVED_ONLY.set(bool(settings.STRADOM_PUBLISH_APPROVED_ONLY))
    try:
        yield
    finally:
        _APPROVED_ONLY.reset(token)


def approved_only() -> bool:
    return _APPROVED_ONLY.get()


def approval_version() -> tuple | None:
    """For what is kept of computations over values (the strategy's assessment): None
    when every value is shown, else what moves with every approval step (one query)."""
    if not _APPROVED_ONLY.get():
        return None
    latest = ApprovalEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return ("approved only", latest)


def shown(qs: QuerySet, indicator_field: str = "indicator_id", period_field: str = "period"):
    """``qs`` (of observations) narrowed to approved values when they alone are shown."""
    if not _APPROVED_ONLY.get():
        return qs
    return qs.filter(
        Exists(
            Approval.objects.filter(
                indicator_id=OuterRef(indicator_field),
                period=OuterRef(period_field),
                status=ApprovalStatus.APPROVED,
            )
        )
    )


@dataclass(frozen=True, slots=True)
class Awaiting:
    """Values of one indicator and period submitted and waiting for approval."""

    indicator_code: str
    indicator_name: str
    domain_name: str
    period: str
    submitted_at: datetime
    submitted_by: str
    comment: str


def awaiting_approval(user) -> list[Awaiting]:
    """The submitted values ``user`` may approve (an administrator: all), oldest first."""
    r = roles(user, cached=False)
    qs = Approval.objects.filter(status=ApprovalStatus.SUBMITTED).select_related(
        "indicator__domain", "changed_by"
    )
    if not r.administrator:
        if not r.domain_ids:
            return []
        qs = qs.filter(indicator__domain_id__in=r.domain_ids)
    approvals = list(qs.order_by("changed_at", "pk"))
    comments = dict(
        ApprovalEvent.objects.filter(approval__in=approvals, new_status=ApprovalStatus.SUBMITTED)
        .order_by("approval_id", "at", "pk")
        .values_list("approval_id", "comment")
    )  # the last submission's comment of each (later rows win)
    return [
        Awaiting(
            indicator_code=a.indicator.code,
            indicator_name=a.indicator.name,
            domain_name=a.indicator.domain.name if a.indicator.domain else "",
            period=a.period,
            submitted_at=a.changed_at,
            submitted_by=a.changed_by.get_username() if a.changed_by else "",
            comment=comments.get(a.pk, ""),
        )
        for a in approvals
    ]


@dataclass(frozen=True, slots=True)
class StatusRow:
    period: str
    status: str
    changed_at: datetime | None
    changed_by: str


def statuses(indicator) -> list[StatusRow]:
    """The approval of each period of ``indicator`` that has values (newest first)."""
    stored = {
        a.period: a
        for a in Approval.objects.filter(indicator=indicator).select_related("changed_by")
    }
    periods = (
        indicator.observations.order_by("-period_start", "period")
        .values_list("period", flat=True)
        .distinct()
    )
    rows = []
    for period in dict.fromkeys(periods):
        a = stored.get(period)
        rows.append(
            StatusRow(
                period=period,
                status=a.status if a else ApprovalStatus.PROVISIONAL,
                changed_at=a.changed_at if a else None,
                changed_by=a.changed_by.get_username() if a and a.changed_by else "",
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class LockRow:
    pk: int
    period: str
    domain_code: str  # empty: all domains
    domain_name: str
    reason: str
    locked_at: datetime
    locked_by: str


def active_locks() -> list[LockRow]:
    return [
        LockRow(
            pk=lock.pk,
            period=lock.period,
            domain_code=lock.domain.code if lock.domain else "",
            domain_name=lock.domain.name if lock.domain else "",
            reason=lock.reason,
            locked_at=lock.locked_at,
            locked_by=lock.locked_by.get_username() if lock.locked_by else "",
        )
        for lock in PeriodLock.objects.filter(active=True).select_related("domain", "locked_by")
    ]


@dataclass(frozen=True, slots=True)
class ToSubmit:
    """Values the user may submit: each of their indicators' latest period with values,
    and every period returned to them, while provisional or returned."""

    indicator_code: str
    indicator_name: str
    period: str
    status: str
    comment: str  # why it was returned


def to_submit(user, *, limit: int = 200) -> list[ToSubmit]:
    """For a coordinator or data provider (not the whole catalogue of an administrator:
    they use the command or the API); three queries."""
    from stradom.catalog.models import Indicator
    from stradom.catalog.queries import latest_period_subquery

    r = roles(user, cached=False)
    if not (r.domain_ids or r.indicator_ids):
        return []
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            Q(domain_id__in=r.domain_ids) | Q(pk__in=r.indicator_ids)
        ).annotate(last_period=latest_period_subquery())
    }
    approvals = {
        (a.indicator_id, a.period): a
        for a in Approval.objects.filter(indicator_id__in=indicators).exclude(
            status=ApprovalStatus.PROVISIONAL
        )
    }
    wanted = {(pk, i.last_period) for pk, i in indicators.items() if i.last_period}
    wanted |= {key for key, a in approvals.items() if a.status == ApprovalStatus.RETURNED}
    comments = dict(
        ApprovalEvent.objects.filter(
            approval__in=[a for a in approvals.values() if a.status == ApprovalStatus.RETURNED],
            new_status=ApprovalStatus.RETURNED,
        )
        .order_by("approval_id", "at", "pk")
        .values_list("approval_id", "comment")
    )
    rows = []
    for pk, period in sorted(wanted, key=lambda k: (indicators[k[0]].code, k[1])):
        a = approvals.get((pk, period))
        status = a.status if a else ApprovalStatus.PROVISIONAL
        if status not in (ApprovalStatus.PROVISIONAL, ApprovalStatus.RETURNED):
            continue
        rows.append(
            ToSubmit(
                indicator_code=indicators[pk].code,
                indicator_name=indicators[pk].name,
                period=period,
                status=status,
                comment=comments.get(a.pk, "") if a else "",
            )
        )
    return rows[:limit]
