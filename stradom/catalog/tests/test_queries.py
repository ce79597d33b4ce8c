"""The parts of an indicator's page read from the catalogue: the series with its table,
the district map, the comparison with other cities, how it is calculated, and
disaggregation keys in words; each in a bounded number of queries."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from stradom.catalog import queries
from stradom.catalog.services import ObservationInput, write_observations
from stradom.territory.models import Territory, TerritoryKind

JUNE_2025 = datetime(2025, 6, 1, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
SQUARE = {"type": "Polygon", "coordinates": [[[19.9, 50.0], [20.0, 50.0], [20.0, 50.1]]]}


def _write(*rows):
    report = write_observations(
        [ObservationInput(*row) for row in rows], actor=None, reason="test", channel="command"
    )
    assert report.ok, report.problems


@pytest.fixture
def pm10(world):
    """PM10 in Kraków 2022–2024, in Warszawa 2022–2023 and Gdańsk 2024, and in the two
    districts in 2023 (one of them with its boundary) and 2024 (one only)."""
    world.warsaw = Territory.objects.create(
        code="1465011", name="Warszawa", kind=TerritoryKind.GMINA, parent=world.country
    )
    world.gdansk = Territory.objects.create(
        code="2261011", name="Gdańsk", kind=TerritoryKind.GMINA, parent=world.country
    )
    world.district1.geometry = SQUARE
    world.district1.number = "1"
    world.district1.save()
    _write(
        ("PM10_AVG", "1261011", "2022", Decimal("40.5")),
        ("PM10_AVG", "1261011", "2023", Decimal("38")),
        ("PM10_AVG", "1261011", "2024", Decimal("36.25")),
        ("PM10_AVG", "1465011", "2022", Decimal("35")),
        ("PM10_AVG", "1465011", "2023", Decimal("39")),
        ("PM10_AVG", "2261011", "2024", Decimal("20")),
        ("PM10_AVG", "1261011-01", "2023", Decimal("44")),
        ("PM10_AVG", "1261011-02", "2023", Decimal("31")),
        ("PM10_AVG", "1261011-02", "2024", Decimal("30")),
    )
    return world


def test_keys_become_words_with_codes_kept_where_no_name_exists(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        labels = queries.disaggregation_labels(["", "sex=F", "age=18-34|sex=M"])
    assert labels == {
        "": "",
        "sex=F": "płeć: kobiety",
        "age=18-34|sex=M": "age: 18-34; płeć: mężczyźni",
    }
    with django_assert_num_queries(0):
        assert queries.disaggregation_labels([""]) == {"": ""}


def test_the_keys_stored_for_a_unit_are_sorted_with_the_total_first(world):
    _write(
        ("POP", "1261011", "2024", Decimal(800_000)),
        ("POP", "1261011", "2024", Decimal(420_000), (("sex", "M"),)),
        ("POP", "1261011", "2024", Decimal(380_000), (("sex", "F"),)),
    )
    assert queries.disaggregations(world.pop, world.city) == ["", "sex=F", "sex=M"]
    assert queries.disaggregations(world.pop, world.district1) == []
    assert queries.disaggregations(world.pop, None) == []


@time_machine.travel(JUNE_2025, tick=False)
def test_a_series_is_its_points_one_row_each_and_its_freshness(pm10, django_assert_num_queries):
    pm10.pm10.publication_lag_days = 90  # 2024 is due by the end of March 2025
    with django_assert_num_queries(1):
        series = queries.indicator_series(pm10.pm10, pm10.city)
    assert [(p.period, p.value, p.status) for p in series.points] == [
        ("2022", Decimal("40.5"), "final"),
        ("2023", Decimal("38"), "final"),
        ("2024", Decimal("36.25"), "final"),
    ]
    assert [r.point for r in series.rows] == list(series.points)
    assert {(r.break_text, r.suppressed_text, r.base_n) for r in series.rows} == {("", "", None)}
    assert (series.breaks, series.notices, series.has_ci, series.has_base) == ((), (), False, False)
    assert (series.freshness["latest_period"], series.freshness["stale"]) == ("2024", False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        series.points = ()  # type: ignore[misc]


def test_without_a_unit_the_series_is_empty(pm10, django_assert_num_queries):
    with django_assert_num_queries(0):
        series = queries.indicator_series(pm10.pm10, None)
    assert (series.points, series.rows, series.freshness["latest_period"]) == ((), (), None)


def test_the_district_map_is_the_latest_period_any_district_has(pm10, django_assert_num_queries):
    units = list(queries.territories_with_data(pm10.pm10))
    with django_assert_num_queries(2):
        districts = queries.district_map(pm10.pm10, units)
    assert districts.period == "2024"
    assert districts.rows == (
        queries.DistrictValue(
            code="1261011-02", name="Grzegórzki", number="", value=Decimal("30"), geometry=None
        ),
    )
    assert not districts.drawable  # Grzegórzki has no boundary
    assert (districts.has_ci, districts.has_base) == (False, False)


def test_the_map_is_drawable_when_a_district_has_its_boundary(pm10):
    _write(("PM10_AVG", "1261011-01", "2024", Decimal("45.5")))
    districts = queries.district_map(pm10.pm10, list(queries.territories_with_data(pm10.pm10)))
    assert [(r.code, r.number, r.value) for r in districts.rows] == [
        ("1261011-01", "1", Decimal("45.5")),
        ("1261011-02", "", Decimal("30")),
    ]
    assert districts.drawable and districts.rows[0].geometry == SQUARE


def test_no_district_means_no_map_and_no_query(pm10, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert queries.district_map(pm10.pm10, [pm10.city, pm10.warsaw]) == queries.NO_DISTRICTS


def test_cities_are_compared_in_the_latest_period_the_shown_one_shares(
    pm10, django_assert_num_queries
):
    units = list(queries.territories_with_data(pm10.pm10))
    with django_assert_num_queries(1):
        peers = queries.peer_comparison(pm10.pm10, pm10.city, "", units)
    # 2024: Kraków and Gdańsk; Warszawa has no value then.
    assert peers == queries.PeerComparison(
        period="2024",
        rows=(
            queries.PeerValue(code="1261011", name="Kraków", value=Decimal("36.25"), home=True),
            queries.PeerValue(code="2261011", name="Gdańsk", value=Decimal("20"), home=False),
        ),
    )
    warsaw = queries.peer_comparison(pm10.pm10, pm10.warsaw, "", units)
    assert warsaw.period == "2023"
    assert [(r.name, r.value, r.home) for r in warsaw.rows] == [
        ("Warszawa", Decimal("39"), True),
        ("Kraków", Decimal("38"), False),
    ]


def test_no_comparison_for_a_disaggregation_a_district_or_a_lone_city(
    pm10, django_assert_num_queries
):
    units = list(queries.territories_with_data(pm10.pm10))
    with django_assert_num_queries(0):
        assert queries.peer_comparison(pm10.pm10, pm10.city, "sex=F", units) == queries.NO_PEERS
        assert queries.peer_comparison(pm10.pm10, pm10.district2, "", units) == queries.NO_PEERS
        assert queries.peer_comparison(pm10.pm10, pm10.city, "", [pm10.city]) == queries.NO_PEERS
        assert queries.peer_comparison(pm10.pm10, None, "", units) == queries.NO_PEERS


def test_the_written_method_is_shown_for_a_plain_indicator(world):
    world.pm10.calculation_pl = "Średnia roczna ze stacji WIOŚ."
    facts = queries.calculation_facts(world.pm10)
    assert facts == queries.CalculationFacts(
        computation="", calculation="Średnia roczna ze stacji WIOŚ."
    )
