"""Reads about the background jobs' machinery (``stradom check`` asks them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from stradom.jobs.models import Job, JobStatus, WorkerBeat


@dataclass(frozen=True)
class WorkerSilence:
    """No worker is running, as far as anyone can tell."""

    last_seen: datetime | None  # None: no worker has ever run here
    minutes: int  # since last_seen (0 when none ever ran)
    stopped: bool  # the last one seen stopped in order (Ctrl+C, a service stopped)
    last: WorkerBeat | None


def worker_silence(now: datetime | None = None) -> WorkerSilence | None:
    """None while a worker is alive: a run of ``stradom worker`` not stopped and seen
    within ``STRADOM_JOB_STALE_MINUTES``, or a running job whose last sign of life is
    that recent (on SQLite a long import holds the only write lock, so its worker's
    own beat waits for it, while the job's progress file still shows life).

    Otherwise what is known of the last worker. Three small queries.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.STRADOM_JOB_STALE_MINUTES)
    if WorkerBeat.objects.filter(stopped_at__isnull=True, last_seen__gte=cutoff).exists():
        return None
    signs = [job.last_sign_of_life() for job in Job.objects.filter(status=JobStatus.RUNNING)]
    job_life = max((s for s in signs if s is not None), default=None)
    if job_life is not None and job_life >= cutoff:
        return None
    last = WorkerBeat.objects.order_by("-last_seen", "-id").first()
    seen = [t for t in (last and last.last_seen, job_life) if t is not None]
    if not seen:
        return WorkerSilence(last_seen=None, minutes=0, stopped=False, last=None)
    last_seen = max(seen)
    stopped = last is not None and last.stopped_at is not None and last.last_seen == last_seen
    minutes = max(0, int((now - last_seen).total_seconds() // 60))
    return WorkerSilence(last_seen=last_seen, minutes=minutes, stopped=stopped, last=last)
