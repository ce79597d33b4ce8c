"""The report pages in a real browser: request a report, watch the job page update
itself (htmx polling under the Content-Security-Policy) once the worker has made the
file, and axe-core finds no WCAG 2.1 A/AA violation.

Needs the ``playwright`` package and Debian's Chromium at /usr/bin/chromium, like
``stradom/portal/tests/test_browser.py`` (whose helpers this reuses).
"""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")

from stradom.portal.tests.test_browser import (  # noqa: E402
    _sign_in,
    axe_violations,
    browser,  # noqa: F401  (fixture)
    page,  # noqa: F401  (fixture)
)


@pytest.fixture
def site(transactional_db, world, live_server, report_kinds):
    return live_server


def test_a_requested_report_appears_on_its_page_without_reloading(site, page):  # noqa: F811
    from stradom.jobs.models import Job
    from stradom.jobs.testing import run_jobs

    _sign_in(page, site.url, "daniel")
    page.goto(site.url + "/panel/reports/")
    assert axe_violations(page, site.url) == []
    form = page.locator("section[aria-labelledby=kind-indicator] form")
    form.locator("select[name=indicator-indicator]").select_option("PM10_AVG")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{site.url}/panel/reports/*/")
    assert "W kolejce" in page.locator("#job-status").inner_text()
    assert axe_violations(page, site.url) == []

    run_jobs()  # the worker, while the page keeps polling
    link = page.wait_for_selector("#job-status a[download]", timeout=15_000)
    job = Job.objects.get()
    assert link.get_attribute("href") == f"/panel/reports/{job.pk}/download/"
    assert "Gotowe" in page.locator("#job-status").inner_text()
    assert page.locator("#job-status progress").get_attribute("value") == "100"
    assert axe_violations(page, site.url) == []
    assert page.problems == []  # no script refused by the CSP, no error
