"""The workspace's domain page: each indicator's latest value where it has one (the
city's total, else the series its page opens on, e.g. a measuring station's, named in
words with its period and how current it is), the goals its indicators are linked to
with their status, and a number of queries that does not grow with the indicators."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache

from stradom.catalog.models import Dimension, DimensionValue, Indicator
from stradom.catalog.services import ObservationInput, write_observations
from stradom.strategy.queries import forget_assessments
from stradom.strategy.testing import build_dashboard
from stradom.workspace import queries

NBSP = "\xa0"
# 2025's annual value is due by 30.04.2026 (lag 120 days): on this day it is expected.
DECEMBER_2026 = datetime(2026, 12, 4, 12, tzinfo=UTC)
URL = "/panel/domains/srodowisko/"


def _stations(w) -> None:
    """PM25_ST: values at two measuring stations in Kraków (and one in Warszawa), no
    total anywhere; NO_VALUE: an indicator of the domain without any value."""
    w.station = Dimension.objects.create(code="station", name_pl="stacja", name_en="station")
    for code, name_pl, name_en in (
        ("A-KRAS", "Kraków, al. Krasińskiego", "Kraków, Krasińskiego Avenue"),
        ("B-BUJA", "Kraków, ul. Bujaka", "Kraków, Bujaka Street"),
    ):
        DimensionValue.objects.create(
            dimension=w.station, code=code, name_pl=name_pl, name_en=name_en
        )
    w.pm25 = Indicator.objects.create(
        code="PM25_ST",
        name_pl="Średnioroczne stężenie PM2,5 na stacji",
        name_en="Annual mean PM2.5 at a station",
        unit="µg/m3",
        decimals=1,
        polarity="lower_is_better",
        domain=w.environment,
        publication_status="published",
        publication_lag_days=120,
    )
    w.pm25.dimensions.add(w.station)
    w.no_value = Indicator.objects.create(
        code="NO_VALUE",
        name_pl="Wskaźnik bez wartości",
        name_en="An indicator without a value",
        unit="%",
        domain=w.environment,
        publication_status="published",
    )
    rows = [
        ("1261011", "2022", "A-KRAS", "40.1"),
        ("1261011", "2023", "A-KRAS", "38.6"),
        ("1261011", "2024", "B-BUJA", "25"),
        ("1465011", "2024", "A-KRAS", "11"),
    ]
    report = write_observations(
        [
            ObservationInput("PM25_ST", t, p, Decimal(v), dimensions=(("station", s),))
            for t, p, s, v in rows
        ],
        actor=None,
        reason="station data",
        channel="command",
    )
    assert report.ok, report.problems


@pytest.fixture
def stations(dashboard):
    _stations(dashboard)
    return dashboard


def _row(html: str, code: str) -> str:
    start = html.index(f'id="domain-indicator-{code}"')
    return html[start : html.index("</tr>", start)]


@time_machine.travel(DECEMBER_2026, tick=False)
def test_an_indicator_with_values_only_per_station_shows_the_latest_of_its_page_series(
    client, stations
):
    client.force_login(stations.env_coordinator)
    row = _row(client.get(URL).content.decode(), "PM25_ST")
    # Its page opens on Kraków and the first station (no total, no goal link): the
    # latest value there is 2023's, two years behind the expected 2025.
    assert '<td class="num">38,6 µg/m3</td>' in row
    assert "Kraków · stacja: Kraków, al. Krasińskiego" in row
    assert "/panel/indicators/PM25_ST/?territory=1261011&amp;dimensions=station%3DA-KRAS" in row
    assert (
        '<td>2023 <strong class="stale">(ostatnia wartość z 2023 r.; oczekiwano 2025 r.)'
        "</strong></td>"
    ) in row
    assert "25" + "," not in row and "Bujaka" not in row  # the other station is not mixed in


@time_machine.travel(DECEMBER_2026, tick=False)
def test_domain_page_in_english_names_the_station_and_the_period(client, stations):
    client.force_login(stations.env_coordinator)
    html = client.get("/en" + URL).content.decode()
    row = _row(html, "PM25_ST")
    assert '<td class="num">38.6 µg/m3</td>' in row
    assert "Kraków · station: Kraków, Krasińskiego Avenue" in row
    assert "(latest value from 2023; 2025 expected)" in row
    assert "No value yet." in _row(html, "NO_VALUE")


def test_the_city_total_comes_first_where_there_is_one(client, stations):
    client.force_login(stations.env_coordinator)
    row = _row(client.get(URL).content.decode(), "PM10_AVG")
    assert f'<td class="num">1{NBSP}184,5 µg/m3</td>' in row  # Kraków's total, 2024
    assert '?territory=1261011">Kraków</a></td><td>2024</td>' in row


@time_machine.travel(DECEMBER_2026, tick=False)
def test_an_indicator_without_any_value_says_so_in_words(client, stations):
    client.force_login(stations.env_coordinator)
    # Without a publication lag nothing is expected: it only has no value yet (a new
    # string: this Polish assertion waits for the catalogue).
    row = _row(client.get("/en" + URL).content.decode(), "NO_VALUE")
    assert '<td colspan="3">No value yet.</td>' in row
    # With a lag, a value is expected, and the page says for which period.
    stations.no_value.publication_lag_days = 120
    stations.no_value.save()
    row = _row(client.get(URL).content.decode(), "NO_VALUE")
    assert (
        '<td colspan="3"><strong class="stale">Brak wartości; oczekiwano wartości za 2025 r.'
        "</strong></td>"
    ) in row


def test_domain_page_lists_the_goals_of_its_indicators_with_their_status(client, stations):
    client.force_login(stations.env_coordinator)
    html = client.get(URL).content.decode()
    goals = html[html.index('id="domain-goals"') : html.index('id="indicators"')]
    w = stations
    assert f'id="domain-goal-{w.child.pk}"' in goals
    assert "1.1 Mniej pyłów" in goals and "— 1 Czyste powietrze" in goals
    assert goals.count("<tr id=") == 1  # only 1.1 has links; 1 is its parent
    # PM10_AVG went from 1234.5 to 1184.5 towards 900 by 2030: too little for the time gone.
    assert (
        '<span class="status status-2"><span aria-hidden="true">▼</span> Niewielki postęp' in goals
    )


def test_domain_goals_in_english(client, stations):
    client.force_login(stations.env_coordinator)
    html = client.get("/en" + URL).content.decode()
    goals = html[html.index('id="domain-goals"') : html.index('id="indicators"')]
    assert "1.1 Less dust" in goals and "— 1 Clean air" in goals
    assert "Little progress" in goals


def test_a_domain_without_linked_indicators_says_it_has_no_goals(client, dashboard):
    client.force_login(dashboard.analyst)
    html = client.get("/en/panel/domains/transport/").content.decode()
    # TRAM_SAT is a draft the analyst may see, linked to 1.1.
    assert f'id="domain-goal-{dashboard.child.pk}"' in html
    # The environment's coordinator may not see that draft of another domain.
    client.force_login(dashboard.env_coordinator)
    html = client.get("/en/panel/domains/transport/").content.decode()
    assert (
        "None of this domain’s indicators visible to you is linked to a goal of a strategy "
        "in force."
    ) in html


def test_shown_values_names_the_series_of_each_indicator(stations):
    w = stations
    shown = queries.shown_values([w.pm10, w.pm25, w.no_value], w.city)
    assert (shown[w.pm10.pk].territory, shown[w.pm10.pk].dimensions) == (w.city, "")
    assert shown[w.pm10.pk].observation.value == Decimal("1184.5")
    pm25 = shown[w.pm25.pk]
    assert (pm25.territory, pm25.dimensions, pm25.observation.period) == (
        w.city,
        "station=A-KRAS",
        "2023",
    )
    assert pm25.observation.value == Decimal("38.6")
    assert shown[w.no_value.pk].observation is None
    assert shown[w.no_value.pk].where == ""


@pytest.mark.parametrize("size", [3, 30])
def test_domain_page_queries_do_not_grow_with_station_indicators(
    client, world, size, django_assert_max_num_queries
):
    w = build_dashboard(world, n_indicators=size)
    _stations(w)
    extra = []
    for k in range(size):
        ind = Indicator.objects.create(
            code=f"ST{k:03d}",
            name_pl=f"Stacja {k}",
            unit="µg/m3",
            domain=w.environment,
            publication_status="published",
        )
        ind.dimensions.add(w.station)
        extra.append(ind)
    write_observations(
        [
            ObservationInput(
                i.code, "1261011", "2024", Decimal(k), dimensions=(("station", "B-BUJA"),)
            )
            for k, i in enumerate(extra)
        ],
        actor=None,
        reason="stations",
        channel="command",
    )
    client.force_login(w.env_coordinator)
    cache.clear()
    forget_assessments()
    with django_assert_max_num_queries(31):
        html = client.get(URL).content.decode()
    assert html.count("Kraków · stacja: Kraków, ul. Bujaka") == size


def test_a_goal_link_to_a_station_decides_the_series_shown(client, stations):
    """As the indicator's page: the goal link's unit and disaggregation (here the other
    station, whose latest value is 2024's) rather than the first station's."""
    from stradom.strategy.models import GoalIndicator

    w = stations
    GoalIndicator.objects.create(
        goal=w.child, indicator=w.pm25, territory=w.city, dimensions="station=B-BUJA", order=9
    )
    client.force_login(w.env_coordinator)
    row = _row(client.get(URL).content.decode(), "PM25_ST")
    assert '<td class="num">25,0 µg/m3</td>' in row
    assert "Kraków · stacja: Kraków, ul. Bujaka" in row and "<td>2024" in row


def test_default_series_chooses_as_each_indicators_page_does(stations):
    """One chooser: the series ``default_series`` names for many indicators at once are
    those ``choose_series`` picks for each alone, goal link or not."""
    from stradom.strategy import queries as strategy_queries
    from stradom.strategy.models import GoalIndicator

    w = stations
    GoalIndicator.objects.create(
        goal=w.child, indicator=w.pm25, territory=w.warsaw, dimensions="station=A-KRAS", order=9
    )
    indicators = [w.pm10, w.pm25, w.no_value, w.trams, w.pop]
    many = strategy_queries.default_series(indicators)
    for ind in indicators:
        territory, key, _keys, _links = strategy_queries.choose_series(ind, None, None)
        assert many[ind.pk] == (territory, key), ind.code
    assert many[w.pm25.pk] == (w.warsaw, "station=A-KRAS")
    assert many[w.no_value.pk] == (None, "")
