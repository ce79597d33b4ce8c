"""The indicator list's items are written once per version of the catalogue and its
values and shared by every reader (``portal.views._catalogue_items``): each reader still
sees exactly the indicators they may see, and every change shows on the next request."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stradom.catalog.models import Indicator
from stradom.catalog.services import ObservationInput, write_observations


def _list(client) -> str:
    return client.get("/en/indicators/").content.decode()


@pytest.fixture
def listed(world):
    write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2015", Decimal("40.1"))],
        actor=None,
        reason="test data",
        channel="command",
    )
    Indicator.objects.filter(pk=world.pm10.pk).update(publication_lag_days=90)
    world.pm10.refresh_from_db()
    return world


def test_each_reader_sees_their_own_indicators_from_the_same_kept_items(client, listed):
    w = listed
    public = _list(client)
    assert "PM10_AVG" in public and "TRAM_SAT" not in public  # TRAM_SAT is not published
    client.force_login(w.transport_coordinator)
    assert "TRAM_SAT" in _list(client)  # the coordinator's own, unpublished
    client.force_login(w.env_coordinator)
    assert "TRAM_SAT" not in _list(client)
    client.logout()
    assert _list(client) == public


def test_an_edited_name_a_new_value_and_a_deleted_indicator_show_on_the_next_request(
    client, listed
):
    w = listed
    client.force_login(w.admin)  # signed in: no page cache, every request reads the items
    first = _list(client)
    assert 'class="stale"' in first  # 2015 is long before the expected year
    w.pm10.name_en = "Annual mean PM10, renamed"
    w.pm10.save()
    assert "Annual mean PM10, renamed" in _list(client)

    write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2026", Decimal("20.0"))],
        actor=None,
        reason="new year",
        channel="command",
    )
    assert 'class="stale"' not in _list(client)

    assert "BIRTHS" in _list(client)
    w.births.delete()
    assert "BIRTHS" not in _list(client)


def test_polish_and_english_items_are_kept_apart(client, listed):
    client.force_login(listed.admin)
    listed.pm10.name_en = "PM10 in English"
    listed.pm10.save()
    assert "PM10 in English" in _list(client)
    polish = client.get("/indicators/").content.decode()
    assert "Średnioroczne stężenie PM10" in polish and "PM10 in English" not in polish
