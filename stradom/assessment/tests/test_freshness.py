"""An assessment on old data says so: each link carries its freshness, roll-ups count the
links on current data, and ``stradom assess`` prints both (frozen days)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from stradom.assessment.rollup import summarize
from stradom.assessment.services import assess_strategy
from stradom.catalog.models import Indicator

pytestmark = pytest.mark.django_db

NOV_2026 = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture
def lags(plan):
    # PM10_AVG (values 2015, 2020): GIOŚ's 120 days, so 2025 is expected in November 2026.
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)
    # TRAM_SAT (2015, 2019): a survey every seven years, 2019 is the wave expected.
    Indicator.objects.filter(code="TRAM_SAT").update(publication_lag_days=2400)
    return plan


def _links(result):
    return {r["indicator_code"]: r for r in result["links"]}


def _goals(result):
    return {g["code"]: g["rollup"] for g in result["goals"]}


def test_each_link_carries_its_freshness_on_the_day_assessed(lags):
    with time_machine.travel(NOV_2026, tick=False):
        result = assess_strategy(lags.strategy)
    links = _links(result)
    assert result["as_of_year"] == 2026
    assert links["PM10_AVG"]["freshness"] == {
        "latest_period": "2020",
        "expected_period": "2025",
        "stale": True,
        "periods_behind": 5,
        "as_of": "2026-11-20",
        "frequency": "Y",
        "publication_lag_days": 120,
    }
    assert (links["TRAM_SAT"]["freshness"]["stale"], links["TRAM_SAT"]["status"]) == (
        False,
        "deterioration",
    )
    # POP has no lag: nothing is judged.
    assert links["POP"]["freshness"]["stale"] is None
    assert links["POP"]["freshness"]["expected_period"] is None


def test_a_past_year_is_judged_on_its_last_day(lags):
    with time_machine.travel(NOV_2026, tick=False):
        result = assess_strategy(lags.strategy, as_of_year=2022)
    fresh = _links(result)["PM10_AVG"]["freshness"]
    # On 31.12.2022 the year 2021 was due (by 30 April 2022); the latest is 2020.
    assert (fresh["as_of"], fresh["expected_period"], fresh["periods_behind"]) == (
        "2022-12-31",
        "2021",
        1,
    )


def test_a_baseline_the_strategy_supplies_is_not_fresh_data(lags):
    lags.air.baseline_year = 2025
    lags.air.baseline_value = Decimal(45)
    lags.air.save()
    with time_machine.travel(NOV_2026, tick=False):
        link = _links(assess_strategy(lags.strategy))["PM10_AVG"]
    assert link["baseline_point_added"] is True
    assert (link["freshness"]["latest_period"], link["freshness"]["stale"]) == ("2020", True)


def test_roll_ups_count_the_assessed_links_on_current_data(lags):
    with time_machine.travel(NOV_2026, tick=False):
        result = assess_strategy(lags.strategy)
    goals = _goals(result)
    top = goals["I"]  # PM10_AVG (late) and TRAM_SAT (current), both assessed
    assert (top["n_assessable"], top["n_current"], top["n_stale"], top["current_share"]) == (
        2,
        1,
        1,
        0.5,
    )
    # II has POP only, not assessable (no desired direction): no share.
    assert (goals["II"]["n_current"], goals["II"]["current_share"]) == (0, None)
    domains = {d["code"]: d["rollup"] for d in result["domains"]}
    assert (domains["srodowisko"]["n_stale"], domains["transport"]["n_current"]) == (1, 1)


def test_summarize_leaves_out_links_not_assessed_and_those_not_judged():
    links = [
        {"goal_id": 1, "status": "target_achieved", "freshness": {"stale": False}},
        {"goal_id": 1, "status": "deterioration", "freshness": {"stale": True}},
        {"goal_id": 1, "status": "moderate_progress", "freshness": {"stale": None}},
        {"goal_id": 1, "status": "moderate_progress"},  # a run stored before freshness
        {"goal_id": 1, "status": "not_assessable", "freshness": {"stale": False}},
    ]
    r = summarize(links, as_of_year=2026)
    assert (r.n_assessable, r.n_current, r.n_stale, r.current_share) == (4, 1, 1, 0.25)
    assert r.as_dict()["current_share"] == 0.25


def _assess(*args) -> str:
    out = io.StringIO()
    with translation.override("en"), time_machine.travel(NOV_2026, tick=False):
        call_command("assess", *args, stdout=out)
    return out.getvalue()


def test_assess_table_says_which_results_rest_on_old_data(lags):
    lines = _assess().splitlines()
    air = lines.index(next(line for line in lines if "- PM10_AVG" in line))
    assert lines[air + 1] == "        latest value from 2020; 2025 expected"
    trams = lines.index(next(line for line in lines if "- TRAM_SAT" in line))
    assert "expected" not in lines[trams + 1]
    top = next(line for line in lines if line.startswith("  = ") and "2 indicators" in line)
    assert "; on current data: 1 of 2 assessed indicators" in top
    assert "freshness not known" not in top


def test_assess_csv_and_json_carry_the_freshness(lags):
    rows = list(csv.DictReader(io.StringIO(_assess("--format", "csv"))))
    air = next(r for r in rows if r["indicator_code"] == "PM10_AVG")
    assert (
        air["latest_period"],
        air["expected_period"],
        air["stale"],
        air["periods_behind"],
    ) == ("2020", "2025", "True", "5")
    top = next(r for r in rows if r["row"] == "goal" and r["goal_code"] == "I")
    assert (top["n_current"], top["n_stale"], top["current_share"]) == ("1", "1", "0.5")
    data = json.loads(_assess("--format", "json"))
    air = next(r for r in data["links"] if r["indicator_code"] == "PM10_AVG")
    assert air["freshness"]["expected_period"] == "2025"
    assert air["freshness_text"] == "latest value from 2020; 2025 expected"


def test_assess_table_in_polish(lags):
    out = io.StringIO()
    with translation.override("pl"), time_machine.travel(NOV_2026, tick=False):
        call_command("assess", stdout=out)
    text = out.getvalue()
    assert "ostatnia wartość z 2020 r.; oczekiwano 2025 r." in text
    assert "na aktualnych danych: 1 z 2 ocenionych wskaźników" in text
