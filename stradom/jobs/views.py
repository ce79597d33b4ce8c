"""The workspace's report pages: request a report, watch its job, download the file.

``/panel/reports/`` lists the kinds of report with a form each; a valid request
queues a job (``services.enqueue_report``) and leads to the job's page, which polls
a small fragment every second (htmx, no inline script) while the job runs. Files
are served only by :func:`download`, to the person who asked or an administrator,
never from a public media address. Someone who may not look at a job gets 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.jobs import services
from stradom.jobs.forms import PARAM_LABELS, ExportForm, ReportForm
from stradom.jobs.models import Job, JobKind
from stradom.reports.kinds import kinds
from stradom.workspace.views import workspace_view

MY_REPORTS_PAGE = 25
# What the workspace's pages show: reports, and the open-data files made the same way.
SHOWN = (JobKind.REPORT, JobKind.EXPORT)
HTMX_STOP_POLLING = 286  # htmx stops polling on this status, after swapping the content


def _kinds_for(user) -> list:
    allowed = services.requestable_kinds(user)
    if allowed == ():
        raise PermissionDenied
    return [k for code, k in sorted(kinds().items()) if allowed is None or code in allowed]


@workspace_view
@require_http_methods(["GET", "POST"])
def reports(request):
    """Every kind of report the user may request, each with its form."""
    user = request.user
    available = _kinds_for(user)
    forms = {k.code: ReportForm(k, user) for k in available}
    export_form = ExportForm()
    status = 200
    if request.method == "POST" and request.POST.get("kind") == "export":
        export_form = ExportForm(request.POST)
        if export_form.is_valid():
            job = services.enqueue_export(
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
        if not services.may_request_report(user, code, raw):
            raise PermissionDenied
        form = forms[code] = ReportForm(kind, user, request.POST)
        if form.is_valid():
            try:
                job = services.enqueue_report(
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
        "jobs/reports.html",
        {
            "section": "workspace",
            "kinds": [{"kind": k, "form": forms[k.code]} for k in available],
            "export_form": export_form,
            "recent": describe(services.visible_jobs(user, *SHOWN).filter(user=user)[:5]),
        },
        status=status,
    )


def _job(request, pk: int) -> Job:
    return get_object_or_404(services.visible_jobs(request.user, *SHOWN), pk=pk)


@workspace_view
@require_GET
def job(request, pk: int):
    (described,) = describe([_job(request, pk)])
    return render(request, "jobs/job.html", {"section": "workspace", **described})


@workspace_view
@require_GET
def job_status(request, pk: int):
    """The fragment the job page polls; 286 tells htmx to stop once the job is over,
    or has shown no sign of life for too long (its worker was stopped)."""
    (described,) = describe([_job(request, pk)])
    response = render(request, "jobs/_job_status.html", described)
    if not described["job"].watched:
        response.status_code = HTMX_STOP_POLLING
    return response


@workspace_view
@require_GET
def my_reports(request):
    jobs = services.visible_jobs(request.user, *SHOWN).filter(user=request.user)
    page = Paginator(jobs, MY_REPORTS_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/my_reports.html",
        {"section": "workspace", "page": page, "jobs": describe(page.object_list)},
    )


@workspace_view
@require_GET
def download(request, pk: int):
    """The finished file, to the person who asked for it or an administrator."""
    job = get_object_or_404(services.visible_jobs(request.user), pk=pk)
    path = job.path
    if job.status != "succeeded" or path is None or not path.is_file():
        raise Http404
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.file_name,
        content_type=job.content_type or "application/octet-stream",
    )


def describe(jobs) -> list[dict]:
    """Each job with what a person reads about it: the report's name, its params in
    words, and its progress. Strategies are looked up once for all the jobs."""
    from stradom.strategy.models import Strategy

    jobs = list(jobs)
    known = kinds()
    strategy_ids = {j.params.get("strategy") for j in jobs} - {None}
    strategies = {s.pk: s.name for s in Strategy.objects.filter(pk__in=strategy_ids)}
    out = []
    for j in jobs:
        params = dict(j.params)
        code, fmt = params.pop("report", ""), params.pop("format", "")
        kind = known.get(code)
        if j.kind == JobKind.EXPORT:
            out.append(
                {
                    "job": j,
                    "title": _("Open data of the whole catalogue"),
                    "format": fmt.upper(),
                    "params": [],
                    "progress": j.progress(),
                }
            )
            continue
        if "strategy" in params:
            params["strategy"] = strategies.get(params["strategy"], params["strategy"])
        out.append(
            {
                "job": j,
                "title": kind.label if kind else code,
                "format": fmt.upper(),
                # in the kind's order (PostgreSQL's jsonb keeps keys in its own order)
                "params": [
                    (PARAM_LABELS.get(k, k), params[k])
                    for k in sorted(params, key=lambda k: _position(kind, k))
                ],
                "progress": j.progress(),
            }
        )
    return out


def _position(kind, param: str) -> tuple[int, str]:
    order = kind.params if kind else ()
    return (order.index(param) if param in order else len(order), param)


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "pl"
