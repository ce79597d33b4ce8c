"""The notes a reader sees on an observation and a series, in the reader's language.

Computed observations store no words: why a value is missing or only an estimate is
kept in their provenance (``unavailable``: ``"input"`` or the formula's message as
``{"template", "params"}``; ``incomplete`` with ``n`` of ``expected`` source values),
and :func:`note_shown` says it when shown, as ``stradom.surveys.queries.note_shown``
does for a suppressed survey estimate. Exports and the API read :data:`NOTE_COLUMNS`
(``values_list``) after ``note``, without reading each observation's whole provenance.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext, ngettext

from stradom.catalog import freshness
from stradom.catalog.models import ObservationStatus
from stradom.core.formatting import period
from stradom.core.i18n import localize
from stradom.core.messages import Message
from stradom.surveys.queries import SUPPRESSION_COLUMNS
from stradom.surveys.queries import note_shown as survey_note_shown

NOTE_COLUMNS = (
    *SUPPRESSION_COLUMNS,
    "provenance__unavailable",
    "provenance__incomplete",
    "provenance__n",
    "provenance__expected",
)

# What the computation stored as notes, in English, until it stopped storing words;
# they stay until the indicator is recomputed and are not shown in the meantime.
_OLD_INPUT_NOTE = "an input is not available"
_OLD_INCOMPLETE_NOTE = re.compile(r"incomplete: \d+ of \d+ source values \(\d+%\)")


def unavailable_input() -> str:
    return gettext("an input is not available")


def incomplete_text(n: int, expected: int) -> str:
    return ngettext(
        "incomplete: %(n)d of %(expected)d source value (%(percent)d%%)",
        "incomplete: %(n)d of %(expected)d source values (%(percent)d%%)",
        expected,
    ) % {"n": n, "expected": expected, "percent": round(n * 100 / expected)}


def computed_text(unavailable: Any, incomplete: Any, n: Any, expected: Any) -> str:
    """Why a computed value is missing or only an estimate, in the active language
    ("" when neither)."""
    if unavailable == "input":
        return unavailable_input()
    if isinstance(unavailable, dict) and isinstance(unavailable.get("template"), str):
        params = unavailable.get("params")
        message = Message(unavailable["template"], params if isinstance(params, dict) else {})
        try:
            return localize(message)
        except (KeyError, TypeError, ValueError):  # a template and params that do not fit
            return gettext(message.template)
    if incomplete is True and _count(n) is not None and _count(expected):
        return incomplete_text(int(n), int(expected))
    return ""


def _count(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def note_shown(
    note: str,
    suppressed: Any = None,
    min_base: Any = None,
    unavailable: Any = None,
    incomplete: Any = None,
    n: Any = None,
    expected: Any = None,
) -> str:
    """The note a reader sees, from ``note`` and the :data:`NOTE_COLUMNS` in their order."""
    note = (note or "").strip()
    words = computed_text(unavailable, incomplete, n, expected)
    if note == _OLD_INPUT_NOTE:
        words, note = words or unavailable_input(), ""
    elif _OLD_INCOMPLETE_NOTE.fullmatch(note):
        if not words and _count(n) is not None and _count(expected):
            words = incomplete_text(int(n), int(expected))
        note = "" if words else note
    if words:
        note = f"{words}; {note}" if note else words
    return survey_note_shown(note, suppressed, min_base)


def freshness_text(data: Any, current_too: bool = False) -> str:
    """Whether a series is up to date (:meth:`stradom.catalog.freshness.Freshness.as_dict`)
    in words of the active language, its periods as the pages write them: "ostatnia
    wartość z 2016 r.; oczekiwano 2025 r."; "" when there is nothing to say (current, or
    not judged, unless ``current_too``). The ``freshness`` template filter."""
    said = freshness.message(data, current_too=bool(current_too))
    if said is None:
        return ""
    return localize(Message(said.template, {k: period(v) for k, v in said.params.items()}))


def status_text(value: Any) -> Any:
    """An observation's status in words (final, provisional, estimated, not available);
    a code it does not know as it is. The ``obs_status`` template filter."""
    try:
        return ObservationStatus(value).label
    except ValueError:
        return value
