"""The public civic-budget page: the newest edition by default, totals per district,
illustrative projects labelled, Polish by default and English on request."""

from decimal import Decimal

import pytest
from django.test import Client

from stradom.registers.services import save_project


@pytest.fixture
def projects(registers):
    w = registers
    for edition, code, district, cost, votes, status, illustrative in (
        (2024, "BO.2024/1", w.district1, "100000.00", 700, "completed", False),
        (2025, "BO.2025/1", w.district1, "250000.50", 1200, "selected", True),
        (2025, "BO.2025/2", None, "900000.00", 5000, "in_progress", True),
    ):
        save_project(
            {
                "edition": edition,
                "code": code,
                "title": f"Zielony projekt {code}",
                "district": district,
                "cost": Decimal(cost),
                "votes": votes,
                "status": status,
                "illustrative": illustrative,
            },
            reason="test",
        )
    return w


def test_the_newest_edition_with_district_totals_and_the_illustrative_label(projects):
    html = Client().get("/civic-budget/").content.decode()
    assert "<h1>Budżet obywatelski 2025</h1>" in html
    assert "Projekty edycji 2025 według dzielnic" in html
    assert "250\u00a0000,50 zł" in html and "ogólnomiejski" in html
    assert "wybrany do realizacji" in html
    assert "Przykład ilustracyjny / Illustrative example" in html
    assert "BO.2024/1" not in html
    assert 'href="?edition=2024"' in html


def test_an_older_edition_and_english(projects):
    html = Client().get("/en/civic-budget/", {"edition": "2024"}).content.decode()
    assert "<h1>Civic budget 2024</h1>" in html
    assert "BO.2024/1" in html and "completed" in html
    assert "Illustrative example" not in html  # the 2024 project is not an example
    assert Client().get("/civic-budget/", {"edition": "1999"}).status_code == 404
    assert Client().get("/civic-budget/", {"edition": "x"}).status_code == 404


def test_no_project_yet(world):
    html = Client().get("/civic-budget/").content.decode()
    assert "Nie wprowadzono jeszcze żadnego projektu budżetu obywatelskiego." in html
