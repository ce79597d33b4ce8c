"""The daily digest as a background task: queued by ``stradom worker`` once a day from
``STRADOM_REMINDERS_HOUR`` (``stradom.jobs.schedule``, registered in ``apps.py``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from stradom.reminders import services

logger = logging.getLogger(__name__)


def hour() -> int | None:
    """From which local hour the worker sends the day's reminders; None while no e-mail
    is set up (nothing to queue)."""
    return settings.STRADOM_REMINDERS_HOUR if services.email_is_set_up() else None


@task()
def send_daily_reminders() -> dict[str, int]:
    """Today's digests (what ``stradom reminders send`` does); how many of each outcome."""
    report = services.send_reminders(timezone.localdate())
    counts = {
        status: len(report.of(status))
        for status in (services.SENT, services.ALREADY_SENT, services.FAILED)
    }
    if counts[services.FAILED]:
        logger.warning("reminders: %s not sent; the next run tries again", counts["failed"])
    return counts
