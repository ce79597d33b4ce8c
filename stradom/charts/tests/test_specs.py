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
