"""JSON-stat 2.0 (https://json-stat.org/format/): one dataset per indicator, or a
collection of them for the whole catalogue.

Dimensions: ``territory``, ``period`` and each disaggregation dimension, whose totals
take the category ``_T``. Statuses go in ``status`` with SDMX observation-status codes
(labels in ``extension.status``). Values are written from their ``Decimal`` text, so
nothing passes through binary floating point.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from stradom.core.numbers import plain
from stradom.exports.dataset import TOTAL, Dataset, dimension_codes

SDMX_STATUS = {"final": "A", "provisional": "P", "estimated": "E", "not_available": "M"}
STATUS_LABELS = {
    "A": "normal value",
    "P": "provisional value",
    "E": "estimated value",
    "M": "missing value",
}
_VALUES = "\x00values\x00"


def _period_order(period: str) -> tuple:
    from stradom.core.periods import parse_period

    p = parse_period(period)
    return (p.start, -(p.end - p.start).days, p.code)


def dataset_dict(ds: Dataset) -> tuple[dict, list[str]]:
    """The JSON-stat dataset (with a placeholder for ``value``) and the value texts."""
    dims = dimension_codes(ds.rows)
    meta = {d.code: d for d in ds.dimensions}
    territories = {}
    for r in sorted(ds.rows, key=lambda r: r.territory):
        territories.setdefault(r.territory, r.territory_name)
    periods = sorted({r.period for r in ds.rows}, key=_period_order)
    categories: dict[str, list[str]] = {"territory": list(territories), "period": periods}
    for code in dims:
        seen = {dict(r.dimensions).get(code, TOTAL) for r in ds.rows}
        known = [c for c, _ in meta[code].values] if code in meta else []
        ordered = [TOTAL] if TOTAL in seen else []
        ordered += [c for c in known if c in seen] + sorted(seen - set(known) - {TOTAL})
        categories[code] = ordered
    ids = ["territory", "period", *dims]
    sizes = [len(categories[i]) for i in ids]
    position = {i: {c: n for n, c in enumerate(categories[i])} for i in ids}
    strides = []
    step = 1
    for size in reversed(sizes):
        strides.append(step)
        step *= size
    strides.reverse()
    total = step if ids and all(sizes) else 0
    values: list[str] = ["null"] * total
    status: dict[str, str] = {}
    for r in ds.rows:
        d = dict(r.dimensions)
        coords = [position["territory"][r.territory], position["period"][r.period]]
        coords += [position[c][d.get(c, TOTAL)] for c in dims]
        index = sum(c * s for c, s in zip(coords, strides, strict=True))
        values[index] = plain(r.value) or "null"
        status[str(index)] = SDMX_STATUS.get(r.status, r.status)

    def labels(code: str) -> dict[str, str]:
        if code == "territory":
            return dict(territories)
        if code == "period":
            return {p: p for p in periods}
        names = dict(meta[code].values) if code in meta else {}
        return {c: ("Total" if c == TOTAL else names.get(c, c)) for c in categories[code]}

    dimension = {}
    for code in ids:
        label = code
        if code in meta:
            label = meta[code].name_en or meta[code].name_pl
        dimension[code] = {
            "label": label,
            "category": {
                "index": categories[code],
                "label": labels(code),
            },
        }
    dimension["territory"]["label"] = "territory"
    dimension["period"]["label"] = "period"
    out = {
        "version": "2.0",
        "class": "dataset",
        "href": "",
        "label": ds.name,
        "source": ds.source,
        "id": ids,
        "size": sizes,
        "role": {"time": ["period"], "geo": ["territory"]},
        "dimension": dimension,
        "value": _VALUES,
        "status": status,
        "extension": {
            "indicator": ds.code,
            "unit": ds.unit,
            "decimals": ds.decimals,
            "status": STATUS_LABELS,
        },
    }
    if not ds.source:
        del out["source"]
    del out["href"]
    if ds.updated is not None:
        out["updated"] = ds.updated.isoformat()
    return out, values


def _dump(obj: dict, values: list[str]) -> str:
    text = json.dumps(obj, ensure_ascii=False)
    return text.replace(json.dumps(_VALUES), "[" + ",".join(values) + "]", 1)


def write_jsonstat(datasets: Sequence[Dataset], *, collection: bool | None = None) -> bytes:
    """One dataset alone, or a ``collection`` holding each one (the default for several)."""
    if collection is None:
        collection = len(datasets) != 1
    if not collection:
        obj, values = dataset_dict(datasets[0])
        return _dump(obj, values).encode("utf-8")
    parts = []
    for ds in datasets:
        obj, values = dataset_dict(ds)
        parts.append(_dump(obj, values))
    head = {
        "version": "2.0",
        "class": "collection",
        "label": "Stradom",
        "link": {"item": _VALUES},
    }
    return (
        json.dumps(head, ensure_ascii=False)
        .replace(json.dumps(_VALUES), "[" + ",".join(parts) + "]", 1)
        .encode("utf-8")
    )
