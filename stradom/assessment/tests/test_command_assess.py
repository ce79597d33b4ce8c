from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


def run(*args, language="en") -> str:
    out = io.StringIO()
    with translation.override(language):
        call_command("assess", *args, stdout=out)
    return out.getvalue()


def test_table_shows_tree_statuses_figures_and_reasons(plan):
    text = run("--as-of", "2022")
    lines = text.splitlines()
    assert lines[0] == "S v1 — Strategia (2018–2030)"
    assert "Open SDG / Statistics Canada (opensdg); as of 2022" in lines[1]
    assert "I Cel I  [cel strategiczny]" in lines
    assert "  I.1 Cel I.1  [cel operacyjny]" in lines
    air = next(line for line in lines if "PM10_AVG" in line)
    assert air == (
        "    - PM10_AVG (1261011): On track — base 2015: 50.0, latest 2020: 40.0, "
        "target 2030: 30.0, ratio 1.30"
    )
    trams = next(line for line in lines if "TRAM_SAT" in line)
    assert "Deterioration" in trams and "growth \u22121.3%/yr" in trams
    assert any("no desired direction" in line for line in lines)
    assert any("No indicator is linked to this goal" in line for line in lines)
    assert "By management domain:" in lines


def test_polish_table_writes_numbers_as_the_pages_do(plan):
    lines = run("--as-of", "2022", language="pl").splitlines()
    air = next(line for line in lines if "PM10_AVG" in line)
    assert air == (
        "    - PM10_AVG (1261011): Na dobrej drodze — wartość bazowa 2015: 50,0, "
        "najnowsza wartość 2020: 40,0, wartość docelowa 2030: 30,0, stosunek: 1,30"
    )
    trams = next(line for line in lines if "TRAM_SAT" in line)
    assert trams.endswith("tempo wzrostu: \u22121,3% rocznie")


def test_csv_has_a_row_per_link_and_per_goal(plan):
    rows = list(csv.DictReader(io.StringIO(run("--as-of", "2022", "--format", "csv"))))
    assert [r["row"] for r in rows].count("link") == 3
    assert [r["row"] for r in rows].count("goal") == 5
    air = next(r for r in rows if r["indicator_code"] == "PM10_AVG")
    assert (air["status"], air["latest_value"], air["target_value"]) == (
        "substantial_progress",
        "40",
        "30",
    )
    top = next(r for r in rows if r["row"] == "goal" and r["goal_code"] == "I")
    assert (top["n_links"], top["covered"], top["coverage"]) == ("2", "1", "0.5")
    empty = next(r for r in rows if r["row"] == "goal" and r["goal_code"] == "III")
    assert empty["reason"] == "No indicator is linked to this goal or to any goal below it."


def test_json_has_everything_including_inputs(plan):
    data = json.loads(run("--as-of", "2022", "--format", "json", "--method", "linear"))
    assert data["method"] == "linear" and data["as_of_year"] == 2022
    assert data["strategy"]["code"] == "S"
    air = next(r for r in data["links"] if r["indicator_code"] == "PM10_AVG")
    assert air["status"] == "on_track"
    assert air["inputs"]["share_elapsed"] == pytest.approx(1 / 3)
    assert air["label_text"] == "On track"
    women = next(r for r in data["links"] if r["dimensions"] == "sex=F")
    assert women["reason_text"].startswith("The indicator has no desired direction")
    assert [g["code"] for g in data["goals"]] == ["I", "I.1", "I.2", "II", "III"]


def test_unknown_strategy_is_refused(plan):
    with pytest.raises(CommandError, match="No strategy with code X"):
        run("--strategy", "X")
