"""Will a table fit the width of a PDF page? (plain Python and fontTools).

A table laid out automatically is at least as wide as the sum of its columns'
narrowest widths: in each column, the widest piece of text that cannot be broken.
In a report those pieces are whole cells of numbers, dates and codes (kept on one
line, see ``pdf.py``), identifiers inside text ("XII/345/2024") and single words.
Column labels are not hyphenated (``hyphens: manual`` on ``th``: "Wydat-kowano" over two
lines is hard to read), so a label counts by its widest word. Widths come from DejaVu
Sans' own advance widths, the font the template sets; without the font files, from an
average letter width.

:func:`layout` answers how to print a table: as it is, in a smaller font, or on a
landscape page (in the smaller font if needed there too). The page sizes and
margins are those of ``templates/reports/document.html``.
"""

from __future__ import annotations

import functools
from pathlib import Path

MM = 72 / 25.4
PORTRAIT = (210 - 18 - 18) * MM  # A4 less the template's side margins, in pt
LANDSCAPE = (297 - 18 - 18) * MM
NORMAL, SMALL = 8.5, 7.0  # pt: ``table`` and ``table.small`` in the template
CELL = 2 * 4 + 0.5  # pt: a cell's left and right padding and its share of the rule
AVERAGE_EM = 0.62  # DejaVu Sans' letters are wide; used only without the font file

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
)


@functools.lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, int], int] | None:
    """Advance width per code point and units per em of DejaVu Sans (bold), or None."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = next((Path(d) / name for d in FONT_DIRS if (Path(d) / name).is_file()), None)
    if path is None:
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm


def text_width(text: str, size: float, bold: bool = False) -> float:
    """``text`` set in DejaVu Sans at ``size`` pt, in pt (no kerning)."""
    found = _advances(bold)
    if found is None:
        return len(text) * size * AVERAGE_EM
    widths, em = found
    fallback = em * AVERAGE_EM
    return sum(widths.get(ord(ch), fallback) for ch in text) * size / em


def narrowest(header: list[str], rows: list[list[tuple[str, bool]]], size: float) -> float:
    """The table's narrowest width at ``size`` pt: ``header`` labels, ``rows`` of
    (text, kept whole) cells."""
    total = 0.0
    for index, label in enumerate(header):
        # A label wraps between its words only (it is not hyphenated).
        widest = max((text_width(word, size, bold=True) for word in label.split()), default=0)
        for row in rows:
            text, whole = row[index]
            # Lines break only at spaces in a body cell (no hyphenation there).
            pieces = [text] if whole else text.split(" ")
            widest = max([widest] + [text_width(p, size) for p in pieces])
        total += widest + CELL
    return total


def layout(header: list[str], rows: list[list[tuple[str, bool]]]) -> str:
    """CSS classes for the table: "", "small", "landscape" or "landscape small"."""
    if narrowest(header, rows, NORMAL) <= PORTRAIT:
        return ""
    small = narrowest(header, rows, SMALL)
    if small <= PORTRAIT:
        return "small"
    if narrowest(header, rows, NORMAL) <= LANDSCAPE:
        return "landscape"
    return "landscape small"  # the most room there is; wider still would run off the page
