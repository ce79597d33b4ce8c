"""Read endpoints of the registers: public, filtered, paginated, illustrative entries flagged."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from stradom.registers.services import save_project, save_resolution


@pytest.fixture
def entries(world):
    w = world
    save_resolution(
        {
            "term": "2014–2018",
            "number": "XCIV/2449/18",
            "adopted_on": date(2018, 2, 7),
            "title": "w sprawie przyjęcia Strategii Rozwoju Krakowa",
            "domain": w.environment,
            "status": "ongoing",
            "illustrative": True,
        },
        reason="test",
    )
    save_resolution(
        {
            "term": "2014–2018",
            "number": "XC/2400/17",
            "adopted_on": date(2017, 12, 20),
            "title": "w sprawie programu",
            "domain": w.transport,
            "status": "executed",
        },
        reason="test",
    )
    for code, district, cost, votes, status in (
        ("BO/1", w.district1, "250000.50", 1200, "selected"),
        ("BO/2", None, "900000.00", 5000, "completed"),
        ("BO/3", w.district1, "10000.00", None, "rejected"),
    ):
        save_project(
            {
                "edition": 2025,
                "code": code,
                "title": f"Projekt {code}",
                "district": district,
                "cost": Decimal(cost),
                "votes": votes,
                "status": status,
                "illustrative": True,
            },
            reason="test",
        )
    return w


def test_resolutions_are_public_and_filtered(entries):
    answer = Client().get("/api/resolutions", {"year": 2018})
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["number"] == "XCIV/2449/18"
    assert item["adopted_on"] == "2018-02-07"
    assert item["domain"] == "srodowisko"
    assert (item["status"], item["status_label"]) == (
        "ongoing",
        "realizowana na bieżąco (charakter ciągły)",
    )
    assert item["illustrative"] is True
    by_status = Client().get("/api/resolutions", {"status": "executed"}).json()
    assert [i["number"] for i in by_status["items"]] == ["XC/2400/17"]
    assert Client().get("/api/resolutions", {"status": "done"}).status_code == 422


def test_projects_and_the_summary_by_district(entries):
    body = Client().get("/api/civic-budget/projects", {"edition": 2025, "limit": 2}).json()
    assert body["count"] == 3 and len(body["items"]) == 2
    first = body["items"][0]
    assert (first["code"], first["district"], first["cost"]) == ("BO/2", None, "900000.00")
    summary = Client().get("/api/civic-budget/summary", {"edition": 2025}).json()
    assert [(r["district_name"], r["projects"], r["cost"], r["funded_cost"]) for r in summary] == [
        (None, 1, "900000.00", "900000.00"),
        ("Stare Miasto", 2, "260000.50", "250000.50"),
    ]
    assert summary[1]["by_status"] == {"rejected": 1, "selected": 1}
    assert summary[1]["votes"] == 1200
