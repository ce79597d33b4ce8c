"""The role × action rules of ``stradom.accounts.permissions`` at the function level.

The HTTP answers (404/403/200, nothing changed on refusal) are checked page by page in
``stradom/workspace/tests/test_permission_matrix.py``.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User

from stradom.accounts.permissions import (
    ADMINISTRATORS,
    Action,
    ValuePermissions,
    can,
    is_administrator,
    public_only,
    roles,
    visible_indicators,
)
from stradom.catalog.models import Indicator


@pytest.fixture
def drafts(world):
    world.noise = Indicator.objects.create(
        code="NOISE", name_pl="Hałas", domain=world.environment, publication_status="draft"
    )
    world.noise.data_providers.add(world.provider)
    world.bikes = Indicator.objects.create(
        code="BIKES", name_pl="Rowery", domain=world.transport, publication_status="published"
    )
    return world


def test_anonymous_sees_only_published_indicators(drafts):
    codes = set(visible_indicators(AnonymousUser()).values_list("code", flat=True))
    assert codes == {"PM10_AVG", "BIKES"}


def test_analyst_sees_every_indicator_but_enters_nothing(drafts):
    w = drafts
    assert set(visible_indicators(w.analyst).values_list("code", flat=True)) == {
        "PM10_AVG",
        "TRAM_SAT",
        "POP",
        "BIRTHS",
        "NOISE",
        "BIKES",
    }
    assert not any(can(w.analyst, Action.ENTER_VALUES, i) for i in Indicator.objects.all())


def test_coordinator_sees_own_drafts_and_foreign_published_only(drafts):
    w = drafts
    codes = set(visible_indicators(w.env_coordinator).values_list("code", flat=True))
    assert codes == {"PM10_AVG", "NOISE", "BIKES"}
    assert can(w.env_coordinator, Action.ENTER_VALUES, w.noise)
    assert not can(w.env_coordinator, Action.ENTER_VALUES, w.bikes)
    assert can(w.env_coordinator, Action.VIEW_HISTORY, w.pm10)
    assert not can(w.env_coordinator, Action.VIEW_HISTORY, w.bikes)


def test_data_provider_enters_values_of_assigned_indicators_only(drafts):
    w = drafts
    assert can(w.provider, Action.ENTER_VALUES, w.pm10)
    assert can(w.provider, Action.ENTER_VALUES, w.noise)
    assert not can(w.provider, Action.ENTER_VALUES, w.bikes)
    assert not can(w.provider, Action.VIEW, w.trams)


def test_user_without_a_role_is_the_public(drafts):
    nobody = User.objects.create_user("ewa", password="x")
    assert public_only(nobody)
    assert not can(nobody, Action.USE_WORKSPACE)
    assert not can(nobody, Action.VIEW, drafts.noise)
    assert can(nobody, Action.VIEW, drafts.pm10)


def test_administrators_group_has_every_right(drafts):
    boss = User.objects.create_user("fryderyk", password="x")
    boss.groups.add(Group.objects.create(name=ADMINISTRATORS))
    assert is_administrator(boss)
    assert all(can(boss, a, drafts.trams) for a in Action)


def test_inactive_user_has_no_rights(drafts):
    drafts.env_coordinator.is_active = False
    drafts.env_coordinator.save()
    assert not can(drafts.env_coordinator, Action.VIEW, drafts.noise)
    assert not ValuePermissions.for_user(drafts.env_coordinator).allows(drafts.pm10)


def test_computed_indicator_takes_no_typed_values(drafts):
    drafts.births.formula = "[POP] * 2"
    drafts.births.domain = drafts.environment
    drafts.births.save()
    assert not can(drafts.env_coordinator, Action.ENTER_VALUES, drafts.births)
    assert not can(drafts.admin, Action.ENTER_VALUES, drafts.births)
    assert can(drafts.admin, Action.VIEW_HISTORY, drafts.births)


def test_roles_are_worked_out_once_per_user_object(drafts, django_assert_num_queries):
    user = drafts.env_coordinator
    roles(user)
    with django_assert_num_queries(0):
        roles(user)
        can(user, Action.VIEW, drafts.noise)


def test_write_path_sees_a_role_granted_a_moment_ago(drafts):
    user = drafts.transport_coordinator
    roles(user)  # cached: no environment domain yet
    drafts.environment.coordinators.add(user)
    assert ValuePermissions.for_user(user).allows(drafts.pm10)
