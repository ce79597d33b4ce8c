"""The Vega-Lite builders: plain data in, JSON-ready specs out (no Django)."""

from __future__ import annotations

import json
from decimal import Decimal

from stradom.charts.specs import OKABE_ITO, d3_winding, map_spec, peers_spec, series_spec


def test_series_has_line_band_baseline_and_target():
    spec = series_spec(
        [
            {
                "period": "2019",
                "value": Decimal("10.5"),
                "ci_low": Decimal("9"),
                "ci_high": Decimal("12"),
            },
            {"period": "2020", "value": None},
            {"period": "2021", "value": "11"},
        ],
        title="T",
        unit="%",
        baseline={"year": 2019, "value": Decimal("10.5")},
        target={"year": 2030, "value": "20"},
        labels={"baseline": "bazowa", "target": "docelowa"},
    )
    json.dumps(spec)  # JSON-ready: no Decimal left
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
    assert spec["data"]["values"][0] == {
        "period": "2019",
        "value": 10.5,
        "ci_low": 9.0,
        "ci_high": 12.0,
        "status": "",
        "segment": 0,
        "year": 2019,
    }
    marks = [layer.get("mark", {}).get("type") for layer in spec["layer"]]
    assert marks[:2] == ["area", "line"]
    refs = [layer["data"]["values"][0] for layer in spec["layer"] if "data" in layer]
    assert refs == [
        {"value": 10.5, "label": "bazowa 2019"},
        {"value": 20.0, "label": "docelowa 2030"},
    ]
    dashes = [layer["layer"][0]["mark"]["strokeDash"] for layer in spec["layer"] if "data" in layer]
    assert dashes[0] != dashes[1]  # told apart without colour


def test_series_without_intervals_or_references_is_a_single_line():
    spec = series_spec([{"period": "2019", "value": 1}], title="T")
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line"]
    assert spec["description"] == "T"


