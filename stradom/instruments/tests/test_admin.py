"""Admin screens: lists with data, the network schedule, refusals that leave data alone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from stradom.instruments import services
from stradom.instruments.models import (
    Dependency,
    Instrument,
    ProgressUpdate,
    ProjectNetwork,
    ReportingCycle,
)
from stradom.instruments.queries import ILLUSTRATIVE


def make(code, **fields):
    fields.setdefault("kind", "project")
    fields.setdefault("name_pl", f"Projekt {code}")
    return services.create_instrument(actor=None, code=code, **fields, reason="nowy instrument")


@pytest.fixture
def data(world):
    a = make("A", planned_start=date(2026, 1, 1), duration_days=3, illustrative=True)
    b = make("B", duration_days=4, manager=world.provider)
    c = make("C", duration_days=2)
    net = ProjectNetwork.objects.create(code="N1", name_pl="Sieć", illustrative=True)
    services.add_dependency(net, a, b, actor=None, reason="sieć projektów")
    services.add_dependency(net, b, c, actor=None, reason="sieć projektów")
    services.add_milestone(
        b, actor=None, name_pl="Odbiór", due_date=date(2026, 2, 1), reason="nowy kamień milowy"
    )
    cycle = ReportingCycle.objects.create(name_pl="Kwartał", starts_on=date(2026, 1, 1))
    cycle.instruments.set([a, b, c])
    with time_machine.travel(datetime(2026, 4, 2, tzinfo=UTC), tick=False):
        services.record_progress(b, actor=None, period="2026-Q1", percent_complete=25)
    return net


@pytest.mark.parametrize(
    "model",
    ["instrument", "milestone", "projectnetwork", "dependency", "reportingcycle", "progressupdate"],
)
def test_changelists_open_for_an_administrator(data, world, client, model):
    client.force_login(world.admin)

    response = client.get(reverse(f"admin:instruments_{model}_changelist"))

    assert response.status_code == 200


def test_instrument_list_marks_illustrative_ones(data, world, client):
    client.force_login(world.admin)

    page = client.get(reverse("admin:instruments_instrument_changelist")).content.decode()

    assert page.count(ILLUSTRATIVE) == 1


def test_change_pages_open_and_the_network_page_shows_its_schedule(data, world, client):
    client.force_login(world.admin)
    b = Instrument.objects.get(code="B")

    change = reverse("admin:instruments_instrument_change", args=[b.pk])
    assert client.get(change).status_code == 200
    polish = client.get(reverse("admin:instruments_projectnetwork_change", args=[data.pk]))
    assert "Najwcześniejsze zakończenie: dzień 9 (01.01.2026 – 09.01.2026)" in polish.text
    # Inside override: the locale middleware's choice of English ends with the block.
    with translation.override("en"):
        url = reverse("admin:instruments_projectnetwork_change", args=[data.pk])
        page = client.get(url)

    text = page.content.decode()
    assert page.status_code == 200
    assert "A → B → C" in text
    assert "Earliest finish: day 9 (01 Jan 2026 – 09 Jan 2026)" in text
    assert ILLUSTRATIVE in text


def _network_form(net, links):
    form = {
        "code": net.code,
        "name_pl": net.name_pl,
        "name_en": "",
        "description_pl": "",
        "description_en": "",
        "note": "",
        "illustrative": "on",
        "projects": [p.pk for p in net.projects.all()],
        "dependencies-TOTAL_FORMS": str(len(links)),
        "dependencies-INITIAL_FORMS": str(sum(1 for link in links if link[0])),
        "dependencies-MIN_NUM_FORMS": "0",
        "dependencies-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, pred, succ, kind, lag) in enumerate(links):
        form.update(
            {
                f"dependencies-{i}-id": str(pk or ""),
                f"dependencies-{i}-network": str(net.pk),
                f"dependencies-{i}-predecessor": str(pred.pk),
                f"dependencies-{i}-successor": str(succ.pk),
                f"dependencies-{i}-kind": kind,
                f"dependencies-{i}-lag_days": str(lag),
            }
        )
    return form


def test_network_form_refuses_a_dependency_that_closes_a_cycle(data, world, client):
    client.force_login(world.admin)
    a, b, c = (Instrument.objects.get(code=x) for x in "ABC")
    existing = [
        (d.pk, d.predecessor, d.successor, d.kind, d.lag_days)
        for d in Dependency.objects.order_by("id")
    ]
    before = list(Dependency.objects.values_list("predecessor__code", "successor__code"))

    response = client.post(
        reverse("admin:instruments_projectnetwork_change", args=[data.pk]),
        _network_form(data, [*existing, (None, c, a, "FS", 0)]),
    )

    assert response.status_code == 200  # the form again, with the error
    assert "A → B → C → A" in response.content.decode()
    assert list(Dependency.objects.values_list("predecessor__code", "successor__code")) == before


def test_dependency_form_refuses_a_cycle_with_its_path(data, world, client):
    client.force_login(world.admin)
    a, c = Instrument.objects.get(code="A"), Instrument.objects.get(code="C")

    response = client.post(
        reverse("admin:instruments_dependency_add"),
        {"network": data.pk, "predecessor": c.pk, "successor": a.pk, "kind": "FS", "lag_days": 0},
    )

    assert "C → A → B → C" in response.content.decode()
    assert Dependency.objects.count() == 2


def test_admin_adds_a_progress_update_without_touching_the_earlier_one(data, world, client):
    client.force_login(world.admin)
    b = Instrument.objects.get(code="B")

    with time_machine.travel(datetime(2026, 4, 10, tzinfo=UTC), tick=False):
        response = client.post(
            reverse("admin:instruments_progressupdate_add"),
            {"instrument": b.pk, "period": "2026q1", "percent_complete": 30, "narrative": "x"},
        )

    assert response.status_code == 302
    assert list(
        ProgressUpdate.objects.order_by("id").values_list("period", "percent_complete", "author")
    ) == [("2026-Q1", 25, None), ("2026-Q1", 30, world.admin.pk)]


@pytest.mark.usefixtures("english")
def test_staff_who_is_not_the_manager_cannot_change_an_instrument(data, world, client):
    staff = world.analyst
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="instruments"))
    client.force_login(staff)
    b = Instrument.objects.get(code="B")

    url = reverse("admin:instruments_instrument_change", args=[b.pk])
    client.post(url, {"code": "B", "kind": "project", "name_pl": "zmienione"})
    refused = client.post(
        reverse("admin:instruments_progressupdate_add"),
        {"instrument": b.pk, "period": "2026-Q1", "percent_complete": 90},
    )

    milestone = client.post(
        reverse("admin:instruments_milestone_add"),
        {"instrument": b.pk, "name_pl": "Nowy", "due_date": "2026-05-01"},
    )
    cycle = client.post(
        reverse("admin:instruments_reportingcycle_add"),
        {"name_pl": "Miesięczny", "frequency": "M", "starts_on": "2026-01-01", "grace_days": 7},
    )

    b.refresh_from_db()
    assert b.name_pl == "Projekt B"
    assert "Only the manager of B" in milestone.content.decode()
    assert list(b.milestones.values_list("name_pl", flat=True)) == ["Odbiór"]
    assert cycle.status_code == 403
    assert ReportingCycle.objects.count() == 1
    assert "Only the manager of B" in refused.content.decode()
    assert ProgressUpdate.objects.count() == 1
    assert client.get(reverse("admin:instruments_instrument_add")).status_code == 403


def test_instrument_page_lists_the_budget_tasks_that_finance_it(data, world, client):
    from decimal import Decimal

    from stradom.finance.models import BudgetTask, Unit

    b = Instrument.objects.get(code="B")
    unit = Unit.objects.create(code="ws", name_pl="Wydział Strategii")
    BudgetTask.objects.create(
        year=2026,
        code="ZB-17",
        name_pl="Badanie opinii",
        unit=unit,
        instrument=b,
        section="750",
        chapter="75095",
        paragraph="4300",
        plan=Decimal("192000.00"),
        plan_after_changes=Decimal("192000.00"),
    )
    client.force_login(world.admin)

    page = client.get(reverse("admin:instruments_instrument_change", args=[b.pk]))

    assert "<li>2026 ZB-17 Badanie opinii</li>" in page.content.decode()
