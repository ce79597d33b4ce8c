"""The domain page in a real browser, in Polish and English: a station's latest value
with its unit, disaggregation and period, an indicator without a value, the goals with
their status; axe-core finds no WCAG 2.1 A/AA violation. Skips (loudly, with the browser
tests) when /usr/bin/chromium is missing."""

from __future__ import annotations

import pytest
import time_machine

from stradom.portal.tests import test_browser as shared
from stradom.workspace.tests.test_domain_page import DECEMBER_2026, _stations

# The browser, a page and the live site with the dashboard: the portal's fixtures.
browser, page, site = shared.browser, shared.page, shared.site
axe_violations, _sign_in = shared.axe_violations, shared._sign_in


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_domain_page_shows_station_values_and_goals_and_meets_wcag_aa(site, page, world, prefix):
    _stations(world)
    _sign_in(page, site.url, "anna")
    with time_machine.travel(DECEMBER_2026, tick=True):
        page.goto(f"{site.url}{prefix}/panel/domains/srodowisko/")
        page.wait_for_load_state("networkidle")
        row = page.locator("#domain-indicator-PM25_ST td")
        cells = [t.replace("\xa0", " ") for t in row.all_inner_texts()]
        if prefix:
            assert cells[:3] == [
                "38.6 µg/m3",
                "Kraków · station: Kraków, Krasińskiego Avenue",
                "2023 (latest value from 2023; 2025 expected)",
            ]
            assert page.locator("#domain-indicator-NO_VALUE td").first.inner_text() == (
                "No value yet."
            )
            assert "Little progress" in page.locator("#domain-goals").inner_text()
        else:
            assert cells[:3] == [
                "38,6 µg/m3",
                "Kraków · stacja: Kraków, al. Krasińskiego",
                "2023 (ostatnia wartość z 2023 r.; oczekiwano 2025 r.)",
            ]
            assert "Niewielki postęp" in page.locator("#domain-goals").inner_text()
        assert page.locator("#domain-goals tbody tr").count() == 1
        assert axe_violations(page, site.url) == []
        assert page.problems == []
        # The station's value leads to the same series on the indicator's page.
        page.click("#domain-indicator-PM25_ST td a")
        page.wait_for_url("**/panel/indicators/PM25_ST/?territory=1261011&dimensions=*")
        assert ("38.6" if prefix else "38,6") in page.content()
