"""What an indicator page adds for an estimate from a survey: where the series breaks
and why, the unweighted base, and which cells were suppressed for too few respondents.

An objective indicator costs no query here. A subjective one costs two (its
comparability breaks, and the bases of the series shown); the district map's cells
come from the observations the page has already read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stradom.catalog.models import IndicatorKind
from stradom.core.i18n import localize
from stradom.surveys.queries import (
    comparability_breaks,
    series_segments,
    suppressed_below,
    survey_cells,
)
from stradom.surveys.queries import suppression_text as suppressed_text


def series_parts(indicator, territory, dimensions: str, points: Sequence) -> dict[str, Any]:
    """The chart's breaks, the reasons in words, and one table row per point:
    ``{"point", "break_text", "suppressed_text", "base_n"}``."""
    rows = [{"point": p, "break_text": "", "suppressed_text": "", "base_n": None} for p in points]
    parts: dict[str, Any] = {"breaks": [], "notices": [], "rows": rows, "has_base": False}
    if indicator.kind != IndicatorKind.SUBJECTIVE or territory is None or not points:
        return parts
    breaks = comparability_breaks([indicator]).get(indicator.pk, [])
    first_row = {id(r["point"]): r for r in rows}
    for number, segment in enumerate(series_segments(points, breaks)):
        if number == 0 or segment["break"] is None:
            continue  # a series that starts at a break has nothing earlier to keep apart
        text = localize(segment["break"].notice)
        parts["breaks"].append({"period": str(segment["break"].year)})
        parts["notices"].append(text)
        first_row[id(segment["points"][0])]["break_text"] = text
    cells = survey_cells(indicator, territory, dimensions)
    for row in rows:
        cell = cells.get(row["point"].period)
        if cell is not None:
            row["suppressed_text"] = suppressed_text(cell.suppressed_below)
            row["base_n"] = None if cell.suppressed_below is not None else cell.base_n
    parts["has_base"] = any(r["base_n"] is not None for r in rows)
    return parts


def district_parts(observation) -> dict[str, Any]:
    """A district's interval, base and, for a suppressed estimate, ``note`` saying so
    (the map's words for an area without a value)."""
    minimum = suppressed_below(observation.provenance)
    return {
        "ci_low": observation.ci_low,
        "ci_high": observation.ci_high,
        "base_n": None if minimum is not None else observation.base_n,
        "note": suppressed_text(minimum),
    }
