"""Opening a source file: detection, planning, and the record stream."""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import islice
from typing import Any

from stradom.core.messages import gettext_noop
from stradom.ingest.readers import headers as h
from stradom.ingest.readers.cells import PeriodReader, period_text_of, text_of
from stradom.ingest.readers.columns import Plan, make_plan
from stradom.ingest.readers.csv_reader import CsvTable
from stradom.ingest.readers.detect import (
    TextEncoding,
    check_size,
    check_stated,
    detect_encoding,
    sniff_container,
)
from stradom.ingest.readers.mapping import Mapping
from stradom.ingest.readers.numbers import NumberReader, decimal_from_float
from stradom.ingest.readers.records import Limits, ReadError, Record
from stradom.ingest.readers.rows import compile_rows
from stradom.ingest.readers.xlsx_reader import XlsxTable

# Rows read at open time to learn the file's decimal mark before streaming.
SAMPLE_ROWS = 5_000


@dataclass(frozen=True)
class SourceInfo:
    """What was detected about a file, for the import screen and the import log."""

    path: str
    container: str  # "csv" | "xlsx"
    format: str  # "long" | "wide" | "bdl"
    profile: str  # "bdl" | "station" (GIOŚ-like daily measurements) | "generic"
    encoding: str | None  # "UTF-8", "UTF-8 with BOM", "Windows-1250", …; None for XLSX
    encoding_detected_by: str | None  # "bom", "valid utf-8", "polish letters", "mapping"…
    separator: str | None  # None for XLSX
    decimal: str | None  # "," or "."; None when no value in the sample showed it
    decimal_from: str  # "mapping" | "detected" | "undetermined"
    header: tuple[str, ...]
    header_line: int
    columns: dict[str, str]  # header -> role
    sheet: str | None
    mapping: Mapping


class Source:
    """An opened source file. :meth:`records` streams it (and can be called again)."""

    info: SourceInfo

    def __init__(
        self,
        *,
        table: CsvTable | XlsxTable,
        plan: Plan,
        mapping: Mapping,
        numbers: NumberReader,
    ) -> None:
        self._table = table
        self._path = os.fspath(getattr(table, "path", ""))
        self._plan = plan
        self._period_kind = mapping.period_kind
        self._numbers = numbers

    @property
    def plan(self) -> Plan:
        return self._plan

    def close(self) -> None:
        """Release the open workbook of an XLSX source (CSV sources hold nothing open)."""
        close = getattr(self._table, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def records(self) -> Iterator[Record]:
        """Every record of the file, in file order; bad rows come with ``errors``.

        Raises :class:`ReadError` only for problems that stop the whole file
        (too many rows, a broken CSV quote, text that stops decoding).
        """
        return self._records(self._numbers.copy())

    def _records(self, numbers: NumberReader) -> Generator[Record, None, None]:
        build = compile_rows(self._plan, numbers, PeriodReader(self._period_kind), file=self._path)
        if isinstance(self._table, CsvTable) and not self._plan.wide:
            # CSV in long form: the table's own loop builds the records (one generator, not two).
            return self._table.rows(build)
        return self._records_of(build)

    def _records_of(self, build: Callable[[int, list], Any]) -> Generator[Record, None, None]:
        table = self._table
        rows: Iterable[tuple[int, Sequence]]
        if isinstance(table, CsvTable):
            rows = table.rows()
        else:
            rows = _typed_rows(table.rows(), self._plan, table.epoch)
        if self._plan.wide:
            for line, row in rows:
                yield from build(line, row)
        else:
            for line, row in rows:
                yield build(line, row)

    def _check_has_rows(self) -> None:
        rows = self._table.rows()
        try:
            first = next(rows, None)
        finally:
            rows.close()
        if first is None:
            raise ReadError(
                gettext_noop("the file has a header but no data rows"),
                file=self._path,
                line=self._table.header_line,
            )

    def _learn_decimal(self) -> None:
        """Read the first rows so values shown before the mark is known are read right."""
        stream = self._records(self._numbers)
        try:
            for _ in islice(stream, SAMPLE_ROWS):
                if self._numbers.decimal is not None:
                    break
        finally:
            stream.close()


def _typed_rows(
    rows: Iterable[tuple[int, tuple]], plan: Plan, epoch: date
) -> Iterator[tuple[int, list]]:
    """XLSX cells -> the shape the row builder takes (text, or Decimal in value places)."""
    width = len(plan.header)
    value_cols = {i for i, _ in plan.wide}
    for role in (h.VALUE, h.CI_LOW, h.CI_HIGH):
        if role in plan.col:
            value_cols.add(plan.col[role])
    period_col = plan.col.get(h.PERIOD)
    for line, values in rows:
        cells: list[str | Decimal] = []
        for i, v in enumerate(values):
            if v.__class__ is str:
                cells.append(v)
            elif v is None:
                cells.append("")
            elif i in value_cols and v.__class__ in (int, float):
                cells.append(Decimal(v) if v.__class__ is int else decimal_from_float(v))
            elif i == period_col:
                cells.append(period_text_of(v, epoch))
            else:
                cells.append(text_of(v))
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        yield line, cells


def _header_texts(values: list) -> list[str]:
    return [
        period_text_of(v)
        if isinstance(v, int | float | date) and not isinstance(v, bool)
        else text_of(v)
        for v in values
    ]


def open_source(
    path: str | os.PathLike[str], mapping: Mapping | None = None, *, limits: Limits
) -> Source:
    """Open a CSV or XLSX file for import; see :mod:`stradom.ingest.readers`."""
    mapping = mapping or Mapping()
    check_size(path, limits.max_bytes)
    container = sniff_container(path)
    encoding: TextEncoding | None = None
    table: XlsxTable | CsvTable
    header: list[str]
    if container == "xlsx":
        table = XlsxTable(path, sheet=mapping.sheet, header_row=mapping.header_row, limits=limits)
        header = _header_texts(table.header)
        sheet = table.sheet_title
    else:
        if mapping.encoding:
            encoding = check_stated(path, mapping.encoding)
        else:
            encoding = detect_encoding(path)
        table = CsvTable(
            path,
            encoding,
            separator=mapping.separator,
            header_row=mapping.header_row,
            limits=limits,
        )
        header = table.header
        sheet = None
    try:
        plan = make_plan(header, mapping, file=path, line=table.header_line)
        numbers = NumberReader(mapping.decimal, stated=mapping.decimal is not None)
        source = Source(table=table, plan=plan, mapping=mapping, numbers=numbers)
        source._check_has_rows()
        if mapping.decimal is None:
            source._learn_decimal()
    except BaseException:
        if isinstance(table, XlsxTable):
            table.close()
        raise
    decimal_from = (
        "mapping" if mapping.decimal else "detected" if numbers.decimal else "undetermined"
    )
    source.info = SourceInfo(
        path=os.fspath(path),
        container=container,
        format=plan.format,
        profile=plan.profile,
        encoding=encoding.label if encoding else None,
        encoding_detected_by=encoding.how if encoding else None,
        separator=getattr(table, "separator", None),
        decimal=numbers.decimal,
        decimal_from=decimal_from,
        header=tuple(header),
        header_line=table.header_line,
        columns=plan.columns_by_name(),
        sheet=sheet,
        mapping=mapping,
    )
    return source
