"""The published catalogue written as an Open SDG data repository.

For each published indicator: ``data/indicator_<id>.csv`` and ``meta/<id>.md`` (YAML
front matter). ``<id>`` is the code when it already has Open SDG's shape (``1-2-1``),
else the code in lower case with dashes (``PM10_AVG`` → ``pm10-avg``). The headline
(all disaggregation columns blank) is the top-most territorial unit with values; other
units are named in a ``Territory`` column. Every row carries its unit's ``GeoCode``, so
the files read back to the same units whatever the importer takes as its default. A
dimension's column is named by its code and holds value codes, so the files read back
exactly. Values read through
``stradom.exports.build`` — the same reads as every other export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from stradom.core.numbers import plain
from stradom.exports import build
from stradom.exports.dataset import Dataset
from stradom.opensdg.tidy import (
    GEOCODE,
    LAG_FIELD,
    STATUS,
    STATUS_OUT,
    TERRITORY,
    VALUE,
    YEAR,
    write_data,
    write_front_matter,
)
from stradom.territory.models import Territory

_OPEN_SDG_ID = re.compile(r"^[0-9a-z]+(-[0-9a-z]+)*$")


def open_sdg_id(code: str) -> str:
    if _OPEN_SDG_ID.match(code):
        return code
    return re.sub(r"[^0-9a-z]+", "-", code.lower()).strip("-") or "indicator"


@dataclass
class ExportReport:
    files: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # Stradom code → Open SDG id


def _headline(ds: Dataset, depth: dict[str, int]) -> str | None:
    counts: dict[str, int] = {}
    for r in ds.rows:
        counts[r.territory] = counts.get(r.territory, 0) + 1
    if not counts:
        return None
    return min(counts, key=lambda code: (depth.get(code, 99), -counts[code], code))


def _depths(codes: set[str]) -> dict[str, int]:
    parents = dict(Territory.objects.values_list("code", "parent__code"))
    out = {}
    for code in codes:
        depth, node = 0, parents.get(code)
        while node is not None and depth < 50:
            depth, node = depth + 1, parents.get(node)
        out[code] = depth
    return out


def dataset_files(ds: Dataset, depth: dict[str, int]) -> tuple[str, str]:
    """The CSV text and the metadata (front matter) of one indicator."""
    headline = _headline(ds, depth)
    places = {r.territory for r in ds.rows}
    dims = sorted({k for r in ds.rows for k, _ in r.dimensions})
    statuses = {r.status for r in ds.rows if r.value is not None}
    columns = [YEAR]
    if len(places) > 1:
        columns.append(TERRITORY)
    columns += dims
    if statuses - {"final"}:
        columns.append(STATUS[0])
    if ds.unit:
        columns.append("Units")
    columns += [GEOCODE, VALUE]
    rows = []
    for r in ds.rows:
        if r.value is None:
            continue
        row = {YEAR: r.period, GEOCODE: r.territory, VALUE: plain(r.value), **dict(r.dimensions)}
        if len(places) > 1 and r.territory != headline:
            row[TERRITORY] = r.territory_name
        if STATUS[0] in columns:
            row[STATUS[0]] = STATUS_OUT.get(r.status, "")
        if ds.unit:
            row["Units"] = ds.unit
        rows.append(row)
    meta = {
        "indicator_number": ds.code,
        "indicator_name": ds.name_pl,
        "graph_title": ds.name_pl,
        "graph_type": "line",
        "indicator_definition": ds.description_pl,
        "computation_units": ds.unit,
        "source_organisation_1": ds.source,
        "source_url_1": ds.source_url,
        "reporting_status": "complete" if rows else "notstarted",
        "published": True,
        "data_non_statistical": False,
    }
    if ds.name_en:
        meta["indicator_name_en"] = ds.name_en
    if ds.publication_lag_days is not None:
        # Stradom's own field (Open SDG takes any): days after a period ends until its
        # value is normally published; the importer reads it back.
        meta[LAG_FIELD] = ds.publication_lag_days
    meta = {k: v for k, v in meta.items() if v != ""}
    return write_data(columns, rows), write_front_matter(meta)


def export_repository(root: Path, *, code: str | None = None) -> ExportReport:
    """Write the published indicators (or the one with ``code``) under ``root``."""
    root = Path(root)
    report = ExportReport()
    chosen = build.datasets(code)
    depth = _depths({r.territory for ds in chosen for r in ds.rows})
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "meta").mkdir(parents=True, exist_ok=True)
    for ds in chosen:
        sdg_id = open_sdg_id(ds.code)
        data, meta = dataset_files(ds, depth)
        for rel, text in ((f"data/indicator_{sdg_id}.csv", data), (f"meta/{sdg_id}.md", meta)):
            (root / rel).write_text(text, "utf-8")
            report.files.append(rel)
        report.ids[ds.code] = sdg_id
    return report
