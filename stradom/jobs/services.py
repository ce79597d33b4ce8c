"""Long work in the background: reports, imports and exports as jobs a worker runs.

A request checks everything it can first (permission, parameters) and, only when
all is well, writes a :class:`~stradom.jobs.models.Job` and enqueues its task in
one transaction (django-tasks' database backend: the queue is a table, so the two
commit together or not at all). ``stradom worker`` runs the task, which reports
progress through :class:`JobProgress` and ends the job either *succeeded*, with
its file under ``MEDIA_ROOT/jobs/<id>/``, or *failed*, with a message a person
understands, the traceback in the log and no file left behind.

Who may request which report (one rule, checked on request and again when the
job runs, since roles may change in between):

==================  ==========================================================
administrator       every report
analyst             every report
domain coordinator  the strategy-monitoring report (it shows what the
                    coordinator may see of the strategy, as the workspace does);
                    the domain report and indicator sheets of own domains only
data provider       none
the public          none
==================  ==========================================================
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
import shutil
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from stradom.accounts.permissions import Action, can, roles
from stradom.core.i18n import localize
from stradom.core.messages import StradomError, gettext_noop
from stradom.jobs.models import (
    PROGRESS_FILE,
    UPLOADS_FOLDER,
    Job,
    JobKind,
    JobStatus,
    WorkerBeat,
    stale_message,
)
from stradom.portal.templatetags.stradom import day

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.5  # seconds between writes of a running job's progress
HEARTBEAT_SECONDS = 60.0  # seconds between a running job's signs of life (see Heartbeat)
STEP_LENGTH = Job._meta.get_field("step").max_length
LANGUAGES = ("pl", "en")
# Kinds of report a domain coordinator may request (see the table above).
COORDINATOR_KINDS = ("monitoring", "domain", "indicator")


# Progress --------------------------------------------------------------------------


class JobProgress:
    """The :class:`stradom.core.progress.Progress` of a job: what the browser polls.

    Writes at most every ``interval`` seconds (a report may advance thousands of
    times); :meth:`flush` writes the last state. Normally the job's row is updated.
    Work that runs inside one long transaction of its own (the importer's
    all-or-nothing one) would show nothing until it ends that way — and on SQLite
    no other connection may write meanwhile — so with ``to_file=True`` the progress
    goes to a small JSON file in the job's folder, which ``Job.progress()`` reads.
    """

    def __init__(self, job: Job, *, to_file: bool = False, interval=None, clock=None):
        self.job = job
        self.to_file = to_file
        self.interval = PROGRESS_INTERVAL if interval is None else interval
        self.clock = clock or time.monotonic
        self.done = 0
        self.total = 0
        self.step = ""
        self.writes = 0
        self._last: float | None = None

    def start(self, total: int, message: str = "") -> None:
        self.total = max(0, int(total or 0))
        self.done = 0
        self.step = str(message)[:STEP_LENGTH]
        self._write()

    def advance(self, steps: int = 1, message: str = "") -> None:
        self.done += steps
        if message:
            self.step = str(message)[:STEP_LENGTH]
        self._write()

    def flush(self) -> None:
        self._write(force=True)

    def _write(self, force: bool = False) -> None:
        now = self.clock()
        if not force and self._last is not None and now - self._last < self.interval:
            return
        self._last = now
        self.writes += 1
        state = {"done": self.done, "total": self.total, "step": self.step}
        if self.to_file:
            folder = self.job.folder
            folder.mkdir(parents=True, exist_ok=True)
            part = folder / f".{PROGRESS_FILE}.part"
            part.write_text(json.dumps(state), encoding="utf-8")
            os.replace(part, folder / PROGRESS_FILE)
        else:
            Job.objects.filter(pk=self.job.pk).update(**state, updated_at=timezone.now())
        for name, value in state.items():
            setattr(self.job, name, value)


class Heartbeat:
    """While a job's work runs, a sign of life every ``interval`` seconds from a thread
    of the worker process, so a job that stays long on one step (a big table, a slow
    chart) is not taken for one whose worker died (``Job.silent_minutes``).

    A daemon thread, started on entering and stopped (and waited for) on leaving, so
    it never outlives the task. It writes where the job's progress goes: by default
    the row's ``updated_at``, through the thread's own database connection (Django
    keeps one per thread; closed when the thread ends), in a statement of its own —
    never inside the work's transaction. A job whose work holds one long transaction
    (``to_file``: the importer's all-or-nothing one) gets its progress file touched
    instead: on SQLite that transaction holds the only write lock, so a row update
    would wait for the whole import; a file needs no lock at all.
    """

    def __init__(self, job: Job, *, to_file: bool = False, interval: float | None = None):
        self.job = job
        self.to_file = to_file
        self.interval = heartbeat_interval() if interval is None else interval
        self.beats = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"stradom-job-{job.pk}-heartbeat", daemon=True
        )

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        # A beat lasts one short statement (or, blocked, the database's lock timeout).
        self._thread.join(timeout=60)
        if self._thread.is_alive():
            logger.warning("job %s: its heartbeat did not stop in time", self.job.pk)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self._beat()
                except Exception:  # a missed beat is no reason to stop the job
                    logger.warning("job %s: heartbeat missed", self.job.pk, exc_info=True)
        finally:
            connection.close()  # this thread's own connection (if it opened one), not the task's

    def _beat(self) -> None:
        if self.to_file:
            try:
                os.utime(self.job.folder / PROGRESS_FILE)
            except FileNotFoundError:
                return  # not written yet, or already removed: the job has just started or ended
        else:
            # Only while running: a beat never makes a finished job look alive.
            Job.objects.filter(pk=self.job.pk, status=JobStatus.RUNNING).update(
                updated_at=timezone.now()
            )
        self.beats += 1


class WorkerHeartbeat:
    """While ``stradom worker`` runs, idle or busy, its :class:`WorkerBeat` row shows it
    alive: written as it starts, ``last_seen`` moved every ``interval`` seconds from a
    thread of its own (so a job that takes an hour does not silence it), ``stopped_at``
    set as it stops in order. One short UPDATE a minute; a missed beat is logged, never
    a reason to stop the worker. ``stradom check`` reads the rows
    (``stradom.jobs.queries.worker_silence``)."""

    def __init__(self, *, interval: float | None = None):
        self.interval = heartbeat_interval() if interval is None else interval
        self.beat: WorkerBeat | None = None
        self.beats = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="stradom-worker-heartbeat", daemon=True
        )

    def __enter__(self) -> WorkerHeartbeat:
        now = timezone.now()
        self.beat = WorkerBeat.objects.create(
            host=socket.gethostname()[: WorkerBeat._meta.get_field("host").max_length],
            pid=os.getpid(),
            started_at=now,
            last_seen=now,
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
        try:
            now = timezone.now()
            WorkerBeat.objects.filter(pk=self.beat.pk).update(last_seen=now, stopped_at=now)
        except Exception:  # stopping anyway; the row then looks like a killed worker's
            logger.warning("worker %s: its stop was not recorded", self.beat, exc_info=True)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.beat_now()
                except Exception:
                    logger.warning("worker %s: heartbeat missed", self.beat, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def beat_now(self) -> None:
        WorkerBeat.objects.filter(pk=self.beat.pk).update(last_seen=timezone.now())
        self.beats += 1


def prune_worker_beats(days: int, now=None) -> int:
    """Delete the rows of worker runs not seen for ``days`` days; how many."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _by_model = WorkerBeat.objects.filter(last_seen__lt=cutoff).delete()
    return deleted


def heartbeat_interval() -> float:
    """``HEARTBEAT_SECONDS``, or less when ``STRADOM_JOB_STALE_MINUTES`` is so short that
    a minute's silence would come near it (at least three beats in that time)."""
    return min(HEARTBEAT_SECONDS, max(1.0, settings.STRADOM_JOB_STALE_MINUTES * 20.0))


# Who may request which report ----------------------------------------------------


def requestable_kinds(user) -> tuple[str, ...] | None:
    """The report kinds ``user`` may request at all (``None``: every kind)."""
    r = roles(user)
    if r.reads_everything:
        return None
    if r.domain_ids:
        return COORDINATOR_KINDS
    return ()


def may_request_report(user, kind: str, params: dict) -> bool:
    """See the table in the module docstring. ``params`` are checked ones (see
    :func:`check_report_request`), so referenced objects exist."""
    from stradom.catalog.models import Domain, Indicator

    r = roles(user)
    if r.reads_everything:
        return True
    if not r.domain_ids or kind not in COORDINATOR_KINDS:
        return False
    if kind == "domain":
        return Domain.objects.filter(code=params.get("domain"), pk__in=r.domain_ids).exists()
    if kind == "indicator":
        return Indicator.objects.filter(
            code=params.get("indicator"), domain_id__in=r.domain_ids
        ).exists()
    return True


def check_report_request(user, kind: str, fmt: str, language: str, params: dict) -> dict:
    """The params a report job will run with, or StradomError / PermissionDenied.

    The report service checks the shape (kind, format, language, which params);
    here the params are also read as what they name — a strategy that exists, a
    whole year, an indicator the user may see — so a job is never queued only to
    fail on a typo.
    """
    from stradom.reports.services import check_request

    if requestable_kinds(user) == ():
        raise PermissionDenied
    _report, given = check_request(kind, fmt, language, params)
    checked = {name: _check_param(user, name, value) for name, value in given.items()}
    if not may_request_report(user, kind, checked):
        raise PermissionDenied
    return checked


def _check_param(user, name: str, value):
    from stradom.catalog.models import Domain, Indicator
    from stradom.strategy.models import Strategy
    from stradom.territory.models import Territory

    if name in ("strategy", "year"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise StradomError(
                gettext_noop("%(name)s must be a whole number, not “%(value)s”."),
                name=name,
                value=value,
            ) from None
        if name == "strategy" and not Strategy.objects.filter(pk=number).exists():
            raise StradomError(gettext_noop("There is no strategy number %(id)s."), id=number)
        if name == "year" and not 1900 <= number <= 2200:
            raise StradomError(
                gettext_noop("The year %(year)s is out of range (1900–2200)."), year=number
            )
        return number
    value = str(value).strip()
    if name == "indicator":
        indicator = Indicator.objects.filter(code=value).first()
        if indicator is None or not can(user, Action.VIEW, indicator):
            raise StradomError(gettext_noop("There is no indicator “%(code)s”."), code=value)
    elif name == "domain" and not Domain.objects.filter(code=value).exists():
        raise StradomError(gettext_noop("There is no domain “%(code)s”."), code=value)
    elif name == "territory" and not Territory.objects.filter(code=value).exists():
        raise StradomError(gettext_noop("There is no territorial unit “%(code)s”."), code=value)
    return value


# Enqueueing ------------------------------------------------------------------------


def enqueue_report(kind: str, fmt: str, *, user, language: str = "pl", **params) -> Job:
    """Queue one report; raises StradomError (bad input) or PermissionDenied, and then
    nothing is queued."""
    checked = check_report_request(user, kind, fmt, language, params)
    return _enqueue(
        run_report,
        user=user,
        kind=JobKind.REPORT,
        language=language,
        params={"report": kind, "format": fmt, **checked},
    )


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
    return _enqueue(run_import, user=user, kind=JobKind.IMPORT, language=language, params=params)


def enqueue_export(fmt: str, *, user, language: str = "pl") -> Job:
    """Queue the open-data file of the whole published catalogue in ``fmt``.

    What is published is public, so any user of the workspace may ask; the file holds
    published values only, whoever asked."""
    from stradom.exports import FORMATS

    if not can(user, Action.USE_WORKSPACE):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise StradomError(
            gettext_noop("Open data is exported as %(formats)s, not “%(format)s”."),
            formats=", ".join(FORMATS),
            format=fmt,
        )
    return _enqueue(
        run_export, user=user, kind=JobKind.EXPORT, language=language, params={"format": fmt}
    )


def _enqueue(task_function, *, user, kind, language, params) -> Job:
    if language not in LANGUAGES:
        language = settings.LANGUAGE_CODE
    with transaction.atomic():
        job = Job.objects.create(user=user, kind=kind, language=language, params=params)
        job.task_id = str(task_function.enqueue(job.pk).id)
        job.save(update_fields=["task_id"])
    return job


def visible_jobs(user, *kinds: str):
    """The jobs (of ``kinds``, or all) ``user`` may look at: their own; an
    administrator's, everyone's."""
    jobs = Job.objects.select_related("user")
    if kinds:
        jobs = jobs.filter(kind__in=kinds)
    if roles(user).administrator:
        return jobs
    return jobs.filter(user=user) if user.is_authenticated else jobs.none()


# Running ---------------------------------------------------------------------------


@task()
def run_report(job_id: int) -> str:
    """The worker's side of :func:`enqueue_report`."""
    from stradom.reports.render import CONTENT_TYPES
    from stradom.reports.services import generate_report

    job = _start(job_id)
    if job is None:
        return ""
    params = dict(job.params)
    kind, fmt = params.pop("report"), params.pop("format")
    progress = JobProgress(job)
    try:
        with Heartbeat(job), translation.override(job.language):
            if not may_request_report(job.user, kind, params):
                raise StradomError(gettext_noop("You may no longer request this report."))
            path = generate_report(
                kind,
                fmt,
                user=job.user,
                language=job.language,
                progress=progress,
                out_dir=job.folder,
                **params,
            )
    except BaseException as exc:
        _fail(job, exc, progress)
        raise
    return _succeed(job, path, CONTENT_TYPES.get(fmt), progress)


# File names of the catalogue's open-data file (Polish, English), by format.
EXPORT_STEMS = ("stradom-dane-otwarte", "stradom-open-data")


@task()
def run_export(job_id: int) -> str:
    """The worker's side of :func:`enqueue_export`: the writers of ``stradom.exports``."""
    from stradom.exports import FORMATS, build

    job = _start(job_id)
    if job is None:
        return ""
    fmt = job.params["format"]
    extension, content_type = FORMATS[fmt]
    stem = EXPORT_STEMS[job.language == "en"] + ("-excel" if fmt == "csv-pl" else "")
    progress = JobProgress(job)
    try:
        with Heartbeat(job), translation.override(job.language):
            progress.start(2, _("Reading the published values"))
            chosen = build.datasets()
            progress.advance(1, _("Writing the file"))
            progress.flush()
            path = _write_file(
                job.folder, f"{stem}.{extension}", build.render(fmt, chosen, whole=True)
            )
            progress.advance(1)
    except BaseException as exc:
        _fail(job, exc, progress)
        raise
    return _succeed(job, path, content_type, progress)


def _write_file(folder: Path, name: str, body: bytes) -> Path:
    """Write ``body`` to ``folder/name`` whole or not at all (a hidden temporary first)."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".{name}.part"
    try:
        part.write_bytes(body)
        os.replace(part, folder / name)
    finally:
        part.unlink(missing_ok=True)
    return folder / name


def _succeed(job: Job, path: Path, content_type: str | None, progress: JobProgress) -> str:
    job.file = str(path.relative_to(Path(settings.MEDIA_ROOT)))
    job.file_name = path.name
    job.content_type = content_type or mimetypes.guess_type(path.name)[0] or ""
    job.size = path.stat().st_size
    progress.done = progress.total  # finished is all done, whatever the stages counted
    _finish(job, JobStatus.SUCCEEDED, progress)
    return job.file


@task()
def run_import(job_id: int) -> str:
    """The worker's side of :func:`enqueue_import`: the real importer, all or nothing."""
    from stradom.ingest.services import MAPPINGS, estimate_rows, import_file, report_as_dict

    job = _start(job_id)
    if job is None:
        return ""
    params = job.params
    media = Path(settings.MEDIA_ROOT)
    path = media / params["path"]
    upload = media / params["upload"] if params.get("upload") else None
    progress = JobProgress(job, to_file=True)
    try:
        with Heartbeat(job, to_file=True), translation.override(job.language):
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
        _fail(job, exc, progress)
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
        _finish(job, JobStatus.FAILED, progress)
        return params["name"]
    _finish(job, JobStatus.SUCCEEDED, progress)
    return params["name"]


def _start(job_id: int) -> Job | None:
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None:  # deleted (with its user) before the worker came to it
        logger.warning("job %s no longer exists; nothing to run", job_id)
        return None
    job.status = JobStatus.RUNNING
    job.started_at = job.updated_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    return job


def _finish(job: Job, status: str, progress: JobProgress | None = None) -> None:
    (job.folder / PROGRESS_FILE).unlink(missing_ok=True)
    job.status = status
    job.finished_at = job.updated_at = timezone.now()
    if progress is not None:
        job.done, job.total, job.step = progress.done, progress.total, progress.step
    job.save()


def _fail(job: Job, exc: BaseException, progress: JobProgress) -> None:
    """Mark the job failed with a message for its requester; log the traceback; leave
    no file behind."""
    shutil.rmtree(job.folder, ignore_errors=True)
    job.file = job.file_name = job.content_type = ""
    job.size = None
    with translation.override(job.language):
        job.error = failure_message(exc, job)
    if isinstance(exc, StradomError):
        logger.warning("job %s (%s) refused: %s", job.pk, job.kind, exc)
    else:
        logger.error("job %s (%s) failed", job.pk, job.kind, exc_info=exc)
    _finish(job, JobStatus.FAILED, progress)


def failure_message(exc: BaseException, job: Job | None = None) -> str:
    """What went wrong, in words for the person who asked (in the active language)."""
    from stradom.ingest.readers import ReadError

    if isinstance(exc, ReadError):
        where = exc.file or (job.params.get("name", "") if job else "")
        if exc.line is not None:
            where = _("%(file)s, line %(line)s") % {"file": where, "line": exc.line}
        return f"{where}: {localize(exc)}" if where else localize(exc)
    if isinstance(exc, OSError):
        return _("The file cannot be opened (%(reason)s).") % {
            "reason": exc.strerror or type(exc).__name__
        }
    if isinstance(exc, StradomError):
        return localize(exc)
    if isinstance(exc, KeyboardInterrupt | SystemExit):
        return _("The job was interrupted: the worker was stopped before it finished.")
    return _(
        "The job failed because of an error inside Stradom, not because of what you "
        "asked for. The administrator will find the details in the log (job %(id)s)."
    ) % {"id": job.pk if job else "?"}


# Housekeeping ----------------------------------------------------------------------


def interrupt_stale_jobs(now=None) -> list[Job]:
    """Mark failed every running job with no sign of life for longer than
    ``STRADOM_JOB_STALE_MINUTES`` (its worker was killed), with its django-tasks result,
    and remove its half-made files. ``stradom worker`` calls this as it starts.

    A job still worked on is never silent that long: its :class:`Heartbeat` shows life
    every minute whatever step it is on.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = []
    for job in Job.objects.filter(status=JobStatus.RUNNING).order_by("pk"):
        minutes = job.silent_minutes(now)
        if minutes is None:
            continue
        shutil.rmtree(job.folder, ignore_errors=True)
        if job.kind == JobKind.IMPORT and job.params.get("upload"):
            shutil.rmtree(Path(settings.MEDIA_ROOT) / job.params["upload"], ignore_errors=True)
        job.file = job.file_name = job.content_type = ""
        job.size = None
        with translation.override(job.language):
            job.error = (
                stale_message(minutes)
                + " "
                + _(
                    "The job was marked failed when the worker started again; "
                    "please request it again."
                )
            )
        _finish(job, JobStatus.FAILED)
        if job.task_id:
            for result in DBTaskResult.objects.filter(
                pk=job.task_id, status=TaskResultStatus.RUNNING
            ):
                result.set_failed(RuntimeError(job.error))
        logger.warning("job %s (%s) had no sign of life for %s minutes", job.pk, job.kind, minutes)
        stale.append(job)
    return stale


def prune_jobs(days: int, now=None) -> list[Job]:
    """Delete the finished jobs (succeeded or failed) requested more than ``days`` days
    ago, with their files; never a queued or running one. Returns the deleted jobs."""
    now = now or timezone.now()
    old = list(
        Job.objects.filter(
            status__in=(JobStatus.SUCCEEDED, JobStatus.FAILED),
            created_at__lt=now - timedelta(days=days),
        ).order_by("pk")
    )
    for job in old:
        shutil.rmtree(job.folder, ignore_errors=True)
    Job.objects.filter(pk__in=[j.pk for j in old]).delete()
    return old


def remove_abandoned_uploads(max_age: float, now=None) -> list[str]:
    """Delete the import uploads (``MEDIA_ROOT/imports/<token>/``) older than ``max_age``
    seconds that no queued or running import job still needs: previews nobody
    confirmed. The names of the folders removed.

    The upload page calls this (a day old is abandoned there); ``stradom jobs prune``
    and ``stradom worker`` at start with the keep period, so an office that stops
    uploading does not keep the files for ever.
    """
    folder = Path(settings.MEDIA_ROOT) / UPLOADS_FOLDER
    if not folder.is_dir():
        return []
    needed = {
        Path(p).parent.name
        for p in Job.objects.filter(
            kind=JobKind.IMPORT, status__in=(JobStatus.QUEUED, JobStatus.RUNNING)
        ).values_list("params__path", flat=True)
        if p
    }
    cutoff = (now or timezone.now()).timestamp() - max_age
    removed = []
    for upload in sorted(folder.iterdir()):
        if upload.name in needed or not upload.is_dir():
            continue
        if upload.stat().st_mtime < cutoff:
            shutil.rmtree(upload, ignore_errors=True)
            removed.append(upload.name)
    return removed


def uploads_removed_message(count: int, days: int) -> str:
    """What ``stradom jobs prune`` and ``stradom worker`` say of the uploads they removed."""
    return ngettext(
        "%(count)s unconfirmed import upload from before %(date)s removed.",
        "%(count)s unconfirmed import uploads from before %(date)s removed.",
        count,
    ) % {"count": count, "date": day(timezone.now() - timedelta(days=days))}
