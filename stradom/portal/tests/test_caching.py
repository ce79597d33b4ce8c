"""The page cache of public pages (stradom.core.page_cache): a committed change shows on
the next request, signed-in and anonymous visitors never share a page, an unpublished
item is never served from the cache, and a cached page costs one query."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from stradom.catalog.services import ObservationInput, write_observations

NBSP = "\xa0"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the after-commit work of what happens inside, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_new_value_shows_on_the_next_request(client, dashboard, commit):
    url = "/indicators/PM10_AVG/"
    first = client.get(url)
    assert "1184,5".replace("1", f"1{NBSP}", 1) in first.content.decode()
    assert "777,0" not in client.get(url).content.decode()  # served from the cache
    with commit():
        report = write_observations(
            [ObservationInput("PM10_AVG", "1261011", "2030", Decimal("777"))],
            actor=None,
            reason="nowy pomiar",
            channel="command",
        )
    assert report.created == 1
    second = client.get(url)
    assert "777,0" in second.content.decode()
    assert second["ETag"] != first["ETag"]


def test_a_refused_write_keeps_the_cached_page_and_its_etag(client, dashboard, commit):
    url = "/indicators/PM10_AVG/"
    etag = client.get(url)["ETag"]
    with commit():
        report = write_observations(
            [ObservationInput("PM10_AVG", "NO_SUCH_UNIT", "2030", Decimal("777"))],
            actor=None,
            reason="nowy pomiar",
            channel="command",
        )
    assert not report.ok
    assert client.get(url)["ETag"] == etag


def test_a_cached_page_costs_one_query(client, dashboard, django_assert_num_queries):
    url = f"/goals/{dashboard.child.pk}/"
    html = client.get(url).content.decode()
    with django_assert_num_queries(1):  # the data version
        again = client.get(url)
    assert again.content.decode() == html
    assert again["Cache-Control"] == "public, max-age=300"


def test_signed_in_and_anonymous_visitors_never_share_a_page(client, dashboard):
    url = f"/goals/{dashboard.root.pk}/"
    assert "1 wskaźnik" in client.get(url).content.decode()  # the draft is not counted
    client.force_login(dashboard.analyst)
    signed_in = client.get(url)
    assert "2 wskaźniki" in signed_in.content.decode()  # not the anonymous page
    assert "private" in signed_in["Cache-Control"] and "ETag" not in signed_in
    client.logout()
    anonymous = client.get(url).content.decode()
    assert "1 wskaźnik" in anonymous and "2 wskaźniki" not in anonymous
    assert "TRAM_SAT" not in anonymous


def test_a_page_rendered_for_a_signed_in_user_is_not_kept(client, dashboard):
    from django.test import Client

    client.force_login(dashboard.analyst)
    assert "2 wskaźniki" in client.get(f"/goals/{dashboard.root.pk}/").content.decode()
    anonymous = Client().get(f"/goals/{dashboard.root.pk}/").content.decode()
    assert "1 wskaźnik" in anonymous
    assert dashboard.analyst.get_username() not in anonymous  # no "Sign out (name)"


def test_an_unpublished_indicator_is_gone_from_cached_pages_at_once(client, dashboard, commit):
    from stradom.catalog.models import Indicator

    indicator = Indicator.objects.get(code="PM10_AVG")
    goal_url = f"/goals/{dashboard.child.pk}/"
    assert client.get("/indicators/PM10_AVG/").status_code == 200
    assert "PM10_AVG" in client.get("/indicators/").content.decode()
    assert "Średnioroczne stężenie PM10" in client.get(goal_url).content.decode()
    with commit(), transaction.atomic():  # as the admin saves it
        indicator.publication_status = "draft"
        indicator.save()
    assert client.get("/indicators/PM10_AVG/").status_code == 404
    assert client.get("/indicators/PM10_AVG/data.csv").status_code == 404
    assert "PM10_AVG" not in client.get("/indicators/").content.decode()
    assert "Średnioroczne stężenie PM10" not in client.get(goal_url).content.decode()


def test_languages_are_cached_apart(client, dashboard):
    assert '<html lang="pl">' in client.get("/indicators/PM10_AVG/").content.decode()
    english = client.get("/en/indicators/PM10_AVG/")
    assert '<html lang="en">' in english.content.decode()
    assert english["ETag"] != client.get("/indicators/PM10_AVG/")["ETag"]


def test_a_browser_that_has_the_page_gets_not_modified(client, dashboard, commit):
    url = "/indicators/PM10_AVG/"
    etag = client.get(url)["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get("/indicators/TRAM_SAT/", HTTP_IF_NONE_MATCH=etag).status_code == 404
    with commit():
        write_observations(
            [ObservationInput("PM10_AVG", "1261011", "2030", Decimal("777"))],
            actor=None,
            reason="nowy pomiar",
            channel="command",
        )
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_page_cache_can_be_turned_off(client, dashboard, settings):
    settings.STRADOM_PAGE_CACHE_SECONDS = 0
    url = "/indicators/PM10_AVG/"
    client.get(url)
    # Written without the commit that raises the data version: only a fresh render sees it.
    write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2030", Decimal("777"))],
        actor=None,
        reason="nowy pomiar",
        channel="command",
    )
    assert "777,0" in client.get(url).content.decode()


def test_a_page_the_change_did_not_touch_keeps_its_etag(client, dashboard, commit):
    url = "/indicators/PM10_AVG/"
    etag = client.get(url)["ETag"]
    with commit():  # a value of the draft indicator: not on the public PM10 page
        write_observations(
            [ObservationInput("TRAM_SAT", "1261011", "2021", Decimal("70"))],
            actor=None,
            reason="nowy pomiar",
            channel="command",
        )
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
