"""An instrument's own changes are kept like every other history: who, when, which field,
old and new value (as people read them later), why and through which channel — from its
creation on, whose entries are its first values; a change without a reason is refused
and changes nothing; a save that changes nothing records nothing. Milestones added,
changed or deleted in the instrument's admin page are kept too, and asked why. The admin
asks for the reason and shows the history; the workspace page shows it in Polish and
English. The clock is set to 20 May 2026, 12:00 in Kraków."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import Instrument, InstrumentChange, Milestone

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
        reason=CREATED,
    )


CREATED = "uchwała o programie"  # the fixture's reason: its entries are the first values


def _changes():
    """The history after the fixture's instrument was created."""
    return InstrumentChange.objects.exclude(reason=CREATED)


def _rows():
    return sorted(_changes().values_list("field", "old", "new", "reason", "channel", "actor"))


def test_a_new_instrument_records_its_first_values_who_when_and_why(world, project):
    rows = sorted(
        InstrumentChange.objects.values_list("field", "old", "new", "reason", "channel", "actor")
    )
    assert rows == [
        ("code", "", "P1", CREATED, "service", None),
        ("domain", "", "srodowisko", CREATED, "service", None),
        ("illustrative", "", "0", CREATED, "service", None),
        ("kind", "", "project", CREATED, "service", None),
        ("manager", "", "daniel", CREATED, "service", None),
        ("name_pl", "", "Wymiana pieców", CREATED, "service", None),
        ("planned_end", "", "2026-12-31", CREATED, "service", None),
        ("result_indicators", "", "TRAM_SAT", CREATED, "service", None),
        ("status", "", "planned", CREATED, "service", None),
    ]
    assert {(c.at, c.object_id) for c in InstrumentChange.objects.all()} == {(NOW, project.pk)}


def test_a_refused_creation_writes_nothing(world, project):
    before = (Instrument.objects.count(), InstrumentChange.objects.count())
    with pytest.raises(services.Refused):
        services.create_instrument(
            actor=world.env_coordinator, reason="nowy", code="P2", kind="project", name_pl="x"
        )
    with pytest.raises(StradomError, match="Say why the instrument changes"):
        services.create_instrument(actor=world.admin, reason=" ", code="P2", kind="project",
                                   name_pl="x")  # fmt: skip
    with pytest.raises(StradomError, match="The code P1 is already taken"):
        services.create_instrument(actor=world.admin, reason="nowy", code="P1", kind="project",
                                   name_pl="x")  # fmt: skip
    assert (Instrument.objects.count(), InstrumentChange.objects.count()) == before


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
    assert {c.at for c in _changes()} == {NOW}
    assert {c.object_id for c in _changes()} == {project.pk}


def test_a_change_without_a_reason_is_refused_and_changes_nothing(world, project):
    for reason in ("", "   "):
        with pytest.raises(StradomError, match="Say why the instrument changes"):
            services.update_instrument(
                project, actor=world.analyst, reason=reason, planned_end=date(2027, 3, 31)
            )
    stored = Instrument.objects.get(pk=project.pk)
    assert stored.planned_end == date(2026, 12, 31)
    assert _changes().count() == 0


def test_a_save_that_changes_nothing_records_nothing(world, project):
    services.update_instrument(
        project,
        actor=world.analyst,
        reason="bez zmian",
        status="planned",
        planned_end=date(2026, 12, 31),
        result_indicators=[world.trams.pk],  # the same link, given by its key
    )
    assert _changes().count() == 0


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
    assert _changes().count() == 0

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


# -- milestones in the instrument's admin page --------------------------------------------------
def _milestone_data(world, project, stone, reason="", **row):
    fields = {
        "id": str(stone.pk),
        "instrument": str(project.pk),
        "name_pl": stone.name_pl,
        "name_en": "",
        "due_date": "2026-04-30",
    }
    fields.update(row)
    data = _admin_data(
        world, reason=reason, **{"milestones-TOTAL_FORMS": "1", "milestones-INITIAL_FORMS": "1"}
    )
    data.update({f"milestones-0-{k}": v for k, v in fields.items()})
    return data


@pytest.fixture
def stone(project):
    return services.add_milestone(
        project, actor=None, name_pl="Odbiór końcowy", due_date=date(2026, 4, 30), reason=CREATED
    )


def _milestone_rows(stone):
    return sorted(
        _changes()
        .filter(object_id=stone.pk, content_type__model="milestone")
        .values_list("field", "old", "new", "reason", "channel", "actor")
    )


