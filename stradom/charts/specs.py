"""Vega-Lite v5 specifications built from plain data, for screen and paper alike.

Nothing here imports Django: callers pass plain lists of dicts (the shapes below) and
get a ``dict`` ready for ``json.dumps``. The portal, the workspace and the reports
(rendered to SVG with vl-convert) share these builders, so a chart looks the same
everywhere. Numbers enter as ``Decimal`` or ``str`` and leave as JSON numbers — a
chart draws; the exact values are in the table shown beside it.

Accessibility: every chart gets a ``description`` (read by screen readers through
vega-embed's ``aria-label``), colours come from colour-blind-safe schemes, and no
meaning rests on colour alone (lines differ by dash, the home unit in a comparison
is also named in its label).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"

# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "grey": "#555555",
}
# Sequential, colour-blind-safe and readable in greyscale (Crameri / viridis family).
MAP_SCHEME = "viridis"


def _num(value: Decimal | str | float | int | None) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def _base(title: str, description: str, width: int | str = "container", height: int = 280):
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": description or title,
        "width": width,
        "height": height,
        "config": {
            # The chart's container carries role="img" and the description; the marks
            # inside are not announced one by one (the table beside says the same).
            "mark": {"aria": False},
            "font": "system-ui, sans-serif",
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFontSize": 12, "titleFontSize": 12},
        },
    }


def _is_year(period: str) -> bool:
    return len(period) == 4 and period.isdigit()


def _segment_of(period: str, starts: Sequence[str]) -> int:
    """How many breaks a period lies at or after (breaks are years or periods)."""
    return sum(1 for start in starts if period[: len(start)] >= start)


def series_spec(
    points: Iterable[Mapping[str, Any]],
    *,
    title: str,
    unit: str = "",
    value_title: str = "value",
    period_title: str = "period",
    description: str = "",
    baseline: Mapping[str, Any] | None = None,
    target: Mapping[str, Any] | None = None,
    labels: Mapping[str, str] | None = None,
    decimals: int = 1,
    breaks: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """A time series as a line with points; its confidence band when the values have one;
    the baseline and the target as labelled horizontal rules.

    ``points``: ``{"period": "2019", "value": …, "ci_low": …, "ci_high": …, "status": …}``.
    ``baseline`` / ``target``: ``{"year": 2019, "value": …}``. ``labels``: translated
    words for ``"value"``, ``"ci"``, ``"baseline"``, ``"target"``, ``"break"``.

    ``breaks``: ``{"period": "2024"}`` (a year or a period), where the series starts
    again because the values before are not comparable (a survey's method changed).
    Each row gets a ``segment`` number; the line and the band are drawn per segment, so
    nothing joins values across a break, and a dashed vertical rule with the words
    ``labels["break"]`` marks where it happens. The reason belongs in words beside the
    chart. A yearly series (every period a year) has a year axis, so a missing year is
    a visible gap; other periods stay in order on an ordinal axis.
    """
    words = {
        "value": "value",
        "ci": "confidence interval",
        "baseline": "baseline",
        "target": "target",
        "break": "not comparable",
    }
    words.update(labels or {})
    starts = sorted(str(b["period"]) for b in breaks)
    rows = [
        {
            "period": str(p["period"]),
            "value": _num(p.get("value")),
            "ci_low": _num(p.get("ci_low")),
            "ci_high": _num(p.get("ci_high")),
            "status": p.get("status", ""),
            "segment": _segment_of(str(p["period"]), starts),
        }
        for p in points
    ]
    yearly = bool(rows) and all(_is_year(r["period"]) for r in rows)
    fmt = f",.{max(0, int(decimals))}f"
    y_title = f"{value_title} ({unit})" if unit else value_title
    if yearly:
        for r in rows:
            r["year"] = int(r["period"])
        years = [r["year"] for r in rows]
        # Half a year of room at each end, so the first and last points are not on the
        # frame and a break rule (half a year before its first value) fits; whole years
        # only on the axis, written without a thousands separator.
        x: dict[str, Any] = {
            "field": "year",
            "type": "quantitative",
            "title": period_title,
            "scale": {"domain": [min(years) - 0.5, max(years) + 0.5], "nice": False},
            "axis": {"format": "d", "tickMinStep": 1, "labelAngle": 0, "labelOverlap": True},
        }
    else:
        x = {"field": "period", "type": "ordinal", "title": period_title, "sort": None}
        x["axis"] = {"labelAngle": 0, "labelOverlap": True}
    segment = {"field": "segment", "type": "nominal"}
    layers: list[dict[str, Any]] = []
    if any(r["ci_low"] is not None and r["ci_high"] is not None for r in rows):
        layers.append(
            {
                "mark": {"type": "area", "opacity": 0.25, "color": OKABE_ITO["sky"]},
                "transform": [{"filter": "datum.ci_low != null && datum.ci_high != null"}],
                "encoding": {
                    "x": x,
                    "y": {"field": "ci_low", "type": "quantitative"},
                    "y2": {"field": "ci_high"},
                    "detail": segment,
                    "tooltip": [
                        {"field": "period", "title": period_title},
                        {"field": "ci_low", "title": words["ci"] + " −", "format": fmt},
                        {"field": "ci_high", "title": words["ci"] + " +", "format": fmt},
                    ],
                },
            }
        )
    layers.append(
        {
            "mark": {
                "type": "line",
                "point": {"filled": True, "size": 50},
                "color": OKABE_ITO["blue"],
                "strokeWidth": 2,
            },
            "transform": [{"filter": "datum.value != null"}],
            "encoding": {
                "x": x,
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": y_title,
                    "scale": {"zero": False},
                    "axis": {"format": ",~r"},
                },
                "detail": segment,
                "tooltip": [
                    {"field": "period", "title": period_title},
                    {"field": "value", "title": words["value"], "format": fmt},
                ],
            },
        }
    )
    rules = []
    for number in range(1, len(starts) + 1):
        first = next((r for r in rows if r["segment"] == number), None)
        if first is None or not any(r["segment"] < number for r in rows):
            continue  # a break before the first or after the last value splits nothing
        rule = {"label": words["break"], "period": first["period"]}
        if yearly:
            rule["year"] = first["year"] - 0.5
        rules.append(rule)
    if rules:
        layers.append(
            {
                "data": {"values": rules},
                "layer": [
                    {
                        "mark": {"type": "rule", "color": OKABE_ITO["grey"], "strokeDash": [4, 4]},
                        "encoding": {"x": x},
                    },
                    {
                        # At the foot of the rule, centred: clear of the target's and
                        # the baseline's words, which sit at the right and left ends.
                        "mark": {
                            "type": "text",
                            "align": "center",
                            "baseline": "bottom",
                            "y": {"expr": "height"},
                            "dy": -4,
                            "color": OKABE_ITO["grey"],
                        },
                        "encoding": {"x": x, "text": {"field": "label"}},
                    },
                ],
            }
        )
    for key, colour, dash in (
        ("baseline", OKABE_ITO["grey"], [2, 2]),
        ("target", OKABE_ITO["vermillion"], [8, 4]),
    ):
        ref = baseline if key == "baseline" else target
        if not ref or _num(ref.get("value")) is None:
            continue
        text = words[key] + (f" {ref['year']}" if ref.get("year") else "")
        datum = {"value": _num(ref["value"]), "label": text}
        layers.append(
            {
                "data": {"values": [datum]},
                "layer": [
                    {
                        "mark": {"type": "rule", "color": colour, "strokeDash": dash},
                        "encoding": {"y": {"field": "value", "type": "quantitative"}},
                    },
                    {
                        # The baseline's words sit at the left end, the target's at the
                        # right, so the two never overlap when the values are close.
                        "mark": {
                            "type": "text",
                            "align": "left" if key == "baseline" else "right",
                            "dx": 4 if key == "baseline" else -4,
                            "dy": -6,
                            "x": 0 if key == "baseline" else {"expr": "width"},
                            "color": colour,
                            "fontWeight": "bold",
                        },
                        "encoding": {
                            "y": {"field": "value", "type": "quantitative"},
                            "text": {"field": "label"},
                        },
                    },
                ],
            }
        )
    spec = _base(title, description)
    spec["data"] = {"values": rows}
    spec["layer"] = layers
    return spec


def _signed_area(ring: Sequence[Sequence[float]]) -> float:
    return sum(
        x1 * y2 - x2 * y1 for (x1, y1, *_a), (x2, y2, *_b) in zip(ring, ring[1:], strict=False)
    )


def _rewind_ring(ring: list, clockwise: bool) -> list:
    is_clockwise = _signed_area(ring) < 0
    return ring if is_clockwise == clockwise else list(reversed(ring))


def d3_winding(geometry: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """A GeoJSON geometry with its rings wound the way Vega's d3-geo expects.

    RFC 7946 winds outer rings counter-clockwise; d3-geo works on the sphere and reads such
    a ring as "everything except this area", which paints the whole map in one colour.
    So outer rings are turned clockwise and holes counter-clockwise.
    """
    if not geometry:
        return geometry
    kind = geometry.get("type")

    def polygon(rings):
        return [_rewind_ring(list(r), clockwise=(i == 0)) for i, r in enumerate(rings)]

    if kind == "Polygon":
        return {**geometry, "coordinates": polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {**geometry, "coordinates": [polygon(p) for p in geometry["coordinates"]]}
    return geometry


def map_spec(
    areas: Sequence[Mapping[str, Any]],
    *,
    title: str,
    unit: str = "",
    value_title: str = "value",
    area_title: str = "area",
    description: str = "",
    decimals: int = 1,
    no_data: str = "no data",
) -> dict[str, Any]:
    """A choropleth of areas: ``{"code", "name", "value", "geometry"}`` (GeoJSON geometry
    in longitude/latitude). Areas without a value are grey, not coloured, and say
    ``no_data``, or their own ``"note"`` (e.g. why an estimate was suppressed)."""
    features = [
        {
            "type": "Feature",
            "geometry": d3_winding(a["geometry"]),
            "properties": {
                "code": a["code"],
                "name": a["name"],
                "value": _num(a.get("value")),
                "shown": (a.get("note") or no_data) if _num(a.get("value")) is None else None,
            },
        }
        for a in areas
        if a.get("geometry")
    ]
    fmt = f",.{max(0, int(decimals))}f"
    legend_title = f"{value_title} ({unit})" if unit else value_title
    spec = _base(title, description, height=420)
    spec["data"] = {"values": {"type": "FeatureCollection", "features": features}}
    spec["data"]["format"] = {"type": "json", "property": "features"}
    spec["projection"] = {"type": "mercator"}
    spec["layer"] = [
        {
            "transform": [{"filter": "datum.properties.value == null"}],
            "mark": {"type": "geoshape", "fill": "#dddddd", "stroke": "#ffffff"},
            "encoding": {
                "tooltip": [
                    {"field": "properties.name", "title": area_title},
                    {"field": "properties.shown", "title": value_title},
                ]
            },
        },
        {
            "transform": [{"filter": "datum.properties.value != null"}],
            "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 1},
            "encoding": {
                "color": {
                    "field": "properties.value",
                    "type": "quantitative",
                    "title": legend_title,
                    "scale": {"scheme": MAP_SCHEME},
                    "legend": {"format": ",~r"},
                },
                "tooltip": [
                    {"field": "properties.name", "title": area_title},
                    {"field": "properties.value", "title": value_title, "format": fmt},
                ],
            },
        },
    ]
    return spec


def peers_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    unit: str = "",
    value_title: str = "value",
    unit_title: str = "territorial unit",
    description: str = "",
    decimals: int = 1,
) -> dict[str, Any]:
    """Units side by side for one period, as horizontal bars, largest first.

    ``rows``: ``{"name", "value", "home": bool}``; the home unit's bar is a different
    colour *and* its label carries a marker (``▶``), so it is found without colour.
    """
    data = [
        {
            "name": ("▶ " if r.get("home") else "") + str(r["name"]),
            "value": _num(r.get("value")),
            "home": bool(r.get("home")),
        }
        for r in rows
        if _num(r.get("value")) is not None
    ]
    fmt = f",.{max(0, int(decimals))}f"
    x_title = f"{value_title} ({unit})" if unit else value_title
    # Whole numbers (counts) get whole ticks: no "0,1 0,2 ..." under a bar of 1.
    x_axis = {"tickMinStep": 1, "format": "d"} if decimals <= 0 else {}
    spec = _base(title, description, height=max(120, 26 * len(data)))
    spec["data"] = {"values": data}
    spec["layer"] = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                "y": {
                    "field": "name",
                    "type": "nominal",
                    "sort": "-x",
                    "title": unit_title,
                    "axis": {"labelLimit": 260},
                },
                "x": {"field": "value", "type": "quantitative", "title": x_title, "axis": x_axis},
                "color": {
                    "field": "home",
                    "type": "nominal",
                    "scale": {
                        "domain": [False, True],
                        "range": [OKABE_ITO["sky"], OKABE_ITO["vermillion"]],
                    },
                    "legend": None,
                },
                "tooltip": [
                    {"field": "name", "title": unit_title},
                    {"field": "value", "title": value_title, "format": fmt},
                ],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 3},
            "encoding": {
                "y": {"field": "name", "type": "nominal", "sort": "-x"},
                "x": {"field": "value", "type": "quantitative"},
                "text": {"field": "value", "type": "quantitative", "format": fmt},
            },
        },
    ]
    return spec


# Line dashes that tell series apart without colour (solid, dashed, dotted, dash-dot).
DASHES = ([1, 0], [8, 4], [2, 3], [8, 3, 2, 3])
SHAPES = ("circle", "square", "triangle-up", "diamond")


def lines_spec(
    series: Sequence[Mapping[str, Any]],
    *,
    title: str,
    unit: str = "",
    value_title: str = "value",
    period_title: str = "year",
    series_title: str = "series",
    description: str = "",
    decimals: int = 1,
) -> dict[str, Any]:
    """Several yearly series on one chart (up to four): ``{"name", "points": [{"year",
    "value"}]}``. Each series has its own colour, dash and point shape, named in the
    legend, so no series is told from another by colour alone."""
    names = [str(s["name"]) for s in series][: len(DASHES)]
    rows = [
        {"series": str(s["name"]), "year": int(p["year"]), "value": _num(p.get("value"))}
        for s in series
        if str(s["name"]) in names
        for p in s["points"]
        if _num(p.get("value")) is not None
    ]
    fmt = f",.{max(0, int(decimals))}f"
    palette = [OKABE_ITO[c] for c in ("blue", "vermillion", "green", "purple")]
    scale = {"domain": names}
    spec = _base(title, description)
    spec["data"] = {"values": rows}
    spec["mark"] = {"type": "line", "point": {"filled": True, "size": 45}, "strokeWidth": 2}
    spec["encoding"] = {
        "x": {
            "field": "year",
            "type": "quantitative",
            "title": period_title,
            "axis": {"format": "d", "tickMinStep": 1, "labelOverlap": True},
            "scale": {"nice": False},
        },
        "y": {
            "field": "value",
            "type": "quantitative",
            "title": f"{value_title} ({unit})" if unit else value_title,
            "axis": {"format": ",~r"},
        },
        "color": {
            "field": "series",
            "type": "nominal",
            "title": series_title,
            "scale": {**scale, "range": palette[: len(names)]},
            "legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 400},
        },
        "strokeDash": {
            "field": "series",
            "type": "nominal",
            "scale": {**scale, "range": list(DASHES[: len(names)])},
            "legend": None,
        },
        "shape": {
            "field": "series",
            "type": "nominal",
            "scale": {**scale, "range": list(SHAPES[: len(names)])},
            "legend": None,
        },
        "tooltip": [
            {"field": "series", "title": series_title},
            {"field": "year", "title": period_title},
            {"field": "value", "title": value_title, "format": fmt},
        ],
    }
    return spec


def pyramid_spec(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    left_title: str,
    right_title: str,
    group_title: str = "group",
    value_title: str = "value",
    description: str = "",
    decimals: int = 0,
    width: int = 220,
) -> dict[str, Any]:
    """Two sides of a population pyramid: ``{"group", "left", "right"}`` in the order
    given, drawn top to bottom (so the youngest group first means youngest on top). The
    sides are told apart by their place and titles (``left_title``, ``right_title``), the
    groups' names stand between them, and each bar carries its number."""
    order = [str(r["group"]) for r in rows]
    data = [
        {"group": str(r["group"]), "side": side, "value": _num(r.get(side))}
        for r in rows
        for side in ("left", "right")
        if _num(r.get(side)) is not None
    ]
    fmt = f",.{max(0, int(decimals))}f"
    height = max(120, 22 * len(order))
    y = {"field": "group", "type": "ordinal", "sort": order, "axis": None, "title": group_title}

    def side(name: str, heading: str, colour: str) -> dict[str, Any]:
        x: dict[str, Any] = {
            "field": "value",
            "type": "quantitative",
            "title": value_title,
            "axis": {"format": ",~r", "labelOverlap": True, "tickCount": 3},
        }
        if name == "left":
            x["scale"] = {"reverse": True}
        return {
            "width": width,
            "height": height,
            "title": {"text": heading, "fontSize": 12},
            "transform": [{"filter": {"field": "side", "equal": name}}],
            "layer": [
                {"mark": {"type": "bar", "color": colour}, "encoding": {"y": y, "x": x}},
                {
                    "mark": {
                        "type": "text",
                        "align": "right" if name == "left" else "left",
                        "dx": -3 if name == "left" else 3,
                        "fontSize": 10,
                    },
                    "encoding": {
                        "y": y,
                        "x": {"field": "value", "type": "quantitative"},
                        "text": {"field": "value", "type": "quantitative", "format": fmt},
                    },
                },
            ],
        }

    middle = {
        "width": 50,
        "height": height,
        "transform": [{"filter": {"field": "side", "equal": "left"}}],
        "mark": {"type": "text", "align": "center", "fontSize": 11},
        "encoding": {"y": y, "text": {"field": "group", "type": "nominal"}},
        "view": {"stroke": None},
    }
    spec = _base(title, description)
    for key in ("width", "height"):
        spec.pop(key)
    spec["data"] = {"values": data}
    spec["spacing"] = 4
    spec["hconcat"] = [
        side("left", left_title, OKABE_ITO["blue"]),
        middle,
        side("right", right_title, OKABE_ITO["orange"]),
    ]
    spec["config"]["view"] = {"stroke": None}
    return spec


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def trends_spec(
    panels: Sequence[Mapping[str, Any]],
    *,
    title: str,
    description: str = "",
    labels: Mapping[str, str] | None = None,
    columns: int = 3,
    width: int = 160,
    height: int = 95,
) -> dict[str, Any]:
    """Small multiples: one small yearly chart per panel, each with its own scale.

    ``panels``: ``{"title", "unit", "points": [{"year", "value"}], "target": {"year",
    "value"} | None, "decimals"}``. A target is a dashed rule named in words
    (``labels["target"]``), so it is not told by colour alone.
    """
    words = {"target": "target", "year": "year", "value": "value"}
    words.update(labels or {})
    charts = []
    for panel in panels:
        rows = [
            {"year": int(p["year"]), "value": _num(p.get("value"))}
            for p in panel["points"]
            if _num(p.get("value")) is not None
        ]
        fmt = f",.{max(0, int(panel.get('decimals', 1)))}f"
        x = {
            "field": "year",
            "type": "quantitative",
            "title": None,
            "axis": {"format": "d", "tickMinStep": 1, "labelOverlap": True, "tickCount": 4},
            "scale": {"nice": False},
        }
        layers: list[dict[str, Any]] = [
            {
                "data": {"values": rows},
                "mark": {
                    "type": "line",
                    "point": {"filled": True, "size": 25},
                    "color": OKABE_ITO["blue"],
                    "strokeWidth": 1.5,
                },
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "title": panel.get("unit") or None,
                        "scale": {"zero": False},
                        "axis": {"format": ",~r", "tickCount": 4},
                    },
                    "tooltip": [
                        {"field": "year", "title": words["year"]},
                        {"field": "value", "title": words["value"], "format": fmt},
                    ],
                },
            }
        ]
        target = panel.get("target")
        if target and _num(target.get("value")) is not None:
            text = words["target"] + (f" {target['year']}" if target.get("year") else "")
            last = max((r["year"] for r in rows), default=None)
            layers.append(
                {
                    "data": {
                        "values": [{"value": _num(target["value"]), "label": text, "year": last}]
                    },
                    "layer": [
                        {
                            "mark": {
                                "type": "rule",
                                "color": OKABE_ITO["vermillion"],
                                "strokeDash": [6, 3],
                            },
                            "encoding": {"y": {"field": "value", "type": "quantitative"}},
                        },
                        {
                            # At the right end of the panel, above the rule (a panel of
                            # small multiples has no width signal of its own to place it by).
                            "mark": {
                                "type": "text",
                                "align": "right",
                                "dy": -5,
                                "fontSize": 9,
                                "color": OKABE_ITO["vermillion"],
                            },
                            "encoding": {
                                "x": x,
                                "y": {"field": "value", "type": "quantitative"},
                                "text": {"field": "label"},
                            },
                        },
                    ],
                }
            )
        charts.append(
            {
                "title": {
                    "text": _wrapped(str(panel["title"]), max(20, width // 6)),
                    "fontSize": 10,
                    "fontWeight": "normal",
                    "anchor": "start",
                },
                "width": width,
                "height": height,
                "layer": layers,
            }
        )
    spec = _base(title, description)
    for key in ("width", "height"):
        spec.pop(key)
    spec["columns"] = columns
    spec["spacing"] = 16
    spec["concat"] = charts
    spec["config"]["axis"] = {"labelFontSize": 9, "titleFontSize": 9}
    return spec
