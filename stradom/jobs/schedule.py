"""Daily work the worker queues itself: the reminders' digest, say.

django-tasks has no schedule of its own, so this is the smallest one that is honest
about what it does. An app registers, in its ``AppConfig.ready()``, a task and the
local hour from which it is to run each day (:func:`daily`). Every running
``stradom worker`` looks as it starts and then once a minute, on its heartbeat
(``services.WorkerHeartbeat``): each registered task whose hour has come today and that
has not been queued today is queued, to be run by the workers like any other task. A
:class:`~stradom.jobs.models.DailyRun` row per task keeps the last day it was queued,
moved by one conditional ``UPDATE … WHERE day < today`` in the same transaction as
the queueing, so of several workers exactly one queues it, and a worker started late in
the day (or again after a stop) queues what is still to run today.

Days on which no worker ran at all are not made up for: the work itself says what is
owed as of the day it runs (a digest lists what is overdue, however long). Without any
worker, run the command from cron instead (see the README).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from stradom.jobs.models import DailyRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Daily:
    name: str
    task: str  # the task's import path
    hour: Callable[[], int | None]  # the local hour from which it runs; None: not now


DAILY: dict[str, Daily] = {}


def daily(name: str, task: str, hour: Callable[[], int | None]) -> None:
    """Run the django-tasks task at import path ``task`` once a day from the local hour
    ``hour()`` (asked each time, so a setting counts as it is; None: not queued at all,
    e.g. the reminders while no e-mail is set up)."""
    DAILY[name] = Daily(name, task, hour)


def queue_due(now=None) -> list[str]:
    """Queue the daily tasks whose hour has come and that were not queued today; the
    names of those this call queued."""
    now = timezone.localtime(now or timezone.now())
    queued = []
    for entry in DAILY.values():
        hour = entry.hour()
        if hour is None or now.hour < hour:
            continue
        if _claim_and_queue(entry, now.date(), now):
            queued.append(entry.name)
    return queued


def _claim_and_queue(entry: Daily, today: date, now) -> bool:
    with transaction.atomic():
        moved = DailyRun.objects.filter(name=entry.name, day__lt=today).update(
            day=today, queued_at=now
        )
        if not moved:
            if DailyRun.objects.filter(name=entry.name).exists():
                return False  # queued today already
            try:
                with transaction.atomic():
                    DailyRun.objects.create(name=entry.name, day=today, queued_at=now)
            except IntegrityError:  # another worker's first run, at the same moment
                return False
        result = import_string(entry.task).enqueue()
        DailyRun.objects.filter(name=entry.name).update(task_id=str(result.id))
    logger.info("daily %s queued (task %s)", entry.name, result.id)
    return True
