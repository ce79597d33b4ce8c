"""CSV: UTF-8 with commas, or the Polish Excel dialect (``;``, decimal comma, BOM)."""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Sequence

from stradom.exports.cells import inert, number_text
from stradom.exports.dataset import Row, dimension_codes

BOM = "\ufeff"
BASE_COLUMNS = ["indicator", "territory", "territory_name", "period"]
VALUE_COLUMNS = ["value", "unit", "status", "ci_low", "ci_high", "note", "source"]


def columns(rows: Sequence[Row]) -> list[str]:
    """The header: fixed columns, one per disaggregation dimension present, values."""
    return BASE_COLUMNS + dimension_codes(rows) + VALUE_COLUMNS


def table(rows: Sequence[Row], *, comma: bool = False) -> tuple[list[str], list[list[str]]]:
    """Header and text cells; text cells are made inert, numbers are not touched."""
    dims = dimension_codes(rows)
    out = []
    for r in rows:
        d = dict(r.dimensions)
        out.append(
            [inert(r.indicator), inert(r.territory), inert(r.territory_name), inert(r.period)]
            + [inert(d.get(k, "")) for k in dims]
            + [
                number_text(r.value, comma=comma),
                inert(r.unit),
                inert(r.status),
                number_text(r.ci_low, comma=comma),
                number_text(r.ci_high, comma=comma),
                inert(r.note),
                inert(r.source),
            ]
        )
    return BASE_COLUMNS + dims + VALUE_COLUMNS, out


def write_csv(rows: Sequence[Row], *, polish: bool = False) -> bytes:
    """``polish=True``: what Excel in a Polish locale opens correctly on a double click."""
    header, body = table(rows, comma=polish)
    buffer = io.StringIO()
    if polish:
        buffer.write(BOM)
        writer = _csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    else:
        writer = _csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return buffer.getvalue().encode("utf-8")
