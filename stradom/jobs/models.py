"""A background job as the office sees it: who asked, what, how far it has come, the file.

The task queue itself is django-tasks' (``django_tasks_db``: one table, no extra
service); a :class:`Job` is Stradom's own record of one piece of long work — a
report, an import, an export — which the browser polls and which keeps the
finished file. ``task_id`` links the two.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

JOBS_FOLDER = "jobs"  # under MEDIA_ROOT; never served as media, only through the download view
PROGRESS_FILE = "progress.json"
# Under MEDIA_ROOT: files uploaded for import, one folder each, kept until imported or
# refused (stradom.workspace.imports), or swept as abandoned (services.remove_abandoned_uploads).
UPLOADS_FOLDER = "imports"


def stale_message(minutes: int) -> str:
    """What is said of a running job gone silent for ``minutes`` (in the active language)."""
    return ngettext(
        "No sign of life for %(minutes)s minute — the worker may have stopped.",
        "No sign of life for %(minutes)s minutes — the worker may have stopped.",
        minutes,
    ) % {"minutes": minutes}


class JobKind(models.TextChoices):
    REPORT = "report", _("report")
    IMPORT = "import", _("import")
    EXPORT = "export", _("export")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("finished")
    FAILED = "failed", _("failed")


class Job(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,  # a job runs with its requester's rights; never without them
        related_name="jobs",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=JobKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, default="pl")
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), default=0)  # 0: not known
    step = models.CharField(_("current step"), max_length=300, blank=True)
    error = models.TextField(_("error message"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    file = models.CharField(_("file"), max_length=500, blank=True)  # relative to MEDIA_ROOT
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Bumped with every write of progress to the row (JobProgress) and by the worker's
    # heartbeat while the job runs (services.Heartbeat); see last_sign_of_life.
    updated_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def watched(self) -> bool:
        """Whether its page keeps asking for news: queued or running, and not gone silent
        (a job left by a killed worker would otherwise be polled for ever)."""
        return self.active and not self.silent_minutes()

    @property
    def folder(self) -> Path:
        """Where the job's files live: ``MEDIA_ROOT/jobs/<id>/``."""
        return Path(settings.MEDIA_ROOT) / JOBS_FOLDER / str(self.pk)

    @property
    def path(self) -> Path | None:
        return Path(settings.MEDIA_ROOT) / self.file if self.file else None

    def last_sign_of_life(self) -> datetime | None:
        """When the job last showed it was alive: the row's last progress or heartbeat, its
        start, or the progress file's last write or heartbeat (an import's progress goes
        there)."""
        times = [t for t in (self.updated_at, self.started_at) if t is not None]
        try:
            mtime = (self.folder / PROGRESS_FILE).stat().st_mtime
            times.append(datetime.fromtimestamp(mtime, tz=UTC))
        except OSError:
            pass
        return max(times) if times else None

    def silent_minutes(self, now: datetime | None = None) -> int | None:
        """For a running job with no sign of life for longer than
        ``STRADOM_JOB_STALE_MINUTES``: for how many whole minutes. Otherwise None."""
        if self.status != JobStatus.RUNNING:
            return None
        last = self.last_sign_of_life()
        if last is None:
            return None
        silent = (now or timezone.now()) - last
        if silent <= timedelta(minutes=settings.STRADOM_JOB_STALE_MINUTES):
            return None
        return int(silent.total_seconds() // 60)

    def stale_notice(self, now: datetime | None = None) -> str:
        """What every page showing the job says when it has gone silent (see
        :meth:`silent_minutes`): the job page, the import pages, "My reports"; "" while
        it is not."""
        minutes = self.silent_minutes(now)
        return stale_message(minutes) if minutes else ""

    def progress(self) -> dict:
        """``done``, ``total``, ``step`` and ``percent`` (None when the total is not known).

        While the job runs inside a transaction of its own (an import), its progress is
        kept in a small file beside its output (see ``JobProgress``) and read from there.
        """
        done, total, step = self.done, self.total, self.step
        if self.status == JobStatus.RUNNING:
            try:
                live = json.loads((self.folder / PROGRESS_FILE).read_text(encoding="utf-8"))
                done, total, step = int(live["done"]), int(live["total"]), str(live["step"])
            except (OSError, ValueError, KeyError, TypeError):
                pass
        if self.status == JobStatus.SUCCEEDED and total:
            done = total
        percent = min(100, round(100 * done / total)) if total else None
        return {
            "done": min(done, total) if total else done,
            "total": total,
            "step": step,
            "percent": percent,
        }


class WorkerBeat(models.Model):
    """One run of ``stradom worker`` saying it is alive: a row when it starts,
    ``last_seen`` moved every minute while it runs, idle or busy
    (``services.WorkerHeartbeat``), ``stopped_at`` when it stops in order. A worker
    that was killed just falls silent; ``stradom check`` says so once no worker has
    been seen for ``STRADOM_JOB_STALE_MINUTES`` (``queries.worker_silence``)."""

    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"))
    last_seen = models.DateTimeField(_("last sign of life"), db_index=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker run")
        verbose_name_plural = _("worker runs")
        ordering = ["-last_seen", "-id"]

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"


class DailyRun(models.Model):
    """The last day ``stradom worker`` queued a piece of daily work (``stradom.jobs.schedule``):
    one row per name, moved by one conditional update, so of several workers only one
    queues it each day."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    day = models.DateField(_("last day queued"))
    queued_at = models.DateTimeField(_("queued at"))
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("daily run")
        verbose_name_plural = _("daily runs")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} {self.day.isoformat()}"
