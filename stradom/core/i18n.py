"""Translate :class:`stradom.core.messages.Message` objects in the Django layer."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext

from stradom.core.formatting import number
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
    """A word of a vocabulary in the reader's language, a number in the reader's format:
    a :class:`Number` without trailing zeros, a plain ``Decimal`` (an amount, a share)
    with its own decimal places (``31 250 000,00``, ``9,10``)."""
    if isinstance(value, Term):
        return gettext(value.text)
    if isinstance(value, Number):
        return number(value.value)
    if isinstance(value, Decimal) and value.is_finite():
        return number(value, max(0, -int(value.as_tuple().exponent)))
    return value
