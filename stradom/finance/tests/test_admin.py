from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from stradom.finance.models import BudgetTask, MoneyChange
from stradom.finance.services import UndertakingInput, create_wpf_version

D = Decimal

MODELS = ["unit", "budgettask", "wpfversion", "undertaking", "wpfrow", "moneychange"]


@pytest.fixture
def filled(world, strategy, units, make_task, wpf_table):
    task = make_task("NE-1", plan="100.00", execution=D("120.00"),
                     shares={strategy.iv31: D("100")}, illustrative=True)  # fmt: skip
    version = create_wpf_version(
        code="WPF2026",
        budget_year=2026,
        rows=wpf_table,
        illustrative=True,
        undertakings=[
            UndertakingInput(number="1.3.2.1", name="Tramwaj", unit=units.transport,
                             start_year=2026, end_year=2027, total_outlays=D("10.00"),
                             limits={2026: D("5.00")}, obligations_limit=D("5.00"))
        ],
        reason="x",
    )  # fmt: skip
    return task, version


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open_for_an_administrator(client, filled, world, model):
    client.force_login(world.admin)
    response = client.get(reverse(f"admin:finance_{model}_changelist"))
    assert response.status_code == 200


def test_task_list_labels_illustrative_money_and_detail_pages_open(client, filled, world):
    task, version = filled
    client.force_login(world.admin)
    page = client.get(reverse("admin:finance_budgettask_changelist")).content.decode()
    assert "Przykład ilustracyjny / Illustrative example" in page
    assert client.get(reverse("admin:finance_budgettask_change", args=[task.pk])).status_code == 200
    page = client.get(reverse("admin:finance_wpfversion_change", args=[version.pk]))
    assert page.status_code == 200
    assert "Dochody bieżące" in page.content.decode()
    undertaking = version.undertakings.get()
    url = reverse("admin:finance_undertaking_change", args=[undertaking.pk])
    assert client.get(url).status_code == 200


def form_data(units, **changes):
    data = {
        "year": "2026",
        "code": "ADM-1",
        "name_pl": "Zadanie z panelu",
        "name_en": "",
        "unit": str(units.env.pk),
        "domain": "",
        "instrument": "",
        "classification_code": "900-90005-4300",
        "plan": "1000.00",
        "plan_after_changes": "",
        "commitments": "0",
        "execution": "0",
        "goal_shares": "IV.3.1:60; VI.1:40",
        "note": "",
        "reason": "uchwała budżetowa",
        "shares-TOTAL_FORMS": "0",
        "shares-INITIAL_FORMS": "0",
        "months-TOTAL_FORMS": "0",
        "months-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_admin_form_creates_a_task_through_the_service(client, world, strategy, units):
    client.force_login(world.admin)
    response = client.post(reverse("admin:finance_budgettask_add"), form_data(units))
    assert response.status_code == 302, response.content.decode()[:3000]
    task = BudgetTask.objects.get(code="ADM-1")
    assert task.plan_after_changes == D("1000.00")
    assert sorted(task.shares.values_list("goal__code", "share")) == [
        ("IV.3.1", D("60")),
        ("VI.1", D("40")),
    ]
    assert MoneyChange.objects.filter(reason="uchwała budżetowa", actor=world.admin).count() == 6


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"plan": "-1.00"}, "plan"),
        ({"goal_shares": "IV.3.1:60; VI.1:30"}, "goal_shares"),
        ({"classification_code": "900-90099-4300"}, "classification_code"),
        ({"reason": ""}, "reason"),
    ],
)
def test_admin_form_refuses_bad_money_and_writes_nothing(client, world, strategy, units, changes,
                                                         field):  # fmt: skip
    client.force_login(world.admin)
    response = client.post(reverse("admin:finance_budgettask_add"), form_data(units, **changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert BudgetTask.objects.count() == 0 and MoneyChange.objects.count() == 0


def test_admin_form_changes_a_task_through_the_service_with_its_reason(client, filled, units):
    task, _version = filled
    client.force_login(User.objects.get(username="admin"))
    url = reverse("admin:finance_budgettask_change", args=[task.pk])
    data = form_data(
        units,
        code="NE-1",
        plan="100.00",
        plan_after_changes="130.00",
        execution="120.00",
        goal_shares="IV.3.1:100",
        reason="autopoprawka",
    )
    data["shares-TOTAL_FORMS"] = data["shares-INITIAL_FORMS"] = "1"
    data["shares-0-id"], data["shares-0-task"] = str(task.shares.get().pk), str(task.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    task.refresh_from_db()
    assert task.plan_after_changes == D("130.00")
    changes = MoneyChange.objects.filter(reason="autopoprawka")
    assert list(changes.values_list("field", "old", "new")) == [
        ("plan_after_changes", "100.00", "130.00")
    ]
    before = list(BudgetTask.objects.values()), MoneyChange.objects.count()
    data.update({"goal_shares": "IV.3.1:50", "reason": "zła zmiana", "plan_after_changes": "1"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "goal_shares" in response.context["adminform"].form.errors
    assert (list(BudgetTask.objects.values()), MoneyChange.objects.count()) == before
