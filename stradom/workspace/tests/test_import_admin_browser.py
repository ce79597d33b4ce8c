"""The admin's import screen (Data import → Import a file of values) in a real browser:
the preview, then the import, appear without reloading (htmx polling under the CSP).

Needs the ``playwright`` package and Debian's Chromium at /usr/bin/chromium, like
``stradom/portal/tests/test_browser.py`` (whose helpers this reuses).
"""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")

from stradom.portal.tests.test_browser import (  # noqa: E402
    browser,  # noqa: F401  (fixture)
    page,  # noqa: F401  (fixture)
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def site(transactional_db, world, live_server):
    return live_server


def test_the_admin_import_shows_the_preview_then_the_import_without_reloading(
    site,
    page,  # noqa: F811
    world,
    tmp_path,
):
    from decimal import Decimal

    from stradom.catalog.models import Observation
    from stradom.jobs.testing import run_jobs

    world.admin.is_staff = True
    world.admin.save()
    values = tmp_path / "values.csv"
    values.write_bytes(b"indicator;territory;period;value\nPM10_AVG;1261011;2020;40\n")
    page.goto(site.url + "/en/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "x")
    page.click("input[type=submit]")
    page.goto(site.url + "/en/admin/import/")
    page.set_input_files("#id_file", str(values))
    page.click("input[type=submit][value='Check the file']")
    page.wait_for_url(f"{site.url}/en/admin/import/job/*/")
    assert "Preview: queued" in page.locator("#import-job").inner_text()

    run_jobs()  # the preview, while the page polls
    page.wait_for_selector("#import-job input[name=reason]", timeout=15_000)
    assert page.locator("#import-job td.new").inner_text() == "1"
    page.fill("#import-job input[name=reason]", "annual figures")
    page.click("#import-job input[type=submit]")
    page.wait_for_selector("#import-job", timeout=15_000)
    assert "Import: queued" in page.locator("#import-job").inner_text()
    run_jobs()  # the import
    page.wait_for_selector("#import-job p.success", timeout=15_000)
    assert page.locator("#import-job p.success").inner_text() == "The file was imported."
    assert list(Observation.objects.values_list("value", flat=True)) == [Decimal(40)]
    # The admin's pages have no icon, so the browser's guess at /favicon.ico is a 404;
    # nothing else (no script refused by the CSP, no script error).
    assert [p for p in page.problems if "status of 404" not in p] == []
