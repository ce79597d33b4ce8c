"""Sending the day's reminders, and each user's choice of them.

:func:`send_reminders` is what ``stradom reminders send`` and the worker's daily task
call. It is safe to run as often as one likes: a user gets at most one digest a day.
Each message is *claimed* first — its :class:`SentReminder` row committed, which the
database lets only one run do (one row per user and day) — then sent; when the mail
server refuses it the claim is removed again, so the next run tries once more. A run
killed between the two has claimed a message it never sent: that user misses one
day's digest rather than getting two.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction

from stradom.core.messages import StradomError, gettext_noop
from stradom.reminders import mail
from stradom.reminders.models import ReminderPreference, SentReminder
from stradom.reminders.queries import Digest, digests, recipients

logger = logging.getLogger(__name__)

SENT = "sent"
WOULD_SEND = "would_send"  # a dry run
ALREADY_SENT = "already_sent"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    digest: Digest
    status: str
    error: str = ""


@dataclass(frozen=True)
class SendReport:
    day: date
    dry_run: bool
    outcomes: tuple[Outcome, ...]

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]


def email_is_set_up() -> bool:
    return settings.STRADOM_EMAIL_BACKEND != "none"


def send_reminders(
    day: date, *, usernames: list[str] | None = None, dry_run: bool = False
) -> SendReport:
    """Send the digests of ``day`` (to the users named, or to everyone who owes
    something); with ``dry_run``, only say what would be sent. Raises StradomError when
    no e-mail is set up or the mail server cannot be reached (nothing is then sent)."""
    owed = digests(day, recipients(usernames))
    already = set(
        SentReminder.objects.filter(day=day, user__in=[d.user.pk for d in owed]).values_list(
            "user_id", flat=True
        )
    )
    if dry_run:
        return SendReport(
            day,
            True,
            tuple(Outcome(d, ALREADY_SENT if d.user.pk in already else WOULD_SEND) for d in owed),
        )
    if not email_is_set_up():
        raise StradomError(
            gettext_noop(
                "No e-mail is set up (STRADOM_EMAIL_BACKEND is none), so no reminders can be "
                "sent: set STRADOM_EMAIL_HOST and STRADOM_EMAIL_FROM (see the README's "
                "Configuration)."
            )
        )
    outcomes = [Outcome(d, ALREADY_SENT) for d in owed if d.user.pk in already]
    to_send = [d for d in owed if d.user.pk not in already]
    if not to_send:
        return SendReport(day, False, tuple(outcomes))
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:
        raise StradomError(
            gettext_noop("The mail server cannot be reached: %(reason)s. Nothing was sent."),
            reason=str(exc) or type(exc).__name__,
        ) from exc
    try:
        outcomes += [_send(digest, connection) for digest in to_send]
    finally:
        connection.close()
    outcomes.sort(key=lambda o: o.digest.user.get_username())
    return SendReport(day, False, tuple(outcomes))


def _send(digest: Digest, connection) -> Outcome:
    try:
        with transaction.atomic():
            claim = SentReminder.objects.create(
                user=digest.user,
                day=digest.day,
                address=digest.address,
                language=digest.language,
                **digest.counts,
            )
    except IntegrityError:  # another run has claimed it meanwhile
        return Outcome(digest, ALREADY_SENT)
    try:
        mail.message(digest, connection).send()
    except (OSError, smtplib.SMTPException) as exc:
        claim.delete()
        logger.warning("reminder to %s not sent: %s", digest.address, exc)
        return Outcome(digest, FAILED, str(exc) or type(exc).__name__)
    return Outcome(digest, SENT)


def set_preference(user, *, enabled: bool, language: str) -> ReminderPreference:
    """The user's own choice (in the workspace; an administrator changes it in the admin)."""
    if language not in {"", *(code for code, _name in settings.LANGUAGES)}:
        raise StradomError(gettext_noop("Unknown language “%(code)s”."), code=language)
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"enabled": enabled, "language": language}
    )
    return preference
