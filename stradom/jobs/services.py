"""Long work in the background: reports, imports and exports as jobs a worker runs.

A request checks everything it can first (permission, parameters) and, only when
all is well, writes a :class:`~stradom.jobs.models.Job` and enqueues its task in
one transaction (django-tasks' database backend: the queue is a table, so the two
commit together or not at all). ``stradom worker`` runs the task, which reports
progress through :class:`JobProgress` and ends the job either *succeeded*, with
its file under ``MEDIA_ROOT/jobs/<id>/``, or *failed*, with a message a person
understands, the traceback in the log and no file left behind.

The tasks are the domain's (``stradom.reports.tasks``, ``stradom.ingest.tasks``,
``stradom.exports.tasks``); this module is the machinery they share and imports none
of them: the queue knows each task by its import path.
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
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stradom.accounts.permissions import roles
from stradom.core.formatting import day
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.jobs.models import (
    PROGRESS_FILE,
    UPLOADS_FOLDER,
    Job,
    JobKind,
    JobStatus,
    WorkerBeat,
    stale_message,
)

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.5  # seconds between writes of a running job's progress
HEARTBEAT_SECONDS = 60.0  # seconds between a running job's signs of life (see Heartbeat)
STEP_LENGTH = Job._meta.get_field("step").max_length
LANGUAGES = ("pl", "en")


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
    (``stradom.jobs.queries.worker_silence``).

    ``on_beat`` is called as the worker starts and after each beat, from the same
    thread: ``stradom worker`` queues the day's scheduled work there
    (``stradom.jobs.schedule.queue_due``); its failure is logged, never fatal."""

    def __init__(self, *, interval: float | None = None, on_beat=None):
        self.interval = heartbeat_interval() if interval is None else interval
        self.on_beat = on_beat
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
        self._call_on_beat()
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
                self._call_on_beat()
        finally:
            connection.close()  # this thread's own connection

    def beat_now(self) -> None:
        WorkerBeat.objects.filter(pk=self.beat.pk).update(last_seen=timezone.now())
        self.beats += 1

    def _call_on_beat(self) -> None:
        if self.on_beat is None:
            return
        try:
            self.on_beat()
        except Exception:
            logger.warning("worker %s: scheduled work not queued", self.beat, exc_info=True)


def prune_worker_beats(days: int, now=None) -> int:
    """Delete the rows of worker runs not seen for ``days`` days; how many."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _by_model = WorkerBeat.objects.filter(last_seen__lt=cutoff).delete()
    return deleted


def heartbeat_interval() -> float:
    """``HEARTBEAT_SECONDS``, or less when ``STRADOM_JOB_STALE_MINUTES`` is so short that
    a minute's silence would come near it (at least three beats in that time)."""
    return min(HEARTBEAT_SECONDS, max(1.0, settings.STRADOM_JOB_STALE_MINUTES * 20.0))


# Enqueueing and running -------------------------------------------------------------
#
# The tasks themselves live with the work they do (``stradom.reports.tasks``,
# ``stradom.ingest.tasks``, ``stradom.exports.tasks``): each is a django-tasks task
# taking a job's id, which django-tasks-db queues under the task's import path, so the
# worker finds it without this app knowing it. They build on the pieces below.


def enqueue(task, *, user, kind: str, language: str, params: dict) -> Job:
    """Write the job and queue ``task`` (called with the job's id) in one transaction:
    both commit, or neither does."""
    if language not in LANGUAGES:
        language = settings.LANGUAGE_CODE
    with transaction.atomic():
        job = Job.objects.create(user=user, kind=kind, language=language, params=params)
        job.task_id = str(task.enqueue(job.pk).id)
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


def start(job_id: int) -> Job | None:
    """The job, marked running; None when it no longer exists (nothing to run)."""
    job = Job.objects.select_related("user").filter(pk=job_id).first()
    if job is None:  # deleted (with its user) before the worker came to it
        logger.warning("job %s no longer exists; nothing to run", job_id)
        return None
    job.status = JobStatus.RUNNING
    job.started_at = job.updated_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    return job


def write_file(folder: Path, name: str, body: bytes) -> Path:
    """Write ``body`` to ``folder/name`` whole or not at all (a hidden temporary first)."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f".{name}.part"
    try:
        part.write_bytes(body)
        os.replace(part, folder / name)
    finally:
        part.unlink(missing_ok=True)
    return folder / name


def succeed(job: Job, path: Path, content_type: str | None, progress: JobProgress) -> str:
    """End the job succeeded with its file ``path`` (in its folder)."""
    job.file = str(path.relative_to(Path(settings.MEDIA_ROOT)))
    job.file_name = path.name
    job.content_type = content_type or mimetypes.guess_type(path.name)[0] or ""
    job.size = path.stat().st_size
    progress.done = progress.total  # finished is all done, whatever the stages counted
    finish(job, JobStatus.SUCCEEDED, progress)
    return job.file


def finish(job: Job, status: str, progress: JobProgress | None = None) -> None:
    (job.folder / PROGRESS_FILE).unlink(missing_ok=True)
    job.status = status
    job.finished_at = job.updated_at = timezone.now()
    if progress is not None:
        job.done, job.total, job.step = progress.done, progress.total, progress.step
    job.save()


def fail(job: Job, exc: BaseException, progress: JobProgress, *, message: str = "") -> None:
    """Mark the job failed with a message for its requester (``message``, in the job's
    language, or :func:`failure_message`'s); log the traceback; leave no file behind."""
    shutil.rmtree(job.folder, ignore_errors=True)
    job.file = job.file_name = job.content_type = ""
    job.size = None
    with translation.override(job.language):
        job.error = message or failure_message(exc, job)
    if isinstance(exc, StradomError):
        logger.warning("job %s (%s) refused: %s", job.pk, job.kind, exc)
    else:
        logger.error("job %s (%s) failed", job.pk, job.kind, exc_info=exc)
    finish(job, JobStatus.FAILED, progress)


def failure_message(exc: BaseException, job: Job | None = None) -> str:
    """What went wrong, in words for the person who asked (in the active language)."""
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
        finish(job, JobStatus.FAILED)
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
