"""The coordinator's home and the instrument forms in a real browser: axe-core finds no
WCAG 2.1 A/AA violation in Polish or English, with and without form errors; the home of
a coordinator with a dozen indicators stays short. Skips (loudly, with the browser
tests) when /usr/bin/chromium is missing."""

from __future__ import annotations

import pytest
import time_machine

from stradom.portal.tests import test_browser as shared
from stradom.workspace.tests.test_my_domain import NOW, add_my_domain

# The browser, a page and the live site with the dashboard: the portal's fixtures.
browser, page, site = shared.browser, shared.page, shared.site
axe_violations, _sign_in = shared.axe_violations, shared._sign_in

# A coordinator with a dozen indicators scrolls less than this (the old home listed
# every indicator of the office: 7,100 px for 74).
SHORT_PAGE_PX = 3000


@pytest.fixture
def mine(site, world):
    return add_my_domain(world)


def _signed_in_on_20_may(page, base: str, username: str):
    """Signed in now, then the clock (the server's; the browser keeps its own) at 20 May
    2026, the day the figures of ``add_my_domain`` are for. The session cookie lives until
    the browser closes, so the browser keeps it whatever the server's clock says."""
    _sign_in(page, base, username)
    return time_machine.travel(NOW, tick=True)


def _cells(locator) -> list[str]:
    return [t.replace("\xa0", " ") for t in locator.all_inner_texts()]


def _errors_but_the_422(page) -> list[str]:
    return [p for p in page.problems if "422" not in p]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_coordinators_home_meets_wcag_aa(site, page, mine, prefix):
    with _signed_in_on_20_may(page, site.url, "anna"):
        page.goto(f"{site.url}{prefix}/panel/")
        page.wait_for_load_state("networkidle")
        assert page.locator("#my-goals tbody tr").count() == 1  # 1.1, not the transport goal
        # 2026: task E1 whole and 60% of E2 serve 1.1.
        assert _cells(page.locator("#my-goals tfoot td.num")) == (
            ["1,300,000.00", "310,000.65", "989,999.35"]
            if prefix
            else ["1 300 000,00", "310 000,65", "989 999,35"]
        )
        assert page.locator("#my-indicators a[href$='/panel/indicators/PM10_AVG/']").count() == 1
        instruments = page.locator("#my-instruments")
        assert instruments.locator("a[href$='/panel/instruments/P-ENV/']").count() == 1
        assert instruments.locator("a[href$='/panel/instruments/P-TRAM/']").count() == 0
        assert "2026-Q1" in instruments.inner_text()  # P-ENV owes its update
        assert axe_violations(page, site.url) == []
        assert page.problems == []
        page.click(f"a[href='{prefix}/panel/all/']")  # everything else: one click away
        page.wait_for_url(f"{site.url}{prefix}/panel/all/")
        assert axe_violations(page, site.url) == []


def test_home_of_a_coordinator_with_a_dozen_indicators_is_short(site, page, mine, world):
    from stradom.catalog.models import Indicator
    from stradom.strategy.models import GoalIndicator

    for k in range(12):
        ind = Indicator.objects.create(
            code=f"LONG{k:02d}",
            name_pl=f"Wskaźnik środowiskowy numer {k} o dość długiej nazwie",
            domain=world.environment,
            publication_status="published",
            publication_lag_days=120,
        )
        GoalIndicator.objects.create(goal=world.child, indicator=ind, territory=world.city)
    with _signed_in_on_20_may(page, site.url, "anna"):
        page.goto(f"{site.url}/panel/")
        page.wait_for_load_state("networkidle")
        assert page.locator("#my-indicators tbody tr").count() == 13  # 12 with no value, PM10
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < SHORT_PAGE_PX, height
        assert axe_violations(page, site.url) == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_new_instrument_form_with_errors_and_saved_meets_wcag_aa(site, page, mine, prefix):
    with _signed_in_on_20_may(page, site.url, "anna"):
        page.goto(f"{site.url}{prefix}/panel/instruments/new/")
        page.wait_for_load_state("networkidle")
        assert axe_violations(page, site.url) == []
        page.fill("#id_code", "P-GREEN")
        page.fill("#id_name_pl", "Zielone dachy")
        page.click("main button[type=submit]")  # no reason: refused, nothing written
        alert = page.locator("[role=alert]")
        assert alert.locator("a[href='#id_reason']").count() == 1
        assert axe_violations(page, site.url) == []
        page.fill("#id_reason", "uchwała nr 12")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{site.url}{prefix}/panel/instruments/P-GREEN/")
        assert axe_violations(page, site.url) == []  # the instrument page with the message
        assert _errors_but_the_422(page) == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_instrument_and_milestone_forms_meet_wcag_aa(site, page, mine, prefix):
    with _signed_in_on_20_may(page, site.url, "anna"):
        page.goto(f"{site.url}{prefix}/panel/instruments/P-ENV/edit/")
        page.wait_for_load_state("networkidle")
        assert axe_violations(page, site.url) == []
        page.fill("#id_planned_end", "2024-01-01")  # before the start
        page.fill("#id_reason", "korekta")
        page.click("main button[type=submit]")
        assert page.locator("[role=alert]").count() == 1
        assert axe_violations(page, site.url) == []
        page.goto(f"{site.url}{prefix}/panel/instruments/P-ENV/milestones/new/")
        assert axe_violations(page, site.url) == []
        page.fill("#id_name_pl", "Przegląd")
        page.fill("#id_due_date", "2026-09-30")
        page.fill("#id_reason", "plan")
        page.click("main button[type=submit]")
        page.wait_for_url(f"{site.url}{prefix}/panel/instruments/P-ENV/#milestone-*")
        history = page.locator("#milestone-history + .table-wrap table")
        assert "Przegląd" in history.inner_text() and "plan" in history.inner_text()
        assert axe_violations(page, site.url) == []
        assert _errors_but_the_422(page) == []
