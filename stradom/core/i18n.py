"""Translate :class:`stradom.core.messages.Message` objects in the Django layer."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import get_language, gettext

from stradom.core.messages import Message, Number, StradomError, Term


def localize(message: Message | StradomError | str) -> str:
    if isinstance(message, StradomError):
        message = message.message
    if isinstance(message, str):
        return gettext(message)
    translated = gettext(message.template)
    if not message.params:
        return translated
    params = {k: _param(v) for k, v in message.params.items()}
    return translated % params


def _param(value):
    """A word of a vocabulary in the reader's language, a number in the reader's format."""
    if isinstance(value, Term):
        return gettext(value.text)
    if isinstance(value, Number):
        from stradom.portal.templatetags.stradom import num

        return num(value.value)
    return value


def day(value) -> str:
    """A date (or an aware time's local date) as the pages write it: ``26.10.2026`` in
    Polish, ``26 Oct 2026`` in English; "" for none. The ``day`` template filter."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if (get_language() or "pl").startswith("en"):
        return value.strftime("%d %b %Y")
    return value.strftime("%d.%m.%Y")
