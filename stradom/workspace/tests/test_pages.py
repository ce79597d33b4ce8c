"""The workspace: every page type, the data-entry form, and bounded reads."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from stradom.catalog.models import Observation, ObservationChange
from stradom.catalog.services import ObservationInput, write_observations
from stradom.strategy.queries import forget_assessments
from stradom.workspace.models import Visit

NBSP = "\xa0"


def test_home_shows_strategy_freshness_and_changes_since_last_visit(client, dashboard):
    w = dashboard
    Visit.objects.create(user=w.env_coordinator, seen_at=timezone.now() - timedelta(hours=1))
    client.force_login(w.env_coordinator)
    html = client.get("/panel/all/").content.decode()  # a coordinator's "everything" page
    assert "Strategia testowa" in html
    # Freshness: PM10_AVG's latest period is 2024, and it is the coordinator's.
    fresh = html[html.index("Aktualność danych") :]
    row = fresh[fresh.index("PM10_AVG</span>") :]
    assert row.index("(Twój)") < 100
    assert "<td>2024</td>" in row[:400]
    # The test data were written just now, after the last visit: one row per batch
    # (14 PM10 values in 4 units: the city, Warszawa and two districts).
    changes = html[html.index("Zmiany od") : html.index("Aktualność danych")]
    assert (
        'PM10_AVG</span></td><td class="num">14</td><td class="num">4</td>'
        "<td>wiersz poleceń</td><td>test data</td>"
    ) in changes
    visit = Visit.objects.get(user=w.env_coordinator)
    assert timezone.now() - visit.seen_at < timedelta(minutes=1)


def test_home_keeps_the_same_since_for_the_whole_session(client, dashboard):
    w = dashboard
    Visit.objects.create(user=w.analyst, seen_at=timezone.now() - timedelta(hours=1))
    client.force_login(w.analyst)
    client.get("/panel/")
    html = client.get("/panel/").content.decode()
    assert "test data" in html  # still listed on the second look


def test_home_lists_no_change_older_than_the_last_visit(client, dashboard):
    w = dashboard
    Visit.objects.create(user=w.analyst, seen_at=timezone.now() + timedelta(minutes=1))
    client.force_login(w.analyst)
    html = client.get("/en/panel/").content.decode()
    assert "Nothing has changed since then." in html


def test_strategy_tree_drills_down_to_indicators(client, dashboard):
    client.force_login(dashboard.analyst)
    html = client.get(f"/panel/strategy/{dashboard.strategy.pk}/").content.decode()
    assert f'id="goal-{dashboard.root.pk}"' in html and f'id="goal-{dashboard.child.pk}"' in html
    assert "/panel/indicators/PM10_AVG/?territory=1261011" in html
    assert "/panel/indicators/TRAM_SAT/" in html  # the analyst sees drafts


def test_strategy_tree_of_a_coordinator_leaves_out_foreign_drafts(client, dashboard):
    client.force_login(dashboard.env_coordinator)
    html = client.get(f"/panel/strategy/{dashboard.strategy.pk}/").content.decode()
    assert "TRAM_SAT" not in html


def test_indicator_page_explains_the_assessment_and_shows_history(client, dashboard):
    client.force_login(dashboard.env_coordinator)
    html = client.get("/panel/indicators/PM10_AVG/").content.decode()
    assert "Rok bazowy to 2019; wartość wskaźnika wynosiła wtedy 1" in html
    assert "Wartość docelowa to 900,0 do roku 2030; źródło: Uchwała testowa." in html
    assert "Im niższa wartość, tym lepiej." in html
    assert 'id="history"' in html and "test data" in html
    assert "/panel/indicators/PM10_AVG/enter/" in html
    assert 'data-spec="chart-series-spec"' in html


def test_history_fragment_for_htmx_has_no_page_around_it(client, dashboard):
    client.force_login(dashboard.analyst)
    response = client.get("/panel/indicators/PM10_AVG/history/?page=1", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "test data" in html
    whole = client.get("/panel/indicators/PM10_AVG/history/").content.decode()
    assert "<html" in whole


def test_domain_page_lists_its_indicators_and_money(client, dashboard):
    client.force_login(dashboard.env_coordinator)
    html = client.get("/panel/domains/srodowisko/").content.decode()
    assert "PM10_AVG" in html
    assert "1" + NBSP + "184,5" in html  # latest value for Kraków, 2024
    assert "Zadania budżetowe" in html or "budget" in html.lower()


def test_domain_page_of_unknown_domain_is_not_found(client, dashboard):
    client.force_login(dashboard.analyst)
    assert client.get("/panel/domains/nope/").status_code == 404


def _post(client, value="12,5", period="2025", reason="odczyt", prefix="", **extra):
    data = {"territory": "1261011", "period": period, "value": value, "status": "final"}
    data["reason"] = reason
    data.update(extra)
    return client.post(f"{prefix}/panel/indicators/PM10_AVG/enter/", data)


def test_entry_form_saves_a_value_with_its_reason(client, dashboard):
    client.force_login(dashboard.provider)
    response = _post(client, value="1 234,5")
    assert response.status_code == 302
    assert response["Location"] == "/panel/indicators/PM10_AVG/?territory=1261011"
    obs = Observation.objects.get(indicator=dashboard.pm10, territory=dashboard.city, period="2025")
    assert obs.value == Decimal("1234.5")
    change = ObservationChange.objects.get(indicator=dashboard.pm10, period="2025")
    assert (change.reason, change.channel, change.user) == ("odczyt", "form", dashboard.provider)


@pytest.mark.parametrize(
    ("value", "period", "reason", "message"),
    [
        ("12,3.4", "2025", "r", "Write the number with one decimal separator"),
        ("dwanaście", "2025", "r", "is not a number"),
        ("12", "2025", "", "This field is required."),
        ("12", "2025", "   ", "This field is required."),
        ("12", "20x5", "r", "period"),
        ("12", "2025-Q1", "r", "is yearly"),
    ],
)
def test_entry_form_explains_what_is_wrong_and_saves_nothing(
    client, dashboard, value, period, reason, message
):
    client.force_login(dashboard.provider)
    before = (Observation.objects.count(), ObservationChange.objects.count())
    response = _post(client, value=value, period=period, reason=reason, prefix="/en")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert message in html
    assert (Observation.objects.count(), ObservationChange.objects.count()) == before


def test_entry_form_refuses_to_overwrite_unless_the_user_confirms(client, dashboard):
    client.force_login(dashboard.provider)
    before = (Observation.objects.count(), ObservationChange.objects.count())
    response = _post(client, period="2019", value="999", prefix="/en")
    assert response.status_code == 422
    assert "A value is already stored for this period." in response.content.decode()
    assert (Observation.objects.count(), ObservationChange.objects.count()) == before
    assert Observation.objects.get(
        territory=dashboard.city, period="2019", indicator=dashboard.pm10
    ).value == Decimal("1234.5")

    response = _post(client, period="2019", value="999", replace="on", reason="korekta GIOŚ")
    assert response.status_code == 302
    obs = Observation.objects.get(territory=dashboard.city, period="2019", indicator=dashboard.pm10)
    assert obs.value == Decimal("999")
    change = ObservationChange.objects.filter(period="2019", indicator=dashboard.pm10).first()
    assert (change.old_value, change.new_value, change.reason) == (
        Decimal("1234.5"),
        Decimal("999"),
        "korekta GIOŚ",
    )


def test_entry_form_is_translated(client, dashboard):
    client.force_login(dashboard.provider)
    html = client.get("/en/panel/indicators/PM10_AVG/enter/").content.decode()
    assert "Reason for the change" in html
    assert 'aria-describedby="id_reason-help"' in html


QUERY_BOUND = {
    "home": 29,
    "all": 29,
    "strategy": 15,
    "indicator": 26,
    "domain": 25,
    "enter": 14,
}


@pytest.mark.parametrize("size", [3, 30])
def test_query_count_does_not_grow_with_indicators_and_years(
    client, world, size, django_assert_max_num_queries
):
    from stradom.strategy.testing import build_dashboard

    w = build_dashboard(world, n_indicators=size, n_years=size)
    write_observations(
        [ObservationInput(i.code, "1261011", "1990", Decimal(1)) for i in w.extra],
        actor=None,
        reason="more history",
        channel="command",
    )
    client.force_login(w.env_coordinator)
    urls = {
        "home": "/panel/",
        "all": "/panel/all/",
        "strategy": f"/panel/strategy/{w.strategy.pk}/",
        "indicator": "/panel/indicators/PM10_AVG/",
        "domain": "/panel/domains/srodowisko/",
        "enter": "/panel/indicators/PM10_AVG/enter/",
    }
    for name, url in urls.items():
        cache.clear()  # the bound holds with a cold assessment cache too
        forget_assessments()
        with django_assert_max_num_queries(QUERY_BOUND[name]):
            assert client.get(url).status_code == 200, url