def test_map_rewinds_rings_for_d3_and_marks_missing_values():
    ccw = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    rewound = d3_winding(ccw)
    assert rewound["coordinates"][0] == [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
    assert d3_winding(rewound) == rewound
    spec = map_spec(
        [
            {"code": "a", "name": "A", "value": Decimal("3"), "geometry": ccw},
            {"code": "b", "name": "B", "value": None, "geometry": ccw},
            {"code": "c", "name": "C", "value": 1, "geometry": None},
        ],
        title="M",
        no_data="brak danych",
    )
    features = spec["data"]["values"]["features"]
    assert [f["properties"]["code"] for f in features] == ["a", "b"]
    assert features[1]["properties"]["shown"] == "brak danych"
    noted = map_spec(
        [{"code": "b", "name": "B", "value": None, "geometry": ccw, "note": "utajnione"}],
        title="M",
    )
    assert noted["data"]["values"]["features"][0]["properties"]["shown"] == "utajnione"
    assert spec["layer"][1]["encoding"]["color"]["scale"]["scheme"] == "viridis"


def test_peers_mark_the_home_unit_by_words_as_well_as_colour():
    spec = peers_spec(
        [
            {"name": "Kraków", "value": Decimal("2"), "home": True},
            {"name": "Łódź", "value": 3},
            {"name": "Gdańsk", "value": None},
        ],
        title="P",
    )
    assert spec["data"]["values"] == [
        {"name": "▶ Kraków", "value": 2.0, "home": True},
        {"name": "Łódź", "value": 3.0, "home": False},
    ]
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["range"] == [OKABE_ITO["sky"], OKABE_ITO["vermillion"]]


SURVEY = [
    {"period": "2019", "value": 40, "ci_low": 36, "ci_high": 44},
    {"period": "2021", "value": 45, "ci_low": 41, "ci_high": 49},
    {"period": "2024", "value": 60, "ci_low": 56, "ci_high": 64},
    {"period": "2025", "value": "58", "ci_low": 54, "ci_high": 62},
]


def test_a_break_splits_the_line_and_the_band_into_segments_and_is_marked():
    spec = series_spec(
        SURVEY, title="T", breaks=[{"period": "2024"}], labels={"break": "nieporównywalne"}
    )
    json.dumps(spec)
    assert [r["segment"] for r in spec["data"]["values"]] == [0, 0, 1, 1]
    area, line, rule = spec["layer"]
    assert area["encoding"]["detail"] == {"field": "segment", "type": "nominal"}
    assert line["encoding"]["detail"] == {"field": "segment", "type": "nominal"}
    assert line["mark"]["point"]  # every value still has its point
    assert rule["data"]["values"] == [
        {"label": "nieporównywalne", "period": "2024", "year": 2023.5}
    ]
    assert rule["layer"][0]["mark"]["strokeDash"]  # dashed, not told by colour alone


def test_breaks_outside_the_values_split_nothing():
    for period in ("2019", "2017", "2030"):
        spec = series_spec(SURVEY, title="T", breaks=[{"period": period}])
        assert len({r["segment"] for r in spec["data"]["values"]}) == 1, period
        assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line"]


def _line_paths(spec) -> list[str]:
    import re

    import vl_convert

    svg = vl_convert.vegalite_to_svg(json.dumps({**spec, "width": 400}))
    groups = re.findall(r'<g class="mark-line role-mark[^>]*>(.*?)</g>', svg)
    return [d for g in groups for d in re.findall(r'<path[^>]* d="([^"]+)"', g)]


def test_drawn_chart_has_one_line_per_comparable_stretch():
    joined = _line_paths(series_spec(SURVEY, title="T"))
    split = _line_paths(series_spec(SURVEY, title="T", breaks=[{"period": "2024"}]))
    assert len(joined) == 1 and joined[0].count("L") == 3  # 4 points, one line
    assert len(split) == 2 and [d.count("L") for d in split] == [1, 1]


def test_yearly_series_has_a_year_axis_with_gaps_and_other_periods_stay_ordinal():
    spec = series_spec(SURVEY, title="T", period_title="rok")
    x = spec["layer"][1]["encoding"]["x"]
    assert x["field"] == "year" and x["type"] == "quantitative" and x["title"] == "rok"
    assert x["scale"]["domain"] == [2018.5, 2025.5]
    assert x["axis"]["format"] == "d" and x["axis"]["tickMinStep"] == 1
    assert [r["year"] for r in spec["data"]["values"]] == [2019, 2021, 2024, 2025]
    quarters = series_spec(
        [{"period": "2024-Q1", "value": 1}, {"period": "2024-Q3", "value": 2}], title="Q"
    )
    x = quarters["layer"][0]["encoding"]["x"]
    assert (x["field"], x["type"]) == ("period", "ordinal")
    assert "year" not in quarters["data"]["values"][0]


def test_quarterly_series_breaks_at_the_first_quarter_of_the_break_year():
    spec = series_spec(
        [{"period": p, "value": 1} for p in ("2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2")],
        title="Q",
        breaks=[{"period": "2024"}],
    )
    assert [r["segment"] for r in spec["data"]["values"]] == [0, 0, 1, 1]
    assert spec["layer"][1]["data"]["values"] == [{"label": "not comparable", "period": "2024-Q1"}]


def test_counts_are_drawn_with_whole_number_ticks():
    import re

    import vl_convert

    spec = peers_spec([{"name": "On track", "value": 1}], title="Indicators by status", decimals=0)
    svg = vl_convert.vegalite_to_svg(spec)
    ticks = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "1" in ticks
    assert not [t for t in ticks if re.fullmatch(r"0[.,]\d", t)]


def test_lines_tell_the_series_apart_by_dash_and_shape_as_well_as_colour():
    from stradom.charts.specs import lines_spec

    spec = lines_spec(
        [
            {"name": "revenue", "points": [{"year": 2024, "value": Decimal("10.5")}]},
            {"name": "expenditure", "points": [{"year": 2024, "value": 9}, {"year": 2025}]},
        ],
        title="Money",
        unit="zł",
    )
    assert spec["data"]["values"] == [
        {"series": "revenue", "year": 2024, "value": 10.5},
        {"series": "expenditure", "year": 2024, "value": 9.0},
    ]
    encoding = spec["encoding"]
    assert encoding["strokeDash"]["scale"]["range"] == [[1, 0], [8, 4]]
    assert encoding["shape"]["scale"]["range"] == ["circle", "square"]
    assert encoding["color"]["scale"]["domain"] == ["revenue", "expenditure"]
    assert encoding["y"]["title"] == "value (zł)"
    json.dumps(spec)


def test_a_pyramid_keeps_the_groups_in_order_and_names_both_sides():
    import re

    import vl_convert

    from stradom.charts.specs import pyramid_spec

    rows = [{"group": "15-19", "left": 140, "right": 139}, {"group": "20-24", "left": 193}]
    spec = pyramid_spec(rows, title="Ages", left_title="men", right_title="women")
    left, middle, right = spec["hconcat"]
    assert left["title"]["text"] == "men" and right["title"]["text"] == "women"
    assert left["layer"][0]["encoding"]["x"]["scale"] == {"reverse": True}
    assert middle["encoding"]["y"]["sort"] == ["15-19", "20-24"]
    assert [(d["group"], d["side"], d["value"]) for d in spec["data"]["values"]] == [
        ("15-19", "left", 140.0),
        ("15-19", "right", 139.0),
        ("20-24", "left", 193.0),
    ]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", vl_convert.vegalite_to_svg(spec))
    assert {"15-19", "20-24", "men", "women", "140", "139", "193"} <= set(texts)


def test_small_multiples_draw_one_panel_per_series_with_its_target():
    import re

    import vl_convert

    from stradom.charts.specs import trends_spec

    panels = [
        {
            "title": "PM10 at a station with a long name",
            "unit": "µg/m³",
            "points": [{"year": 2020, "value": 50}, {"year": 2024, "value": 40}],
            "target": {"year": 2030, "value": 30},
            "decimals": 1,
        },
        {"title": "Births", "unit": "", "points": [{"year": 2023, "value": 7}], "target": None},
    ]
    spec = trends_spec(panels, title="Trends", labels={"target": "cel"}, columns=2, width=200)
    first, second = spec["concat"]
    assert spec["columns"] == 2 and first["width"] == 200
    assert first["title"]["text"] == ["PM10 at a station with a long", "name"]  # 33 a line
    assert first["layer"][1]["data"]["values"] == [
        {"value": 30.0, "label": "cel 2030", "year": 2024}
    ]
    assert len(second["layer"]) == 1  # no target, no rule
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", vl_convert.vegalite_to_svg(spec))
    assert "cel 2030" in texts and "Births" in texts
