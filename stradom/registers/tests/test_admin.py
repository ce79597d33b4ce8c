"""The admin pages write through the services: a reason is asked, the history says
"admin", a bad entry is refused at its field in Polish, deleting keeps the history."""

from datetime import UTC, date, datetime
from decimal import Decimal

import time_machine
from django.urls import reverse

from stradom.registers.models import CivicBudgetProject, RegisterChange, Resolution
from stradom.registers.services import save_resolution


def form(**changes):
    data = {
        "term": "2024–2029",
        "number": "XII/345/24",
        "adopted_on": "2024-05-22",
        "title": "w sprawie programu ochrony powietrza",
        "unit": "",
        "domain": "",
        "status": "in_progress",
        "note": "",
        "reason": "nowa uchwała",
    }
    return {**data, **changes}


def test_adding_a_resolution_in_the_admin_goes_through_the_service(registers, client):
    w = registers
    client.force_login(w.admin)
    url = reverse("admin:registers_resolution_add")
    answer = client.post(url, form(unit=w.env_unit.pk))
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    r = Resolution.objects.get()
    assert (r.number, r.adopted_on, r.domain) == ("XII/345/24", date(2024, 5, 22), w.environment)
    changes = RegisterChange.objects.filter(object_id=r.pk)
    assert {c.channel for c in changes} == {"admin"}
    assert {c.reason for c in changes} == {"nowa uchwała"}
    page = client.get(reverse("admin:registers_resolution_change", args=[r.pk])).content
    assert "nowa uchwała" in page.decode()  # the history is shown on the entry's page


def test_a_bad_resolution_is_refused_at_its_field_in_polish(registers, client):
    client.force_login(registers.admin)
    url = reverse("admin:registers_resolution_add")
    answer = client.post(url, form(number="XII/345/23"))
    assert answer.status_code == 200
    text = answer.content.decode()
    assert "numer kończy się rokiem 23, a uchwałę podjęto 22.05.2024" in text
    no_reason = client.post(url, form(reason=""))
    assert no_reason.status_code == 200
    assert Resolution.objects.count() == 0 and RegisterChange.objects.count() == 0


def test_deleting_in_the_admin_keeps_the_history(registers, client):
    w = registers
    r = save_resolution(
        {
            "term": "VIII",
            "number": "I/1/24",
            "adopted_on": date(2024, 1, 3),
            "title": "t",
            "domain": w.transport,
        },
        reason="t",
    ).entry
    client.force_login(w.admin)
    url = reverse("admin:registers_resolution_delete", args=[r.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    refused = client.post(url, {"post": "yes", "reason": " "})
    assert refused.status_code == 200
    assert "To pole jest wymagane." in refused.content.decode()
    assert Resolution.objects.filter(pk=r.pk).exists()
    assert RegisterChange.objects.filter(new="").count() == 0

    assert client.post(url, {"post": "yes", "reason": "wpisana dwa razy"}).status_code == 302
    assert not Resolution.objects.exists()
    deleted = RegisterChange.objects.filter(object_id=r.pk, new="")
    assert set(deleted.values_list("field", "old")) >= {("number", "I/1/24"), ("term", "VIII")}
    assert set(deleted.values_list("reason", "channel", "actor")) == {
        ("wpisana dwa razy", "admin", w.admin.pk)
    }
    # No bulk delete: it would not ask why.
    changelist = client.get(reverse("admin:registers_resolution_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_a_coordinator_of_another_domain_is_refused_the_deletion_and_told_why(registers, client):
    from django.contrib.auth.models import Permission

    w = registers
    r = save_resolution(
        {
            "term": "VIII",
            "number": "I/1/24",
            "adopted_on": date(2024, 1, 3),
            "title": "t",
            "domain": w.transport,
        },
        reason="t",
    ).entry
    user = w.env_coordinator
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__endswith="_resolution"))
    client.force_login(user)
    url = reverse("admin:registers_resolution_delete", args=[r.pk])
    answer = client.post(url, {"post": "yes", "reason": "nie nasza"}, follow=True)
    assert answer.redirect_chain == [(url, 302)]
    assert Resolution.objects.filter(pk=r.pk).exists()
    assert RegisterChange.objects.filter(new="").count() == 0
    assert "I/1/24" in answer.content.decode()  # the service's refusal names the entry


def test_a_project_is_saved_in_the_admin(registers, client):
    w = registers
    client.force_login(w.admin)
    answer = client.post(
        reverse("admin:registers_civicbudgetproject_add"),
        {
            "edition": 2025,
            "code": "BO/7",
            "title": "Skwer",
            "district": w.district1.pk,
            "domain": w.environment.pk,
            "cost": "125000,50",
            "votes": 900,
            "status": "selected",
            "note": "",
            "reason": "wyniki głosowania",
        },
    )
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    assert CivicBudgetProject.objects.get().cost == Decimal("125000.50")


def test_the_history_on_an_entrys_page_is_dated_in_local_time_the_polish_way(registers, client):
    client.force_login(registers.admin)
    # 12:30 UTC on 3 March 2025 is 13:30 in Kraków (winter time).
    with time_machine.travel(datetime(2025, 3, 3, 12, 30, tzinfo=UTC), tick=False):
        answer = client.post(reverse("admin:registers_resolution_add"), form(number="XII/345/24"))
    assert answer.status_code == 302
    r = Resolution.objects.get()
    page = client.get(reverse("admin:registers_resolution_change", args=[r.pk])).content.decode()
    assert "<td>03.03.2025 13:30</td>" in page
    assert "2025-03-03" not in page


def test_the_change_page_asks_why_only_when_something_changes(registers, client):
    w = registers
    client.force_login(w.admin)
    client.post(reverse("admin:registers_resolution_add"), form())
    r = Resolution.objects.get()
    before = RegisterChange.objects.count()
    url = reverse("admin:registers_resolution_change", args=[r.pk])
    assert client.post(url, form(reason="")).status_code == 302  # nothing changed
    assert RegisterChange.objects.count() == before

    refused = client.post(url, form(status="executed", reason=""))
    assert refused.status_code == 200
    assert "Podaj, dlaczego to się zmienia (powód)." in refused.content.decode()
    r.refresh_from_db()
    assert r.status == "in_progress"
    assert RegisterChange.objects.count() == before

    done = client.post(url, form(status="executed", reason="wykonana"))
    assert done.status_code == 302, done.context["adminform"].form.errors
    assert list(
        RegisterChange.objects.filter(reason="wykonana").values_list(
            "field", "old", "new", "channel", "actor"
        )
    ) == [("status", "in_progress", "executed", "admin", w.admin.pk)]
    r.refresh_from_db()
    assert r.status == "executed"
    assert "<td>wykonana</td>" in client.get(url).content.decode()
