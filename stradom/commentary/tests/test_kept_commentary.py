"""Published comments and a strategy page's goal threads are kept per data version and
shared (``core.kept``): the next signed-in request after a committed comment shows it.

These tests commit (``transaction=True``): nothing is kept inside a transaction."""

from __future__ import annotations

import pytest

from stradom.commentary.models import Comment
from stradom.commentary.services import create_comment, edit_comment

pytestmark = pytest.mark.django_db(transaction=True)

WHAT = "Stężenia spadły po zimie dzięki wymianie pieców."


def test_a_published_comment_shows_on_the_next_signed_in_indicator_page(client, office):
    client.force_login(office.analyst)  # signed in: no page cache, the kept parts only
    first = client.get("/en/indicators/PM10_AVG/").content.decode()
    assert WHAT not in first and client.get("/en/indicators/PM10_AVG/").status_code == 200
    create_comment(office.pm10, actor=office.env_coordinator, period="2025", text=WHAT)
    assert WHAT not in client.get("/en/indicators/PM10_AVG/").content.decode()  # private
    edit_comment(Comment.objects.get(), actor=office.env_coordinator, reason="x", public=True)
    assert WHAT in client.get("/en/indicators/PM10_AVG/").content.decode()
    goal = client.get(f"/en/goals/{office.child.pk}/").content.decode()
    assert WHAT not in goal  # a comment on the indicator, not on the goal


def test_a_goals_new_comment_shows_on_the_next_strategy_page(client, office):
    client.force_login(office.transport_coordinator)
    page = f"/en/panel/strategy/{office.strategy.pk}/"
    assert WHAT not in client.get(page).content.decode()
    create_comment(office.child, actor=office.env_coordinator, period="2025", text=WHAT)
    assert WHAT in client.get(page).content.decode()
