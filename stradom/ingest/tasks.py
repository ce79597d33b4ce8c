"""The import of a file as a background job: queued by the import screen, run by
``stradom worker`` with the uploader's rights (the machinery is ``stradom.jobs``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from stradom.core.i18n import localize
from stradom.ingest.readers import ReadError
from stradom.ingest.services import MAPPINGS, estimate_rows, import_file, report_as_dict
from stradom.jobs import services as jobs
from stradom.jobs.models import Job, JobKind, JobStatus


def enqueue_import(
    path: Path,
    *,
    user,
    mapping: str = "",
    replace: bool = False,
    reason: str = "",
    dry_run: bool = False,
    language: str = "pl",
    upload: Path | None = None,
) -> Job:
    """Queue the import (or with ``dry_run``, the preview) of a file under ``MEDIA_ROOT``.

    ``upload``: the folder (under ``MEDIA_ROOT``) the file came in; it is deleted once
    the file is imported, or refused — not after a preview that found nothing wrong,
    since the file is then still to be confirmed.
    """
    media = Path(settings.MEDIA_ROOT)
    params = {
        "path": str(Path(path).relative_to(media)),
        "name": Path(path).name,
        "mapping": mapping,
        "replace": bool(replace),
        "reason": reason,
        "dry_run": bool(dry_run),
        "upload": str(Path(upload).relative_to(media)) if upload else "",
    }
    return jobs.enqueue(
        run_import, user=user, kind=JobKind.IMPORT, language=language, params=params
    )


@task()
def run_import(job_id: int) -> str:
    """The worker's side of :func:`enqueue_import`: the real importer, all or nothing."""
    job = jobs.start(job_id)
    if job is None:
        return ""
    params = job.params
    media = Path(settings.MEDIA_ROOT)
    path = media / params["path"]
    upload = media / params["upload"] if params.get("upload") else None
    progress = jobs.JobProgress(job, to_file=True)
    try:
        with jobs.Heartbeat(job, to_file=True), translation.override(job.language):
            progress.start(estimate_rows(path) or 0, _("Reading and checking the rows"))
            report = import_file(
                path,
                actor=job.user,
                mapping_path=MAPPINGS / f"{params['mapping']}.yaml" if params["mapping"] else None,
                reason=params["reason"],
                dry_run=params.get("dry_run", False),
                replace=params["replace"],
                progress=lambda rows: progress.advance(rows - progress.done),
            )
            job.result = report_as_dict(report)
    except BaseException as exc:
        if upload is not None:
            shutil.rmtree(upload, ignore_errors=True)  # nothing to confirm or retry
        jobs.fail(job, exc, progress, message=read_error_message(exc, job))
        raise
    progress.done = progress.total = report.rows
    shutil.rmtree(job.folder, ignore_errors=True)  # only the progress file was there
    if upload is not None and not (report.ok and params.get("dry_run")):
        shutil.rmtree(upload, ignore_errors=True)
    if not report.ok:  # refused; after a preview, the data or the rights have changed since
        count = len(report.problems)
        with translation.override(job.language):
            job.error = ngettext(
                "The file was refused: %(count)s problem. Nothing was written.",
                "The file was refused: %(count)s problems. Nothing was written.",
                count,
            ) % {"count": count}
        jobs.finish(job, JobStatus.FAILED, progress)
        return params["name"]
    jobs.finish(job, JobStatus.SUCCEEDED, progress)
    return params["name"]


def read_error_message(exc: BaseException, job: Job) -> str:
    """A file that cannot be read at all, said with where: ``name.csv, line 3: …`` (in
    the job's language); "" for any other failure (the jobs' own words then)."""
    if not isinstance(exc, ReadError):
        return ""
    with translation.override(job.language):
        where = exc.file or job.params.get("name", "")
        if exc.line is not None:
            where = _("%(file)s, line %(line)s") % {"file": where, "line": exc.line}
        return f"{where}: {localize(exc)}" if where else localize(exc)
