"""The workspace's report pages: request a report (or the open-data file), see your own.

``/panel/reports/`` lists the kinds of report with a form each; a valid request
queues a job (``tasks.enqueue_report``, ``stradom.exports.tasks.enqueue_export``) and
leads to the job's page (``stradom.jobs.views``), which shows its progress and the file.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from stradom.accounts.permissions import Action, can, workspace_view
from stradom.core.formatting import is_english
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.exports.tasks import enqueue_export
from stradom.jobs.registry import describe
from stradom.jobs.services import visible_jobs
from stradom.jobs.views import SHOWN
from stradom.reports.forms import ExportForm, ReportForm
from stradom.reports.kinds import kinds
from stradom.reports.tasks import enqueue_report, may_request_report

MY_REPORTS_PAGE = 25


def _kinds_for(user) -> list:
    if not can(user, Action.REQUEST_REPORT):
        raise PermissionDenied
    return [k for code, k in sorted(kinds().items()) if can(user, Action.REQUEST_REPORT, code)]


@workspace_view
@require_http_methods(["GET", "POST"])
def request_report(request):
    """Every kind of report the user may request, each with its form."""
    user = request.user
    available = _kinds_for(user)
    forms = {k.code: ReportForm(k, user) for k in available}
    export_form = ExportForm()
    status = 200
    if request.method == "POST" and request.POST.get("kind") == "export":
        export_form = ExportForm(request.POST)
        if export_form.is_valid():
            job = enqueue_export(
                export_form.cleaned_data["format"], user=user, language=_language()
            )
            return redirect("jobs:job", pk=job.pk)
        status = 422
    elif request.method == "POST":
        code = request.POST.get("kind", "")
        kind = next((k for k in available if k.code == code), None)
        if kind is None:
            if code in kinds():
                raise PermissionDenied  # a kind this user may not request
            return HttpResponseBadRequest()
        raw = {name: request.POST.get(f"{code}-{name}", "") for name in kind.params}
        if not may_request_report(user, code, raw):
            raise PermissionDenied
        form = forms[code] = ReportForm(kind, user, request.POST)
        if form.is_valid():
            try:
                job = enqueue_report(
                    code,
                    form.cleaned_data["format"],
                    user=user,
                    language=form.cleaned_data["language"],
                    **form.params(),
                )
            except StradomError as exc:
                form.add_error(None, localize(exc))
            else:
                return redirect("jobs:job", pk=job.pk)
        status = 422
    return render(
        request,
        "reports/request.html",
        {
            "section": "workspace",
            "kinds": [{"kind": k, "form": forms[k.code]} for k in available],
            "export_form": export_form,
            "recent": describe(visible_jobs(user, *SHOWN).filter(user=user)[:5]),
        },
        status=status,
    )


@workspace_view
@require_GET
def my_reports(request):
    jobs = visible_jobs(request.user, *SHOWN).filter(user=request.user)
    page = Paginator(jobs, MY_REPORTS_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/mine.html",
        {"section": "workspace", "page": page, "jobs": describe(page.object_list)},
    )


def _language() -> str:
    return "en" if is_english() else "pl"
