"""The latest period of every indicator, read once per version of the values
(``catalog.queries.latest_periods``): the same answer as the per-indicator subquery,
and a new answer after every write, deletion or approval."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection, transaction

from stradom.approval import services as approval
from stradom.approval.queries import published_values
from stradom.catalog.models import Indicator
from stradom.catalog.queries import latest_period_subquery, latest_periods, values_version
from stradom.catalog.services import ObservationInput, delete_observations, write_observations


def _write(*values, reason="test data"):
    report = write_observations(
        [ObservationInput(code, unit, period, value) for code, unit, period, value in values],
        actor=None,
        reason=reason,
        channel="command",
    )
    assert report.ok, report.problems
    return report


@pytest.fixture
def stored(world):
    _write(
        ("PM10_AVG", "1261011", "2021", Decimal("31.0")),
        ("PM10_AVG", "1261011-01", "2023", Decimal("29.5")),
        ("TRAM_SAT", "1261011", "2022", Decimal("70")),
        ("BIRTHS", "1261011", "2020", Decimal("14000")),
    )
    return world


def _by_subquery() -> dict[int, str]:
    rows = Indicator.objects.annotate(latest=latest_period_subquery()).values_list("pk", "latest")
    return {pk: latest for pk, latest in rows if latest is not None}


def test_it_gives_what_the_subquery_gives_for_every_indicator(stored):
    w = stored
    assert latest_periods() == _by_subquery()
    # The latest period of any territory: the district's 2023, not the city's 2021.
    assert latest_periods()[w.pm10.pk] == "2023"
    assert w.pop.pk not in latest_periods()  # no values at all


def test_a_new_value_and_a_deletion_are_seen_on_the_next_read(stored):
    w = stored
    assert latest_periods()[w.trams.pk] == "2022"
    _write(("TRAM_SAT", "1261011", "2024", Decimal("73")))
    assert latest_periods()[w.trams.pk] == "2024"
    report = delete_observations(
        [("TRAM_SAT", "1261011", "2024", "")], actor=None, reason="wrong year", channel="command"
    )
    assert report.ok and report.deleted == 1
    assert latest_periods()[w.trams.pk] == "2022"
    assert latest_periods() == _by_subquery()


def test_with_approved_values_only_it_gives_the_latest_approved_period(stored, settings):
    w = stored
    settings.STRADOM_PUBLISH_APPROVED_ONLY = True
    with published_values():
        assert w.pm10.pk not in latest_periods()  # nothing approved yet
    approval.submit(w.pm10, "2021", actor=w.provider)
    approval.approve(w.pm10, "2021", actor=w.env_coordinator)
    with published_values():
        assert latest_periods()[w.pm10.pk] == "2021"
    assert latest_periods()[w.pm10.pk] == "2023"  # outside the published pages: every value


def test_a_rolled_back_write_does_not_leave_its_version_to_the_next_one(stored):
    """SQLite gives a rolled-back change set's id to the next change set: the version
    tells them apart by the change set's time too."""
    w = stored

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        _write(("BIRTHS", "1261011", "2030", Decimal("1")))
        rolled_back = values_version()
        assert latest_periods()[w.births.pk] == "2030"
        raise Undo
    _write(("BIRTHS", "1261011", "2021", Decimal("14100")))
    assert values_version() != rolled_back
    assert latest_periods()[w.births.pk] == "2021"


def test_postgresql_connections_compile_no_query_just_in_time(db):
    """jit=off per connection (settings): compiling a page's query took longer than
    running it (bench/web)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting; this run is on " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
