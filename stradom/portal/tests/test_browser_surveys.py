"""A survey indicator in a real browser: the chart draws one line per comparable stretch
under the Content-Security-Policy, and the page with its break notice and suppressed
district meets WCAG 2.1 AA (axe-core). Skips like ``test_browser`` without Chromium."""

from __future__ import annotations

import pytest

from stradom.portal.tests.test_browser import axe_violations, browser, page  # noqa: F401
from stradom.portal.tests.test_survey_indicator import survey_world  # noqa: F401


@pytest.fixture
def survey_site(transactional_db, survey_world, live_server):  # noqa: F811
    return live_server


@pytest.mark.parametrize("path", ["/indicators/TRAM_SAT/", "/en/indicators/TRAM_SAT/"])
def test_survey_chart_breaks_and_the_page_is_accessible(survey_site, page, path):  # noqa: F811
    page.goto(survey_site.url + path)
    page.wait_for_selector("#chart-series svg", timeout=15_000)
    page.wait_for_selector("#chart-map svg", timeout=15_000)
    lines = page.locator("#chart-series g.mark-line path")
    assert lines.count() == 2  # 2021–2022 and 2024–2025, not joined across the break
    assert page.locator("#chart-series g.mark-symbol path").count() == 4  # every value
    assert page.locator("p.notice").count() == 1
    assert axe_violations(page, survey_site.url) == []
    assert page.problems == []
