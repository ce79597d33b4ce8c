"""Translate :class:`stradom.core.messages.Message` objects in the Django layer."""

from __future__ import annotations

from django.utils.translation import gettext

from stradom.core.messages import Message, StradomError, Term


def localize(message: Message | StradomError | str) -> str:
    if isinstance(message, StradomError):
        message = message.message
    if isinstance(message, str):
        return gettext(message)
    translated = gettext(message.template)
    if not message.params:
        return translated
    params = {k: gettext(v.text) if isinstance(v, Term) else v for k, v in message.params.items()}
    return translated % params
