"""Make one report file: check the request, build the document, render it safely.

:func:`generate_report` is the one write path for report files; the command
(``stradom report``) and the background jobs (``stradom.jobs``) both call it.

* Bad input (unknown kind, format or language, a param the kind does not take or
  lacks) raises :class:`StradomError` naming what is wrong, before anything is built.
* The document is built under the report's language, then rendered into a
  hidden temporary file in ``out_dir`` and moved to its final name with
  ``os.replace`` only when rendering succeeded: a failure leaves no file behind.
* The file name is the kind's stem in the report's language and the params in
  the kind's order (``raport-monitoringowy-3-2025.pdf``,
  ``metryka-wskaznika-OBS_1.pdf``). Generating the same report again replaces the
  older file; callers that keep every run (the jobs app) give each run its own
  ``out_dir``.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext

from stradom.core.messages import StradomError, gettext_noop
from stradom.core.progress import NoProgress, Progress
from stradom.reports.document import Document
from stradom.reports.kinds import ReportKind, kinds

LANGUAGES = ("pl", "en")


def check_request(
    kind: str, fmt: str | None, language: str, params: dict
) -> tuple[ReportKind, dict]:
    """The kind and the params that count (``None`` values dropped), or a StradomError.

    ``fmt`` None skips the format check (building a document without a file).
    """
    known = kinds()
    if kind not in known:
        raise StradomError(
            gettext_noop("Unknown kind of report “%(kind)s”; known kinds: %(known)s."),
            kind=kind,
            known=", ".join(sorted(known)),
        )
    report = known[kind]
    if fmt is not None and fmt not in report.formats:
        raise StradomError(
            gettext_noop("The %(kind)s report is not made as “%(format)s”; choose %(formats)s."),
            kind=kind,
            format=fmt,
            formats=", ".join(report.formats),
        )
    if language not in LANGUAGES:
        raise StradomError(
            gettext_noop("Reports are written in Polish (pl) or English (en), not “%(language)s”."),
            language=language,
        )
    given = {name: value for name, value in params.items() if value is not None and value != ""}
    unknown = sorted(set(given) - set(report.params))
    if unknown:
        raise StradomError(
            gettext_noop("The %(kind)s report does not take %(unknown)s; it takes: %(params)s."),
            kind=kind,
            unknown=", ".join(unknown),
            params=", ".join(report.params) or "—",
        )
    missing = [name for name in report.required if name not in given]
    if missing:
        raise StradomError(
            gettext_noop("The %(kind)s report needs %(missing)s."),
            kind=kind,
            missing=", ".join(missing),
        )
    for name, value in given.items():
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise StradomError(
                gettext_noop(
                    "Report parameter %(name)s must be text or a whole number, not %(value)s."
                ),
                name=name,
                value=repr(value),
            )
    return report, given


def file_name(report: ReportKind, fmt: str, language: str, params: dict) -> str:
    parts = [report.file_stem(language)]
    parts += [_slug(str(params[name])) for name in report.params if name in params]
    return "-".join(part for part in parts if part) + "." + fmt


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z_.]+", "-", text).strip("-.")[:60]


def build_document(
    kind: str, *, user, language: str = "pl", progress: Progress | None = None, **params
) -> Document:
    """The checked report's :class:`Document` (no file), built in ``language``."""
    report, given = check_request(kind, None, language, params)
    return _build(report, user, language, progress or NoProgress(), given)


def _build(report: ReportKind, user, language: str, progress: Progress, params: dict) -> Document:
    if user is None:  # nobody signed in: the report shows what the public sees
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    from stradom.approval.queries import published_values

    with translation.override(language), published_values():  # approved only, if so set
        document = report.build(user=user, language=language, progress=progress, **params)
    if document.generated_at is None:
        document.generated_at = timezone.now()
    return document


def generate_report(
    kind: str,
    fmt: str,
    *,
    user,
    language: str = "pl",
    progress: Progress | None = None,
    out_dir: Path,
    **params,
) -> Path:
    """Write the report to ``out_dir`` and return its path; see the module docstring."""
    from stradom.reports.render import RENDERERS

    progress = progress or NoProgress()
    report, given = check_request(kind, fmt, language, params)
    document = _build(report, user, language, progress, given)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / file_name(report, fmt, language, given)
    # A hidden name of our own, created exclusively ("x"), with the usual permissions
    # (mkstemp's would be 0600, unreadable to the web server that hands the file out).
    temporary = out_dir / f".{final.name}.{secrets.token_hex(6)}.part"
    out = open(temporary, "xb")  # noqa: SIM115 (closed below, before the rename)
    try:
        with out, translation.override(language):
            progress.start(1, gettext("Writing the %(format)s file") % {"format": fmt.upper()})
            RENDERERS[fmt](document, out, progress=progress)
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    progress.advance(1)
    return final
