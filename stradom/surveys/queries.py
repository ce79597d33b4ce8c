"""Reads of the survey app that other apps use: where a survey series breaks.

A wave marked *not comparable with earlier waves* (the mode, the questionnaire
or the sampling changed) breaks every series estimated from its survey: values
before it and from it on must not be joined by a trend line or a progress
assessment. :func:`comparability_breaks` finds the breaks of many indicators
in one query; :func:`last_break` and :func:`series_segments` apply them to a
series, with the reason to show.

An estimate on too few respondents is stored without a value and marked in its
provenance; :func:`suppressed_below` and :func:`survey_cells` tell a page which
cells those are, so it says so in words instead of showing an empty value.
The words are made when shown, in the reader's language (:func:`suppression_text`,
:func:`note_shown`): nothing language-specific is stored with the estimate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, ngettext

from stradom.catalog.models import Observation
from stradom.core.messages import Message, gettext_noop
from stradom.surveys.models import Wave


@dataclass(frozen=True, slots=True)
class Break:
    """A series starts again in ``year``: wave ``wave`` is not comparable with earlier ones."""

    year: int
    wave: str
    note: str

    @property
    def reason(self) -> Message:
        return Message(
            gettext_noop(
                "the series starts again in %(year)s: survey wave %(wave)s is not comparable "
                "with earlier waves (%(note)s)"
            ),
            {"year": self.year, "wave": self.wave, "note": self.note},
        )

    @property
    def notice(self) -> Message:
        """What a chart or table says where the series breaks."""
        return Message(
            gettext_noop(
                "Survey wave %(year)s is not comparable with earlier waves: %(note)s. "
                "The chart does not join the values before and after it."
            ),
            {"year": self.year, "note": self.note.strip().rstrip(".")},
        )

    def as_dict(self) -> dict[str, Any]:
        reason = self.reason
        return {
            "year": self.year,
            "wave": self.wave,
            "note": self.note,
            "template": reason.template,
            "params": dict(reason.params),
        }


def comparability_breaks(indicators: Iterable) -> dict[int, list[Break]]:
    """Indicator id → its breaks in year order, for the indicators computed from surveys."""
    ids = [getattr(i, "pk", i) for i in indicators]
    if not ids:
        return {}
    out: dict[int, list[Break]] = {}
    rows = (
        Wave.objects.filter(
            comparable_with_previous=False,
            survey__questions__indicators__indicator_id__in=ids,
        )
        .values_list(
            "survey__questions__indicators__indicator_id", "year", "code", "comparability_note"
        )
        .order_by("year", "code")
        .distinct()
    )
    for indicator_id, year, code, note in rows:
        out.setdefault(indicator_id, []).append(Break(year, code, note))
    return out


def last_break(breaks: Sequence[Break], as_of_year: int | None = None) -> Break | None:
    """The latest break in or before ``as_of_year`` (any year when None)."""
    found = [b for b in breaks if as_of_year is None or b.year <= as_of_year]
    return found[-1] if found else None


def series_segments(points: Sequence, breaks: Sequence[Break]) -> list[dict[str, Any]]:
    """Split a yearly series at the breaks: ``[{"break": Break | None, "points": [...]}]``.

    ``points`` have a ``period`` (``"2024"``), as :class:`stradom.catalog.queries.Point`
    does; a chart draws one line per segment and says each segment's reason.
    """
    segments: list[dict[str, Any]] = [{"break": None, "points": []}]
    ordered = sorted(breaks, key=lambda b: b.year)
    for point in points:
        year = int(str(point.period)[:4])
        while ordered and year >= ordered[0].year:
            segments.append({"break": ordered.pop(0), "points": []})
        segments[-1]["points"].append(point)
    return [s for s in segments if s["points"]]


@dataclass(frozen=True, slots=True)
class Cell:
    """What a page shows of a survey estimate beside its value."""

    base_n: int | None
    suppressed_below: int | None  # as :func:`suppressed_below` says


def suppressed_below(provenance: Any) -> int | None:
    """The minimum base a suppressed estimate fell short of: None when it is not
    suppressed, 0 when it is but the minimum was not recorded."""
    if not isinstance(provenance, dict):
        return None
    return _minimum(provenance.get("suppressed"), provenance.get("min_base"))


def _minimum(suppressed: Any, min_base: Any) -> int | None:
    if suppressed is not True:
        return None
    if isinstance(min_base, bool):
        return 0
    return int(min_base) if isinstance(min_base, int | str) and str(min_base).isdigit() else 0


def suppression_text(minimum: int | None) -> str:
    """A suppressed estimate in words, in the active language ("" when it is published);
    ``minimum`` as :func:`suppressed_below` gives it."""
    if minimum is None:
        return ""
    if not minimum:
        return gettext("suppressed (too few respondents)")
    return ngettext(
        "suppressed (fewer than %(n)d respondent)",
        "suppressed (fewer than %(n)d respondents)",
        minimum,
    ) % {"n": minimum}


# What the survey computation stored as the note of a suppressed estimate until it
# stopped storing words (English whatever the reader's language). Such notes stay on
# the observations until the wave's estimates are recomputed; they are never shown.
_OLD_SUPPRESSION_NOTE = re.compile(r"suppressed: base n=\d+ < \d+")

# The columns an export or the API reads (``values_list``) to tell a suppressed
# estimate, without reading and parsing each observation's whole provenance.
SUPPRESSION_COLUMNS = ("provenance__suppressed", "provenance__min_base")


def note_shown(note: str, suppressed: Any, min_base: Any) -> str:
    """The note a reader sees: for a suppressed estimate, the words saying so in the
    active language (with any other note the observation has after them); otherwise the
    stored note. ``suppressed`` and ``min_base`` are the provenance's keys, as read
    through :data:`SUPPRESSION_COLUMNS`."""
    words = suppression_text(_minimum(suppressed, min_base))
    if not words:
        return note
    note = (note or "").strip()
    if not note or _OLD_SUPPRESSION_NOTE.fullmatch(note):
        return words
    return f"{words}; {note}"


def survey_cells(indicator, territory, dimensions: str = "") -> dict[str, Cell]:
    """Period → base and suppression of a survey series, in one query."""
    rows = Observation.objects.filter(
        indicator=indicator, territory=territory, dimensions=dimensions, base_n__isnull=False
    ).values_list("period", "base_n", "provenance")
    return {period: Cell(base_n, suppressed_below(prov)) for period, base_n, prov in rows}
