"""The instrument page in a real browser: axe-core finds no WCAG 2.1 A/AA violation in
Polish or English, with and without form errors, and no script is blocked by the CSP.
Skips (loudly, with the browser tests) when /usr/bin/chromium is missing."""

from __future__ import annotations

import pytest

from stradom.portal.tests import test_browser as shared
from stradom.workspace.tests.test_instruments import make_project

# The browser, a page and the live site with the dashboard: the portal's fixtures.
browser, page, site = shared.browser, shared.page, shared.site
axe_violations, _sign_in = shared.axe_violations, shared._sign_in


@pytest.fixture
def instrument(site, world):
    return make_project(world)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_instrument_page_meets_wcag_aa(site, page, instrument, prefix):
    _sign_in(page, site.url, "anna")
    page.goto(f"{site.url}{prefix}/panel/instruments/P-AIR/")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, site.url) == []
    assert page.problems == []  # nothing blocked by the CSP, no script error
    page.fill("#id_percent_complete", "150")
    page.click("form[action$='#record'] button[type=submit]")
    alert = page.locator("[role=alert]")
    assert alert.locator("a[href='#id_percent_complete']").count() == 1
    assert axe_violations(page, site.url) == []  # the form answered 422 with the errors
    page.goto(f"{site.url}{prefix}/panel/all/")  # the overview lists P-AIR as overdue
    assert page.locator("#overdue a[href$='/panel/instruments/P-AIR/']").count() == 1
    assert axe_violations(page, site.url) == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_milestone_form_with_errors_meets_wcag_aa(site, page, instrument, prefix):
    _sign_in(page, site.url, "anna")
    page.goto(f"{site.url}{prefix}/panel/instruments/P-AIR/")
    final = instrument.milestones.get(name_pl="Odbiór końcowy").pk
    page.fill(f"#id_m{final}-actual_date", "2026-12-31")  # in the future
    page.click(f"#milestone-{final} button[type=submit]")
    assert page.locator(f"#milestone-{final} [role=alert]").count() == 1
    assert axe_violations(page, site.url) == []  # 422 with the error at the milestone
    # No script blocked by the CSP; the one console message is the 422 itself.
    assert [p for p in page.problems if "422" not in p] == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_domain_coordinator_records_a_milestone_and_its_history_meets_wcag_aa(
    site, page, instrument, world, prefix
):
    # P-AIR in the environment domain, its manager another user: anna records as the
    # domain's coordinator, and the history table under the milestones shows it.
    type(instrument).objects.filter(pk=instrument.pk).update(
        manager=world.transport_coordinator, domain=world.environment
    )
    _sign_in(page, site.url, "anna")
    page.goto(f"{site.url}{prefix}/panel/instruments/P-AIR/")
    final = instrument.milestones.get(name_pl="Odbiór końcowy").pk
    page.fill(f"#id_m{final}-actual_date", "2026-05-04")
    page.click(f"#milestone-{final} button[type=submit]")
    page.wait_for_load_state("networkidle")
    history = page.locator("#milestone-history + .table-wrap table")
    assert history.locator("caption").count() == 1
    assert history.locator("tbody tr").count() == 1
    row = history.locator("tbody tr").first
    assert row.locator("th[scope=row]").inner_text() == "Odbiór końcowy"
    assert ("04 May 2026" if prefix else "04.05.2026") in row.inner_text()  # the reader's format
    assert "anna" in row.inner_text()
    assert axe_violations(page, site.url) == []  # after the save: the message and the table
    assert page.problems == []
