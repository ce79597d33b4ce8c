"""The open-data file of the whole published catalogue as a background job (the
machinery is ``stradom.jobs``; the reports page offers it beside the reports)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from stradom.accounts.permissions import Action, can
from stradom.core.messages import StradomError, gettext_noop
from stradom.exports import FORMATS
from stradom.jobs import services as jobs
from stradom.jobs.models import Job, JobKind

# File names of the catalogue's open-data file (Polish, English), by format.
EXPORT_STEMS = ("stradom-dane-otwarte", "stradom-open-data")


def enqueue_export(fmt: str, *, user, language: str = "pl") -> Job:
    """Queue the open-data file of the whole published catalogue in ``fmt``.

    What is published is public, so any user of the workspace may ask; the file holds
    published values only, whoever asked."""
    if not can(user, Action.USE_WORKSPACE):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise StradomError(
            gettext_noop("Open data is exported as %(formats)s, not “%(format)s”."),
            formats=", ".join(FORMATS),
            format=fmt,
        )
    return jobs.enqueue(
        run_export, user=user, kind=JobKind.EXPORT, language=language, params={"format": fmt}
    )


@task()
def run_export(job_id: int) -> str:
    """The worker's side of :func:`enqueue_export`: the writers of ``stradom.exports``."""
    from stradom.exports import build

    job = jobs.start(job_id)
    if job is None:
        return ""
    fmt = job.params["format"]
    extension, content_type = FORMATS[fmt]
    stem = EXPORT_STEMS[job.language == "en"] + ("-excel" if fmt == "csv-pl" else "")
    progress = jobs.JobProgress(job)
    try:
        with jobs.Heartbeat(job), translation.override(job.language):
            progress.start(2, _("Reading the published values"))
            chosen = build.datasets()
            progress.advance(1, _("Writing the file"))
            progress.flush()
            path = jobs.write_file(
                job.folder, f"{stem}.{extension}", build.render(fmt, chosen, whole=True)
            )
            progress.advance(1)
    except BaseException as exc:
        jobs.fail(job, exc, progress)
        raise
    return jobs.succeed(job, path, content_type, progress)


def describe(jobs) -> list[dict]:
    """What the job pages say of export jobs (see ``stradom.jobs.registry``)."""
    return [
        {
            "job": j,
            "title": _("Open data of the whole catalogue"),
            "format": j.params.get("format", "").upper(),
            "params": [],
            "progress": j.progress(),
        }
        for j in jobs
    ]
