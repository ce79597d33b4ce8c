"""The instrument page in a real browser: axe-core finds no WCAG 2.1 A/AA violation in
Polish or English, with and without form errors, and no script is blocked by the CSP.
Skips (loudly, with the browser tests) when /usr/bin/chromium is missing."""

from __future__ import annotations

from datetime import date

import pytest

from stradom.portal.tests import test_browser as shared

# The browser, a page and the live site with the dashboard: the portal's fixtures.
browser, page, site = shared.browser, shared.page, shared.site
axe_violations, _sign_in = shared.axe_violations, shared._sign_in


@pytest.fixture
def instrument(site, world):
    from stradom.instruments.models import Instrument, Milestone, ProgressUpdate, ReportingCycle

    p = Instrument.objects.create(
        code="P-AIR",
        kind="project",
        name_pl="Wymiana pieców",
        name_en="Stove replacement",
        manager=world.env_coordinator,
        status="in_progress",
        planned_start=date(2025, 1, 1),
        planned_end=date(2026, 12, 31),
    )
    p.goals.add(world.child)
    p.output_indicators.add(world.pm10)
    Milestone.objects.create(instrument=p, name_pl="Umowy", due_date=date(2025, 3, 31))
    cycle = ReportingCycle.objects.create(name_pl="Kwartalne", starts_on=date(2025, 1, 1))
    cycle.instruments.add(p)
    ProgressUpdate.objects.create(
        instrument=p, period="2025-Q1", percent_complete=10, narrative="Start"
    )
    return p


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_instrument_page_meets_wcag_aa(site, page, instrument, prefix):
    _sign_in(page, site.url, "anna")
    page.goto(f"{site.url}{prefix}/panel/instruments/P-AIR/")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, site.url) == []
    assert page.problems == []  # nothing blocked by the CSP, no script error
    page.fill("#id_percent_complete", "150")
    page.click("main button[type=submit]")
    alert = page.locator("[role=alert]")
    assert alert.locator("a[href='#id_percent_complete']").count() == 1
    assert axe_violations(page, site.url) == []  # the form answered 422 with the errors
