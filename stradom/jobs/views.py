"""A job's pages in the workspace: watch it, download its file.

The job's page polls a small fragment every second (htmx, no inline script) while the
job runs. Files are served only by :func:`download`, to the person who asked or an
administrator, never from a public media address. Someone who may not look at a job
gets 404. What a page says of the job (its title, its parameters in words) comes from
the app whose work it is (``stradom.jobs.registry``); the pages that request jobs are
those apps' own (``stradom.reports.views``, the import screen of ``stradom.workspace``).
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from stradom.accounts.permissions import workspace_view
from stradom.jobs import services
from stradom.jobs.models import Job, JobKind
from stradom.jobs.registry import describe

# What the job page shows: reports, and the open-data files made the same way (an
# import has its own pages, with its preview).
SHOWN = (JobKind.REPORT, JobKind.EXPORT)
HTMX_STOP_POLLING = 286  # htmx stops polling on this status, after swapping the content


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
