"""Reading a large long-form CSV column by column, in batches (pyarrow).

The row reader (:mod:`.rows`) turns every row into a :class:`Record`: exact, but a
million Python objects for a million values. For the common large file — UTF-8,
long form, exactly the columns indicator, territory, period and value, no quotes —
:func:`column_batches` reads blocks of rows with pyarrow's CSV reader and checks
them column-wise: each distinct indicator, territory and period text goes through
the *same* lookups the row reader uses (once per distinct text, not per row), and
the values are checked with one regular expression per batch against the plain
number forms the row reader's quick path accepts. Memory is bounded by the batch.

It never reports a problem itself. A batch with anything it does not accept —
a text a lookup refuses, a period that is not one, a value in any other form
(negative, with spaces, a thousands separator, empty), a quote character, a row
of the wrong width, more rows than the limit — raises :class:`NotColumnar`, and
the importer reads the whole file again through the row reader, whose messages
(file, line, column, reason) are the ones users see. So the column-wise path only
ever accepts what the row reader would accept, with the same result.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pa_csv

from stradom.ingest.readers import headers as h
from stradom.ingest.readers.cells import PeriodReader, PeriodTextError
from stradom.ingest.readers.csv_reader import CsvTable
from stradom.ingest.readers.lookups import Lookup, Miss, indicator_lookup, territory_lookup
from stradom.ingest.readers.records import FINAL
from stradom.ingest.readers.source import Source

BATCH_ROWS = 65_536
_ROLES = (h.INDICATOR, h.TERRITORY, h.PERIOD, h.VALUE)
_UTF8 = ("UTF-8", "UTF-8 with BOM")
# The row reader's quick path for a value: digits, or digits, the file's mark, digits.
_PLAIN = {None: r"^[0-9]+$", ".": r"^[0-9]+(?:\.[0-9]+)?$", ",": r"^[0-9]+(?:,[0-9]+)?$"}


class NotColumnar(Exception):  # noqa: N818 - a signal to take the row path, not an error
    """This file (or a batch of it) needs the row reader."""


class Columns(NamedTuple):
    """One batch: codes as dictionary arrays (distinct texts once), values as text.

    ``territory`` holds the row reader's ``kind + "\\0" + reference``; ``value`` the
    number with ``.`` as its decimal mark, digits only (never negative or empty).
    """

    indicator: pa.DictionaryArray
    territory: pa.DictionaryArray
    period: pa.DictionaryArray
    value: pa.StringArray

    def __len__(self) -> int:
        return len(self.value)


def columnar(source: Source) -> bool:
    """Whether :func:`column_batches` may read this source (else: the row reader)."""
    info = source.info
    plan = source.plan
    table = source._table
    return (
        isinstance(table, CsvTable)
        and info.container == "csv"
        and plan.format == "long"
        and not plan.wide
        and not plan.dims
        and not plan.unnamed
        and plan.unit is None
        and plan.status_const in (None, FINAL)
        and not plan.note_const
        and not any(c.isdigit() for marker in plan.missing for c in marker)
        and info.encoding in _UTF8
        and info.separator is not None
        and len(info.separator) == 1
        and sorted(plan.roles) == sorted(_ROLES)
        and plan.territory_col == plan.col.get(h.TERRITORY)
        and table.header_line == 1
        and _plain_header(table.path)
    )


def _plain_header(path: str | os.PathLike[str]) -> bool:
    """The header is the first physical line and has no quote (so pyarrow, told to skip
    one line, skips exactly the header the row reader read)."""
    with open(path, "rb") as fh:
        first = fh.readline(1 << 16)
    return first.endswith(b"\n") and b'"' not in first


def column_batches(source: Source, *, max_rows: int, size: int = BATCH_ROWS) -> Iterator[Columns]:
    """The file's rows as :class:`Columns` batches; raises :class:`NotColumnar`."""
    if not columnar(source):
        raise NotColumnar
    plan = source.plan
    table = source._table
    width = len(plan.header)
    names = [f"c{i}" for i in range(width)]
    cols = {role: plan.roles.index(role) for role in _ROLES}
    indicators = indicator_lookup(plan)
    territories = territory_lookup(plan)
    periods = PeriodReader(source._period_kind)
    mark = source._numbers.decimal
    # The row reader's quick path: digits, or digits, the file's mark, digits.
    plain = _PLAIN.get(mark, _PLAIN[None])
    try:
        reader = pa_csv.open_csv(
            table.path,
            read_options=pa_csv.ReadOptions(
                skip_rows=table.header_line,
                column_names=names,
                block_size=1 << 20,
                use_threads=False,
            ),
            parse_options=pa_csv.ParseOptions(
                delimiter=info_separator(source), quote_char=False, newlines_in_values=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise NotColumnar from exc
    count = 0
    pending: list[pa.RecordBatch] = []
    held = 0
    with reader:
        while True:
            try:
                block = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid as exc:  # a row of the wrong width, bad UTF-8…
                raise NotColumnar from exc
            pending.append(block)
            held += block.num_rows
            if held >= size:
                count += held
                if count > max_rows:
                    raise NotColumnar
                yield _check(
                    pa.Table.from_batches(pending),
                    cols,
                    plain,
                    mark,
                    indicators,
                    territories,
                    periods,
                )
                pending, held = [], 0
        if held:
            count += held
            if count > max_rows:
                raise NotColumnar
            yield _check(
                pa.Table.from_batches(pending), cols, plain, mark, indicators, territories, periods
            )


def read_ahead(batches: Iterable[Columns]) -> Iterator[Columns]:
    """``batches``, each read and checked by a thread of its own while the caller writes
    the one before: the database stores a batch while the next is parsed (pyarrow lets
    go of the interpreter while it reads). One batch ahead at most, so memory stays
    bounded by two batches. The thread touches no database; what it raises (such as
    :class:`NotColumnar`) is raised here, where the batch would have been."""
    ahead: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()
    done = object()

    def give(item: tuple) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        iterator = iter(batches)
        try:
            for batch in iterator:
                if not give((batch, None)):
                    return
            give((done, None))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            give((None, exc))
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    reader = threading.Thread(target=read, name="column-batches", daemon=True)
    reader.start()
    try:
        while True:
            batch, exc = ahead.get()
            if exc is not None:
                raise exc
            if batch is done:
                return
            yield batch
    finally:
        stop.set()
        reader.join()


def info_separator(source: Source) -> str:
    return source.info.separator or ","


def _check(
    batch: pa.Table,
    cols: dict[str, int],
    plain: str,
    mark: str | None,
    indicators: Lookup,
    territories: Lookup,
    periods: PeriodReader,
) -> Columns:
    for column in batch.columns:
        if pc.any(pc.match_substring(column, '"')).as_py():
            raise NotColumnar  # quoting: left to the csv module, as the row reader reads it
    indicator = _mapped(batch.column(cols[h.INDICATOR]), indicators)
    territory = _mapped(batch.column(cols[h.TERRITORY]), territories)
    period = _mapped(batch.column(cols[h.PERIOD]), periods.code, PeriodTextError)
    value = batch.column(cols[h.VALUE]).combine_chunks()
    if not pc.all(pc.match_substring_regex(value, plain)).as_py():
        raise NotColumnar
    if mark == ",":
        value = pc.replace_substring(value, ",", ".")
    return Columns(indicator, territory, period, value)


def _mapped(
    column: pa.ChunkedArray, lookup: Callable[[str], str], miss: type[Exception] = Miss
) -> pa.DictionaryArray:
    """``column`` dictionary-encoded, each distinct text replaced by what ``lookup`` makes
    of it (the row reader's lookups, once per distinct text)."""
    encoded = pc.dictionary_encode(column.combine_chunks())
    try:
        resolved = [lookup(text) for text in encoded.dictionary.to_pylist()]
    except miss as exc:
        raise NotColumnar from exc
    return pa.DictionaryArray.from_arrays(encoded.indices, pa.array(resolved, pa.string()))
