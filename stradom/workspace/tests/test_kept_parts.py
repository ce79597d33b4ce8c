"""The workspace's home and domain page are written from parts kept per data version and
shared by the users of the same roles (``core.kept``; issue 16): the next request after
a committed change shows it, users of other roles get parts of their own, and the
instruments a user manages are theirs alone.

These tests commit (``transaction=True``): the data version moves when a write
commits, and nothing is kept inside a transaction."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from stradom.catalog.models import Indicator
from stradom.catalog.services import ObservationInput, write_observations
from stradom.instruments.models import Instrument
from stradom.workspace import queries

pytestmark = pytest.mark.django_db(transaction=True)


def _page(user, path: str) -> str:
    client = Client()
    client.force_login(user)
    body = client.get(path).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def _write(code: str, value: str, period: str = "2024", *, replace: bool = False):
    report = write_observations(
        [ObservationInput(code, "1261011", period, Decimal(value))],
        actor=None,
        reason="test data",
        channel="command",
        replace=replace,
    )
    assert report.ok, report.problems


def test_two_coordinators_of_a_domain_share_the_home_and_a_new_indicator_shows_next(world):
    ewa = User.objects.create_user("ewa", password="x")
    world.environment.coordinators.add(ewa)
    anna, other = queries.my_domain(world.env_coordinator), queries.my_domain(ewa)
    assert other.indicators is anna.indicators and other.goals is anna.goals  # one part
    assert anna.n_indicators == 1
    assert "Of your 1 indicator:" in _page(world.env_coordinator, "/en/panel/")

    Indicator.objects.create(code="NO2_AVG", name_pl="NO2", unit="µg/m3", domain=world.environment)
    assert queries.my_domain(ewa).n_indicators == 2
    assert "Of your 2 indicators:" in _page(world.env_coordinator, "/en/panel/")
    # Another domain's coordinator: other roles, a part of their own.
    assert queries.my_domain(world.transport_coordinator).n_indicators == 1


def test_an_instrument_is_on_its_managers_home_only(world):
    ewa = User.objects.create_user("ewa", password="x")
    world.environment.coordinators.add(ewa)
    assert queries.my_domain(ewa).instruments == ()
    assert queries.my_domain(world.env_coordinator).instruments == ()
    Instrument.objects.create(code="P-1", kind="project", name_pl="Park", manager=ewa)
    assert [m.instrument.code for m in queries.my_domain(ewa).instruments] == ["P-1"]
    assert queries.my_domain(world.env_coordinator).instruments == ()  # same roles, not theirs
    assert "P-1" in _page(ewa, "/panel/") and "P-1" not in _page(world.env_coordinator, "/panel/")


def test_the_domain_page_shows_a_committed_value_next_and_each_role_its_own(world):
    _write("PM10_AVG", "27.9")
    path = "/en/panel/domains/srodowisko/"
    first = _page(world.env_coordinator, path)
    assert "27.9" in first and _page(world.env_coordinator, path) == first
    _write("PM10_AVG", "31.4", "2025")
    assert "31.4" in _page(world.env_coordinator, path)

    # An unpublished indicator of transport: its coordinator sees it, another does not,
    # and may enter values only for their own domain's.
    path = "/en/panel/domains/transport/"
    own = _page(world.transport_coordinator, path)
    assert "TRAM_SAT" in own and "/en/panel/indicators/TRAM_SAT/enter/" in own
    assert "TRAM_SAT" not in _page(world.env_coordinator, path)
    analyst = _page(world.analyst, path)
    assert "TRAM_SAT" in analyst and "/en/panel/indicators/TRAM_SAT/enter/" not in analyst


def test_an_indicators_history_shows_a_committed_change_next(world):
    _write("PM10_AVG", "27.9")
    path = "/en/panel/indicators/PM10_AVG/"

    def history(user) -> str:
        return _page(user, path).split('id="history"')[1].split("</table>")[0]

    first = history(world.env_coordinator)
    assert "27.9" in first and "31.4" not in first
    assert history(world.provider) == history(world.env_coordinator) == first
    _write("PM10_AVG", "31.4", replace=True)  # the same period: an update, with its old value
    after = history(world.env_coordinator)
    assert "31.4" in after and "27.9" in after and after != first
