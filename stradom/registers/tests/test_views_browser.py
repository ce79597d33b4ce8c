"""The civic-budget page in a real browser: axe-core finds no WCAG 2.1 A/AA violation.
Uses the portal's browser fixtures (Chromium at /usr/bin/chromium, no download)."""

from decimal import Decimal

import pytest

from stradom.portal.tests.test_browser import axe_violations, browser, page  # noqa: F401
from stradom.registers.services import save_project


@pytest.fixture
def site(transactional_db, world, live_server):
    for code, district, votes, status in (
        ("BO.2025/1", world.district1, 1200, "selected"),
        ("BO.2025/2", None, None, "rejected"),
    ):
        save_project(
            {
                "edition": 2025,
                "code": code,
                "title": f"Projekt {code}",
                "district": district,
                "cost": Decimal("1000.00"),
                "votes": votes,
                "status": status,
                "illustrative": True,
            },
            reason="test",
        )
    save_project(
        {"edition": 2024, "code": "X", "title": "t", "cost": Decimal(1), "status": "submitted"},
        reason="test",
    )
    return live_server


@pytest.mark.parametrize("path", ["/civic-budget/", "/en/civic-budget/?edition=2024"])
def test_the_civic_budget_page_meets_wcag_aa(site, page, path):  # noqa: F811
    page.goto(site.url + path)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, site.url) == []
    assert page.problems == []
