"""A coordinator of an instrument's domain (``Instrument.domain``) may do what its manager
may — record progress and milestones, change the instrument — and nothing for the
instruments of other domains; links to goals, indicators or money grant nothing. The
clock is set to 20 May 2026."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from stradom.accounts.permissions import Action, can
from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import Instrument, InstrumentChange, Milestone, ProgressUpdate

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def project(world):
    """P1 of the environment domain, managed by the analyst; measured by a transport
    indicator (which gives the transport coordinator nothing)."""
    p = services.create_instrument(
        actor=None,
        code="P1",
        kind="project",
        name_pl="Wymiana pieców",
        manager=world.analyst,
        domain=world.environment,
        status="in_progress",
        actual_start=date(2025, 2, 1),
        result_indicators=[world.trams],
        reason="nowy instrument",
    )
    services.add_milestone(
        p,
        actor=None,
        name_pl="Odbiór końcowy",
        due_date=date(2026, 4, 30),
        reason="nowy kamień milowy",
    )
    return p


def _state():
    return (
        list(Instrument.objects.order_by("pk").values_list("status", "domain_id", "manager_id")),
        list(Milestone.objects.order_by("pk").values_list("name_pl", "done_date", "note")),
        ProgressUpdate.objects.count(),
        InstrumentChange.objects.count(),
    )


def test_the_rule(world, project):
    may = {
        name: can(getattr(world, name), Action.MANAGE_INSTRUMENT, project)
        for name in ("admin", "analyst", "env_coordinator", "transport_coordinator", "provider")
    }
    assert may == {
        "admin": True,
        "analyst": True,  # the named manager
        "env_coordinator": True,  # coordinates the instrument's domain
        "transport_coordinator": False,  # only an indicator of the instrument is theirs
        "provider": False,  # provides values of an environment indicator: not a coordinator
    }


def test_coordinator_of_the_domain_records_progress_and_milestones(world, project):
    coordinator = world.env_coordinator
    update = services.record_progress(
        project, actor=coordinator, period="2026-Q1", percent_complete=40, narrative="Umowy"
    )
    stone = project.milestones.get()
    services.record_milestone(stone, actor=coordinator, actual_date=date(2026, 5, 4), note="Nr 7")
    added = services.add_milestone(
        project,
        actor=coordinator,
        name_pl="Rozliczenie",
        due_date=date(2026, 12, 31),
        reason="nowy kamień milowy",
    )
    changed = services.update_instrument(
        project, actor=coordinator, reason="nowy wydział", owning_unit="Wydział Klimatu"
    )

    assert (update.author, update.percent_complete) == (coordinator, 40)
    assert Milestone.objects.get(pk=stone.pk).done_date == date(2026, 5, 4)
    rows = set(
        InstrumentChange.objects.filter(actor=coordinator).values_list("field", "old", "new")
    )
    assert rows == {
        ("done_date", "", "2026-05-04"),
        ("note", "", "Nr 7"),
        ("name_pl", "", "Rozliczenie"),  # the milestone added: its first values
        ("due_date", "", "2026-12-31"),
        ("illustrative", "", "0"),
        ("owning_unit", "", "Wydział Klimatu"),
    }
    assert added.instrument == project
    assert changed.owning_unit == "Wydział Klimatu"


def test_coordinator_of_another_domain_is_refused_and_nothing_is_written(world, project):
    stone = project.milestones.get()
    before = _state()
    for actor in (world.transport_coordinator, world.provider):
        with pytest.raises(services.Refused) as refused:
            services.record_progress(project, actor=actor, period="2026-Q1", percent_complete=40)
        assert str(refused.value) == (
            "Only the manager of P1, a coordinator of its domain or an administrator may change it."
        )
        with pytest.raises(services.Refused):
            services.record_milestone(stone, actor=actor, actual_date=date(2026, 5, 4))
        with pytest.raises(services.Refused):
            services.add_milestone(
                project,
                actor=actor,
                name_pl="x",
                due_date=date(2026, 6, 1),
                reason="nowy kamień milowy",
            )
        with pytest.raises(services.Refused):
            services.update_instrument(project, actor=actor, reason="test", status="completed")
    assert _state() == before


def test_a_coordinator_does_not_hand_the_instrument_to_another_domain_or_manager(world, project):
    before = _state()
    with pytest.raises(services.Refused, match="Only an administrator may change the domain."):
        services.update_instrument(
            project, actor=world.env_coordinator, reason="test", domain=world.transport
        )
    with pytest.raises(services.Refused, match="Only an administrator may change the domain."):
        services.update_instrument(
            project, actor=world.analyst, reason="test", domain=None
        )  # the manager
    with pytest.raises(services.Refused, match="Only an administrator may change the manager."):
        services.update_instrument(
            project, actor=world.env_coordinator, reason="test", manager=None
        )
    assert _state() == before
    # Naming the same domain again is no change; the administrator moves it.
    services.update_instrument(
        project, actor=world.env_coordinator, reason="test", domain=world.environment
    )
    services.update_instrument(project, actor=world.admin, reason="test", domain=world.transport)
    project.refresh_from_db()
    assert project.domain == world.transport
    assert can(world.transport_coordinator, Action.MANAGE_INSTRUMENT, project)
    assert not can(world.env_coordinator, Action.MANAGE_INSTRUMENT, project)


def test_an_instrument_without_a_domain_is_no_coordinators(world, project):
    Instrument.objects.filter(pk=project.pk).update(domain=None)
    project.refresh_from_db()
    with pytest.raises(services.Refused):
        services.record_progress(
            project, actor=world.env_coordinator, period="2026-Q1", percent_complete=1
        )
    assert ProgressUpdate.objects.count() == 0


def test_a_coordinator_removed_from_the_domain_loses_the_right_at_once(world, project):
    from stradom.accounts.permissions import roles

    coordinator = world.env_coordinator
    assert roles(coordinator).domain_ids  # cached on the user object for the request
    world.environment.coordinators.remove(coordinator)
    with pytest.raises(services.Refused):
        services.record_progress(project, actor=coordinator, period="2026-Q1", percent_complete=1)
    assert ProgressUpdate.objects.count() == 0


def test_add_milestone_records_a_day_reached_through_the_history(world, project):
    stone = services.add_milestone(
        project,
        actor=world.env_coordinator,
        name_pl="Umowy podpisane",
        due_date=date(2025, 3, 31),
        done_date=date(2025, 3, 20),
        note="Umowa nr 12",
        reason="z rejestru umów",
        channel="workspace",
    )
    rows = set(
        InstrumentChange.objects.filter(object_id=stone.pk).values_list(
            "field", "old", "new", "reason", "channel", "actor"
        )
    )
    who = world.env_coordinator.pk
    assert rows == {
        ("name_pl", "", "Umowy podpisane", "z rejestru umów", "workspace", who),
        ("due_date", "", "2025-03-31", "z rejestru umów", "workspace", who),
        ("illustrative", "", "0", "z rejestru umów", "workspace", who),
        ("done_date", "", "2025-03-20", "z rejestru umów", "workspace", who),
        ("note", "", "Umowa nr 12", "z rejestru umów", "workspace", who),
    }
    before = _state()
    # A day reached that record_milestone refuses creates no milestone either.
    with pytest.raises(StradomError, match="is in the future"):
        services.add_milestone(
            project,
            actor=None,
            name_pl="Jutro",
            due_date=date(2026, 6, 1),
            done_date=date(2026, 5, 21),
            reason="nowy kamień milowy",
        )
    assert _state() == before


@pytest.mark.usefixtures("english")
def test_admin_refuses_a_domain_change_by_a_coordinator(client, world, project):
    coordinator = world.env_coordinator
    coordinator.is_staff = True
    coordinator.save()
    coordinator.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="instruments")
    )
    client.force_login(coordinator)
    url = reverse("admin:instruments_instrument_change", args=[project.pk])
    assert client.get(url).status_code == 200  # may change: the instrument is in their domain
    data = {
        "code": "P1",
        "kind": "project",
        "name_pl": "Wymiana pieców",
        "status": "in_progress",
        "manager": world.analyst.pk,
        "domain": world.transport.pk,
        "actual_start": "2025-02-01",
        "result_indicators": [world.trams.pk],
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "updates-TOTAL_FORMS": "0",
        "updates-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Only an administrator may change the domain." in response.content.decode()
    project.refresh_from_db()
    assert project.domain == world.environment
