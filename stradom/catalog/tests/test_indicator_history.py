"""An indicator's metadata (name, definition, unit, polarity, source…) keeps its history
like every other record: who, when, old and new value and why, per changed field; a
change without a reason is refused and changes nothing; a save that changes nothing
records nothing. The admin asks why, saves through the service and shows the history;
the workspace indicator page shows it in Polish and English. Clock: 20 May 2026."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from stradom.catalog.models import Indicator, IndicatorChange
from stradom.catalog.services.indicators import create_indicator, update_indicator
from stradom.core.messages import StradomError

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _rows():
    return sorted(
        IndicatorChange.objects.values_list("field", "old", "new", "reason", "channel", "actor")
    )


def test_a_change_records_who_when_old_new_and_why_per_field(world):
    update_indicator(
        world.pm10,
        actor=world.admin,
        reason="nowa metodyka GIOŚ",
        channel="admin",
        unit="µg/m³",
        decimals=2,
        source="GIOŚ",
        data_providers=[world.provider, world.analyst],
    )
    who, why = world.admin.pk, "nowa metodyka GIOŚ"
    assert _rows() == [
        ("data_providers", "celina", "celina, daniel", why, "admin", who),
        ("decimals", "1", "2", why, "admin", who),
        ("source", "", "GIOŚ", why, "admin", who),
        ("unit", "µg/m3", "µg/m³", why, "admin", who),
    ]
    assert {c.at for c in IndicatorChange.objects.all()} == {NOW}
    assert Indicator.objects.get(pk=world.pm10.pk).unit == "µg/m³"


def test_a_change_without_a_reason_is_refused_and_changes_nothing(world):
    with pytest.raises(StradomError, match="Say why the indicator changes"):
        update_indicator(world.pm10, actor=world.admin, reason="", unit="mg/m3")
    assert Indicator.objects.get(pk=world.pm10.pk).unit == "µg/m3"
    assert IndicatorChange.objects.count() == 0


def test_a_value_the_model_refuses_changes_nothing(world):
    with pytest.raises(ValidationError, match="polarity"):
        update_indicator(world.pm10, actor=world.admin, reason="test", polarity="sideways")
    assert Indicator.objects.get(pk=world.pm10.pk).polarity == "lower_is_better"
    assert IndicatorChange.objects.count() == 0


def test_the_same_values_record_nothing(world):
    update_indicator(
        world.pm10,
        actor=world.admin,
        reason="bez zmian",
        unit="µg/m3",
        polarity="lower_is_better",
        data_providers=[world.provider.pk],
    )
    assert IndicatorChange.objects.count() == 0


def _form_data(response, **changes):
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    data.update(changes)
    return data


def test_the_admin_asks_why_records_through_the_service_and_shows_the_history(client, world):
    client.force_login(world.admin)
    url = reverse("admin:catalog_indicator_change", args=[world.pm10.pk])
    shown = client.get(url)
    response = client.post(url, _form_data(shown, unit="mg/m3"))
    assert response.status_code == 200  # the form again: no reason
    assert Indicator.objects.get(pk=world.pm10.pk).unit == "µg/m3"
    assert IndicatorChange.objects.count() == 0

    response = client.post(url, _form_data(shown, reason="bez zmian"))
    assert response.status_code == 302
    assert IndicatorChange.objects.count() == 0

    response = client.post(url, _form_data(shown, unit="mg/m3", reason="korekta jednostki"))
    assert response.status_code == 302
    assert _rows() == [("unit", "µg/m3", "mg/m3", "korekta jednostki", "admin", world.admin.pk)]
    page = client.get(url).content.decode()
    assert "<td>jednostka miary</td><td>µg/m3</td><td>mg/m3</td><td>korekta jednostki</td>" in page


def test_the_workspace_page_shows_the_history_in_polish_and_english(client, world):
    update_indicator(world.pm10, actor=None, reason="korekta", polarity="higher_is_better")
    client.force_login(world.admin)
    url = reverse("workspace:indicator", args=["PM10_AVG"])
    page = client.get(url).content.decode()
    assert (
        '<th scope="row">Kierunek pożądanej zmiany</th><td>im niższa wartość, tym lepiej</td>'
        in page
    )
    page = client.get("/en" + url).content.decode()
    assert "History of the indicator's description</h3>" in page
    assert '<th scope="row">Polarity</th><td>lower is better</td><td>higher is better</td>' in page


def test_a_new_indicator_records_its_first_values_who_when_and_why(world):
    saved = create_indicator(
        actor=world.admin,
        reason="nowy wskaźnik programu",
        channel="admin",
        code="NOISE",
        name_pl="Hałas",
        unit="dB",
        domain=world.environment,
        data_providers=[world.provider],
    )
    who, why = world.admin.pk, "nowy wskaźnik programu"
    assert _rows() == [
        ("code", "", "NOISE", why, "admin", who),
        ("data_providers", "", "celina", why, "admin", who),
        ("decimals", "", "1", why, "admin", who),
        ("domain", "", "srodowisko", why, "admin", who),
        ("frequency", "", "Y", why, "admin", who),
        ("kind", "", "objective", why, "admin", who),
        ("name_pl", "", "Hałas", why, "admin", who),
        ("polarity", "", "neutral", why, "admin", who),
        ("publication_status", "", "draft", why, "admin", who),
        ("rules", "", "[]", why, "admin", who),
        ("theme", "", "context", why, "admin", who),
        ("unit", "", "dB", why, "admin", who),
    ]
    assert {(c.at, c.object_id) for c in IndicatorChange.objects.all()} == {
        (NOW, saved.indicator.pk)
    }
    assert list(saved.indicator.data_providers.all()) == [world.provider]


def test_a_refused_new_indicator_writes_nothing(world):
    before = Indicator.objects.count()
    with pytest.raises(StradomError, match="You may not add indicators"):
        create_indicator(actor=world.env_coordinator, reason="nowy", code="NOISE", name_pl="H")
    with pytest.raises(StradomError, match="Say why the indicator changes"):
        create_indicator(actor=world.admin, reason="", code="NOISE", name_pl="Hałas")
    with pytest.raises(ValidationError, match="code"):
        create_indicator(actor=world.admin, reason="nowy", code="POP", name_pl="Ludność")
    assert Indicator.objects.count() == before
    assert IndicatorChange.objects.count() == 0


def test_someone_who_may_not_change_indicators_is_refused_and_nothing_changes(world):
    with pytest.raises(StradomError, match="You may not change indicators"):
        update_indicator(world.pm10, actor=world.env_coordinator, reason="mój", unit="mg/m3")
    assert Indicator.objects.get(pk=world.pm10.pk).unit == "µg/m3"
    assert IndicatorChange.objects.count() == 0


def test_an_indicator_added_in_the_admin_records_its_first_values(client, world):
    client.force_login(world.admin)
    url = reverse("admin:catalog_indicator_add")
    shown = client.get(url)
    data = _form_data(shown, code="NOISE", name_pl="Hałas", unit="dB", rules="[]")
    for links in ("data_providers", "services", "dimensions"):
        del data[links]  # none chosen: a browser sends nothing
    response = client.post(url, data)
    assert response.status_code == 302
    made = Indicator.objects.get(code="NOISE")
    rows = set(
        IndicatorChange.objects.filter(object_id=made.pk).values_list(
            "field", "old", "new", "reason", "channel", "actor"
        )
    )
    why = "dodano w panelu administracyjnym"
    assert ("code", "", "NOISE", why, "admin", world.admin.pk) in rows
    assert ("unit", "", "dB", why, "admin", world.admin.pk) in rows
    page = client.get(reverse("admin:catalog_indicator_change", args=[made.pk])).content.decode()
    assert "<td>jednostka miary</td><td>–</td><td>dB</td><td>" + why + "</td>" in page


def test_a_computation_set_by_a_program_is_kept_in_the_history(world):
    from stradom.catalog.services import set_computation

    rate = Indicator.objects.create(code="BIRTH_RATE", name_pl="Urodzenia na 1000")
    set_computation(
        rate, formula="[BIRTHS] / [POP] * 1000", actor=None, reason="definicja", channel="demo"
    )
    assert _rows() == [("formula", "", "[BIRTHS] / [POP] * 1000", "definicja", "demo", None)]
    assert rate.formula == "[BIRTHS] / [POP] * 1000"
    with pytest.raises(StradomError, match="unknown indicators: NOPE"):
        set_computation(rate, formula="[NOPE] + 1", actor=None, reason="zła definicja")
    assert Indicator.objects.get(pk=rate.pk).formula == "[BIRTHS] / [POP] * 1000"
    assert IndicatorChange.objects.count() == 1
