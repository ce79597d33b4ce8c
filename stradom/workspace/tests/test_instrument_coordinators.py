"""The workspace instrument page for a coordinator of the instrument's domain who is not
its manager (they get the forms and their writes are kept), for a coordinator of another
domain (no forms, 403, nothing written), and the milestone history every reader sees:
who, when, what changed from what to what, and why, in Polish and English. The clock is
set to 20 May 2026; P-AIR is built as in ``test_instruments``."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from stradom.instruments import services
from stradom.instruments.models import Instrument, InstrumentChange, Milestone, ProgressUpdate
from stradom.workspace.tests.test_instruments import NOW, URL, make_project, section


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def project(dashboard):
    """P-AIR of the environment domain, managed by nobody; its result indicator TRAM_SAT
    belongs to transport."""
    p = make_project(dashboard)
    Instrument.objects.filter(pk=p.pk).update(manager=None, domain=dashboard.environment)
    p.refresh_from_db()
    return p


def _progress(client, **fields):
    data = {
        "period": "2026-Q1",
        "percent_complete": "55",
        "cycle": str(_cycle_pk()),
        "narrative": "Wymieniono 40 pieców",
        "risks": "",
        "next_steps": "",
    }
    data.update(fields)
    return client.post(URL, data)


def _cycle_pk() -> int:
    from stradom.instruments.models import ReportingCycle

    return ReportingCycle.objects.get().pk


def _milestone(client, milestone, prefix="", **fields):
    data = {"actual_date": "2026-05-04", "note": "Protokół odbioru nr 7", "reason": ""}
    data.update(fields)
    sent = {f"m{milestone.pk}-{k}": v for k, v in data.items()}
    sent["milestone"] = str(milestone.pk)
    return client.post(prefix + URL, sent)


def _state():
    return (
        list(Milestone.objects.order_by("pk").values_list("done_date", "note")),
        list(ProgressUpdate.objects.order_by("pk").values_list("period", "percent_complete")),
        InstrumentChange.objects.count(),
    )


def test_a_coordinator_of_the_instruments_domain_records_progress_and_milestones(
    client, dashboard, project
):
    coordinator = dashboard.env_coordinator
    client.force_login(coordinator)
    html = client.get(URL).content.decode()
    facts = section(html, 'id="facts"', "</dl>")
    assert "<dt>Kierownik</dt><dd>–</dd>" in facts
    assert '<dt>Dziedzina</dt><dd><a href="/panel/domains/srodowisko/">ochrona środowiska</a>' in (
        facts
    )
    assert 'id="record"' in html
    assert html.count('name="milestone"') == 4

    assert _progress(client).status_code == 302
    update = ProgressUpdate.objects.get(period="2026-Q1")
    assert (update.percent_complete, update.author) == (55, coordinator)
    final = Milestone.objects.get(name_pl="Odbiór końcowy")
    assert _milestone(client, final).status_code == 302
    final.refresh_from_db()
    assert (final.done_date, final.note) == (date(2026, 5, 4), "Protokół odbioru nr 7")
    assert set(InstrumentChange.objects.values_list("field", "actor", "channel")) == {
        ("done_date", coordinator.pk, "workspace"),
        ("note", coordinator.pk, "workspace"),
    }


@pytest.mark.parametrize("who", ["transport_coordinator", "provider", "analyst"])
def test_others_get_no_form_and_403_and_nothing_is_written(client, dashboard, project, who):
    # transport coordinates P-AIR's result indicator TRAM_SAT; the provider enters PM10
    # values, an environment indicator; the analyst reads everything. None may write.
    client.force_login(getattr(dashboard, who))
    html = client.get(URL).content.decode()
    assert 'id="record"' not in html and 'name="milestone"' not in html
    assert (
        "Postęp instrumentu może zapisać tylko jego kierownik, koordynator jego dziedziny "
        "lub administrator."
    ) in html
    before = _state()
    assert _progress(client).status_code == 403
    assert _milestone(client, Milestone.objects.get(name_pl="Odbiór końcowy")).status_code == 403
    assert _state() == before


def test_milestone_history_on_the_page_in_polish(client, dashboard, project):
    signed = Milestone.objects.get(name_pl="Umowy podpisane")  # done 20 March 2025
    services.record_milestone(
        signed,
        actor=dashboard.env_coordinator,
        actual_date=date(2025, 3, 21),
        reason="Data z umowy, nie z e-maila",
    )
    final = Milestone.objects.get(name_pl="Odbiór końcowy")
    services.record_milestone(
        final, actor=None, actual_date=date(2026, 5, 4), note="Protokół", channel="demo"
    )
    client.force_login(dashboard.analyst)  # every reader of the page sees the history
    html = client.get(URL).content.decode()
    history = section(html, 'id="milestone-history"', "</table>")
    assert '<h3 id="milestone-history">Historia kamieni milowych</h3>' in html
    assert "<caption>Każda zmiana kamienia milowego, od najnowszej.</caption>" in history
    assert (
        '<th scope="col">Kamień milowy</th><th scope="col">Co się zmieniło</th>'
        '<th scope="col">Przed zmianą</th><th scope="col">Po zmianie</th>'
        '<th scope="col">Kto</th><th scope="col">Kiedy</th><th scope="col">Powód</th>'
    ) in history
    rows = section(history, "<tbody>", "</tbody>").split("</tr>")[:-1]
    assert len(rows) == 3  # the correction, the day reached and the note (newest first)
    corrected = next(r for r in rows if "Umowy podpisane" in r)
    assert f'<th scope="row"><a href="#milestone-{signed.pk}">Umowy podpisane</a></th>' in corrected
    assert (
        "<td>Data osiągnięcia</td><td>20.03.2025</td><td>21.03.2025</td><td>anna</td>"
        "<td>20.05.2026 12:00</td><td>Data z umowy, nie z e-maila</td>"
    ) in corrected
    by_field = {
        ("date" if "<td>Data osiągnięcia</td>" in r else "note"): r
        for r in rows
        if "Odbiór końcowy" in r
    }
    assert "<td>–</td><td>04.05.2026</td><td>ładowanie danych demo</td>" in by_field["date"]
    assert (
        "<td>Uwagi</td><td>–</td><td>Protokół</td><td>ładowanie danych demo</td>"
        in (by_field["note"])
    )
    note_row = by_field["note"]
    assert note_row.endswith("<td>–</td>")  # filling an empty field needs no reason


@pytest.mark.usefixtures("english")
def test_milestone_history_in_english_with_the_readers_dates(client, dashboard, project):
    signed = Milestone.objects.get(name_pl="Umowy podpisane")
    services.record_milestone(
        signed, actor=dashboard.admin, actual_date=date(2025, 3, 21), reason="From the contract"
    )
    client.force_login(dashboard.env_coordinator)
    html = client.get("/en" + URL).content.decode()
    history = section(html, 'id="milestone-history"', "</table>")
    assert ">History of the milestones</h3>" in html
    assert "<caption>Every change of a milestone, newest first.</caption>" in history
    assert (
        "<td>Date reached</td><td>20 Mar 2025</td><td>21 Mar 2025</td><td>admin</td>"
        "<td>20 May 2026 12:00</td><td>From the contract</td>"
    ) in history


def test_no_history_yet_is_said_in_words(client, dashboard, project):
    client.force_login(dashboard.analyst)
    html = client.get(URL).content.decode()
    after = section(html, 'id="milestone-history"')
    assert "<p>Nie zapisano jeszcze żadnej zmiany kamienia milowego.</p>" in after
    assert after.index("Nie zapisano jeszcze") < after.index("<h2")


def test_the_domain_page_marks_its_own_instruments(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    html = client.get("/panel/domains/srodowisko/").content.decode()
    assert (
        '<a href="/panel/instruments/P-AIR/">Wymiana pieców</a> <span class="code">P-AIR</span>'
        " — projekt, w realizacji <strong>(instrument tej dziedziny)</strong>"
    ) in html
    # Transport lists P-AIR (its indicator TRAM_SAT measures it) but not as its own.
    client.force_login(dashboard.transport_coordinator)
    html = client.get("/panel/domains/transport/").content.decode()
    assert '<a href="/panel/instruments/P-AIR/">' in html
    assert "(instrument tej dziedziny)" not in html


def test_a_new_due_date_or_name_is_on_the_milestone_history_in_the_readers_words(
    client, dashboard, project
):
    final = Milestone.objects.get(name_pl="Odbiór końcowy")  # due 30 April 2026
    services.save_milestone(
        {"due_date": date(2026, 6, 30), "name_pl": "Odbiór"},
        instance=final,
        actor=dashboard.env_coordinator,
        reason="aneks nr 3",
    )
    client.force_login(dashboard.analyst)
    history = section(client.get(URL).content.decode(), 'id="milestone-history"', "</table>")
    assert (
        "<td>Termin</td><td>30.04.2026</td><td>30.06.2026</td><td>anna</td>"
        "<td>20.05.2026 12:00</td><td>aneks nr 3</td>"
    ) in history
    assert "<td>Nazwa (po polsku)</td><td>Odbiór końcowy</td><td>Odbiór</td><td>anna</td>" in (
        history
    )
