"""The strategy's structure — the strategy, the names of its levels, the goals of its
tree — changes what every assessment rolls up, so each change keeps who, when, old and
new value and why; a change without a reason, or by someone without the right, is
refused and changes nothing; deleting a goal or a strategy keeps the last values of
everything deleted with it. The admin asks why, saves and deletes through the services
and shows the history. Clock: 20 May 2026, 12:00 in Kraków."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from stradom.core.messages import StradomError
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyChange, StrategyLevel
from stradom.strategy.services import (
    delete_goal,
    delete_strategy,
    save_goal,
    save_strategy,
    save_strategy_level,
)

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def tree(world):
    """SRK 2018–2030 with one level; VI (root) > VI.1 > VI.1.1, TRAM_SAT linked to VI.1.1."""
    s = Strategy.objects.create(code="SRK", name_pl="Strategia", start_year=2018, end_year=2030)
    level = StrategyLevel.objects.create(strategy=s, depth=1, name_pl="obszar", name_en="area")
    root = Goal.objects.create(strategy=s, code="VI", name_pl="Dobre rządzenie")
    goal = Goal.objects.create(strategy=s, code="VI.1", name_pl="Administracja", parent=root)
    goal.full_clean()
    goal.save()
    leaf = Goal.objects.create(strategy=s, code="VI.1.1", name_pl="E-usługi", parent=goal)
    leaf.full_clean()
    leaf.save()
    link = GoalIndicator.objects.create(
        goal=leaf,
        indicator=world.trams,
        territory=world.city,
        target_year=2030,
        target_value=Decimal("80"),
        target_source="SRK 2030, s. 112",
    )
    world.s, world.level, world.root, world.goal, world.leaf, world.link = (
        s,
        level,
        root,
        goal,
        leaf,
        link,
    )
    return world


def _rows(**filters):
    return sorted(
        StrategyChange.objects.filter(**filters).values_list(
            "field", "old", "new", "reason", "channel", "actor"
        )
    )


def _granted(*codenames):
    user = User.objects.create_user("gustaw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


# The services ---------------------------------------------------------------------


def test_a_changed_strategy_records_who_when_old_new_and_why(tree):
    save_strategy(
        {"end_year": 2035, "resolution": "Uchwała nr CXII/3066/23", "start_year": 2018},
        instance=tree.s,
        actor=tree.admin,
        reason="przedłużenie horyzontu",
        channel="admin",
    )
    who, why = tree.admin.pk, "przedłużenie horyzontu"
    assert _rows() == [
        ("end_year", "2030", "2035", why, "admin", who),
        ("resolution", "", "Uchwała nr CXII/3066/23", why, "admin", who),
    ]
    assert {c.at for c in StrategyChange.objects.all()} == {NOW}
    assert {c.content_type.model for c in StrategyChange.objects.all()} == {"strategy"}
    tree.s.refresh_from_db()
    assert (tree.s.end_year, tree.s.resolution) == (2035, "Uchwała nr CXII/3066/23")


def test_a_strategy_change_without_a_reason_is_refused_and_changes_nothing(tree):
    with pytest.raises(StradomError, match="Say why the strategy changes"):
        save_strategy({"end_year": 2035}, instance=tree.s, actor=tree.admin, reason="  ")
    with pytest.raises(StradomError, match="Say why the strategy changes"):
        save_goal({"name_pl": "Urząd"}, instance=tree.goal, actor=tree.admin, reason="")
    with pytest.raises(StradomError, match="Say why the strategy changes"):
        save_strategy_level({"name_pl": "filar"}, instance=tree.level, actor=tree.admin, reason="")
    tree.s.refresh_from_db()
    tree.goal.refresh_from_db()
    tree.level.refresh_from_db()
    assert (tree.s.end_year, tree.goal.name_pl, tree.level.name_pl) == (
        2030,
        "Administracja",
        "obszar",
    )
    assert StrategyChange.objects.count() == 0


@pytest.mark.parametrize("who", ["provider", "env_coordinator", "analyst", "targets only"])
def test_someone_without_the_right_to_the_structure_is_refused(tree, who):
    user = _granted("change_goalindicator") if who == "targets only" else getattr(tree, who)
    refused = [
        lambda: save_strategy({"end_year": 2035}, instance=tree.s, actor=user, reason="bo"),
        lambda: save_strategy(
            {"code": "NEW", "name_pl": "Nowa", "start_year": 2026, "end_year": 2030},
            actor=user,
            reason="bo",
        ),
        lambda: save_strategy_level(
            {"name_pl": "filar"}, instance=tree.level, actor=user, reason="bo"
        ),
        lambda: save_goal({"name_pl": "Urząd"}, instance=tree.goal, actor=user, reason="bo"),
        lambda: save_goal(
            {"strategy": tree.s, "code": "VII", "name_pl": "Nowy"}, actor=user, reason="bo"
        ),
        lambda: delete_goal(tree.goal, actor=user, reason="bo"),
        lambda: delete_strategy(tree.s, actor=user, reason="bo"),
    ]
    for attempt in refused:
        with pytest.raises(StradomError, match="You may not change the structure"):
            attempt()
    tree.s.refresh_from_db()
    tree.goal.refresh_from_db()
    assert (tree.s.end_year, tree.goal.name_pl) == (2030, "Administracja")
    assert (Strategy.objects.count(), Goal.objects.count(), StrategyLevel.objects.count()) == (
        1,
        3,
        1,
    )
    assert GoalIndicator.objects.count() == 1
    assert StrategyChange.objects.count() == 0


def test_a_user_given_the_right_in_the_admin_may_change_the_structure(tree):
    editor = _granted("change_strategy", "change_goal")
    save_strategy({"end_year": 2032}, instance=tree.s, actor=editor, reason="korekta")
    save_goal({"name_pl": "Urząd"}, instance=tree.goal, actor=editor, reason="korekta")
    assert _rows() == [
        ("end_year", "2030", "2032", "korekta", "service", editor.pk),
        ("name_pl", "Administracja", "Urząd", "korekta", "service", editor.pk),
    ]


def test_the_same_values_record_nothing(tree):
    save_strategy(
        {"end_year": 2030, "name_pl": "Strategia"}, instance=tree.s, actor=tree.admin, reason="x"
    )
    save_goal({"parent": tree.root, "order": 0}, instance=tree.goal, actor=tree.admin, reason="x")
    assert StrategyChange.objects.count() == 0


def test_a_new_goal_records_its_first_values(tree):
    added = save_goal(
        {"strategy": tree.s, "parent": tree.root, "code": "VI.2", "name_pl": "Partycypacja"},
        actor=tree.admin,
        reason="nowy cel operacyjny",
        channel="admin",
    )
    assert added.depth == 2
    who, why = tree.admin.pk, "nowy cel operacyjny"
    assert _rows(object_id=added.pk) == [
        ("code", "", "VI.2", why, "admin", who),
        ("depth", "", "2", why, "admin", who),
        ("name_pl", "", "Partycypacja", why, "admin", who),
        ("parent", "", "VI", why, "admin", who),
        ("strategy", "", "SRK", why, "admin", who),
    ]


def test_a_goal_moved_in_the_tree_takes_its_goals_along_with_their_new_depths(tree):
    save_goal({"parent": None}, instance=tree.goal, actor=tree.admin, reason="nowy obszar")
    tree.goal.refresh_from_db()
    tree.leaf.refresh_from_db()
    assert (tree.goal.depth, tree.leaf.depth) == (1, 2)
    why, who = "nowy obszar", tree.admin.pk
    assert _rows(object_id=tree.goal.pk) == [
        ("depth", "2", "1", why, "service", who),
        ("parent", "VI", "", why, "service", who),
    ]
    assert _rows(object_id=tree.leaf.pk) == [("depth", "3", "2", why, "service", who)]


def test_a_goal_cannot_be_its_own_ancestor_nor_leave_its_strategy(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as loop:
        save_goal({"parent": tree.leaf}, instance=tree.goal, actor=tree.admin, reason="x")
    assert list(loop.value.message_dict) == ["parent"]
    other = Strategy.objects.create(code="WPR", name_pl="Program", start_year=2020, end_year=2025)
    with pytest.raises(StradomError, match="stays in its strategy"):
        save_goal({"strategy": other}, instance=tree.goal, actor=tree.admin, reason="x")
    tree.goal.refresh_from_db()
    assert (tree.goal.parent_id, tree.goal.strategy_id) == (tree.root.pk, tree.s.pk)
    assert StrategyChange.objects.count() == 0


def test_a_strategy_whose_last_year_comes_first_is_refused(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        save_strategy({"end_year": 2017}, instance=tree.s, actor=tree.admin, reason="x")
    assert list(refused.value.message_dict) == ["end_year"]
    tree.s.refresh_from_db()
    assert tree.s.end_year == 2030
    assert StrategyChange.objects.count() == 0


def test_deleting_a_goal_keeps_the_last_values_of_it_the_goals_below_and_their_links(tree):
    ids = {"goal": tree.goal.pk, "leaf": tree.leaf.pk, "link": tree.link.pk}
    delete_goal(tree.goal, actor=tree.admin, reason="cel połączony z VI.2", channel="admin")
    assert list(Goal.objects.values_list("code", flat=True)) == ["VI"]
    assert GoalIndicator.objects.count() == 0
    who, why = tree.admin.pk, "cel połączony z VI.2"
    assert _rows(content_type__model="goal", object_id=ids["goal"]) == [
        ("code", "VI.1", "", why, "admin", who),
        ("depth", "2", "", why, "admin", who),
        ("name_pl", "Administracja", "", why, "admin", who),
        ("order", "0", "", why, "admin", who),
        ("parent", "VI", "", why, "admin", who),
        ("strategy", "SRK", "", why, "admin", who),
    ]
    assert ("parent", "VI.1", "", why, "admin", who) in _rows(
        content_type__model="goal", object_id=ids["leaf"]
    )
    assert _rows(content_type__model="goalindicator", object_id=ids["link"]) == [
        ("goal", "VI.1.1", "", why, "admin", who),
        ("indicator", "TRAM_SAT", "", why, "admin", who),
        ("milestones", "[]", "", why, "admin", who),
        ("order", "0", "", why, "admin", who),
        ("target_source", "SRK 2030, s. 112", "", why, "admin", who),
        ("target_value", "80", "", why, "admin", who),
        ("target_year", "2030", "", why, "admin", who),
        ("territory", "1261011", "", why, "admin", who),
        ("weight", "1", "", why, "admin", who),
    ]


def test_deleting_a_goal_with_links_below_needs_the_right_to_targets_too(tree):
    editor = _granted("change_goal")
    with pytest.raises(StradomError, match="You may not change the targets"):
        delete_goal(tree.goal, actor=editor, reason="porządki")
    assert (Goal.objects.count(), GoalIndicator.objects.count()) == (3, 1)
    assert StrategyChange.objects.count() == 0
    editor.user_permissions.add(Permission.objects.get(codename="change_goalindicator"))
    delete_goal(tree.goal, actor=editor, reason="porządki")
    assert (Goal.objects.count(), GoalIndicator.objects.count()) == (1, 0)


def test_a_goal_deletion_without_a_reason_deletes_nothing(tree):
    with pytest.raises(StradomError, match="Say why the strategy changes"):
        delete_goal(tree.goal, actor=tree.admin, reason=" ")
    with pytest.raises(StradomError, match="Say why the strategy changes"):
        delete_strategy(tree.s, actor=tree.admin, reason="")
    assert (Goal.objects.count(), GoalIndicator.objects.count(), Strategy.objects.count()) == (
        3,
        1,
        1,
    )
    assert StrategyChange.objects.count() == 0


def test_a_goal_an_instrument_serves_is_not_deleted_and_the_refusal_says_why(tree):
    from stradom.instruments.models import Instrument

    tram = Instrument.objects.create(code="P-TRAM", kind="project", name_pl="Tramwaj")
    tram.goals.add(tree.leaf)
    with pytest.raises(StradomError, match="cannot be deleted while other records refer") as e:
        delete_goal(tree.goal, actor=tree.admin, reason="porządki")
    assert "P-TRAM" in str(e.value)
    assert (Goal.objects.count(), GoalIndicator.objects.count()) == (3, 1)
    assert list(tram.goals.values_list("code", flat=True)) == ["VI.1.1"]
    assert StrategyChange.objects.count() == 0


def test_deleting_a_strategy_keeps_the_last_values_of_everything_deleted_with_it(tree):
    ids = {
        "strategy": tree.s.pk,
        "strategylevel": tree.level.pk,
        "goal": {tree.root.pk, tree.goal.pk, tree.leaf.pk},
        "goalindicator": tree.link.pk,
    }
    delete_strategy(tree.s, actor=tree.admin, reason="strategia uchylona")
    assert (Strategy.objects.count(), Goal.objects.count(), StrategyLevel.objects.count()) == (
        0,
        0,
        0,
    )
    assert GoalIndicator.objects.count() == 0
    kept = set(StrategyChange.objects.values_list("content_type__model", "object_id"))
    assert kept == {
        ("strategy", ids["strategy"]),
        ("strategylevel", ids["strategylevel"]),
        *(("goal", pk) for pk in ids["goal"]),
        ("goalindicator", ids["goalindicator"]),
    }
    assert set(StrategyChange.objects.values_list("new", "reason", "channel", "actor")) == {
        ("", "strategia uchylona", "service", tree.admin.pk)
    }
    assert _rows(content_type__model="strategylevel") == [
        ("depth", "1", "", "strategia uchylona", "service", tree.admin.pk),
        ("name_en", "area", "", "strategia uchylona", "service", tree.admin.pk),
        ("name_pl", "obszar", "", "strategia uchylona", "service", tree.admin.pk),
        ("strategy", "SRK", "", "strategia uchylona", "service", tree.admin.pk),
    ]
    assert ("end_year", "2030", "") in StrategyChange.objects.filter(
        content_type__model="strategy"
    ).values_list("field", "old", "new")


def test_a_strategy_a_later_version_follows_is_not_deleted(tree):
    from stradom.strategy.services import new_version

    new_version(tree.s)
    before = StrategyChange.objects.count()
    with pytest.raises(StradomError, match="cannot be deleted while other records refer"):
        delete_strategy(tree.s, actor=tree.admin, reason="stara wersja")
    assert Strategy.objects.count() == 2
    assert Goal.objects.filter(strategy=tree.s).count() == 3
    assert StrategyChange.objects.count() == before


# The admin ------------------------------------------------------------------------


def _strategy_data(s, levels=(), **changes):
    data = {
        "code": s.code,
        "version": str(s.version),
        "name_pl": s.name_pl,
        "name_en": s.name_en,
        "description_pl": "",
        "description_en": "",
        "start_year": str(s.start_year),
        "end_year": str(s.end_year),
        "resolution": s.resolution,
        "previous_version": "",
        "source_url": "",
        "levels-TOTAL_FORMS": str(len(levels)),
        "levels-INITIAL_FORMS": str(len(levels)),
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
    }
    for i, (level, name_pl) in enumerate(levels):
        data.update(
            {
                f"levels-{i}-id": str(level.pk),
                f"levels-{i}-strategy": str(s.pk),
                f"levels-{i}-depth": str(level.depth),
                f"levels-{i}-name_pl": name_pl,
                f"levels-{i}-name_en": level.name_en,
            }
        )
    data.update(changes)
    return data


def test_the_strategy_page_asks_why_only_when_something_changes_and_shows_the_history(client, tree):
    client.force_login(tree.admin)
    url = reverse("admin:strategy_strategy_change", args=[tree.s.pk])
    same = [(tree.level, "obszar")]
    assert client.post(url, _strategy_data(tree.s, same)).status_code == 302
    assert StrategyChange.objects.count() == 0  # nothing changed: no reason needed, no history

    refused = client.post(url, _strategy_data(tree.s, same, end_year="2035"))
    assert refused.status_code == 200  # the form again: no reason
    renamed = [(tree.level, "filar")]
    refused_level = client.post(url, _strategy_data(tree.s, renamed))
    assert refused_level.status_code == 200  # a renamed level needs a reason too
    assert "Podaj, dlaczego to się zmienia (powód)." in refused_level.content.decode()
    tree.s.refresh_from_db()
    tree.level.refresh_from_db()
    assert (tree.s.end_year, tree.level.name_pl) == (2030, "obszar")
    assert StrategyChange.objects.count() == 0

    done = client.post(url, _strategy_data(tree.s, renamed, end_year="2035", reason="aktualizacja"))
    assert done.status_code == 302
    who = tree.admin.pk
    assert _rows() == [
        ("end_year", "2030", "2035", "aktualizacja", "admin", who),
        ("name_pl", "obszar", "filar", "aktualizacja", "admin", who),
    ]
    page = client.get(url).content.decode()
    assert "<td>ostatni rok</td><td>2030</td><td>2035</td><td>aktualizacja</td>" in page
    assert "<td>nazwa (po polsku)</td><td>obszar</td><td>filar</td><td>aktualizacja</td>" in page


def test_the_goal_page_asks_why_saves_through_the_service_and_shows_the_history(client, tree):
    client.force_login(tree.admin)
    url = reverse("admin:strategy_goal_change", args=[tree.goal.pk])
    data = {
        "parent": str(tree.root.pk),
        "code": "VI.1",
        "order": "0",
        "name_pl": "Administracja",
        "name_en": "",
        "description_pl": "",
        "description_en": "",
        "source_url": "",
        "note": "",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    assert client.post(url, data).status_code == 302
    assert StrategyChange.objects.count() == 0
    assert client.post(url, {**data, "name_pl": "Urząd"}).status_code == 200
    tree.goal.refresh_from_db()
    assert tree.goal.name_pl == "Administracja"
    assert StrategyChange.objects.count() == 0

    done = client.post(url, {**data, "name_pl": "Urząd", "reason": "nowe brzmienie"})
    assert done.status_code == 302
    assert _rows() == [
        ("name_pl", "Administracja", "Urząd", "nowe brzmienie", "admin", tree.admin.pk)
    ]
    page = client.get(url).content.decode()
    assert (
        "<td>nazwa (po polsku)</td><td>Administracja</td><td>Urząd</td><td>nowe brzmienie</td>"
        in page
    )
    assert 'name="strategy"' not in page  # a goal stays in its strategy


def test_the_admin_asks_why_before_deleting_a_goal_and_keeps_its_history(client, tree):
    client.force_login(tree.admin)
    url = reverse("admin:strategy_goal_delete", args=[tree.goal.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    refused = client.post(url, {"post": "yes", "reason": "  "})
    assert refused.status_code == 200
    assert "To pole jest wymagane." in refused.content.decode()
    assert (Goal.objects.count(), GoalIndicator.objects.count()) == (3, 1)
    assert StrategyChange.objects.count() == 0

    done = client.post(url, {"post": "yes", "reason": "cel połączony z VI.2"})
    assert done.status_code == 302
    assert (Goal.objects.count(), GoalIndicator.objects.count()) == (1, 0)
    assert set(StrategyChange.objects.values_list("reason", "channel", "actor")) == {
        ("cel połączony z VI.2", "admin", tree.admin.pk)
    }
    assert set(StrategyChange.objects.values_list("content_type__model", flat=True)) == {
        "goal",
        "goalindicator",
    }
    changelist = client.get(reverse("admin:strategy_goal_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_the_admin_says_why_a_goal_an_instrument_serves_is_not_deleted(client, tree):
    from stradom.instruments.models import Instrument

    Instrument.objects.create(code="P-TRAM", kind="project", name_pl="Tramwaj").goals.add(tree.leaf)
    client.force_login(tree.admin)
    url = reverse("admin:strategy_goal_delete", args=[tree.goal.pk])
    response = client.post(url, {"post": "yes", "reason": "porządki"}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "P-TRAM" in response.content.decode()
    assert (Goal.objects.count(), GoalIndicator.objects.count()) == (3, 1)
    assert StrategyChange.objects.count() == 0


def test_the_admin_asks_why_before_deleting_a_strategy(client, tree):
    client.force_login(tree.admin)
    url = reverse("admin:strategy_strategy_delete", args=[tree.s.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    assert client.post(url, {"post": "yes", "reason": ""}).status_code == 200
    assert Strategy.objects.count() == 1
    done = client.post(url, {"post": "yes", "reason": "strategia uchylona"})
    assert done.status_code == 302
    assert (Strategy.objects.count(), Goal.objects.count(), GoalIndicator.objects.count()) == (
        0,
        0,
        0,
    )
    assert set(StrategyChange.objects.values_list("reason", "channel")) == {
        ("strategia uchylona", "admin")
    }
    changelist = client.get(reverse("admin:strategy_strategy_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist


def test_a_field_the_history_does_not_keep_is_refused(tree):
    with pytest.raises(StradomError, match=r"Unknown fields \(.+\): colour, created_at"):
        save_strategy(
            {"colour": "red", "created_at": NOW}, instance=tree.s, actor=tree.admin, reason="x"
        )
    assert StrategyChange.objects.count() == 0


def test_a_strategy_and_its_levels_added_in_the_admin_record_their_first_values(client, world):
    client.force_login(world.admin)
    data = {
        "code": "WPR",
        "version": "1",
        "name_pl": "Program ochrony powietrza",
        "name_en": "",
        "description_pl": "",
        "description_en": "",
        "start_year": "2024",
        "end_year": "2030",
        "resolution": "",
        "previous_version": "",
        "source_url": "",
        "levels-TOTAL_FORMS": "1",
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
        "levels-0-depth": "1",
        "levels-0-name_pl": "priorytet",
        "levels-0-name_en": "priority",
    }
    answer = client.post(reverse("admin:strategy_strategy_add"), data)
    assert answer.status_code == 302
    s = Strategy.objects.get(code="WPR")
    assert list(s.levels.values_list("depth", "name_pl")) == [(1, "priorytet")]
    assert ("name_pl", "", "Program ochrony powietrza") in StrategyChange.objects.filter(
        content_type__model="strategy", object_id=s.pk
    ).values_list("field", "old", "new")
    assert _rows(content_type__model="strategylevel") == [
        ("depth", "", "1", "dodano w panelu administracyjnym", "admin", world.admin.pk),
        ("name_en", "", "priority", "dodano w panelu administracyjnym", "admin", world.admin.pk),
        ("name_pl", "", "priorytet", "dodano w panelu administracyjnym", "admin", world.admin.pk),
        ("strategy", "", "WPR", "dodano w panelu administracyjnym", "admin", world.admin.pk),
    ]


def test_a_goal_added_in_the_admin_records_its_first_values(client, tree):
    client.force_login(tree.admin)
    data = {
        "strategy": str(tree.s.pk),
        "parent": str(tree.root.pk),
        "code": "VI.2",
        "order": "1",
        "name_pl": "Partycypacja",
        "name_en": "",
        "description_pl": "",
        "description_en": "",
        "source_url": "",
        "note": "",
        "reason": "nowy cel",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }
    assert client.post(reverse("admin:strategy_goal_add"), data).status_code == 302
    goal = Goal.objects.get(code="VI.2")
    assert goal.depth == 2
    assert _rows(content_type__model="goal", object_id=goal.pk) == [
        ("code", "", "VI.2", "nowy cel", "admin", tree.admin.pk),
        ("depth", "", "2", "nowy cel", "admin", tree.admin.pk),
        ("name_pl", "", "Partycypacja", "nowy cel", "admin", tree.admin.pk),
        ("order", "", "1", "nowy cel", "admin", tree.admin.pk),
        ("parent", "", "VI", "nowy cel", "admin", tree.admin.pk),
        ("strategy", "", "SRK", "nowy cel", "admin", tree.admin.pk),
    ]
