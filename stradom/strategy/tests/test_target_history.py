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
from django.utils import translation

from stradom.core.messages import StradomError
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyChange
from stradom.strategy.services import delete_goal_indicator, save_goal_indicator

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


def test_a_user_given_the_right_in_the_admin_may_change_a_target(world, link):
    from django.contrib.auth.models import Permission

    editor = world.analyst  # reads everything; the permission, not the role, lets them write
    editor.user_permissions.add(Permission.objects.get(codename="change_goalindicator"))
    save_goal_indicator(
        {"target_value": Decimal("82")}, instance=link, actor=editor, reason="korekta celu"
    )
    assert _rows() == [("target_value", "80", "82", "korekta celu", "service", editor.pk)]


def test_a_new_link_records_its_first_values(world, link):
    added = save_goal_indicator(
        {
            "goal": link.goal,
            "indicator": world.pm10,
            "territory": world.city,
            "target_year": 2030,
            "target_value": Decimal("20"),
            "target_source": "Program ochrony powietrza, s. 4",
        },
        actor=world.admin,
        reason="nowy wskaźnik celu",
        channel="admin",
    )
    rows = sorted(
        StrategyChange.objects.filter(object_id=added.pk).values_list("field", "old", "new")
    )
    assert rows == [
        ("goal", "", "VI.1"),
        ("indicator", "", "PM10_AVG"),
        ("target_source", "", "Program ochrony powietrza, s. 4"),
        ("target_value", "", "20"),
        ("target_year", "", "2030"),
        ("territory", "", "1261011"),
    ]
    assert set(StrategyChange.objects.values_list("reason", "channel", "actor")) == {
        ("nowy wskaźnik celu", "admin", world.admin.pk)
    }


def test_deleting_a_link_keeps_its_last_values_with_the_reason(world, link):
    pk = link.pk
    with pytest.raises(StradomError, match="Say why the target changes"):
        delete_goal_indicator(link, actor=world.admin, reason="")
    with pytest.raises(StradomError, match="You may not change the targets"):
        delete_goal_indicator(link, actor=world.env_coordinator, reason="nieaktualny")
    assert GoalIndicator.objects.filter(pk=pk).exists()
    assert StrategyChange.objects.count() == 0

    delete_goal_indicator(link, actor=world.admin, reason="wskaźnik zastąpiony", channel="admin")
    assert not GoalIndicator.objects.filter(pk=pk).exists()
    who, why = world.admin.pk, "wskaźnik zastąpiony"
    assert _rows() == [
        ("baseline_value", "61.5", "", why, "admin", who),
        ("baseline_year", "2016", "", why, "admin", who),
        ("goal", "VI.1", "", why, "admin", who),
        ("indicator", "TRAM_SAT", "", why, "admin", who),
        ("milestones", '[{"value": "70", "year": 2025}]', "", why, "admin", who),
        ("order", "0", "", why, "admin", who),
        ("target_source", "Strategia Rozwoju Krakowa 2030, s. 112", "", why, "admin", who),
        ("target_value", "80", "", why, "admin", who),
        ("target_year", "2030", "", why, "admin", who),
        ("territory", "1261011", "", why, "admin", who),
        ("weight", "1", "", why, "admin", who),
    ]
    assert set(StrategyChange.objects.values_list("object_id", flat=True)) == {pk}


def test_the_admin_asks_why_before_deleting_a_link_and_keeps_its_history(client, world, link):
    client.force_login(world.admin)
    url = reverse("admin:strategy_goalindicator_delete", args=[link.pk])
    page = client.get(url).content.decode()
    assert 'name="reason"' in page
    refused = client.post(url, {"post": "yes", "reason": "  "})
    assert refused.status_code == 200
    assert "To pole jest wymagane." in refused.content.decode()
    assert GoalIndicator.objects.filter(pk=link.pk).exists()
    assert StrategyChange.objects.count() == 0

    done = client.post(url, {"post": "yes", "reason": "cel połączony z VI.2"})
    assert done.status_code == 302
    assert not GoalIndicator.objects.filter(pk=link.pk).exists()
    assert set(StrategyChange.objects.values_list("reason", "channel", "actor")) == {
        ("cel połączony z VI.2", "admin", world.admin.pk)
    }
    assert ("target_value", "80", "") in StrategyChange.objects.values_list("field", "old", "new")
    # No bulk delete: it would not ask why.
    changelist = client.get(reverse("admin:strategy_goalindicator_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_a_new_version_records_each_copied_link_and_where_it_came_from(world, link):
    from stradom.core.channels import reason_shown
    from stradom.strategy.services import new_version

    revised = new_version(link.goal.strategy, resolution="Uchwała 2/26")
    copy = GoalIndicator.objects.get(goal__strategy=revised)
    rows = sorted(
        StrategyChange.objects.filter(
            content_type__model="goalindicator", object_id=copy.pk
        ).values_list("field", "old", "new", "reason", "channel", "actor")
    )
    why = "copied from version 1 of SRK"
    assert rows == [
        ("baseline_value", "", "61.5", why, "service", None),
        ("baseline_year", "", "2016", why, "service", None),
        ("goal", "", "VI.1", why, "service", None),
        ("indicator", "", "TRAM_SAT", why, "service", None),
        ("milestones", "", '[{"value": "70", "year": 2025}]', why, "service", None),
        ("order", "", "0", why, "service", None),
        ("target_source", "", "Strategia Rozwoju Krakowa 2030, s. 112", why, "service", None),
        ("target_value", "", "80", why, "service", None),
        ("target_year", "", "2030", why, "service", None),
        ("territory", "", "1261011", why, "service", None),
        ("weight", "", "1", why, "service", None),
    ]
    # v1's records: nothing; the copied strategy and goal start their histories too.
    assert set(StrategyChange.objects.values_list("content_type__model", "object_id")) == {
        ("goalindicator", copy.pk),
        ("goal", copy.goal_id),
        ("strategy", revised.pk),
    }
    assert set(StrategyChange.objects.values_list("reason", flat=True)) == {why}
    with translation.override("en"):
        assert reason_shown(why, "service") == "copied from version 1 of SRK"


def test_the_copied_links_reason_is_said_in_polish():
    from stradom.core.channels import copied_reason, reason_shown

    assert reason_shown(copied_reason("SRK", 1), "service") == "skopiowano z wersji 1 strategii SRK"


def test_a_new_version_is_the_administrators(world, link):
    from stradom.strategy.services import new_version

    with pytest.raises(StradomError, match="You may not change the targets"):
        new_version(link.goal.strategy, actor=world.env_coordinator)
    assert Strategy.objects.count() == 1
    assert StrategyChange.objects.count() == 0
