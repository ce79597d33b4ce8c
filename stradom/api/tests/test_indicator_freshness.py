"""The API says, for each indicator, whether its values are up to date: the latest period
with a value, the period expected by today, stale or not (frozen days)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from stradom.catalog.models import Indicator

NOV_2026 = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


def _get(client, url):
    with time_machine.travel(NOV_2026, tick=False):
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_an_indicator_with_old_values_is_stale(client, stored):
    # PM10_AVG: 2022–2024 in Kraków, 2024 in a district; GIOŚ's 120 days: 2025 is due.
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)
    body = _get(client, "/api/indicators/PM10_AVG")
    assert body["publication_lag_days"] == 120
    assert body["freshness"] == {
        "latest_period": "2024",
        "expected_period": "2025",
        "stale": True,
        "periods_behind": 1,
        "as_of": "2026-11-20",
        "frequency": "Y",
        "publication_lag_days": 120,
    }


def test_the_list_gives_the_same_freshness_for_each_indicator(client, stored):
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=400)
    client.force_login(stored.analyst)
    items = {i["code"]: i for i in _get(client, "/api/indicators")["items"]}
    assert items["PM10_AVG"]["freshness"]["expected_period"] == "2024"
    assert (
        items["PM10_AVG"]["freshness"]["stale"],
        items["PM10_AVG"]["freshness"]["periods_behind"],
    ) == (False, 0)
    # No lag: nothing judged, the latest period given all the same.
    assert items["POP"]["publication_lag_days"] is None
    assert items["POP"]["freshness"]["latest_period"] == "2024"
    assert (items["POP"]["freshness"]["expected_period"], items["POP"]["freshness"]["stale"]) == (
        None,
        None,
    )
    # Never a value: stale once something is expected.
    Indicator.objects.filter(code="BIRTHS").update(publication_lag_days=181)
    births = _get(client, "/api/indicators/BIRTHS")["freshness"]
    assert (births["latest_period"], births["expected_period"], births["stale"]) == (
        None,
        "2025",
        True,
    )


def test_a_value_without_a_number_does_not_count_as_published(client, stored):
    from stradom.catalog.services import ObservationInput, write_observations

    report = write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2025", None, status="not_available")],
        actor=None,
        reason="not measured",
        channel="command",
    )
    assert report.ok, report.problems
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)
    assert _get(client, "/api/indicators/PM10_AVG")["freshness"]["latest_period"] == "2024"


def test_the_assessment_carries_each_links_freshness_and_the_share_on_current_data(
    client, strategy
):
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)
    body = _get(client, f"/api/strategies/{strategy.strategy.pk}/assessment")
    air = next(r for r in body["links"] if r["indicator_code"] == "PM10_AVG")
    assert (air["freshness"]["expected_period"], air["freshness"]["stale"]) == ("2025", True)
    top = next(g for g in body["goals"] if g["code"] == "I")["rollup"]
    assert (top["n_current"], top["n_stale"]) == (0, 1)


def test_the_schema_describes_the_fields(client, db):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert {"latest_period", "expected_period", "stale", "periods_behind", "as_of"} <= set(
        schema["FreshnessOut"]["properties"]
    )
    assert "publication_lag_days" in schema["IndicatorOut"]["properties"]
