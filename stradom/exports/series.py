"""One series as the indicator page offers it for download: CSV (comma-separated, dot
decimals, UTF-8), for machines and spreadsheets alike; the columns say what each value
is. The open-data files of every unit and period are the other writers here."""

from __future__ import annotations

import csv
import io

from stradom.catalog import queries
from stradom.catalog.models import Indicator
from stradom.core.numbers import plain
from stradom.territory.models import Territory

COLUMNS = (
    "indicator",
    "territory",
    "dimensions",
    "period",
    "value",
    "unit",
    "status",
    "ci_low",
    "ci_high",
)


def series_csv(indicator: Indicator, territory: Territory | None, dimensions: str = "") -> str:
    """The series of ``indicator`` in ``territory`` for one disaggregation as CSV text: a
    header row, then one row per period (only the header without a unit)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    if territory is not None:
        for p in queries.series(indicator, territory, dimensions=dimensions):
            w.writerow(
                [
                    indicator.code,
                    territory.code,
                    dimensions,
                    p.period,
                    _plain(p.value),
                    indicator.unit,
                    p.status,
                    _plain(p.ci_low),
                    _plain(p.ci_high),
                ]
            )
    return buf.getvalue()


def _plain(value) -> str:
    return plain(value) or ""