def test_the_admin_asks_why_when_only_a_milestone_changes(client, world, project, stone):
    client.force_login(world.admin)
    url = reverse("admin:instruments_instrument_change", args=[project.pk])
    unchanged = client.post(url, _milestone_data(world, project, stone))
    assert unchanged.status_code == 302  # nothing changes: no reason asked, nothing recorded
    assert _changes().count() == 0

    moved = client.post(url, _milestone_data(world, project, stone, due_date="2026-05-31"))
    assert moved.status_code == 200
    assert "Podaj, dlaczego to się zmienia (powód)." in moved.content.decode()
    assert Milestone.objects.get(pk=stone.pk).due_date == date(2026, 4, 30)
    assert _changes().count() == 0

    moved = client.post(
        url, _milestone_data(world, project, stone, due_date="2026-05-31", reason="aneks 3")
    )
    assert moved.status_code == 302
    assert Milestone.objects.get(pk=stone.pk).due_date == date(2026, 5, 31)
    assert _milestone_rows(stone) == [
        ("due_date", "2026-04-30", "2026-05-31", "aneks 3", "admin", world.admin.pk)
    ]
    assert _rows() == _milestone_rows(stone)  # the instrument's own fields did not change


def test_a_milestone_added_or_deleted_in_the_admin_is_kept_with_the_reason(
    client, world, project, stone
):
    client.force_login(world.admin)
    url = reverse("admin:instruments_instrument_change", args=[project.pk])
    data = _milestone_data(world, project, stone)
    data.update(
        {
            "milestones-TOTAL_FORMS": "2",
            "milestones-1-instrument": str(project.pk),
            "milestones-1-name_pl": "Rozliczenie",
            "milestones-1-name_en": "",
            "milestones-1-due_date": "2026-12-31",
        }
    )
    assert client.post(url, data).status_code == 200  # a new milestone asks why too
    assert Milestone.objects.filter(instrument=project).count() == 1
    data["reason"] = "harmonogram z aneksu"
    assert client.post(url, data).status_code == 302
    added = Milestone.objects.get(instrument=project, name_pl="Rozliczenie")
    who, why = world.admin.pk, "harmonogram z aneksu"
    assert _milestone_rows(added) == [
        ("due_date", "", "2026-12-31", why, "admin", who),
        ("illustrative", "", "0", why, "admin", who),
        ("name_pl", "", "Rozliczenie", why, "admin", who),
    ]

    gone = _milestone_data(world, project, stone, DELETE="on")
    assert client.post(url, gone).status_code == 200  # deleting asks why
    assert Milestone.objects.filter(pk=stone.pk).exists()
    gone["reason"] = "etap połączony z rozliczeniem"
    gone["milestones-INITIAL_FORMS"] = "1"
    assert client.post(url, gone).status_code == 302
    assert not Milestone.objects.filter(pk=stone.pk).exists()
    why = "etap połączony z rozliczeniem"
    assert _milestone_rows(stone) == [
        ("due_date", "2026-04-30", "", why, "admin", who),
        ("illustrative", "0", "", why, "admin", who),
        ("name_pl", "Odbiór końcowy", "", why, "admin", who),
    ]


def test_an_instrument_added_in_the_admin_records_its_first_values(client, world):
    client.force_login(world.admin)
    data = _admin_data(world, code="P9", name_pl="Zielone podwórka", planned_end="")
    data["milestones-TOTAL_FORMS"] = "1"
    data.update(
        {"milestones-0-name_pl": "Projekt", "milestones-0-name_en": "",
         "milestones-0-due_date": "2026-09-30"}
    )  # fmt: skip
    response = client.post(reverse("admin:instruments_instrument_add"), data)
    assert response.status_code == 302
    made = Instrument.objects.get(code="P9")
    why = "dodano w panelu administracyjnym"
    rows = set(
        InstrumentChange.objects.filter(
            object_id=made.pk, content_type__model="instrument"
        ).values_list("field", "new", "reason", "channel", "actor")
    )
    assert ("code", "P9", why, "admin", world.admin.pk) in rows
    assert ("name_pl", "Zielone podwórka", why, "admin", world.admin.pk) in rows
    assert ("result_indicators", "TRAM_SAT", why, "admin", world.admin.pk) in rows
    stone = made.milestones.get()
    assert ("name_pl", "", "Projekt", why, "admin", world.admin.pk) in _milestone_rows(stone)
