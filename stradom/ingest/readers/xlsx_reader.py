"""Rows of an XLSX workbook, streamed (openpyxl read-only mode).

The header is the mapping's ``header_row``, or else the first row that names
two or more columns (a title row above the table is skipped).

Before openpyxl sees the file, its zip directory is checked against
:class:`~stradom.ingest.readers.records.Limits`: the number of members, each
member's declared uncompressed size, their total, the shared-strings part
(openpyxl keeps it in memory) and the compression ratio of every large member.
Python's zipfile stops reading a member at its declared size (and checks its
CRC), so a member cannot expand past what the directory says. XML parts with a
DTD (``<!DOCTYPE``/``<!ENTITY``, never in a genuine workbook) are refused too.

Cells keep their types: numbers stay numbers (the value column turns them into
``Decimal`` without any text round trip), dates stay dates. Formula cells give
the value Excel saved with them (openpyxl's ``data_only``); nothing is ever
evaluated here. A formula without a saved value reads as an empty cell.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from collections.abc import Generator
from datetime import date
from typing import Any

from stradom.core.messages import gettext_noop
from stradom.ingest.readers.records import Limits, ReadError

_SHARED_STRINGS = "xl/sharedStrings.xml"
_MAX_TITLE_ROWS = 20
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", b"<!doctype", b"<!entity")


def check_zip(path: str | os.PathLike[str], limits: Limits) -> None:
    """Refuse a zip that is not a workbook or that would expand past the limits."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > limits.max_xlsx_members:
                raise _bomb(
                    path,
                    gettext_noop("the workbook is refused: it has %(count)s parts, too many"),
                    count=len(members),
                )
            names = {m.filename for m in members}
            if "xl/workbook.xml" not in names:
                raise ReadError(
                    gettext_noop("this zip file is not an Excel workbook (.xlsx)"), file=path
                )
            total = 0
            for member in members:
                size = member.file_size
                total += size
                if size > limits.max_xlsx_member_bytes:
                    raise _bomb(
                        path,
                        gettext_noop(
                            "the workbook is refused: its part %(part)s would expand to "
                            "%(size)s bytes"
                        ),
                        part=member.filename,
                        size=size,
                    )
                if (
                    member.filename == _SHARED_STRINGS
                    and size > limits.max_xlsx_shared_strings_bytes
                ):
                    raise _bomb(
                        path,
                        gettext_noop(
                            "the workbook is refused: its shared strings would expand to "
                            "%(size)s bytes"
                        ),
                        size=size,
                    )
                if size > limits.ratio_floor_bytes:
                    ratio = size / max(member.compress_size, 1)
                    if ratio > limits.max_xlsx_ratio:
                        raise _bomb(
                            path,
                            gettext_noop(
                                "the workbook is refused: its part %(part)s is compressed "
                                "%(ratio)s times, like a zip bomb"
                            ),
                            part=member.filename,
                            ratio=int(ratio),
                        )
            if total > limits.max_xlsx_expanded_bytes:
                raise _bomb(
                    path,
                    gettext_noop("the workbook is refused: it would expand to %(size)s bytes"),
                    size=total,
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as part:
                        start = part.read(4096)
                    if any(marker in start for marker in _DTD_MARKERS):
                        raise ReadError(
                            gettext_noop(
                                "the workbook part %(part)s declares a DTD, which a genuine "
                                "workbook never does; the file is refused"
                            ),
                            file=path,
                            part=member.filename,
                        )
    except zipfile.BadZipFile as exc:
        raise ReadError(
            gettext_noop("the file is a damaged zip/XLSX file: %(reason)s"),
            file=path,
            reason=str(exc),
        ) from None


def _bomb(path: str | os.PathLike[str], template: str, **params: Any) -> ReadError:
    return ReadError(template, file=path, **params)


class XlsxTable:
    """A worksheet's header row and a way to stream its data rows."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        sheet: str | None,
        header_row: int | None,
        limits: Limits,
    ) -> None:
        self.path = path
        self.sheet = sheet
        self.header_row = header_row or 1
        self.explicit_header_row = header_row is not None
        self._title_rows = 0
        self.limits = limits
        self.header: list[object] = []
        self.header_line = 0
        self.sheet_title = ""
        self.epoch = date(1899, 12, 30)
        check_zip(path, limits)
        # One load for the table's life: openpyxl parses a whole sheet on load when the
        # writer left out <dimension>, so loading per pass would multiply that cost.
        self._workbook, self._worksheet = self._open_sheet()
        try:
            for _ in self._rows(header_only=True):
                break
        except ReadError:
            self.close()
            raise

    def close(self) -> None:
        self._workbook.close()

    def _open_sheet(self):
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                workbook = openpyxl.load_workbook(
                    self.path, read_only=True, data_only=True, keep_links=False
                )
        except Exception as exc:  # openpyxl raises many kinds on a broken workbook
            raise ReadError(
                gettext_noop("the workbook cannot be opened: %(reason)s"),
                file=self.path,
                reason=str(exc) or type(exc).__name__,
            ) from None
        if self.sheet is None:
            worksheet = workbook.worksheets[0] if workbook.worksheets else None
        else:
            worksheet = workbook[self.sheet] if self.sheet in workbook.sheetnames else None
        if worksheet is None:
            workbook.close()
            raise ReadError(
                gettext_noop("the workbook has no sheet %(sheet)r (sheets: %(sheets)s)"),
                file=self.path,
                sheet=self.sheet or "",
                sheets=", ".join(workbook.sheetnames),
            )
        self.sheet_title = worksheet.title
        self.epoch = workbook.epoch.date() if hasattr(workbook.epoch, "date") else workbook.epoch
        # The <dimension> a writer stores can be wrong; read every row that is there.
        worksheet.reset_dimensions()
        return workbook, worksheet

    def rows(self) -> Generator[tuple[int, tuple], None, None]:
        """``(row number, cell values)`` for every non-empty data row."""
        return self._rows(header_only=False)

    def _is_header(self, number: int, values: tuple) -> bool:
        """The mapping's header row, or else the first row naming two or more columns."""
        filled = sum(1 for v in values if v is not None and v != "")
        if self.explicit_header_row:
            return number >= self.header_row and filled > 0
        if filled >= 2:
            return True
        if filled:
            self._title_rows += 1
            if self._title_rows > _MAX_TITLE_ROWS:
                raise ReadError(
                    gettext_noop(
                        "found no header row (a row naming at least two columns) at the top "
                        "of the sheet; give header_row in the mapping"
                    ),
                    file=self.path,
                    line=number,
                )
        return False

    def _rows(self, *, header_only: bool) -> Generator[tuple[int, tuple], None, None]:
        worksheet = self._worksheet
        max_rows = self.limits.max_rows
        max_columns = self.limits.max_columns
        cells = worksheet.iter_rows(values_only=True)
        try:
            number = 0
            header_seen = False
            count = 0
            self._title_rows = 0
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for values in cells:
                    number += 1
                    if len(values) > max_columns:
                        values = _trim(values, max_columns, self.path, number)
                    if not header_seen:
                        if self._is_header(number, values):
                            header_seen = True
                            self.header = list(values)
                            self.header_line = number
                            if header_only:
                                return
                        continue
                    if not any(v is not None and v != "" for v in values):
                        continue
                    count += 1
                    if count > max_rows:
                        raise ReadError(
                            gettext_noop("the sheet has more than %(limit)s rows, the limit"),
                            file=self.path,
                            line=number,
                            limit=max_rows,
                        )
                    yield number, values
            if not header_seen:
                raise ReadError(
                    gettext_noop("the sheet %(sheet)r is empty"),
                    file=self.path,
                    sheet=self.sheet_title,
                )
        finally:
            cells.close()  # closes the sheet's stream in the zip


def _trim(values: tuple, max_columns: int, path: str | os.PathLike[str], number: int) -> tuple:
    """Drop empty cells past the column limit; refuse a row that uses them."""
    if any(v is not None and v != "" for v in values[max_columns:]):
        raise ReadError(
            gettext_noop("the sheet has more than %(limit)s columns, the limit"),
            file=path,
            line=number,
            limit=max_columns,
        )
    return values[:max_columns]
