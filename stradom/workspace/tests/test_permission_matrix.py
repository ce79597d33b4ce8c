"""Role × action × own/foreign domain × published/unpublished, answered over HTTP.

The expectations are written out here as a table, independently of
``stradom.accounts.permissions``: a refusal to *see* is 404 (nothing leaks), a refusal
to *act* on something visible is 403, the workspace sends the anonymous to sign in.
After every refused write, nothing changed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from stradom.catalog.models import Indicator, Observation, ObservationChange

ROLES = ["anonymous", "nobody", "administrator", "analyst", "coordinator", "data_provider"]
ACTIONS = [
    "portal_page",
    "portal_csv",
    "workspace_page",
    "history",
    "entry_form",
    "enter_value",
]


@pytest.fixture
def matrix(world):
    """Four indicators: own/foreign (to the environment coordinator and the data
    provider) × published/unpublished."""
    w = world
    w.noise = Indicator.objects.create(
        code="NOISE", name_pl="Hałas", domain=w.environment, publication_status="draft"
    )
    w.noise.data_providers.add(w.provider)
    w.bikes = Indicator.objects.create(
        code="BIKES", name_pl="Rowery", domain=w.transport, publication_status="published"
    )
    w.nobody = User.objects.create_user("ewa", password="x")
    w.indicators = {
        (True, True): w.pm10,
        (True, False): w.noise,
        (False, True): w.bikes,
        (False, False): w.trams,  # TRAM_SAT: transport, draft
    }
    return w


def expected(role: str, action: str, own: bool, published: bool) -> int:
    sees = (
        role in ("administrator", "analyst")
        or published
        or (role in ("coordinator", "data_provider") and own)
    )
    if action in ("portal_page", "portal_csv"):
        return 200 if sees else 404
    if role == "anonymous":
        return 302  # to the sign-in page
    if role == "nobody":
        return 403  # signed in, but no role in the office
    if not sees:
        return 404
    if action == "workspace_page":
        return 200
    if action == "history":
        return 200 if role in ("administrator", "analyst") or own else 403
    may_enter = role == "administrator" or (role in ("coordinator", "data_provider") and own)
    if not may_enter:
        return 403
    return 200 if action == "entry_form" else 302  # a saved value redirects to the page


def _user(w, role):
    return {
        "anonymous": None,
        "nobody": w.nobody,
        "administrator": w.admin,
        "analyst": w.analyst,
        "coordinator": w.env_coordinator,
        "data_provider": w.provider,
    }[role]


@pytest.mark.parametrize("published", [True, False], ids=["published", "unpublished"])
@pytest.mark.parametrize("own", [True, False], ids=["own", "foreign"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, matrix, role, action, own, published):
    w = matrix
    indicator = w.indicators[(own, published)]
    user = _user(w, role)
    if user is not None:
        client.force_login(user)
    before = (Observation.objects.count(), ObservationChange.objects.count())
    code = indicator.code
    if action == "portal_page":
        response = client.get(reverse("portal:indicator", args=[code]))
    elif action == "portal_csv":
        response = client.get(reverse("portal:indicator_csv", args=[code]))
    elif action == "workspace_page":
        response = client.get(reverse("workspace:indicator", args=[code]))
    elif action == "history":
        response = client.get(reverse("workspace:history", args=[code]))
    elif action == "entry_form":
        response = client.get(reverse("workspace:enter", args=[code]))
    else:
        response = client.post(
            reverse("workspace:enter", args=[code]),
            {
                "territory": "1261011",
                "period": "2024",
                "value": "42,5",
                "status": "final",
                "reason": "odczyt ze sprawozdania",
            },
        )
    want = expected(role, action, own, published)
    assert response.status_code == want, response.content[:500]
    if want == 302 and role == "anonymous":
        assert response["Location"].startswith("/panel/login/")
    after = (Observation.objects.count(), ObservationChange.objects.count())
    if action == "enter_value" and want == 302 and role != "anonymous":
        assert after == (before[0] + 1, before[1] + 1)
        stored = Observation.objects.get(indicator=indicator)
        assert stored.value == Decimal("42.5")
        assert stored.updated_by == user
    else:
        assert after == before
    if response.status_code == 404:
        assert indicator.name_pl.encode() not in response.content
