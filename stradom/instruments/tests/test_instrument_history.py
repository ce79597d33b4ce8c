"""An instrument's own changes are kept like every other history: who, when, which field,
old and new value (as people read them later), why and through which channel; a change
without a reason is refused and changes nothing; a save that changes nothing records
nothing. The admin asks for the reason and shows the history; the workspace page shows
it in Polish and English. The clock is set to 20 May 2026, 12:00 in Kraków."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import Instrument, InstrumentChange

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def project(world):
    return services.create_instrument(
        actor=None,
        code="P1",
        kind="project",
        name_pl="Wymiana pieców",
        manager=world.analyst,
        domain=world.environment,
        status="planned",
        planned_end=date(2026, 12, 31),
        result_indicators=[world.trams],
    )


def _rows():
    return sorted(
        InstrumentChange.objects.values_list("field", "old", "new", "reason", "channel", "actor")
    )


def test_a_change_records_who_when_old_new_and_why_per_field(world, project):
    services.update_instrument(
        project,
        actor=world.analyst,
        reason="aneks nr 2 do umowy",
        channel="workspace",
        planned_end=date(2027, 3, 31),
        owning_unit="Wydział Klimatu",
        result_indicators=[world.trams, world.pm10],
    )
    who = world.analyst.pk
    assert _rows() == [
        ("owning_unit", "", "Wydział Klimatu", "aneks nr 2 do umowy", "workspace", who),
        ("planned_end", "2026-12-31", "2027-03-31", "aneks nr 2 do umowy", "workspace", who),
        ("result_indicators", "TRAM_SAT", "PM10_AVG, TRAM_SAT", "aneks nr 2 do umowy",
         "workspace", who),
    ]  # fmt: skip
    assert {c.at for c in InstrumentChange.objects.all()} == {NOW}
    assert {c.object_id for c in InstrumentChange.objects.all()} == {project.pk}


def test_a_change_without_a_reason_is_refused_and_changes_nothing(world, project):
    for reason in ("", "   "):
        with pytest.raises(StradomError, match="Say why the instrument changes"):
            services.update_instrument(
                project, actor=world.analyst, reason=reason, planned_end=date(2027, 3, 31)
            )
    stored = Instrument.objects.get(pk=project.pk)
    assert stored.planned_end == date(2026, 12, 31)
    assert InstrumentChange.objects.count() == 0


def test_a_save_that_changes_nothing_records_nothing(world, project):
    services.update_instrument(
        project,
        actor=world.analyst,
        reason="bez zmian",
        status="planned",
        planned_end=date(2026, 12, 31),
        result_indicators=[world.trams.pk],  # the same link, given by its key
    )
    assert InstrumentChange.objects.count() == 0


def _admin_data(world, **changes):
    data = {
        "code": "P1",
        "kind": "project",
        "name_pl": "Wymiana pieców",
        "status": "planned",
        "manager": world.analyst.pk,
        "domain": world.environment.pk,
        "planned_end": "2026-12-31",
        "result_indicators": [world.trams.pk],
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_the_admin_asks_why_saves_through_the_service_and_shows_the_history(client, world, project):
    client.force_login(world.admin)
    url = reverse("admin:instruments_instrument_change", args=[project.pk])
    response = client.post(url, _admin_data(world, planned_end="2027-03-31"))
    assert response.status_code == 200  # the form again, with the error
    assert Instrument.objects.get(pk=project.pk).planned_end == date(2026, 12, 31)
    assert InstrumentChange.objects.count() == 0

    response = client.post(url, _admin_data(world, planned_end="2027-03-31", reason="aneks 2"))
    assert response.status_code == 302
    assert Instrument.objects.get(pk=project.pk).planned_end == date(2027, 3, 31)
    assert _rows() == [("planned_end", "2026-12-31", "2027-03-31", "aneks 2", "admin",
                        world.admin.pk)]  # fmt: skip
    page = client.get(url).content.decode()
    assert (
        "<td>planowane zakończenie</td><td>31.12.2026</td><td>31.03.2027</td><td>aneks 2</td>"
        in page
    )


def test_the_workspace_page_shows_the_instruments_history_in_polish_and_english(
    client, world, project
):
    services.update_instrument(project, actor=None, reason="aneks 2", planned_end=date(2027, 3, 31))
    client.force_login(world.admin)
    page = client.get(reverse("workspace:instrument", args=["P1"])).content.decode()
    assert (
        '<th scope="row">Planowane zakończenie</th><td>31.12.2026</td><td>31.03.2027</td>' in page
    )
    assert "<td>aneks 2</td>" in page
    page = client.get("/en" + reverse("workspace:instrument", args=["P1"])).content.decode()
    assert "History of the instrument" in page
    assert '<th scope="row">Planned end</th><td>31 Dec 2026</td><td>31 Mar 2027</td>' in page
