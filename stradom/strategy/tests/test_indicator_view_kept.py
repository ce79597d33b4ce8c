"""An indicator's page is built from a view kept per data version and shared by its
readers (``strategy.queries.indicators.indicator_view``): the next request after a
committed change shows the change, and each reader still gets their own part.

These tests commit (``transaction=True``): the data version moves when a write
commits, and nothing is kept inside a transaction."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stradom.catalog.services import ObservationInput, write_observations

pytestmark = pytest.mark.django_db(transaction=True)


def _write(value: str, period: str = "2024"):
    report = write_observations(
        [ObservationInput("PM10_AVG", "1261011", period, Decimal(value))],
        actor=None,
        reason="test data",
        channel="command",
    )
    assert report.ok, report.problems


def _page(client, path="/en/indicators/PM10_AVG/?territory=1261011") -> tuple[str, int]:
    """The page without its sign-out form's CSRF token (new on every request), and the
    number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get(path).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body), len(queries)


def test_the_second_reader_shares_the_view_and_a_committed_change_shows_next(client, world):
    _write("27.9")
    client.force_login(world.env_coordinator)  # signed in: the page itself is never kept
    first, made = _page(client)
    again, shared = _page(client)
    assert again == first and "27.9" in first
    assert shared < made  # the view was kept, only the reader's part was read

    _write("31.4", "2025")
    after, _ = _page(client)
    assert "31.4" in after

    world.pm10.name_en = "PM10, annual mean (renamed)"
    world.pm10.save()
    assert "PM10, annual mean (renamed)" in _page(client)[0]


def test_languages_and_territories_have_views_of_their_own(client, world):
    _write("27.9")
    client.force_login(world.env_coordinator)
    english, _ = _page(client)
    polish = client.get("/indicators/PM10_AVG/?territory=1261011").content.decode()
    assert 'lang="en"' in english and 'lang="pl"' in polish
    assert "27,9" in polish and "27.9" in english


def test_readers_of_one_shared_view_see_their_own_calculation_facts(client, world):
    from stradom.catalog.models import Indicator
    from stradom.catalog.services import set_computation

    Indicator.objects.create(code="AREA", name_pl="Powierzchnia", name_en="District area")
    world.pop.name_en = "Population"
    world.pop.publication_status = "published"
    world.pop.save()
    density = Indicator.objects.create(
        code="DENSITY", name_pl="Gęstość", name_en="Density", publication_status="published"
    )
    set_computation(density, formula="[POP] / [AREA]", actor=None, reason="definicja")
    path = "/en/indicators/DENSITY/"
    client.force_login(world.env_coordinator)  # may not see the draft AREA
    first = client.get(path).content.decode()
    assert "Population ÷ an unpublished indicator" in first
    assert _page(client, path)[0] == _page(client, path)[0]  # the body kept, the same text
    client.force_login(world.analyst)  # reads every indicator: the same view, other facts
    assert "Population ÷ District area" in client.get(path).content.decode()
    client.force_login(world.env_coordinator)
    assert "Population ÷ an unpublished indicator" in client.get(path).content.decode()
