"""The data approval page in a real browser (Polish and English): axe-core finds no
WCAG 2.1 A/AA violation with values awaiting approval and locks listed, and approving
and locking work by click. Skipped where Chromium is missing, as the portal's browser
tests are."""

from __future__ import annotations

import pytest

from stradom.portal.tests.test_browser import (  # noqa: F401 (fixtures)
    _sign_in,
    axe_violations,
    browser,
    page,
    site,
)


def _latest_pm10_period(world) -> str:
    return world.pm10.observations.order_by("-period_start").values_list("period", flat=True)[0]


@pytest.fixture
def submitted(site, world):  # noqa: F811
    from stradom.approval import services

    period = _latest_pm10_period(world)
    services.submit(world.pm10, period, actor=world.provider, comment="checked")
    services.lock_period("2019", actor=None, reason="closed")
    return period


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("username", ["anna", "celina", "admin"])
def test_the_approval_page_meets_wcag_aa(site, page, submitted, prefix, username):  # noqa: F811
    _sign_in(page, site.url, username)
    page.goto(f"{site.url}{prefix}/panel/approval/")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, site.url) == []
    assert page.problems == []


def test_approving_and_locking_in_the_browser(site, page, submitted, world):  # noqa: F811
    from stradom.approval.models import PeriodLock
    from stradom.approval.services import status_of

    _sign_in(page, site.url, "admin")
    page.goto(f"{site.url}/en/panel/approval/")
    page.click("button[name=decision][value=approve]")
    page.wait_for_selector(f"text=PM10_AVG {submitted}: approved.")
    assert status_of(world.pm10, submitted) == "approved"
    page.fill("#id_period", "2018")
    page.fill("#id_reason", "the year's report is adopted")
    page.click('form[action$="/locks/"] button[type=submit]')
    page.wait_for_selector("text=2018 is locked.")
    assert PeriodLock.objects.filter(period="2018", active=True, domain=None).exists()
    assert axe_violations(page, site.url) == []
