"""Project networks (their projects and dependencies) and reporting cycles keep their
history like every other record: who, when, old and new value, why, the channel; without
a reason, or by someone who is not an administrator, nothing changes; deleting keeps the
last values. Deleting an instrument keeps the last values of it, its milestones and its
progress updates, and is refused while other records refer to it. The admin asks why
(only when something changes), saves and deletes through the services and shows the
history. Clock: 20 May 2026, 12:00 in Kraków."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import (
    Dependency,
    Instrument,
    InstrumentChange,
    Milestone,
    ProgressUpdate,
    ProjectNetwork,
    ReportingCycle,
)

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def make(code, **fields):
    fields.setdefault("kind", "project")
    fields.setdefault("name_pl", f"Projekt {code}")
    return services.create_instrument(actor=None, code=code, **fields, reason="nowy")


@pytest.fixture
def net(world):
    """N1 with A → B (FS); C outside it; a quarterly cycle asking A and B. No history yet."""
    w = world
    w.a, w.b, w.c = make("A", duration_days=3), make("B", duration_days=4), make("C")
    w.net = ProjectNetwork.objects.create(code="N1", name_pl="Sieć")
    w.net.projects.set([w.a, w.b])
    w.link = Dependency.objects.create(network=w.net, predecessor=w.a, successor=w.b)
    w.cycle = ReportingCycle.objects.create(name_pl="Kwartał", starts_on=date(2026, 1, 1))
    w.cycle.instruments.set([w.a, w.b])
    InstrumentChange.objects.all().delete()  # the instruments' first values: not what is tested
    return w


def _rows(**filters):
    return sorted(
        InstrumentChange.objects.filter(**filters).values_list(
            "field", "old", "new", "reason", "channel", "actor"
        )
    )


# The services ---------------------------------------------------------------------


def test_a_changed_network_records_who_when_old_new_and_why(net):
    services.save_network(
        {"name_pl": "Sieć BK", "projects": [net.a, net.b, net.c]},
        instance=net.net,
        actor=net.admin,
        reason="nowy projekt w sieci",
        channel="admin",
    )
    who, why = net.admin.pk, "nowy projekt w sieci"
    assert _rows() == [
        ("name_pl", "Sieć", "Sieć BK", why, "admin", who),
        ("projects", "A, B", "A, B, C", why, "admin", who),
    ]
    assert {c.at for c in InstrumentChange.objects.all()} == {NOW}
    assert list(net.net.projects.order_by("code").values_list("code", flat=True)) == [
        "A",
        "B",
        "C",
    ]


def test_a_dependency_added_records_its_values_and_the_projects_joining_the_network(net):
    services.add_dependency(
        net.net, net.b, net.c, actor=net.admin, reason="C po B", kind="SS", lag_days=2
    )
    link = Dependency.objects.get(successor=net.c)
    who = net.admin.pk
    assert _rows(content_type__model="dependency", object_id=link.pk) == [
        ("kind", "", "SS", "C po B", "service", who),
        ("lag_days", "", "2", "C po B", "service", who),
        ("network", "", "N1", "C po B", "service", who),
        ("predecessor", "", "B", "C po B", "service", who),
        ("successor", "", "C", "C po B", "service", who),
    ]
    assert _rows(content_type__model="projectnetwork") == [
        ("projects", "A, B", "A, B, C", "C po B", "service", who)
    ]


def test_a_changed_or_removed_dependency_is_kept_with_the_reason(net):
    services.save_dependency(
        {"lag_days": 5}, instance=net.link, actor=net.admin, reason="opóźnienie dostaw"
    )
    services.remove_dependency(net.link, actor=net.admin, reason="B już nie czeka na A")
    assert not Dependency.objects.exists()
    who = net.admin.pk
    assert _rows(content_type__model="dependency") == [
        ("kind", "FS", "", "B już nie czeka na A", "service", who),
        ("lag_days", "0", "5", "opóźnienie dostaw", "service", who),
        ("lag_days", "5", "", "B już nie czeka na A", "service", who),
        ("network", "N1", "", "B już nie czeka na A", "service", who),
        ("predecessor", "A", "", "B już nie czeka na A", "service", who),
        ("successor", "B", "", "B już nie czeka na A", "service", who),
    ]


def test_a_changed_cycle_records_who_when_old_new_and_why(net):
    services.save_cycle(
        {"grace_days": 30, "instruments": [net.a], "active": False},
        instance=net.cycle,
        actor=net.admin,
        reason="B zakończony",
    )
    who, why = net.admin.pk, "B zakończony"
    assert _rows() == [
        ("active", "1", "0", why, "service", who),
        ("grace_days", "14", "30", why, "service", who),
        ("instruments", "A, B", "A", why, "service", who),
    ]


def test_without_a_reason_nothing_changes(net):
    attempts = [
        lambda: services.save_network({"name_pl": "X"}, instance=net.net, actor=None, reason=""),
        lambda: services.save_cycle({"grace_days": 1}, instance=net.cycle, actor=None, reason=""),
        lambda: services.save_dependency(
            {"lag_days": 1}, instance=net.link, actor=None, reason=" "
        ),
        lambda: services.delete_network(net.net, actor=None, reason=""),
        lambda: services.delete_cycle(net.cycle, actor=None, reason=""),
        lambda: services.remove_dependency(net.link, actor=None, reason=""),
    ]
    for attempt in attempts:
        with pytest.raises(StradomError, match="Say why the network or reporting cycle"):
            attempt()
    with pytest.raises(StradomError, match="Say why the instrument changes"):
        services.delete_instrument(net.c, actor=None, reason="")
    _assert_nothing_changed(net)


def _assert_nothing_changed(w):
    w.net.refresh_from_db()
    w.cycle.refresh_from_db()
    w.link.refresh_from_db()
    assert (w.net.name_pl, w.cycle.grace_days, w.link.lag_days) == ("Sieć", 14, 0)
    assert list(w.net.projects.order_by("code").values_list("code", flat=True)) == ["A", "B"]
    assert list(w.cycle.instruments.order_by("code").values_list("code", flat=True)) == [
        "A",
        "B",
    ]
    assert Instrument.objects.count() == 3
    assert InstrumentChange.objects.count() == 0


@pytest.mark.parametrize("who", ["env_coordinator", "provider", "analyst"])
def test_only_an_administrator_changes_networks_cycles_or_deletes_instruments(net, who):
    user = getattr(net, who)
    net.c.manager = user
    net.c.save()
    attempts = [
        lambda: services.save_network({"name_pl": "X"}, instance=net.net, actor=user, reason="x"),
        lambda: services.save_network({"code": "N2", "name_pl": "Y"}, actor=user, reason="x"),
        lambda: services.save_cycle({"grace_days": 1}, instance=net.cycle, actor=user, reason="x"),
        lambda: services.add_dependency(net.net, net.b, net.c, actor=user, reason="x"),
        lambda: services.remove_dependency(net.link, actor=user, reason="x"),
        lambda: services.add_to_network(net.net, net.c, actor=user, reason="x"),
        lambda: services.delete_network(net.net, actor=user, reason="x"),
        lambda: services.delete_cycle(net.cycle, actor=user, reason="x"),
        lambda: services.delete_instrument(net.c, actor=user, reason="x"),  # even its manager
    ]
    for attempt in attempts:
        with pytest.raises(services.Refused, match="Only an administrator"):
            attempt()
    assert ProjectNetwork.objects.count() == 1
    _assert_nothing_changed(net)


def test_a_project_linked_by_a_dependency_stays_in_the_network(net):
    with pytest.raises(StradomError, match="B stays in N1 while the dependency"):
        services.save_network({"projects": [net.a]}, instance=net.net, actor=None, reason="x")
    _assert_nothing_changed(net)


def test_deleting_a_network_keeps_its_last_values_and_its_dependencies(net):
    pk, link = net.net.pk, net.link.pk
    services.delete_network(net.net, actor=net.admin, reason="sieć zastąpiona", channel="admin")
    assert (ProjectNetwork.objects.count(), Dependency.objects.count()) == (0, 0)
    assert Instrument.objects.count() == 3  # the projects stay
    who, why = net.admin.pk, "sieć zastąpiona"
    assert _rows(content_type__model="projectnetwork", object_id=pk) == [
        ("code", "N1", "", why, "admin", who),
        ("illustrative", "0", "", why, "admin", who),
        ("name_pl", "Sieć", "", why, "admin", who),
        ("projects", "A, B", "", why, "admin", who),
    ]
    assert ("predecessor", "A", "", why, "admin", who) in _rows(
        content_type__model="dependency", object_id=link
    )


def test_a_cycle_progress_was_reported_for_is_not_deleted(net):
    services.record_progress(
        net.a, actor=None, period="2026-Q1", percent_complete=10, cycle=net.cycle
    )
    with pytest.raises(StradomError, match="cannot be deleted while other records refer"):
        services.delete_cycle(net.cycle, actor=None, reason="niepotrzebny")
    assert ReportingCycle.objects.count() == 1


def test_deleting_an_instrument_keeps_its_last_values_milestones_and_progress(net):
    d = make("D", name_pl="Wymiana pieców", status="in_progress", result_indicators=[net.trams])
    stone = services.add_milestone(
        d, actor=None, name_pl="Przetarg", due_date=date(2026, 3, 31), reason="plan"
    )
    update = services.record_progress(d, actor=None, period="2026-Q1", percent_complete=40)
    InstrumentChange.objects.all().delete()
    services.delete_instrument(d, actor=net.admin, reason="projekt anulowany", channel="admin")
    assert not Instrument.objects.filter(code="D").exists()
    assert not Milestone.objects.exists() and not ProgressUpdate.objects.exists()
    who, why = net.admin.pk, "projekt anulowany"
    assert {"code", "kind", "name_pl", "status", "result_indicators"} <= {
        r[0] for r in _rows(content_type__model="instrument", object_id=d.pk)
    }
    assert ("status", "in_progress", "", why, "admin", who) in _rows(
        content_type__model="instrument"
    )
    assert _rows(content_type__model="milestone", object_id=stone.pk) == [
        ("due_date", "2026-03-31", "", why, "admin", who),
        ("illustrative", "0", "", why, "admin", who),
        ("instrument", "D", "", why, "admin", who),
        ("name_pl", "Przetarg", "", why, "admin", who),
    ]
    kept = _rows(content_type__model="progressupdate", object_id=update.pk)
    assert ("percent_complete", "40", "", why, "admin", who) in kept
    assert ("period", "2026-Q1", "", why, "admin", who) in kept


def test_an_instrument_a_network_or_cycle_refers_to_is_not_deleted(net):
    with pytest.raises(StradomError, match="cannot be deleted while other records refer") as e:
        services.delete_instrument(net.a, actor=None, reason="anulowany")
    assert "N1" in str(e.value) and "Kwartał" in str(e.value)
    assert Instrument.objects.count() == 3
    assert InstrumentChange.objects.count() == 0


# The admin ------------------------------------------------------------------------


def _network_data(w, **changes):
    data = {
        "code": "N1",
        "name_pl": "Sieć",
        "name_en": "",
        "description_pl": "",
        "description_en": "",
        "projects": [str(w.a.pk), str(w.b.pk)],
        "note": "",
        "dependencies-TOTAL_FORMS": "1",
        "dependencies-INITIAL_FORMS": "1",
        "dependencies-MIN_NUM_FORMS": "0",
        "dependencies-MAX_NUM_FORMS": "1000",
        "dependencies-0-id": str(w.link.pk),
        "dependencies-0-network": str(w.net.pk),
        "dependencies-0-predecessor": str(w.a.pk),
        "dependencies-0-successor": str(w.b.pk),
        "dependencies-0-kind": "FS",
        "dependencies-0-lag_days": "0",
    }
    data.update(changes)
    return data


def test_the_network_page_asks_why_only_when_something_changes_and_shows_the_history(client, net):
    client.force_login(net.admin)
    url = reverse("admin:instruments_projectnetwork_change", args=[net.net.pk])
    assert client.post(url, _network_data(net)).status_code == 302
    assert InstrumentChange.objects.count() == 0

    assert client.post(url, _network_data(net, name_pl="Sieć BK")).status_code == 200
    lag = {"dependencies-0-lag_days": "3"}
    refused = client.post(url, _network_data(net, **lag))
    assert refused.status_code == 200  # a changed dependency needs the reason too
    _assert_nothing_changed(net)

    done = client.post(url, _network_data(net, name_pl="Sieć BK", reason="korekta", **lag))
    assert done.status_code == 302
    who = net.admin.pk
    assert _rows() == [
        ("lag_days", "0", "3", "korekta", "admin", who),
        ("name_pl", "Sieć", "Sieć BK", "korekta", "admin", who),
    ]
    page = client.get(url).content.decode()
    assert "<td>nazwa (po polsku)</td><td>Sieć</td><td>Sieć BK</td><td>korekta</td>" in page
    assert "<td>0</td><td>3</td><td>korekta</td>" in page  # the dependency's lag


def test_the_network_page_deletes_a_dependency_through_the_service(client, net):
    client.force_login(net.admin)
    url = reverse("admin:instruments_projectnetwork_change", args=[net.net.pk])
    data = _network_data(net, reason="B niezależny od A", **{"dependencies-0-DELETE": "on"})
    assert client.post(url, data).status_code == 302
    assert not Dependency.objects.exists()
    assert set(InstrumentChange.objects.values_list("content_type__model", "new", "reason")) == {
        ("dependency", "", "B niezależny od A")
    }


def test_the_cycle_page_asks_why_and_shows_the_history(client, net):
    client.force_login(net.admin)
    url = reverse("admin:instruments_reportingcycle_change", args=[net.cycle.pk])
    data = {
        "name_pl": "Kwartał",
        "name_en": "",
        "description_pl": "",
        "description_en": "",
        "frequency": "Q",
        "starts_on": "2026-01-01",
        "grace_days": "14",
        "instruments": [str(net.a.pk), str(net.b.pk)],
        "active": "on",
    }
    assert client.post(url, data).status_code == 302
    assert InstrumentChange.objects.count() == 0
    assert client.post(url, {**data, "grace_days": "21"}).status_code == 200
    _assert_nothing_changed(net)
    done = client.post(url, {**data, "grace_days": "21", "reason": "dłuższy termin"})
    assert done.status_code == 302
    assert _rows() == [("grace_days", "14", "21", "dłuższy termin", "admin", net.admin.pk)]
    assert "<td>14</td><td>21</td><td>dłuższy termin</td>" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("model", "attr"),
    [
        ("projectnetwork", "net"),
        ("reportingcycle", "cycle"),
        ("dependency", "link"),
        ("instrument", "c"),
    ],
)
def test_the_admin_asks_why_before_deleting(client, net, model, attr):
    obj = getattr(net, attr)
    client.force_login(net.admin)
    url = reverse(f"admin:instruments_{model}_delete", args=[obj.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    refused = client.post(url, {"post": "yes", "reason": " "})
    assert refused.status_code == 200
    assert "To pole jest wymagane." in refused.content.decode()
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert InstrumentChange.objects.count() == 0

    assert client.post(url, {"post": "yes", "reason": "porządki"}).status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    assert set(InstrumentChange.objects.values_list("new", "reason", "channel", "actor")) == {
        ("", "porządki", "admin", net.admin.pk)
    }
    changelist = client.get(reverse(f"admin:instruments_{model}_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_the_admin_says_why_an_instrument_a_cycle_asks_is_not_deleted(client, net):
    net.cycle.instruments.add(net.c)  # a link Django would silently drop
    client.force_login(net.admin)
    url = reverse("admin:instruments_instrument_delete", args=[net.c.pk])
    response = client.post(url, {"post": "yes", "reason": "anulowany"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Kwartał" in response.content.decode()
    assert Instrument.objects.filter(pk=net.c.pk).exists()
    assert net.cycle.instruments.filter(pk=net.c.pk).exists()
    assert InstrumentChange.objects.count() == 0
