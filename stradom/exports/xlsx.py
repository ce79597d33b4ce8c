"""XLSX: a data sheet (numbers as numbers) and a sheet describing each indicator."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook

from stradom.exports.cells import inert
from stradom.exports.csv import columns
from stradom.exports.dataset import Dataset


def write_xlsx(datasets: Sequence[Dataset]) -> bytes:
    rows = [r for ds in datasets for r in ds.rows]
    dims = sorted({k for r in rows for k, _ in r.dimensions})
    book = Workbook(write_only=True)
    data = book.create_sheet("data")
    data.append(columns(rows))
    for r in rows:
        d = dict(r.dimensions)
        data.append(
            [inert(r.indicator), inert(r.territory), inert(r.territory_name), inert(r.period)]
            + [inert(d.get(k, "")) for k in dims]
            + [
                r.value,  # Decimal: stored as a number cell
                inert(r.unit),
                inert(r.status),
                r.ci_low,
                r.ci_high,
                inert(r.note),
                inert(r.source),
            ]
        )
    meta = book.create_sheet("indicators")
    meta.append(
        ["indicator", "name_pl", "name_en", "unit", "description_pl", "source", "source_url"]
    )
    for ds in datasets:
        meta.append(
            [
                inert(ds.code),
                inert(ds.name_pl),
                inert(ds.name_en),
                inert(ds.unit),
                inert(ds.description_pl),
                inert(ds.source),
                inert(ds.source_url),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
