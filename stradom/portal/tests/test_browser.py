"""The pages in a real browser: charts draw under the Content-Security-Policy, the
language switch works, and axe-core finds no WCAG 2.1 A/AA violation.

Needs the ``playwright`` Python package and Debian's Chromium at /usr/bin/chromium (no
browser download): ``apt-get install -y chromium`` and ``pip install playwright``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "BROWSER TESTS SKIPPED: /usr/bin/chromium is missing — install it with "
        "`apt-get install -y chromium` to run the accessibility and chart tests",
        allow_module_level=True,
    )

# Playwright's sync API keeps an event loop in this thread; the tests' own database
# reads are plain synchronous calls, which Django would otherwise refuse there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    yield pg
    context.close()


@pytest.fixture
def site(transactional_db, world, live_server):
    from stradom.strategy.testing import build_dashboard

    build_dashboard(world)
    return live_server


def axe_violations(page, base_url: str) -> list[str]:
    # Loaded from our own origin, so the page's CSP (script-src 'self') allows it.
    page.add_script_tag(url=f"{base_url}/static/vendor/axe.min.js")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
        for v in result["violations"]
    ]


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/panel/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "x")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/panel/")


@pytest.mark.parametrize(
    "path", ["/", "/indicators/", "/indicators/PM10_AVG/", "/en/indicators/PM10_AVG/"]
)
def test_public_pages_meet_wcag_aa_and_run_no_blocked_script(site, page, path):
    page.goto(site.url + path)
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, site.url) == []
    assert page.problems == []


def test_charts_draw_under_the_content_security_policy(site, page):
    page.goto(site.url + "/indicators/PM10_AVG/")
    for chart in ("#chart-series", "#chart-map", "#chart-peers"):
        page.wait_for_selector(f"{chart} svg", timeout=15_000)
    assert page.problems == []  # a CSP refusal would be logged as a console error


def test_language_switch_leads_to_the_same_page_in_english(site, page):
    page.goto(site.url + "/indicators/PM10_AVG/")
    page.click("a[hreflang=en]")
    page.wait_for_url(site.url + "/en/indicators/PM10_AVG/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "1,234.5" in page.content()


def test_workspace_pages_meet_wcag_aa(site, page, world):
    _sign_in(page, site.url, "anna")
    for path in (
        "/panel/",
        f"/panel/strategy/{world.strategy.pk}/",
        "/panel/indicators/PM10_AVG/",
        "/panel/indicators/PM10_AVG/enter/",
        "/panel/domains/srodowisko/",
    ):
        page.goto(site.url + path)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page, site.url) == [], path
    assert page.problems == []


def test_entry_form_errors_are_announced_and_linked(site, page):
    _sign_in(page, site.url, "celina")
    page.goto(site.url + "/en/panel/indicators/PM10_AVG/enter/")
    page.fill("#id_value", "abc")
    page.fill("#id_reason", "test")
    page.click("main button[type=submit]")
    alert = page.locator("[role=alert]")
    assert "is not a number" in alert.inner_text()
    assert alert.locator("a[href='#id_value']").count() == 1
    assert axe_violations(page, site.url) == []


def test_pages_saying_data_are_out_of_date_meet_wcag_aa(site, page, world):
    """The freshness notice, the list's marks and the goal's stale lines pass axe too."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    from stradom.catalog.models import Indicator

    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)
    late = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    with time_machine.travel(late, tick=True):
        for path in ("/indicators/", "/indicators/PM10_AVG/", f"/en/goals/{world.child.pk}/"):
            page.goto(site.url + path)
            page.wait_for_load_state("networkidle")
            assert page.locator(".stale").count() >= 1, path
            assert axe_violations(page, site.url) == [], path
    assert page.problems == []
