"""Data approval and locked periods (``stradom.approval``): the same steps as the
workspace and ``stradom approval``, through the same services (channel ``api``).
Writes need a Bearer token; the service checks the right (403 when refused)."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from stradom.api.auth import TokenAuth, current_user
from stradom.api.errors import ApiError, ErrorOut, with_errors
from stradom.api.permissions import readable_indicators
from stradom.approval import queries, services
from stradom.approval.models import ApprovalStatus
from stradom.catalog.models import Domain, Indicator
from stradom.core.i18n import localize
from stradom.core.messages import StradomError

router = Router(tags=["approval"])
WRITE = {200: None, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class LockOut(Schema):
    id: int
    period: str
    domain: str | None = Field(description="the domain's code; null: all domains")
    reason: str
    locked_at: datetime
    locked_by: str


class LockIn(Schema):
    period: str = Field(description="e.g. 2025, 2025-Q1, 2025-03")
    domain: str | None = Field(None, description="a domain's code; none: all domains")
    reason: str


class ReasonIn(Schema):
    reason: str


class StepIn(Schema):
    comment: str = Field("", description="required to return values")


class ApprovalOut(Schema):
    indicator: str
    period: str
    status: ApprovalStatus


class AwaitingOut(Schema):
    indicator: str
    period: str
    submitted_at: datetime
    submitted_by: str
    comment: str


def _call(step, *args, **kwargs):
    try:
        return step(*args, **kwargs)
    except services.Refused as exc:
        raise ApiError(403, "forbidden", localize(exc)) from exc
    except StradomError as exc:
        raise ApiError(400, "bad_request", localize(exc)) from exc


def _lock_out(lock) -> dict:
    return {
        "id": lock.pk,
        "period": lock.period,
        "domain": lock.domain_code or None,
        "reason": lock.reason,
        "locked_at": lock.locked_at,
        "locked_by": lock.locked_by,
    }


@router.get("/approval/locks", response=with_errors(list[LockOut]))
def list_locks(request):
    """The periods locked now (for a domain, or for all)."""
    return [_lock_out(lock) for lock in queries.active_locks()]


def _domain(code: str | None) -> Domain | None:
    if code is None:
        return None
    domain = Domain.objects.filter(code=code).first()
    if domain is None:
        raise ApiError(404, "not_found", _("There is no domain “%(code)s”.") % {"code": code})
    return domain


@router.post("/approval/locks", auth=TokenAuth(), response={**WRITE, 200: LockOut})
def lock(request, payload: LockIn):
    """Lock a period (administrators): no channel may change a value in it."""
    made = _call(
        services.lock_period,
        payload.period,
        domain=_domain(payload.domain),
        actor=request.auth,
        reason=payload.reason,
        channel="api",
    )
    return next(_lock_out(row) for row in queries.active_locks() if row.pk == made.pk)


@router.post("/approval/locks/{lock_id}/unlock", auth=TokenAuth(), response={**WRITE, 200: None})
def unlock(request, lock_id: int, payload: ReasonIn):
    """Unlock a locked period, saying why (administrators)."""
    from stradom.approval.models import PeriodLock

    found = get_object_or_404(PeriodLock, pk=lock_id, active=True)
    _call(services.unlock_period, found, actor=request.auth, reason=payload.reason, channel="api")


@router.get("/approval/awaiting", response=with_errors(list[AwaitingOut]))
def awaiting(request):
    """The submitted values the caller may approve (none for the public)."""
    return [
        {
            "indicator": a.indicator_code,
            "period": a.period,
            "submitted_at": a.submitted_at,
            "submitted_by": a.submitted_by,
            "comment": a.comment,
        }
        for a in queries.awaiting_approval(current_user(request))
    ]


def _indicator(request, code: str) -> Indicator:
    return get_object_or_404(
        readable_indicators(current_user(request), Indicator.objects.all()), code=code
    )


_STEPS = {"submit": services.submit, "approve": services.approve, "return": services.return_values}


@router.post(
    "/approval/{code}/{period}/{step}", auth=TokenAuth(), response={**WRITE, 200: ApprovalOut}
)
def take_step(request, code: str, period: str, step: str, payload: StepIn):
    """``step``: ``submit``, ``approve`` or ``return`` (with a comment) the indicator's
    values of the period."""
    if step not in _STEPS:
        raise ApiError(404, "not_found", _("The step is submit, approve or return."))
    approval = _call(
        _STEPS[step],
        _indicator(request, code),
        period,
        actor=request.auth,
        comment=payload.comment,
        channel="api",
    )
    return {"indicator": code, "period": approval.period, "status": approval.status}
