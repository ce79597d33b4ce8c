"""What the readers hand over: records, row errors, fatal read errors and limits.

Plain Python, no Django. A :class:`Record` is a ``NamedTuple`` because a million
of them are built per import; attribute access stays readable and creation cheap.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from stradom.core.messages import Message, StradomError

# Observation statuses, the same codes as ``catalog.ObservationStatus``.
FINAL = "final"
PROVISIONAL = "provisional"
ESTIMATED = "estimated"
NOT_AVAILABLE = "not_available"
STATUSES = frozenset({FINAL, PROVISIONAL, ESTIMATED, NOT_AVAILABLE})

# How a territory reference is written.
TERRITORY_CODE = "code"  # TERYT/TERC code, e.g. 1261011
TERRITORY_BDL = "bdl"  # 12-digit BDL unit id, e.g. 011212100000
TERRITORY_NAME = "name"  # a name, e.g. Kraków
TERRITORY_KINDS = frozenset({TERRITORY_CODE, TERRITORY_BDL, TERRITORY_NAME})


class RowError(NamedTuple):
    """A problem with one cell (``column`` is its header) or one row (``column`` empty)."""

    line: int
    column: str
    message: Message

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"


class Record(NamedTuple):
    """One observation as read from a file, before anything is looked up in the database.

    ``line`` is the 1-based physical line of a CSV file (where the row starts) or
    the spreadsheet row number. ``dimensions`` holds sorted ``(dimension, value)``
    code pairs and is empty for the total. ``value`` is ``None`` when the file
    says there is no value (``status`` is then ``not_available``). ``attribute``
    keeps the BDL ``Atrybut`` flag as written (empty for other formats). A row
    with problems is still yielded, with ``errors`` saying what is wrong; fields
    that could not be read are then empty. ``ci_low`` / ``ci_high`` are the bounds of a
    confidence interval and ``source`` where the value comes from, when the file says.
    """

    line: int
    indicator: str
    territory: str
    territory_kind: str
    period: str
    dimensions: tuple[tuple[str, str], ...]
    value: Decimal | None
    status: str
    note: str
    errors: tuple[RowError, ...]
    attribute: str = ""
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    source: str = ""


class ReadError(StradomError):
    """A problem that stops reading the whole file (bad encoding, no header, too big…).

    ``message`` is the translatable text; ``file`` (the file name) and ``line``
    (1-based, ``None`` when the problem is not on a line) say where.
    ``str(error)`` gives ``"name.csv, line 3: text"`` in English.
    """

    def __init__(
        self,
        template: str,
        *,
        file: str | os.PathLike[str] = "",
        line: int | None = None,
        **params: Any,
    ) -> None:
        super().__init__(template, **params)
        self.file = os.path.basename(os.fspath(file)) if file else ""
        self.line = line
        self.args = (self._located(),)

    def _located(self) -> str:
        where = self.file
        if self.line is not None:
            where = f"{where}, line {self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else str(self.message)

    def __str__(self) -> str:
        return self._located()


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that protect the server from files too big or hostile to read.

    ``max_bytes`` is checked against the size on disk before a byte is read;
    ``max_rows`` counts data rows (not blank lines or the header).
    The XLSX bounds are checked against the zip directory before the workbook
    is opened: the total and per-member declared uncompressed sizes, the shared
    strings part (which openpyxl keeps in memory), and the compression ratio of
    any member larger than ``ratio_floor_bytes``.
    """

    max_bytes: int = 256 * 2**20
    max_rows: int = 2_000_000
    max_columns: int = 2_000
    max_xlsx_expanded_bytes: int = 2 * 2**30
    max_xlsx_member_bytes: int = 2**30
    max_xlsx_shared_strings_bytes: int = 32 * 2**20  # openpyxl holds them in memory
    max_xlsx_ratio: int = 200
    max_xlsx_members: int = 10_000
    ratio_floor_bytes: int = 2**20
