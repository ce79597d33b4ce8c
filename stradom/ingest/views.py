"""The import screen in the admin: upload → dry-run preview → confirm with a reason → job.

The uploaded file is kept under ``MEDIA_ROOT/imports/<uuid>/`` between the preview
and the confirmation; only the user who uploaded it can confirm it. The preview
runs the real importer (``import_file``, dry run) in the request, so it lists
exactly the problems the import would meet. Confirming queues an import job
(``stradom.jobs``) which ``stradom worker`` runs with the uploader's rights; the
page then shows the job's progress and, when it ends, what was written. The
upload is deleted once imported.

Uploads nobody confirmed are deleted when the next file is uploaded, once they
are a day old (``ABANDONED_AFTER``) — unless an import job is still to read them.
Doing it here needs no schedule, and uploads happen only here.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import get_valid_filename
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stradom.core.messages import StradomError
from stradom.ingest.forms import ConfirmForm, UploadForm
from stradom.ingest.services import MAPPINGS, import_file, report_as_dict
from stradom.jobs.models import Job, JobKind
from stradom.jobs.services import enqueue_import, failure_message, visible_jobs
from stradom.jobs.views import HTMX_STOP_POLLING

TEMPLATE = "ingest/import.html"
ABANDONED_AFTER = 24 * 3600  # seconds


def imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def upload_view(request):
    """Step 1: receive the file and show what importing it would do."""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            remove_abandoned_uploads()
            token = _store(request, form)
            return _preview(request, token)
    else:
        form = UploadForm()
    return render(request, TEMPLATE, _context(request, upload_form=form))


def confirm_view(request, token: uuid.UUID):
    """Step 2: queue the import of the previewed file, with the reason given."""
    if request.method != "POST":
        return _preview(request, token)
    stored = _load(request, token)
    if stored.get("job"):  # confirmed already (a second click): show that job
        return redirect("admin:ingest_import_job", pk=stored["job"])
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _preview(request, token, confirm_form=form)
    job = enqueue_import(
        stored["path"],
        user=request.user,
        mapping=stored["mapping"],
        replace=stored["replace"],
        reason=form.cleaned_data["reason"],
        language=(get_language() or settings.LANGUAGE_CODE)[:2],
        remove_after=stored["dir"],
    )
    meta = {k: stored[k] for k in ("name", "mapping", "replace", "user")}
    (stored["dir"] / "upload.json").write_text(json.dumps({**meta, "job": job.pk}), "utf-8")
    return redirect("admin:ingest_import_job", pk=job.pk)


def job_view(request, pk: int):
    """Step 3: the import job — progress while it runs, then what was written or why not."""
    return render(request, TEMPLATE, _context(request, **_job_context(request, pk)))


def job_status_view(request, pk: int):
    """The part of the job page that htmx polls every second until the job ends."""
    context = _job_context(request, pk)
    response = render(request, "ingest/_import_job.html", context)
    if not context["job"].active:
        response.status_code = HTMX_STOP_POLLING
    return response


def _job_context(request, pk: int) -> dict:
    job = get_object_or_404(visible_jobs(request.user, JobKind.IMPORT), pk=pk)
    return {
        "job": job,
        "progress": job.progress(),
        "report": job.result or None,
        "name": job.params.get("name", ""),
        "done": True,
    }


def remove_abandoned_uploads(max_age: float = ABANDONED_AFTER) -> list[str]:
    """Delete uploads older than ``max_age`` seconds that no queued or running import
    job still needs; the names of the folders removed."""
    folder = imports_dir()
    if not folder.is_dir():
        return []
    needed = {
        Path(p).parent.name
        for p in Job.objects.filter(
            kind=JobKind.IMPORT, status__in=("queued", "running")
        ).values_list("params__path", flat=True)
        if p
    }
    cutoff = time.time() - max_age
    removed = []
    for upload in folder.iterdir():
        if upload.name in needed or not upload.is_dir():
            continue
        if upload.stat().st_mtime < cutoff:
            shutil.rmtree(upload, ignore_errors=True)
            removed.append(upload.name)
    return removed


def _store(request, form: UploadForm) -> uuid.UUID:
    token = uuid.uuid4()
    folder = imports_dir() / str(token)
    folder.mkdir(parents=True)
    upload = form.cleaned_data["file"]
    name = get_valid_filename(Path(upload.name).name) or "upload"
    with (folder / name).open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    meta = {
        "name": name,
        "mapping": form.cleaned_data["mapping"] or "",
        "replace": bool(form.cleaned_data["replace"]),
        "user": request.user.pk,
    }
    (folder / "upload.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def _load(request, token: uuid.UUID) -> dict:
    folder = imports_dir() / str(token)
    try:
        meta = json.loads((folder / "upload.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Http404(_("No such upload; it may have been imported already.")) from None
    if meta["user"] != request.user.pk:
        raise PermissionDenied
    meta["dir"] = folder
    meta["path"] = folder / meta["name"]
    return meta


def _dry_run(stored: dict, *, actor):
    """The preview: the real importer, writing nothing. (report, error message)."""
    mapping = MAPPINGS / f"{stored['mapping']}.yaml" if stored["mapping"] else None
    try:
        report = import_file(
            stored["path"],
            actor=actor,
            mapping_path=mapping,
            dry_run=True,
            replace=stored["replace"],
        )
    except (StradomError, OSError) as exc:
        return None, failure_message(exc, name=stored["name"])
    return report, ""


def _preview(request, token: uuid.UUID, confirm_form: ConfirmForm | None = None):
    stored = _load(request, token)
    if stored.get("job"):
        return redirect("admin:ingest_import_job", pk=stored["job"])
    report, error = _dry_run(stored, actor=request.user)
    if report is None or not report.ok:
        shutil.rmtree(stored["dir"], ignore_errors=True)  # nothing to confirm
    return render(
        request,
        TEMPLATE,
        _context(
            request,
            report=report_as_dict(report) if report is not None else None,
            error=error,
            token=token,
            name=stored["name"],
            replace=stored["replace"],
            confirm_form=confirm_form or ConfirmForm(),
        ),
    )


def _context(request, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "title": _("Import a file of values"),
        **extra,
    }
