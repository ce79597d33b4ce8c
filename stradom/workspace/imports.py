"""The import screen: upload → preview → confirm with a reason → import.

The same views serve two places (:class:`Place`): the admin (``/admin/import/``,
staff only, mounted in ``stradom.workspace.admin``, listed as "Data import → Import a
file of values") and the workspace (``/panel/import/``, any user of the office,
:data:`urlpatterns`, included by ``stradom.workspace.urls``). Any user of the office may
upload; what they may write is decided by the write path alone: the import job
(``stradom.ingest.tasks``) runs with the uploader's rights, so a value of an indicator
the user may not enter is a problem in the preview (with its line and column) and the
file cannot be confirmed.

The uploaded file is kept under ``MEDIA_ROOT/imports/<uuid>/`` until it is imported
or refused; only the user who uploaded it can confirm it. Both the preview (a dry
run of the real importer, so it lists exactly the problems the import would meet)
and the import itself are background jobs (``stradom.jobs``) that ``stradom
worker`` runs with the uploader's rights, so a large file never holds up a web
request: each page shows its job's progress, then the preview (with the form to
confirm it) or what was written. A refused file's upload is deleted at once.

Uploads nobody confirmed are deleted when the next file is uploaded, once they
are a day old (``ABANDONED_AFTER``) — unless a job is still to read them; and by
``stradom jobs prune`` and ``stradom worker`` at start once older than the jobs' keep
period, for an office that stops uploading.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import get_valid_filename
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from stradom.accounts.permissions import workspace_view
from stradom.catalog.queries import disaggregation_labels
from stradom.ingest.services import sample_shown
from stradom.ingest.tasks import enqueue_import
from stradom.jobs.models import UPLOADS_FOLDER, Job, JobKind
from stradom.jobs.services import remove_abandoned_uploads, visible_jobs
from stradom.jobs.views import HTMX_STOP_POLLING
from stradom.workspace.forms import ConfirmForm, UploadForm

ABANDONED_AFTER = 24 * 3600  # seconds


def _admin_context(request) -> dict:
    return admin.site.each_context(request)


@dataclass(frozen=True)
class Place:
    """Where the import screen is mounted: the URL names of its four steps are
    ``<namespace>:<prefix>``, ``…_confirm``, ``…_job`` and ``…_job_status``."""

    namespace: str
    prefix: str
    template: str
    extra_context: Callable[..., dict] | None = field(default=None)

    def name(self, step: str = "") -> str:
        return f"{self.namespace}:{self.prefix}{'_' + step if step else ''}"

    @property
    def urls(self) -> dict[str, str]:
        return {
            "upload": self.name(),
            "confirm": self.name("confirm"),
            "job": self.name("job"),
            "status": self.name("job_status"),
        }


ADMIN = Place("admin", "ingest_import", "workspace/admin_import.html", _admin_context)
WORKSPACE = Place("workspace", "import", "workspace/import.html")


def imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOADS_FOLDER


def upload_view(request, place: Place = ADMIN):
    """Step 1: receive the file and queue its preview (a dry run of the real importer)."""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            remove_abandoned_uploads(ABANDONED_AFTER)
            stored = _load(request, _store(request, form))
            job = _enqueue(request, stored, dry_run=True)
            _remember(stored, preview=job.pk)
            return redirect(place.name("job"), pk=job.pk)
    else:
        form = UploadForm()
    return render(request, place.template, _context(request, place, upload_form=form))


def confirm_view(request, token: uuid.UUID, place: Place = ADMIN):
    """Step 2: queue the import of the previewed file, with the reason given."""
    stored = _load(request, token)
    if stored.get("job"):  # confirmed already (a second click): show that job
        return redirect(place.name("job"), pk=stored["job"])
    preview = Job.objects.filter(pk=stored.get("preview"), status="succeeded").first()
    if request.method != "POST" or preview is None:
        return redirect(place.name("job"), pk=stored.get("preview"))
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        context = _job_context(request, preview.pk)
        context["confirm_form"] = form
        return render(request, place.template, _context(request, place, **context))
    job = _enqueue(request, stored, reason=form.cleaned_data["reason"])
    _remember(stored, job=job.pk)
    return redirect(place.name("job"), pk=job.pk)


def job_view(request, pk: int, place: Place = ADMIN):
    """Step 3: a preview or import job — progress while it runs, then what it found or
    wrote (and, after a clean preview, the form to confirm the import)."""
    return render(request, place.template, _context(request, place, **_job_context(request, pk)))


def job_status_view(request, pk: int, place: Place = ADMIN):
    """The part of the job page that htmx polls every second until the job ends."""
    context = _job_context(request, pk)
    context["urls"] = place.urls
    response = render(request, "workspace/_import_job.html", context)
    if not context["job"].watched:
        response.status_code = HTMX_STOP_POLLING
    return response


def _job_context(request, pk: int) -> dict:
    job = get_object_or_404(visible_jobs(request.user, JobKind.IMPORT), pk=pk)
    dry_run = job.params.get("dry_run", False)
    context = {
        "job": job,
        "progress": job.progress(),
        "report": _shown(job.result),
        "name": job.params.get("name", ""),
        "done": not dry_run,
    }
    if dry_run and job.status == "succeeded" and job.user_id == request.user.pk:
        token = Path(job.params.get("upload", "")).name
        meta = _meta(imports_dir() / token)
        if meta is not None and meta.get("preview") == job.pk:
            context["token"] = token
            context["confirmed"] = meta.get("job")
            context["confirm_form"] = ConfirmForm()
    return context


def _shown(report: dict | None) -> dict | None:
    """The job's report with its sampled values as the reader reads them: the change in
    words, numbers in the reader's format, disaggregations in words (``płeć: kobiety``)."""
    if not report:
        return None
    samples = report.get("samples") or ()
    in_words = disaggregation_labels({s.get("dimensions") or "" for s in samples})
    return {
        **report,
        "samples": [
            {**sample_shown(s), "dimensions": in_words.get(s.get("dimensions") or "", "")}
            for s in samples
        ],
    }


