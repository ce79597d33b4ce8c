"""Role × action × own/foreign domain × published/unpublished, answered over HTTP.

The expectations are written out here as a table, independently of
``stradom.accounts.permissions``: a refusal to *see* is 404 (nothing leaks), a refusal
to *act* on something visible is 403, the workspace sends the anonymous to sign in.
After every refused write, nothing changed. The instruments' matrix (role × action ×
own/foreign domain) is at the end.
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


# -- instruments ----------------------------------------------------------------------------
# Role × action × the instrument's domain (own: the environment coordinator's; foreign:
# transport). Neither instrument is managed by a user below: rights come from the
# instrument's domain (Instrument.domain) or from being an administrator. Instruments have
# no publication status: every office role reads the page.
INSTRUMENT_ACTIONS = ["instrument_page", "record_progress", "record_milestone"]


@pytest.fixture
def instruments(world):
    from datetime import date

    from stradom.instruments.models import Instrument, Milestone

    w = world
    w.nobody = User.objects.create_user("ewa", password="x")
    w.instruments = {}
    for own, domain, code in ((True, w.environment, "P-ENV"), (False, w.transport, "P-TRA")):
        instrument = Instrument.objects.create(
            code=code,
            kind="project",
            name_pl=f"Projekt {code}",
            domain=domain,
            status="in_progress",
            actual_start=date(2025, 1, 1),
        )
        # Measured by an indicator of the other domain: that link grants nothing.
        instrument.result_indicators.add(w.trams if own else w.pm10)
        Milestone.objects.create(
            instrument=instrument, name_pl="Odbiór", due_date=date(2025, 6, 30)
        )
        w.instruments[own] = instrument
    return w


def expected_for_instrument(role: str, action: str, own: bool) -> int:
    if role == "anonymous":
        return 302  # to the sign-in page
    if role == "nobody":
        return 403
    if action == "instrument_page":
        return 200
    may_write = role == "administrator" or (role == "coordinator" and own)
    return 302 if may_write else 403  # a saved write redirects to the page


def _instrument_state():
    from stradom.instruments.models import InstrumentChange, Milestone, ProgressUpdate

    return (
        list(ProgressUpdate.objects.values_list("instrument__code", "period", "percent_complete")),
        list(Milestone.objects.order_by("pk").values_list("done_date", "note")),
        InstrumentChange.objects.count(),
    )


@pytest.mark.parametrize("own", [True, False], ids=["own", "foreign"])
@pytest.mark.parametrize("action", INSTRUMENT_ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_instrument_permission_matrix(client, instruments, role, action, own):
    from datetime import date

    w = instruments
    instrument = w.instruments[own]
    user = _user(w, role)
    if user is not None:
        client.force_login(user)
    url = reverse("workspace:instrument", args=[instrument.code])
    milestone = instrument.milestones.get()
    before = _instrument_state()
    if action == "instrument_page":
        response = client.get(url)
    elif action == "record_progress":
        data = {"period": "2025-Q2", "percent_complete": "40", "narrative": "Umowy podpisane"}
        response = client.post(url, data)
    else:
        prefix = f"m{milestone.pk}-"
        response = client.post(
            url,
            {
                "milestone": str(milestone.pk),
                prefix + "actual_date": "2025-06-20",
                prefix + "note": "Protokół",
                prefix + "reason": "",
            },
        )
    want = expected_for_instrument(role, action, own)
    assert response.status_code == want, response.content[:500]
    if role == "anonymous":
        assert response["Location"].startswith("/panel/login/")
    after = _instrument_state()
    if action == "instrument_page":
        html = response.content.decode()
        may_write = expected_for_instrument(role, "record_progress", own) == 302
        if want == 200:
            assert ('id="record"' in html) == may_write
            assert ('name="milestone"' in html) == may_write
        assert after == before
    elif want == 302 and role != "anonymous":
        if action == "record_progress":
            assert after[0] == [*before[0], (instrument.code, "2025-Q2", 40)]
            assert after[1:] == before[1:]
        else:
            milestone.refresh_from_db()
            assert (milestone.done_date, milestone.note) == (date(2025, 6, 20), "Protokół")
            assert after[2] == before[2] + 2  # the date and the note, each in the history
    else:
        assert after == before
