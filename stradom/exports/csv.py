"""CSV: UTF-8 with commas, or the Polish Excel dialect (``;``, decimal comma, BOM).

The two files are for different readers, so they differ in more than separators:

* the plain CSV is for programs: its header is the fixed machine names
  (:data:`BASE_COLUMNS`, :data:`VALUE_COLUMNS`), its statuses the stored codes
  (``provisional``), its periods the canonical codes (``2024-07-15``), whatever the
  language of the page it was downloaded from, so a script written once keeps working;
* the Polish-Excel file is for people who open it in Excel with Polish settings: its
  header (:data:`POLISH_NAMES`) and statuses (:data:`POLISH_STATUSES`) are Polish, its
  numbers have a decimal comma and its days are written ``15.07.2024``, as Excel with
  Polish settings reads a date. It is Polish whoever downloads it.

Both read back through ``stradom import``: the importer knows these header names, the
Polish status words and Polish dates (``stradom.ingest.readers``), and a test imports
each export into the same database and finds every value unchanged. Dimension columns
keep the dimension's code in both, as indicators and territories keep theirs: the code
is what the importer and other systems match on.
"""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Iterable, Iterator, Sequence

from stradom.exports.cells import inert, number_text
from stradom.exports.dataset import Row, dimension_codes

BOM = "\ufeff"
BASE_COLUMNS = ["indicator", "territory", "territory_name", "period"]
VALUE_COLUMNS = ["value", "unit", "status", "ci_low", "ci_high", "note", "source"]
# Fixed words of a file format, not the interface's translation: a translator's change
# must not change what the importer reads back (its aliases list these).
POLISH_NAMES = {
    "indicator": "wskaźnik",
    "territory": "kod jednostki",
    "territory_name": "nazwa jednostki",
    "period": "okres",
    "value": "wartość",
    "unit": "jednostka miary",
    "status": "status wartości",
    "ci_low": "dolna granica przedziału ufności",
    "ci_high": "górna granica przedziału ufności",
    "note": "uwagi",
    "source": "źródło",
}
# The words the Polish interface uses for the statuses (catalog.ObservationStatus).
POLISH_STATUSES = {
    "final": "ostateczna",
    "provisional": "wstępna",
    "estimated": "szacunkowa",
    "not_available": "brak danych",
}


def columns(rows: Sequence[Row]) -> list[str]:
    """The header: fixed columns, one per disaggregation dimension present, values."""
    return BASE_COLUMNS + dimension_codes(rows) + VALUE_COLUMNS


def polish_period(code: str) -> str:
    """A day as Polish readers write it (``2024-07-15`` → ``15.07.2024``); other periods
    keep their codes (``2024``, ``2024-Q3``), which the importer reads as they are."""
    if len(code) == 10 and code[4] == "-" and code[7] == "-":
        return f"{code[8:10]}.{code[5:7]}.{code[0:4]}"
    return code


def table(
    rows: Sequence[Row],
    *,
    comma: bool = False,
    polish: bool = False,
    dims: Sequence[str] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Header and text cells; text cells are made inert, numbers are not touched.

    ``polish``: the Polish-Excel file's header, statuses and days (see the module
    docstring); ``comma``: decimal commas. ``dims``: the dimension columns, when
    ``rows`` are a part of the file (default: those of ``rows``).
    """
    dims = dimension_codes(rows) if dims is None else list(dims)
    out = []
    for r in rows:
        d = dict(r.dimensions)
        status = POLISH_STATUSES.get(r.status, r.status) if polish else r.status
        period = polish_period(r.period) if polish else r.period
        out.append(
            [inert(r.indicator), inert(r.territory), inert(r.territory_name), inert(period)]
            + [inert(d.get(k, "")) for k in dims]
            + [
                number_text(r.value, comma=comma),
                inert(r.unit),
                inert(status),
                number_text(r.ci_low, comma=comma),
                number_text(r.ci_high, comma=comma),
                inert(r.note),
                inert(r.source),
            ]
        )
    header = BASE_COLUMNS + dims + VALUE_COLUMNS
    if polish:
        header = [POLISH_NAMES.get(name, name) for name in header]
    return header, out


def write_csv(rows: Sequence[Row], *, polish: bool = False) -> bytes:
    """``polish=True``: what Excel in a Polish locale opens correctly on a double click,
    in Polish (see the module docstring)."""
    return b"".join(csv_parts([rows], dimension_codes(rows), polish=polish))


def csv_parts(
    parts: Iterable[Sequence[Row]], dims: Sequence[str], *, polish: bool = False
) -> Iterator[bytes]:
    """The file of ``write_csv`` in pieces, to send as it is made: the header (with the
    dimension columns ``dims``, which must be those of all the rows), then the lines of
    each part of the rows. Joined, the very bytes of ``write_csv`` of all the rows."""
    buffer = io.StringIO()
    if polish:
        buffer.write(BOM)
        writer = _csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    else:
        writer = _csv.writer(buffer, lineterminator="\n")
    header, _cells = table([], comma=polish, polish=polish, dims=dims)
    writer.writerow(header)
    for rows in parts:
        writer.writerows(table(rows, comma=polish, polish=polish, dims=dims)[1])
        if buffer.tell():
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():  # the header of a file without rows
        yield buffer.getvalue().encode("utf-8")