def _enqueue(request, stored: dict, *, dry_run: bool = False, reason: str = "") -> Job:
    return enqueue_import(
        stored["path"],
        user=request.user,
        mapping=stored["mapping"],
        replace=stored["replace"],
        reason=reason,
        dry_run=dry_run,
        language=(get_language() or settings.LANGUAGE_CODE)[:2],
        upload=stored["dir"],
    )


def _meta(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "upload.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _remember(stored: dict, **jobs: int) -> None:
    """Note in the upload's ``upload.json`` which preview or import job it has."""
    meta = {
        k: stored[k]
        for k in ("name", "mapping", "replace", "user", "preview", "job")
        if k in stored
    }
    meta.update(jobs)
    (stored["dir"] / "upload.json").write_text(json.dumps(meta), encoding="utf-8")
    stored.update(jobs)


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
    meta = _meta(folder)
    if meta is None:
        raise Http404(_("No such upload; it may have been imported already."))
    if meta["user"] != request.user.pk:
        raise PermissionDenied
    meta["dir"] = folder
    meta["path"] = folder / meta["name"]
    return meta


def _context(request, place: Place, **extra) -> dict:
    return {
        **(place.extra_context(request) if place.extra_context else {}),
        "title": _("Import a file of values"),
        "urls": place.urls,
        **extra,
    }


# The workspace's place (``/panel/import/``, under the workspace's namespace).
_in_workspace = {"place": WORKSPACE}
urlpatterns = [
    path("", workspace_view(upload_view), _in_workspace, name="import"),
    path("<uuid:token>/", workspace_view(confirm_view), _in_workspace, name="import_confirm"),
    path("job/<int:pk>/", workspace_view(job_view), _in_workspace, name="import_job"),
    path(
        "job/<int:pk>/status/",
        workspace_view(job_status_view),
        _in_workspace,
        name="import_job_status",
    ),
]
