"""SDMX-CSV 1.0: ``DATAFLOW``, the dimensions, ``OBS_VALUE``, then attributes.

Time periods are written the SDMX way (``2024``, ``2024-S1``, ``2024-Q3``, ``2024-07``,
``2024-07-15``); a total of a disaggregation is ``_T``; a dimension that does not apply
to an indicator (in the catalogue-wide file) is ``_Z``.
"""

from __future__ import annotations

import csv as _csv
import io
from collections.abc import Sequence

from stradom.exports.cells import inert, number_text
from stradom.exports.dataset import TOTAL, Dataset, dimension_codes
from stradom.exports.jsonstat import SDMX_STATUS

AGENCY = "STRADOM"
NOT_APPLICABLE = "_Z"


def sdmx_period(period: str) -> str:
    return period.replace("-H", "-S")


def dataflow(code: str) -> str:
    return f"{AGENCY}:DF_{code}(1.0)"


def write_sdmx_csv(datasets: Sequence[Dataset], *, many: bool | None = None) -> bytes:
    """One indicator's dataflow, or (``many``, the default for several) the catalogue's
    dataflow with an ``INDICATOR`` dimension."""
    if many is None:
        many = len(datasets) != 1
    rows = [r for ds in datasets for r in ds.rows]
    dims = dimension_codes(rows)
    header = ["DATAFLOW"]
    if many:
        header.append("INDICATOR")
    header += ["REF_AREA", "TIME_PERIOD", *(d.upper() for d in dims)]
    header += ["OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS", "LOWER_BOUND", "UPPER_BOUND"]
    header += ["COMMENT_OBS"]
    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for ds in datasets:
        own = {d.code for d in ds.dimensions} | set(dimension_codes(ds.rows))
        flow = dataflow("STRADOM" if many else ds.code)
        for r in ds.rows:
            d = dict(r.dimensions)
            line = [flow]
            if many:
                line.append(inert(r.indicator))
            line += [inert(r.territory), sdmx_period(r.period)]
            line += [inert(d.get(k, TOTAL if k in own else NOT_APPLICABLE)) for k in dims]
            line += [
                number_text(r.value),
                inert(r.unit),
                SDMX_STATUS.get(r.status, r.status),
                number_text(r.ci_low),
                number_text(r.ci_high),
                inert(r.note),
            ]
            writer.writerow(line)
    return buffer.getvalue().encode("utf-8")
