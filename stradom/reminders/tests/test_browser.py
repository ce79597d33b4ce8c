"""The reminder settings page in a real browser (Polish and English): axe-core finds no
WCAG 2.1 A/AA violation, and turning reminders off works by keyboard and click.
Skipped where Chromium is missing, as the portal's browser tests are."""

from __future__ import annotations

import pytest

from stradom.portal.tests.test_browser import (  # noqa: F401 (fixtures)
    _sign_in,
    axe_violations,
    browser,
    page,
    site,
)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_reminder_settings_page_meets_wcag_aa(site, page, prefix):  # noqa: F811
    _sign_in(page, site.url, "anna")
    page.goto(f"{site.url}{prefix}/panel/reminders/")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, site.url) == []
    assert page.problems == []


def test_turning_reminders_off_in_the_browser(site, page, world):  # noqa: F811
    from stradom.reminders.models import ReminderPreference

    _sign_in(page, site.url, "anna")
    page.goto(f"{site.url}/en/panel/reminders/")
    page.uncheck("#id_enabled")
    page.select_option("#id_language", "en")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Reminders by e-mail are off.")
    preference = ReminderPreference.objects.get(user=world.env_coordinator)
    assert (preference.enabled, preference.language) == (False, "en")
    assert axe_violations(page, site.url) == []
