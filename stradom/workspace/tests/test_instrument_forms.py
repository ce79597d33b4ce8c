"""The workspace's short forms for instruments and milestones: a coordinator creates and
edits their domain's instruments and milestones with a reason kept in the history;
another domain's coordinator, a data provider and an analyst get 403 and nothing
changes; a refusal of the service is said in words and nothing is written."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from stradom.instruments.models import Instrument, InstrumentChange, Milestone
from stradom.workspace.tests.test_my_domain import make_my_domain

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def mine(world):
    return make_my_domain(world)


def state():
    """Everything the forms could change."""
    return (
        sorted(Instrument.objects.values_list("code", "name_pl", "status", "planned_end")),
        sorted(Milestone.objects.values_list("instrument__code", "name_pl", "due_date")),
        InstrumentChange.objects.count(),
    )


def history(obj) -> list[tuple[str, str, str, str, str, str]]:
    from django.contrib.contenttypes.models import ContentType

    rows = InstrumentChange.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).order_by("field")
    return [(c.field, c.old, c.new, c.reason, c.channel, c.actor.username) for c in rows]


NEW = {
    "code": "P-GREEN",
    "kind": "project",
    "name_pl": "Zielone dachy",
    "name_en": "Green roofs",
    "owning_unit": "Wydział Klimatu",
    "status": "planned",
    "planned_start": "2026-06-01",
    "planned_end": "2027-05-31",
    "reason": "uchwała nr 12",
}


def test_coordinator_creates_an_instrument_in_their_domain_with_its_history(client, mine):
    client.force_login(mine.env_coordinator)
    page = client.get("/panel/instruments/new/").content.decode()
    assert f'<option value="{mine.environment.pk}"' in page
    assert f'<option value="{mine.transport.pk}"' not in page  # not hers to offer
    response = client.post("/panel/instruments/new/", {**NEW, "domain": mine.environment.pk})
    assert response.status_code == 302
    assert response["Location"] == "/panel/instruments/P-GREEN/"
    made = Instrument.objects.get(code="P-GREEN")
    assert (made.domain, made.manager, made.planned_end) == (
        mine.environment,
        None,
        date(2027, 5, 31),
    )
    entries = history(made)
    assert ("name_pl", "", "Zielone dachy", "uchwała nr 12", "form", "anna") in entries
    assert ("planned_end", "", "2027-05-31", "uchwała nr 12", "form", "anna") in entries
    assert {e[3] for e in entries} == {"uchwała nr 12"}
    # Now hers to manage: on her home with its links.
    home = client.get("/panel/").content.decode()
    assert 'href="/panel/instruments/P-GREEN/edit/"' in home


def test_another_domains_coordinator_may_not_create_there(client, mine):
    before = state()
    client.force_login(mine.transport_coordinator)
    response = client.post("/panel/instruments/new/", {**NEW, "domain": mine.environment.pk})
    assert response.status_code == 403
    assert state() == before


@pytest.mark.parametrize("who", ["provider", "analyst"])
def test_who_coordinates_nothing_may_not_create(client, mine, who):
    before = state()
    client.force_login(getattr(mine, who))
    assert client.get("/panel/instruments/new/").status_code == 403
    response = client.post("/panel/instruments/new/", {**NEW, "domain": mine.environment.pk})
    assert response.status_code == 403
    assert state() == before


def test_creation_without_a_reason_or_with_a_taken_code_says_why_and_writes_nothing(client, mine):
    before = state()
    client.force_login(mine.env_coordinator)
    response = client.post(
        "/en/panel/instruments/new/", {**NEW, "domain": mine.environment.pk, "reason": " "}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'href="#id_reason"' in html
    assert "Say why (a reason); it is kept in the history." in html
    response = client.post(
        "/en/panel/instruments/new/",
        {**NEW, "code": "P-ENV", "domain": mine.environment.pk},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert '<a href="#id_code">Code</a>: The code P-ENV is already taken.' in html
    response = client.post(
        "/en/panel/instruments/new/",
        {**NEW, "planned_end": "2026-01-01", "domain": mine.environment.pk},
    )
    assert response.status_code == 422
    assert (
        '<a href="#id_planned_end">Planned end</a>: Instrument P-GREEN: the planned end '
        "01 Jan 2026 is before its start."
    ) in response.content.decode()
    assert state() == before


def test_coordinator_edits_their_domains_instrument_and_each_change_keeps_the_reason(client, mine):
    client.force_login(mine.env_coordinator)
    form = client.get("/en/panel/instruments/P-ENV/edit/").content.decode()
    assert 'value="Wymiana pieców"' in form and 'name="code"' not in form
    response = client.post(
        "/panel/instruments/P-ENV/edit/",
        {
            "name_pl": "Wymiana pieców węglowych",
            "name_en": "Stove replacement",
            "owning_unit": "",
            "status": "in_progress",
            "planned_start": "2025-01-01",
            "planned_end": "2026-12-31",
            "actual_start": "",
            "actual_end": "",
            "reason": "nazwa z uchwały",
        },
    )
    assert response.status_code == 302
    mine.p_env.refresh_from_db()
    assert (mine.p_env.name_pl, mine.p_env.planned_end) == (
        "Wymiana pieców węglowych",
        date(2026, 12, 31),
    )
    assert history(mine.p_env) == [
        (
            "name_pl",
            "Wymiana pieców",
            "Wymiana pieców węglowych",
            "nazwa z uchwały",
            "form",
            "anna",
        ),
        ("planned_end", "", "2026-12-31", "nazwa z uchwały", "form", "anna"),
    ]
    page = client.get("/en/panel/instruments/P-ENV/").content.decode()
    assert "nazwa z uchwały" in page[page.index('id="instrument-history"') :]


def test_another_domains_coordinator_may_not_edit_and_nothing_changes(client, mine):
    before = state()
    client.force_login(mine.transport_coordinator)
    assert client.get("/panel/instruments/P-ENV/edit/").status_code == 403
    response = client.post(
        "/panel/instruments/P-ENV/edit/",
        {"name_pl": "Cudze", "status": "cancelled", "reason": "bo tak"},
    )
    assert response.status_code == 403
    assert (
        client.post(
            "/panel/instruments/P-ENV/milestones/new/",
            {"name_pl": "Cudzy", "due_date": "2026-09-30", "reason": "bo tak"},
        ).status_code
        == 403
    )
    odbior = mine.p_env.milestones.get(name_pl="Odbiór końcowy")
    assert (
        client.post(
            f"/panel/instruments/P-ENV/milestones/{odbior.pk}/",
            {"name_pl": "Cudzy", "due_date": "2026-09-30", "reason": "bo tak"},
        ).status_code
        == 403
    )
    page = client.get("/panel/instruments/P-ENV/").content.decode()
    assert "/panel/instruments/P-ENV/edit/" not in page  # no link to a form they cannot use
    assert state() == before


def test_coordinator_adds_and_moves_a_milestone_with_reasons(client, mine):
    client.force_login(mine.env_coordinator)
    response = client.post(
        "/panel/instruments/P-ENV/milestones/new/",
        {"name_pl": "Przegląd", "name_en": "Review", "due_date": "2026-09-30", "reason": "plan"},
    )
    assert response.status_code == 302
    added = mine.p_env.milestones.get(name_pl="Przegląd")
    assert response["Location"] == f"/panel/instruments/P-ENV/#milestone-{added.pk}"
    assert added.due_date == date(2026, 9, 30)
    assert ("due_date", "", "2026-09-30", "plan", "form", "anna") in history(added)
    odbior = mine.p_env.milestones.get(name_pl="Odbiór końcowy")
    url = f"/panel/instruments/P-ENV/milestones/{odbior.pk}/"
    assert 'value="2026-04-30"' in client.get(url).content.decode()
    response = client.post(
        url,
        {"name_pl": "Odbiór końcowy", "name_en": "", "due_date": "2026-07-31", "reason": "aneks 3"},
    )
    assert response.status_code == 302
    odbior.refresh_from_db()
    assert odbior.due_date == date(2026, 7, 31)
    assert history(odbior) == [("due_date", "2026-04-30", "2026-07-31", "aneks 3", "form", "anna")]
    # The instrument page's milestone history names the change and its reason.
    page = client.get("/en/panel/instruments/P-ENV/").content.decode()
    changes = page[page.index('id="milestone-history"') :]
    assert "aneks 3" in changes and "31 Jul 2026" in changes


def test_milestone_form_refuses_a_missing_date_and_reason(client, mine):
    before = state()
    client.force_login(mine.env_coordinator)
    response = client.post(
        "/en/panel/instruments/P-ENV/milestones/new/",
        {"name_pl": "Przegląd", "due_date": "", "reason": ""},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give the date the milestone is due." in html
    assert "Say why (a reason); it is kept in the history." in html
    response = client.post(
        "/en/panel/instruments/P-ENV/milestones/new/",
        {"name_pl": "Przegląd", "due_date": "30.09.2026", "reason": "plan"},
    )
    assert response.status_code == 422
    assert "Write a date, e.g. 2026-05-04." in response.content.decode()
    assert state() == before


def test_nothing_changed_saves_nothing(client, mine):
    before = state()
    client.force_login(mine.env_coordinator)
    odbior = mine.p_env.milestones.get(name_pl="Odbiór końcowy")
    response = client.post(
        f"/en/panel/instruments/P-ENV/milestones/{odbior.pk}/",
        {"name_pl": "Odbiór końcowy", "name_en": "", "due_date": "2026-04-30", "reason": "nic"},
        follow=True,
    )
    assert "Nothing was changed, so nothing was saved." in response.content.decode()
    assert state() == before


def test_the_manager_of_an_instrument_of_no_domain_edits_it(client, mine):
    Instrument.objects.filter(pk=mine.p_tram.pk).update(domain=None, manager=mine.provider)
    client.force_login(mine.provider)
    response = client.post(
        f"/panel/instruments/P-TRAM/milestones/{mine.p_tram.milestones.get().pk}/",
        {"name_pl": "Tory ułożone", "due_date": "2026-08-31", "reason": "opóźnienie dostaw"},
    )
    assert response.status_code == 302
    home = client.get("/panel/").content.decode()  # a provider who manages it sees it
    assert 'href="/panel/instruments/P-TRAM/edit/"' in home
    assert "Tory ułożone, 31.08.2026" in home


def test_administrator_creates_in_any_domain(client, mine):
    client.force_login(mine.admin)
    response = client.post("/panel/instruments/new/", {**NEW, "domain": mine.transport.pk})
    assert response.status_code == 302
    assert Instrument.objects.get(code="P-GREEN").domain == mine.transport


def test_who_may_create_an_instrument_in_which_domain(mine):
    from stradom.accounts.permissions import Action, can

    answers = {
        who: (
            can(getattr(mine, who), Action.MANAGE_INSTRUMENT, mine.environment),
            can(getattr(mine, who), Action.MANAGE_INSTRUMENT, mine.transport),
            can(getattr(mine, who), Action.MANAGE_INSTRUMENT),  # of no domain
        )
        for who in ("admin", "env_coordinator", "transport_coordinator", "provider", "analyst")
    }
    assert answers == {
        "admin": (True, True, True),
        "env_coordinator": (True, False, False),
        "transport_coordinator": (False, True, False),
        "provider": (False, False, False),
        "analyst": (False, False, False),
    }
