"""The workspace's approval page: the values awaiting the coordinator's decision, with
approve and return buttons, and for administrators the locked periods. Thin: every
change is one service call (channel ``form``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stradom.accounts.permissions import Action, can, workspace_view
from stradom.approval import queries, services
from stradom.approval.forms import DecisionForm, LockForm, SubmitForm, UnlockForm
from stradom.approval.models import PeriodLock
from stradom.catalog.models import Indicator
from stradom.core.i18n import localize
from stradom.core.messages import StradomError


@workspace_view
def awaiting(request, lock_form=None):
    admin = can(request.user, Action.LOCK_PERIODS, None)
    return render(
        request,
        "approval/awaiting.html",
        {
            "section": "approval",
            "awaiting": queries.awaiting_approval(request.user),
            "to_submit": queries.to_submit(request.user),
            "admin": admin,
            "locks": queries.active_locks() if admin else [],
            "lock_form": lock_form or (LockForm() if admin else None),
        },
        status=422 if lock_form is not None else 200,
    )


@workspace_view
@require_POST
def decide(request):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or return."))
        return redirect("approval:awaiting")
    data = form.cleaned_data
    indicator = get_object_or_404(Indicator, code=data["indicator"])
    step = services.approve if data["decision"] == "approve" else services.return_values
    try:
        step(indicator, data["period"], actor=request.user, comment=data["comment"], channel="form")
    except services.Refused as exc:
        raise PermissionDenied(localize(exc)) from exc
    except StradomError as exc:
        messages.error(request, localize(exc))
        return redirect("approval:awaiting")
    messages.success(
        request,
        (
            _("%(code)s %(period)s: approved.")
            if data["decision"] == "approve"
            else _("%(code)s %(period)s: returned for correction.")
        )
        % {"code": indicator.code, "period": data["period"]},
    )
    return redirect("approval:awaiting")


@workspace_view
@require_POST
def submit(request):
    form = SubmitForm(request.POST)
    if not form.is_valid():
        return redirect("approval:awaiting")
    data = form.cleaned_data
    indicator = get_object_or_404(Indicator, code=data["indicator"])
    try:
        services.submit(
            indicator, data["period"], actor=request.user, comment=data["comment"], channel="form"
        )
    except services.Refused as exc:
        raise PermissionDenied(localize(exc)) from exc
    except StradomError as exc:
        messages.error(request, localize(exc))
        return redirect("approval:awaiting")
    messages.success(
        request,
        _("%(code)s %(period)s: submitted for approval.")
        % {"code": indicator.code, "period": data["period"]},
    )
    return redirect("approval:awaiting")


@workspace_view
@require_POST
def lock(request):
    if not can(request.user, Action.LOCK_PERIODS, None):
        raise PermissionDenied
    form = LockForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            made = services.lock_period(
                data["period"],
                domain=data["domain"],
                actor=request.user,
                reason=data["reason"],
                channel="form",
            )
        except StradomError as exc:
            form.add_error("period", localize(exc))
        else:
            messages.success(request, _("%(period)s is locked.") % {"period": made.period})
            return redirect("approval:awaiting")
    return awaiting(request, lock_form=form)


@workspace_view
@require_POST
def unlock(request, pk: int):
    found = get_object_or_404(PeriodLock, pk=pk, active=True)
    if not can(request.user, Action.LOCK_PERIODS, found.domain):
        raise PermissionDenied
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the period is unlocked (a reason)."))
        return redirect("approval:awaiting")
    services.unlock_period(
        found, actor=request.user, reason=form.cleaned_data["reason"], channel="form"
    )
    messages.success(request, _("%(period)s is unlocked.") % {"period": found.period})
    return redirect("approval:awaiting")
