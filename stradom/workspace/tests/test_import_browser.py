"""The workspace import screen in a real browser: upload, the preview appearing by
itself (htmx polling under the CSP), confirm with a reason, the import — and axe-core
finds no WCAG 2.1 A/AA violation on any step, in Polish or English. Skips (loudly,
with the browser tests) when /usr/bin/chromium is missing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stradom.portal.tests import test_browser as shared

# The browser, a page and the live site with the dashboard: the portal's fixtures.
browser, page, site = shared.browser, shared.page, shared.site
axe_violations, _sign_in = shared.axe_violations, shared._sign_in


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_coordinator_imports_a_file_in_the_workspace(site, page, tmp_path):
    from stradom.catalog.models import Observation, ObservationChange
    from stradom.jobs.testing import run_jobs

    before = Observation.objects.count()
    values = tmp_path / "pm10.csv"
    values.write_bytes(b"indicator;territory;period;value\nPM10_AVG;1261011;2030;12,5\n")
    _sign_in(page, site.url, "anna")
    page.click("main a[href='/panel/import/']")
    page.wait_for_url(f"{site.url}/panel/import/")
    assert axe_violations(page, site.url) == []

    page.click("main input[type=submit]")  # no file chosen: said in words, in an alert
    alert = page.locator("[role=alert]")
    assert alert.locator("a[href='#id_file']").count() == 1
    assert axe_violations(page, site.url) == []

    page.set_input_files("#id_file", str(values))
    page.click("main input[type=submit]")
    page.wait_for_url(f"{site.url}/panel/import/job/*/")
    assert "Podgląd: w kolejce" in page.locator("#import-job").inner_text()
    run_jobs()  # the preview, while the page polls
    page.wait_for_selector("#import-job input[name=reason]", timeout=15_000)
    assert page.locator("#import-job td.new").inner_text() == "1"
    assert axe_violations(page, site.url) == []

    page.fill("#import-job input[name=reason]", "pomiar za 2030")
    page.click("#import-job input[type=submit]")
    page.wait_for_selector("#import-job", timeout=15_000)
    run_jobs()  # the import
    page.wait_for_selector("#import-job p.success", timeout=15_000)
    assert page.locator("#import-job p.success").inner_text() == "Plik zaimportowano."
    assert axe_violations(page, site.url) == []
    assert page.problems == []  # nothing blocked by the CSP, no script error
    assert Observation.objects.count() == before + 1
    assert Observation.objects.get(period="2030", territory__code="1261011").value == Decimal(
        "12.5"
    )
    assert ObservationChange.objects.filter(reason="pomiar za 2030").count() == 1


def test_a_refused_preview_and_the_english_page_meet_wcag_aa(site, page, tmp_path):
    from stradom.jobs.testing import run_jobs

    values = tmp_path / "trams.csv"
    values.write_bytes(b"indicator;territory;period;value\nTRAM_SAT;1261011;2030;70\n")
    _sign_in(page, site.url, "celina")  # provides PM10_AVG only
    page.goto(f"{site.url}/en/panel/import/")
    assert axe_violations(page, site.url) == []
    page.set_input_files("#id_file", str(values))
    page.click("main input[type=submit]")
    page.wait_for_url(f"{site.url}/en/panel/import/job/*/")
    run_jobs()
    page.wait_for_selector("#problems", timeout=15_000)
    assert page.locator("#problems tbody tr").inner_text().split("\t") == [
        "2",
        "indicator",
        "you may not enter values of indicator TRAM_SAT",
    ]
    assert page.locator("#import-job input[name=reason]").count() == 0
    assert axe_violations(page, site.url) == []
    assert page.problems == []
