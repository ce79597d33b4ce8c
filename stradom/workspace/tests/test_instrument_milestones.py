"""The milestone forms of the workspace instrument page: the manager records the day a
milestone was reached or corrects it (services.record_milestone), errors in words with
422, and everyone else gets no form and a 403 with nothing changed. The clock is set to
20 May 2026; the project P-AIR is built as in ``test_instruments``."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from stradom.instruments.models import Instrument, InstrumentChange, Milestone
from stradom.workspace.tests.test_instruments import NOW, URL, make_project, section


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def project(dashboard):
    return make_project(dashboard)


def _milestone(name):
    return Milestone.objects.get(name_pl=name)


def _post(client, milestone, prefix="", **fields):
    data = {"actual_date": "2026-05-04", "note": "Protokół odbioru nr 7", "reason": ""}
    data.update(fields)
    sent = {f"m{milestone.pk}-{k}": v for k, v in data.items()}
    sent["milestone"] = str(milestone.pk)
    return client.post(prefix + URL, sent)


def _state():
    return (
        list(Milestone.objects.order_by("pk").values_list("done_date", "note")),
        InstrumentChange.objects.count(),
    )


def test_manager_records_the_day_reached_and_the_page_says_how_late(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    final = _milestone("Odbiór końcowy")  # due 30 April 2026, not done
    page = client.get(URL).content.decode()
    assert "opóźniony: niewykonany, 20 dni po terminie" in section(
        page, 'id="milestones"', "</table>"
    )
    response = _post(client, final)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#milestone-{final.pk}"
    final.refresh_from_db()
    assert (final.done_date, final.note) == (date(2026, 5, 4), "Protokół odbioru nr 7")
    change = InstrumentChange.objects.get(field="done_date")
    assert (change.old, change.new, change.actor, change.channel) == (
        "",
        "2026-05-04",
        dashboard.env_coordinator,
        "workspace",
    )
    html = client.get(URL).content.decode()
    row = section(html, f'id="milestone-{final.pk}"', "</tr>")
    assert "04.05.2026" in row
    assert "wykonany 4 dni po terminie" in row
    assert "Protokół odbioru nr 7" in row
    assert 'value="2026-05-04"' in row  # the form shows what is recorded


def test_a_correction_asks_for_the_reason_and_keeps_the_history(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    signed = _milestone("Umowy podpisane")  # done 20 March 2025
    before = _state()
    response = _post(client, signed, prefix="/en", actual_date="2025-03-21", note="")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert "say why what is recorded changes (a reason)" in html
    assert _state() == before
    response = _post(client, signed, actual_date="2025-03-21", note="", reason="Data z umowy")
    assert response.status_code == 302
    change = InstrumentChange.objects.get()
    assert (change.field, change.old, change.new, change.reason) == (
        "done_date",
        "2025-03-20",
        "2025-03-21",
        "Data z umowy",
    )
    row = section(client.get(URL).content.decode(), f'id="milestone-{signed.pk}"', "</tr>")
    assert "<td>w terminie</td>" in row


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"actual_date": "2026-05-21"}, "the date reached 21 May 2026 is in the future"),
        ({"actual_date": "2025-01-15"}, "is before P-AIR started (01 Feb 2025)"),
        ({"actual_date": "32.13.2026"}, "Write a date, e.g. 2026-05-04."),
        ({"note": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ],
)
def test_wrong_input_is_explained_with_422_and_nothing_changes(
    client, dashboard, project, fields, message
):
    client.force_login(dashboard.env_coordinator)
    before = _state()
    response = _post(client, _milestone("Odbiór końcowy"), prefix="/en", **fields)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert message in html
    assert _state() == before


def test_polish_error_in_polish(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    response = _post(client, _milestone("Odbiór końcowy"), actual_date="2026-05-21")
    assert response.status_code == 422
    assert "data osiągnięcia 21.05.2026 jest w przyszłości" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "write"),
    [
        ("env_coordinator", 302),  # the manager
        ("transport_coordinator", 403),
        ("provider", 403),
        ("analyst", 403),
        ("admin", 302),
    ],
)
def test_permission_matrix(client, dashboard, project, who, write):
    client.force_login(getattr(dashboard, who))
    page = client.get(URL).content.decode()
    assert ('name="milestone"' in page) == (write == 302)
    before = _state()
    response = _post(client, _milestone("Odbiór końcowy"))
    assert response.status_code == write
    if write == 403:
        assert _state() == before
    else:
        assert _milestone("Odbiór końcowy").done_date == date(2026, 5, 4)


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(client, dashboard, project):
    before = _state()
    response = _post(client, _milestone("Odbiór końcowy"))
    assert response.status_code == 302
    assert response["Location"].startswith("/panel/login/")
    assert _state() == before


def test_a_milestone_of_another_instrument_is_not_found(client, dashboard, project):
    other = Instrument.objects.create(code="P-X", kind="project", name_pl="Inny")
    theirs = Milestone.objects.create(instrument=other, name_pl="Cudzy", due_date=date(2026, 1, 1))
    client.force_login(dashboard.env_coordinator)
    before = _state()
    assert _post(client, theirs).status_code == 404
    assert _state() == before


def test_the_forms_cost_no_query_per_milestone(client, dashboard, project):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(dashboard.env_coordinator)
    client.get(URL)  # the first request fills the process's caches (content types)
    counts = []
    for size in (2, 20):
        for i in range(size):
            Milestone.objects.create(instrument=project, name_pl=f"M{i}", due_date=date(2026, 1, 1))
        with CaptureQueriesContext(connection) as queries:
            html = client.get(URL).content.decode()
        assert html.count('name="milestone"') == Milestone.objects.count()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_saved_and_unchanged_are_told_apart(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    final = _milestone("Odbiór końcowy")
    _post(client, final)
    assert "Zapisano kamień milowy Odbiór końcowy." in client.get(URL).content.decode()
    assert _post(client, final).status_code == 302
    html = client.get(URL).content.decode()
    assert "Kamień milowy Odbiór końcowy: nic się nie zmieniło." in html
    assert InstrumentChange.objects.count() == 2  # the date and the note, once
