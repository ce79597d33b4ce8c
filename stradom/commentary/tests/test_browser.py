"""The commentary's forms in a real browser, in Polish and English: axe-core finds no WCAG
2.1 A/AA violation on the indicator page with its thread, with the form's errors, on the
goal's commentary page and on the edit and delete pages, and no script is blocked by the
CSP. Skips (loudly, with the browser tests) when /usr/bin/chromium is missing."""

from __future__ import annotations

import re

import pytest

from stradom.portal.tests import test_browser as shared

# The browser, a page and the live site with the dashboard: the portal's fixtures.
browser, page, site = shared.browser, shared.page, shared.site
axe_violations, _sign_in = shared.axe_violations, shared._sign_in

WHAT = "Stężenia spadły po zimie."
BACK = re.compile(r".*/panel/indicators/PM10_AVG/#comment-[0-9]+$")  # back on the page


def _no_script_problems(page) -> list[str]:
    # The one console message a form with errors gives is its 422 answer itself.
    return [p for p in page.problems if "422" not in p]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_writing_a_comment_and_a_reply_on_the_indicator_page_meets_wcag_aa(
    site, page, world, prefix
):
    from stradom.commentary.models import Comment

    _sign_in(page, site.url, "anna")  # the environment coordinator: PM10_AVG is hers
    page.goto(f"{site.url}{prefix}/panel/indicators/PM10_AVG/")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page, site.url) == []
    form = "#comments form[action$='/comments/indicator/PM10_AVG/']"
    page.fill("#id_comment_period", "2025-13")
    page.fill("#id_comment_text", WHAT)
    page.click(f"{form} button[type=submit]")
    alert = page.locator("[role=alert]")
    assert alert.locator("a[href='#id_comment_period']").count() == 1
    assert axe_violations(page, site.url) == []  # 422, the error named at its field
    assert not Comment.objects.exists()

    page.fill("#id_comment_period", "2025")
    page.check("#id_comment_public")
    page.click(f"{form} button[type=submit]")
    page.wait_for_url(BACK)
    comment = Comment.objects.get()
    assert (comment.period, comment.text, comment.public) == ("2025", WHAT, True)
    assert page.locator(f"#comment-{comment.pk}").count() == 1
    assert axe_violations(page, site.url) == []

    page.fill(f"#id_reply{comment.pk}_text", "Dziękuję za wyjaśnienie.")
    page.click(f"#comment-{comment.pk} form.reply button[type=submit]")
    page.wait_for_url(BACK)
    assert Comment.objects.filter(parent=comment).count() == 1
    assert axe_violations(page, site.url) == []

    page.goto(f"{site.url}{prefix}/panel/comments/{comment.pk}/edit/")
    page.fill("#id_edit_text", "Stężenia spadły wyraźnie.")
    page.click("main form button[type=submit]")  # no reason: refused
    assert page.locator("[role=alert] a[href='#id_edit_reason']").count() == 1
    assert axe_violations(page, site.url) == []
    page.goto(f"{site.url}{prefix}/panel/comments/{comment.pk}/delete/")
    assert axe_violations(page, site.url) == []
    assert _no_script_problems(page) == []


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_goals_commentary_page_and_the_public_page_meet_wcag_aa(site, page, world, prefix):
    from stradom.commentary.services import create_comment

    create_comment(world.child, actor=world.env_coordinator, period="2025", text=WHAT, public=True)
    create_comment(world.pm10, actor=world.env_coordinator, period="2025", text=WHAT, public=True)
    page.goto(f"{site.url}{prefix}/indicators/PM10_AVG/")  # the public page: no sign-in
    assert page.locator("#commentary").count() == 1
    assert axe_violations(page, site.url) == []
    page.goto(f"{site.url}{prefix}/goals/{world.child.pk}/")
    assert page.locator("#commentary").count() == 1
    assert axe_violations(page, site.url) == []

    _sign_in(page, site.url, "anna")
    page.goto(f"{site.url}{prefix}/panel/strategy/{world.strategy.pk}/")
    assert axe_violations(page, site.url) == []
    page.goto(f"{site.url}{prefix}/panel/comments/goal/{world.child.pk}/")
    assert page.locator("#comments").count() == 1
    assert axe_violations(page, site.url) == []
    assert _no_script_problems(page) == []
