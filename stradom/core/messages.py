"""Messages that plain-Python cores can produce and the interface can translate.

The numerical cores (formula evaluator, progress methods, file readers…) import
nothing from Django, yet what they say reaches people in Polish or English. They
build a :class:`Message` from an English template marked with
:func:`gettext_noop` (so ``makemessages`` collects it) and named parameters; the
Django layer translates the template at display time
(``stradom.core.i18n.localize``). ``str(message)`` gives the English text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from stradom.core.numbers import plain


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it (same name as Django's)."""
    return message


@dataclass(frozen=True)
class Message:
    template: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % self.params if self.params else self.template


@dataclass(frozen=True)
class Term:
    """A word of a fixed vocabulary (an instrument's kind, a status) given as a message
    parameter: ``str()`` is the English word, and ``stradom.core.i18n.localize`` translates
    it along with the message, so a Polish sentence does not carry an English code."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Number:
    """A number given as a message parameter: ``str()`` is its plain text (``40.8``,
    ``1200``; what English messages, logs and stored flags say), and
    ``stradom.core.i18n.localize`` writes it as the reader writes numbers (``40,8`` and
    ``1 200`` in Polish)."""

    value: Decimal

    def __str__(self) -> str:
        return plain(self.value) or ""


class StradomError(ValueError):
    """An error whose text can be shown to a person in their language."""

    def __init__(self, template: str, **params: Any) -> None:
        self.message = Message(template, params)
        super().__init__(str(self.message))
