"""A digest as an e-mail: subject and text (and HTML) body in the reader's language.

Every sentence is made here, once, under the reader's language, and both bodies
(``reminders/email/digest.txt`` and ``.html``) show the same sentences, so the two
never say different things. Dates and periods are written by ``stradom.core.formatting``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stradom.core import formatting
from stradom.reminders.queries import (
    APPROVALS,
    UPDATES,
    VALUES,
    ApprovalOwed,
    Digest,
    UpdateOwed,
    ValueOwed,
)


@dataclass(frozen=True)
class Line:
    text: str
    link: str  # "" without STRADOM_SITE_URL


@dataclass(frozen=True)
class Block:
    title: str
    lines: tuple[Line, ...]


def _link(name: str, **kwargs) -> str:
    base = settings.STRADOM_SITE_URL
    return f"{base}{reverse(name, kwargs=kwargs)}" if base else ""


def _update_line(item: UpdateOwed) -> Line:
    owed = item.owed
    params = {
        "instrument": f"{owed.instrument.code} {owed.instrument.name}",
        "period": formatting.period(owed.period.code),
        "deadline": formatting.day(owed.due),
        "days": owed.days_overdue,
    }
    if owed.overdue:
        text = ngettext(
            "%(instrument)s: the progress update for %(period)s was due by %(deadline)s, "
            "%(days)s day ago.",
            "%(instrument)s: the progress update for %(period)s was due by %(deadline)s, "
            "%(days)s days ago.",
            owed.days_overdue,
        )
    else:
        text = _("%(instrument)s: the progress update for %(period)s is due by %(deadline)s.")
    return Line(text % params, _link("workspace:instrument", key=owed.instrument.code))


def _value_line(item: ValueOwed) -> Line:
    owed = item.owed
    params = {
        "indicator": f"{item.indicator.code} {item.indicator.name}",
        "period": formatting.period(owed.period.code),
        "deadline": formatting.day(owed.deadline),
        "latest": formatting.period(item.latest),
    }
    if owed.overdue and item.latest:
        text = _(
            "%(indicator)s: the value for %(period)s was due by %(deadline)s "
            "(latest value: %(latest)s)."
        )
    elif owed.overdue:
        text = _("%(indicator)s: the value for %(period)s was due by %(deadline)s (no value yet).")
    else:
        text = _("%(indicator)s: the value for %(period)s is due by %(deadline)s.")
    return Line(text % params, _link("workspace:indicator", code=item.indicator.code))


def _approval_line(item: ApprovalOwed) -> Line:
    params = {
        "indicator": f"{item.indicator.code} {item.indicator.name}",
        "period": formatting.period(item.period),
        "day": formatting.day(item.submitted_at.date()),
        "user": item.submitted_by,
    }
    if item.submitted_by:
        text = _("%(indicator)s: the values for %(period)s, submitted by %(user)s on %(day)s.")
    else:
        text = _("%(indicator)s: the values for %(period)s, submitted on %(day)s.")
    return Line(text % params, _link("approval:awaiting"))


# Each section's heading and sentences.
_BLOCKS = {
    UPDATES: (lambda: _("Progress updates of your instruments"), _update_line),
    VALUES: (lambda: _("Values of your indicators"), _value_line),
    APPROVALS: (lambda: _("Values awaiting your approval"), _approval_line),
}


def subject(digest: Digest) -> str:
    """In the active language."""
    return ngettext(
        "Stradom: %(count)s reminder for %(date)s",
        "Stradom: %(count)s reminders for %(date)s",
        digest.count,
    ) % {"count": digest.count, "date": formatting.day(digest.day)}


def subject_for(digest: Digest) -> str:
    """In the digest's language."""
    with translation.override(digest.language):
        return subject(digest)


def blocks(digest: Digest) -> list[Block]:
    """In the active language."""
    out = []
    for section in digest.sections:
        title, line = _BLOCKS[section.kind]
        out.append(Block(title(), tuple(line(item) for item in section.items)))
    return out


def message(digest: Digest, connection=None) -> EmailMultiAlternatives:
    """The digest's e-mail, written in the user's language."""
    with translation.override(digest.language):
        context = {
            "digest": digest,
            "name": digest.user.get_full_name() or digest.user.get_username(),
            "day": formatting.day(digest.day),
            "blocks": blocks(digest),
            "settings_link": _link("reminders:settings"),
        }
        mail = EmailMultiAlternatives(
            subject=subject(digest),
            body=render_to_string("reminders/email/digest.txt", context),
            to=[digest.address],
            connection=connection,
            headers={"Auto-Submitted": "auto-generated", "Content-Language": digest.language},
        )
        mail.attach_alternative(
            render_to_string("reminders/email/digest.html", context), "text/html"
        )
    return mail
