"""A goal's indicator — baseline, target, their years and sources, milestones, weight —
changes every assessment, so each change keeps who, when, old and new value (exact
decimals, as people read them) and why; a change without a reason is refused and
changes nothing; a save that changes nothing records nothing. The admin asks why,
saves through the service and shows the history. Clock: 20 May 2026, 12:00 in Kraków."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from stradom.core.messages import StradomError
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyChange
from stradom.strategy.services import save_goal_indicator

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def link(world):
    s = Strategy.objects.create(code="SRK", name_pl="Strategia", start_year=2018, end_year=2030)
    goal = Goal.objects.create(strategy=s, code="VI.1", name_pl="Administracja")
    return GoalIndicator.objects.create(
        goal=goal,
        indicator=world.trams,
        territory=world.city,
        baseline_year=2016,
        baseline_value=Decimal("61.5"),
        target_year=2030,
        target_value=Decimal("80"),
        target_source="Strategia Rozwoju Krakowa 2030, s. 112",
        milestones=[{"year": 2025, "value": "70"}],
    )


def _rows():
    return sorted(
        StrategyChange.objects.values_list("field", "old", "new", "reason", "channel", "actor")
    )


def test_a_changed_target_records_who_when_old_new_and_why(world, link):
    save_goal_indicator(
        {
            "target_value": Decimal("85.25"),
            "target_source": "uchwała XII/1/2026",
            "weight": Decimal("2"),
            "milestones": [{"year": 2025, "value": "72"}],
        },
        instance=link,
        actor=world.admin,
        reason="aktualizacja strategii",
        channel="admin",
    )
    who, why = world.admin.pk, "aktualizacja strategii"
    assert _rows() == [
        ("milestones", '[{"value": "70", "year": 2025}]', '[{"value": "72", "year": 2025}]',
         why, "admin", who),
        ("target_source", "Strategia Rozwoju Krakowa 2030, s. 112", "uchwała XII/1/2026",
         why, "admin", who),
        ("target_value", "80", "85.25", why, "admin", who),
        ("weight", "1", "2", why, "admin", who),
    ]  # fmt: skip
    assert {c.at for c in StrategyChange.objects.all()} == {NOW}
    link.refresh_from_db()
    assert link.target_value == Decimal("85.25")


def test_a_change_without_a_reason_is_refused_and_changes_nothing(world, link):
    with pytest.raises(StradomError, match="Say why the target changes"):
        save_goal_indicator(
            {"target_value": Decimal("90")}, instance=link, actor=world.admin, reason=" "
        )
    link.refresh_from_db()
    assert link.target_value == Decimal("80")
    assert StrategyChange.objects.count() == 0


def test_someone_who_may_not_change_targets_is_refused(world, link):
    with pytest.raises(StradomError, match="You may not change the targets"):
        save_goal_indicator(
            {"target_value": Decimal("90")}, instance=link, actor=world.provider, reason="bo tak"
        )
    link.refresh_from_db()
    assert link.target_value == Decimal("80")
    assert StrategyChange.objects.count() == 0


def test_the_same_values_record_nothing(world, link):
    save_goal_indicator(
        {"baseline_value": Decimal("61.50"), "target_value": Decimal("80.0"), "target_year": 2030},
        instance=link,
        actor=world.admin,
        reason="bez zmian",
    )
    assert StrategyChange.objects.count() == 0


def _admin_data(link, **changes):
    data = {
        "goal": link.goal_id,
        "indicator": link.indicator_id,
        "territory": link.territory_id,
        "dimensions": "",
        "direction": "",
        "baseline_year": "2016",
        "baseline_value": "61,5",
        "target_year": "2030",
        "target_value": "80",
        "target_source": "Strategia Rozwoju Krakowa 2030, s. 112",
        "milestones": '[{"year": 2025, "value": "70"}]',
        "limit": "",
        "weight": "1",
        "order": "0",
        "note": "",
    }
    data.update(changes)
    return data


def test_the_admin_asks_why_records_through_the_service_and_shows_the_history(client, world, link):
    client.force_login(world.admin)
    url = reverse("admin:strategy_goalindicator_change", args=[link.pk])
    response = client.post(url, _admin_data(link, target_value="85,25"))
    assert response.status_code == 200  # the form again: no reason
    link.refresh_from_db()
    assert link.target_value == Decimal("80")
    assert StrategyChange.objects.count() == 0

    response = client.post(url, _admin_data(link, reason="bez zmian"))
    assert response.status_code == 302
    assert StrategyChange.objects.count() == 0  # the form's 61,5 is the stored 61.5

    response = client.post(url, _admin_data(link, target_value="85,25", reason="korekta"))
    assert response.status_code == 302
    assert _rows() == [("target_value", "80", "85.25", "korekta", "admin", world.admin.pk)]
    page = client.get(url).content.decode()
    assert "<td>wartość docelowa</td><td>80</td><td>85,25</td><td>korekta</td>" in page


def test_the_goal_page_shows_its_indicators_without_editing_them(client, world, link):
    client.force_login(world.admin)
    page = client.get(reverse("admin:strategy_goal_change", args=[link.goal_id]))
    assert page.status_code == 200
    assert 'name="links-0-target_value"' not in page.content.decode()
