"""The import screen in the admin: upload → dry-run preview → confirm with a reason.

The uploaded file is kept under ``MEDIA_ROOT/imports/<uuid>/`` between the preview
and the confirmation; only the user who uploaded it can confirm it, and it is
deleted once imported. Both steps run the real importer (``import_file``), so the
preview lists exactly the problems the import would meet, and the values obey
the uploader's permissions.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.ingest.forms import ConfirmForm, UploadForm
from stradom.ingest.readers import ReadError
from stradom.ingest.services import MAPPINGS, ImportReport, import_file

TEMPLATE = "ingest/import.html"


def imports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def upload_view(request):
    """Step 1: receive the file and show what importing it would do."""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            token = _store(request, form)
            return _preview(request, token)
    else:
        form = UploadForm()
    return render(request, TEMPLATE, _context(request, upload_form=form))


def confirm_view(request, token: uuid.UUID):
    """Step 2: import the previewed file for real, with the reason given."""
    if request.method != "POST":
        return _preview(request, token)
    stored = _load(request, token)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _preview(request, token, confirm_form=form)
    report, error = _run(stored, actor=request.user, reason=form.cleaned_data["reason"])
    if report is not None and report.ok:
        shutil.rmtree(stored["dir"], ignore_errors=True)
    return render(
        request,
        TEMPLATE,
        _context(request, report=report, error=error, done=True, name=stored["name"]),
    )


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


def _run(stored: dict, *, actor, reason: str = "", dry_run: bool = False):
    mapping = MAPPINGS / f"{stored['mapping']}.yaml" if stored["mapping"] else None
    try:
        report = import_file(
            stored["path"],
            actor=actor,
            mapping_path=mapping,
            reason=reason,
            dry_run=dry_run,
            replace=stored["replace"],
        )
    except ReadError as exc:
        where = f", line {exc.line}" if exc.line is not None else ""
        return None, f"{stored['name']}{where}: {localize(exc)}"
    except (StradomError, OSError) as exc:
        return None, localize(exc) if isinstance(exc, StradomError) else str(exc)
    return report, ""


def _preview(request, token: uuid.UUID, confirm_form: ConfirmForm | None = None):
    stored = _load(request, token)
    report, error = _run(stored, actor=request.user, dry_run=True)
    if report is None or not report.ok:
        shutil.rmtree(stored["dir"], ignore_errors=True)  # nothing to confirm
    return render(
        request,
        TEMPLATE,
        _context(
            request,
            report=report,
            error=error,
            token=token,
            name=stored["name"],
            replace=stored["replace"],
            confirm_form=confirm_form or ConfirmForm(),
        ),
    )


def _context(request, report: ImportReport | None = None, **extra) -> dict:
    problems = []
    if report is not None:
        problems = [
            {"line": p.line, "column": p.field, "reason": localize(p.message)}
            for p in report.problems
        ]
    return {
        **admin.site.each_context(request),
        "title": _("Import a file of values"),
        "report": report,
        "problems": problems,
        **extra,
    }
