"""The daily digest as a background task: queued by ``stradom worker`` once a day from
``STRADOM_REMINDERS_HOUR`` (``stradom.jobs.schedule``, registered in ``apps.py``).

When the mail server cannot be reached, or refuses some messages, the task queues itself
again for ``RETRY_MINUTES`` later, as long as that is still the same day: the messages
already sent are not sent again (``services.send_reminders``), the others are tried.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from stradom.core.messages import StradomError
from stradom.reminders import services

logger = logging.getLogger(__name__)

RETRY_MINUTES = 15


def hour() -> int | None:
    """From which local hour the worker sends the day's reminders; None while no e-mail
    is set up (nothing to queue)."""
    return settings.STRADOM_REMINDERS_HOUR if services.email_is_set_up() else None


def _retry(why: str) -> str | None:
    """Queue the task again later today; when (ISO), or None past the end of the day."""
    now = timezone.localtime()
    later = now + timedelta(minutes=RETRY_MINUTES)
    if later.date() != now.date():
        logger.error("reminders: %s; not tried again today", why)
        return None
    send_daily_reminders.using(run_after=later).enqueue()
    logger.warning("reminders: %s; trying again at %s", why, later.isoformat())
    return later.isoformat()


@task()
def send_daily_reminders() -> dict:
    """Today's digests (what ``stradom reminders send`` does); how many of each outcome."""
    try:
        report = services.send_reminders(timezone.localdate())
    except StradomError as exc:
        if not services.email_is_set_up():
            raise
        return {"sent": 0, "already_sent": 0, "failed": 0, "retry_at": _retry(str(exc))}
    counts: dict = {
        status: len(report.of(status))
        for status in (services.SENT, services.ALREADY_SENT, services.FAILED)
    }
    if counts[services.FAILED]:
        counts["retry_at"] = _retry(f"{counts['failed']} not sent")
    return counts
