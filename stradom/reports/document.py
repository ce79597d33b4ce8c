"""A report as plain data: a list of blocks that every renderer reads (plain Python).

Builders (``stradom.reports.builders``) read through the query and assessment
functions and produce a :class:`Document`; the renderers
(``stradom.reports.render``) turn the same document into PDF, DOCX or XLSX. No
builder writes HTML or Word directly, so the three formats say the same thing.

Table rows hold raw values (``str``, ``int``, ``Decimal``, ``float``,
``datetime.date``, ``None``); :func:`stradom.reports.cells.format_cell` turns
them into text in the document's language, and the spreadsheet keeps them as
numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

HEADING_LEVELS = (1, 2, 3)
PARAGRAPH_STYLES = ("body", "lead", "note", "illustrative")
COLUMN_KINDS = ("text", "number", "money", "percent", "date", "year", "code")


@dataclass(frozen=True)
class Heading:
    """1 chapter, 2 section, 3 subsection."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in HEADING_LEVELS:
            raise ValueError(f"heading level must be 1, 2 or 3, not {self.level!r}")


@dataclass(frozen=True)
class Paragraph:
    """``style``: body, lead, note, or illustrative (the illustrative-content warning)."""

    text: str
    style: str = "body"

    def __post_init__(self) -> None:
        if self.style not in PARAGRAPH_STYLES:
            raise ValueError(f"paragraph style must be one of {PARAGRAPH_STYLES}: {self.style!r}")


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """``kind``: text, number, money, percent (values in percent, 12.5 → 12,5%), date, year,
    or code: an identifier (a resolution's number "XII/345/2024", a project's code), written
    as it is and never broken across lines."""

    label: str
    kind: str = "text"
    decimals: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"column kind must be one of {COLUMN_KINDS}, not {self.kind!r}")


@dataclass(frozen=True)
class Table:
    """Rows of raw values, one per column; ``sheet`` names its spreadsheet tab."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    caption: str = ""
    sheet: str = ""

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.caption or self.sheet!r}: row {number} has {len(row)} cells,"
                    f" the table has {len(self.columns)} columns"
                )


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite specification (``stradom.charts.specs``) and its text alternative.

    ``alt`` says in words what the chart shows (the PDF figure's ``/Alt``, the Word
    picture's description); a chart without one is refused, as PDF/UA requires it."""

    spec: dict
    alt: str
    caption: str = ""

    def __post_init__(self) -> None:
        if not self.alt.strip():
            raise ValueError(f"chart {self.caption!r} has no text alternative (alt)")


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Contents:
    """The table of contents: the headings that follow it, down to ``depth`` (1 chapters,
    2 with their sections), under its ``title``. The PDF lists them with links and page
    numbers (and has bookmarks of every heading); Word gets a TOC field it fills in."""

    title: str
    depth: int = 2

    def __post_init__(self) -> None:
        if self.depth not in HEADING_LEVELS:
            raise ValueError(f"contents depth must be 1, 2 or 3, not {self.depth!r}")


Block = Heading | Paragraph | Bullets | Table | Chart | PageBreak | Contents
BLOCK_TYPES = (Heading, Paragraph, Bullets, Table, Chart, PageBreak, Contents)


@dataclass
class Document:
    kind: str
    title: str
    subtitle: str = ""
    language: str = "pl"
    blocks: list = field(default_factory=list)
    generated_at: datetime | None = None
    footer: str = ""

    def add(self, *blocks) -> Document:
        """Append ``blocks`` (in order) and return the document, for chaining."""
        for block in blocks:
            if not isinstance(block, BLOCK_TYPES):
                raise TypeError(f"not a report block: {block!r}")
        self.blocks.extend(blocks)
        return self
