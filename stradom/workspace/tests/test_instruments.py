"""The workspace instrument page: what a coordinator checks, the progress form, who may
write, and bounded reads. The clock is set to 20 May 2026 (a quarterly cycle with 14
days' grace then asks for 2026-Q1, due 14 April 2026)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from stradom.finance.models import BudgetTask, Unit
from stradom.instruments.models import (
    Dependency,
    Instrument,
    Milestone,
    ProgressUpdate,
    ProjectNetwork,
    ReportingCycle,
)

NBSP = "\xa0"
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
URL = "/panel/instruments/P-AIR/"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def project(dashboard):
    return make_project(dashboard)


def make_project(w):
    """P-AIR, managed by the environment coordinator, with four milestones, a quarterly
    cycle, two updates for 2025-Q4 and two budget tasks of 2026 (and one of nobody's)."""
    p = Instrument.objects.create(
        code="P-AIR",
        kind="project",
        name_pl="Wymiana pieców",
        name_en="Stove replacement",
        owning_unit="Wydział Klimatu",
        manager=w.env_coordinator,
        status="in_progress",
        planned_start=date(2025, 1, 1),
        planned_end=date(2026, 12, 31),
        actual_start=date(2025, 2, 1),
    )
    p.goals.add(w.child)
    p.output_indicators.add(w.pm10)
    p.result_indicators.add(w.trams)  # a draft of another domain
    for name, due, done in (
        ("Umowy podpisane", date(2025, 3, 31), date(2025, 3, 20)),
        ("Pierwsze 100 pieców", date(2025, 9, 30), date(2025, 10, 12)),
        ("Odbiór końcowy", date(2026, 4, 30), None),
        ("Rozliczenie", date(2026, 12, 31), None),
    ):
        Milestone.objects.create(instrument=p, name_pl=name, due_date=due, done_date=done)
    w.cycle = ReportingCycle.objects.create(
        name_pl="Sprawozdania kwartalne", frequency="Q", starts_on=date(2025, 1, 1), grace_days=14
    )
    w.cycle.instruments.add(p)
    for percent, narrative in ((30, "Pierwsza wersja"), (35, "Korekta")):
        ProgressUpdate.objects.create(
            instrument=p,
            cycle=w.cycle,
            period="2025-Q4",
            percent_complete=percent,
            narrative=narrative,
            author=w.env_coordinator,
        )
    unit = Unit.objects.create(code="wk", name_pl="Wydział Klimatu")
    for code, plan, after, committed, spent in (
        ("T1", "1000000.00", "1200000.00", "300000.00", "250000.50"),
        ("T2", "500000.00", "450000.00", "0.00", "100000.25"),
    ):
        BudgetTask.objects.create(
            year=2026,
            code=code,
            name_pl=f"Zadanie {code}",
            unit=unit,
            instrument=p,
            section="900",
            chapter="90005",
            paragraph="6050",
            plan=Decimal(plan),
            plan_after_changes=Decimal(after),
            commitments=Decimal(committed),
            execution=Decimal(spent),
        )
    BudgetTask.objects.create(  # another instrument's money is not counted here
        year=2026,
        code="T9",
        name_pl="Inne",
        unit=unit,
        section="900",
        chapter="90005",
        paragraph="6050",
        plan=Decimal(7),
        plan_after_changes=Decimal(7),
    )
    return p


@pytest.fixture
def network(project, dashboard):
    first = Instrument.objects.create(
        code="P-PREP",
        kind="project",
        name_pl="Przygotowanie",
        planned_start=date(2025, 1, 1),
        duration_days=10,
    )
    side = Instrument.objects.create(
        code="P-SIDE", kind="project", name_pl="Kampania", duration_days=5
    )
    net = ProjectNetwork.objects.create(code="N1", name_pl="Czyste powietrze")
    net.projects.add(first, project, side)
    Dependency.objects.create(network=net, predecessor=first, successor=project)
    Dependency.objects.create(network=net, predecessor=first, successor=side)
    return net


def section(html: str, start: str, end: str | None = None) -> str:
    part = html[html.index(start) :]
    return part[: part.index(end)] if end else part


# -- what the page shows ----------------------------------------------------------------------
def test_page_shows_what_a_coordinator_checks(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    facts = section(html, 'id="facts"', "</dl>")
    assert "<dd>projekt</dd>" in facts and "<dd>w realizacji</dd>" in facts
    assert "<dd>Wydział Klimatu</dd>" in facts
    assert "<dd>01.01.2025 – 31.12.2026</dd>" in facts
    assert "<dd>01.02.2025 – –</dd>" in facts
    assert "35% ukończenia w 2025-Q4" in facts  # the latest update counts
    # Goals and indicators, linked; the draft of another domain is named, not linked.
    assert f'href="/panel/strategy/{dashboard.strategy.pk}/#goal-{dashboard.child.pk}"' in html
    inds = section(html, 'id="indicators"', "</table>")
    assert '<a href="/panel/indicators/PM10_AVG/">' in inds
    assert "TRAM_SAT" in inds and "/panel/indicators/TRAM_SAT/" not in inds
    # Milestones: late ones said in words.
    ms = section(html, 'id="milestones"', "</table>")
    assert "<td>20.03.2025</td><td>w terminie</td>" in ms.replace("\n  ", "")
    assert "wykonany 12 dni po terminie" in ms
    assert "opóźniony: niewykonany, 20 dni po terminie" in ms
    assert "<td>31.12.2026</td><td>–</td>\n  <td>nadchodzący</td>" in ms
    # Reporting: 2026-Q1 was due on 14 April 2026, 36 days ago.
    reporting = section(html, 'id="reporting"', "</ul>")
    assert "sprawozdanie za 2026-Q1 jest zaległe: termin minął 14.04.2026, 36 dni temu." in (
        reporting
    )
    # History, newest first, with who and when.
    history = section(html, 'id="history"', "</table>")
    assert history.index("Korekta") < history.index("Pierwsza wersja")
    assert '<td class="num">35%</td>' in history and "<td>anna</td>" in history
    assert "<td>20.05.2026 12:00</td>" in history
    # Money: the instrument's two tasks for 2026, not the third.
    money = section(html, 'id="money"', "</table>")
    totals = section(money, "<tfoot>", "</tfoot>")
    for amount in ("1 500 000,00", "1 650 000,00", "300 000,00", "350 000,75", "1 299 999,25"):
        assert amount.replace(" ", NBSP) in totals, amount
    assert "T9" not in money
    assert "Przykład ilustracyjny" not in html


def test_page_in_english_and_illustrative_money_is_labelled(client, dashboard, project):
    BudgetTask.objects.filter(code="T2").update(illustrative=True)
    client.force_login(dashboard.analyst)
    html = client.get("/en" + URL).content.decode()
    assert "Przykład ilustracyjny / Illustrative example" in html
    assert "the update for 2026-Q1 is overdue: it was due on 14 May 2026" not in html
    assert "the update for 2026-Q1 is overdue: it was due on 14 Apr 2026, 36 days ago." in html
    assert "done 12 days late" in html
    assert "1,299,999.25" in html


def test_schedule_of_the_network_in_words(client, dashboard, project, network):
    client.force_login(dashboard.analyst)
    html = client.get("/en" + URL).content.decode()
    # P-AIR lasts 730 days (1 Jan 2025 – 31 Dec 2026) after P-PREP's 10: 740 in all.
    assert "P-AIR is on the critical path: any delay delays the whole network." in html
    assert "The network takes 740 days (01 Jan 2025 – 10 Jan 2027)." in html
    assert "Critical path: P-PREP → P-AIR." in html
    side = section(html, "P-SIDE Kampania", "</tr>")
    assert '<td class="num">725</td><td>no</td>' in side


def test_form_offers_the_period_owed(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    html = client.get(URL).content.decode()
    assert 'name="period" value="2026-Q1"' in html
    assert f'<option value="{dashboard.cycle.pk}" selected>' in html


def test_money_of_another_year_on_request(client, dashboard, project):
    task = BudgetTask.objects.get(code="T1")
    BudgetTask.objects.create(
        year=2025,
        code="T0",
        name_pl="Zadanie 2025",
        unit=task.unit,
        instrument=project,
        section="900",
        chapter="90005",
        paragraph="6050",
        plan=Decimal("10.00"),
        plan_after_changes=Decimal("12.00"),
        execution=Decimal("11.50"),
    )
    client.force_login(dashboard.analyst)
    html = client.get(URL).content.decode()
    assert '<strong aria-current="true">2026</strong>' in html and 'href="?year=2025"' in html
    money = section(client.get(URL + "?year=2025").content.decode(), 'id="money"', "</table>")
    assert "T0 Zadanie 2025" in money and "T1" not in money
    totals = section(money, "<tfoot>", "</tfoot>")
    assert '<td class="num">12,00</td><td class="num">0,00</td><td class="num">11,50</td>' in totals
    assert '<td class="num">0,50</td>' in totals
    assert client.get(URL + "?year=1999").status_code == 200  # unknown year: the default


def test_unknown_instrument_is_not_found_and_pk_works(client, dashboard, project):
    client.force_login(dashboard.analyst)
    assert client.get("/panel/instruments/NOPE/").status_code == 404
    assert client.get(f"/panel/instruments/{project.pk}/").status_code == 200


# -- the progress form ------------------------------------------------------------------------
def _post(client, prefix="", **fields):
    data = {
        "period": "2026-Q1",
        "percent_complete": "55",
        "cycle": str(ReportingCycle.objects.get().pk),
        "narrative": "Wymieniono 40 pieców",
        "risks": "",
        "next_steps": "Odbiór",
    }
    data.update(fields)
    return client.post(prefix + URL, data)


def test_form_records_an_update_and_the_history_shows_it(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    response = _post(client)
    assert response.status_code == 302
    assert response["Location"] == URL + "#history"
    update = ProgressUpdate.objects.get(period="2026-Q1")
    assert (update.percent_complete, update.narrative, update.next_steps, update.author) == (
        55,
        "Wymieniono 40 pieców",
        "Odbiór",
        dashboard.env_coordinator,
    )
    assert update.cycle == dashboard.cycle
    html = client.get(URL).content.decode()
    assert "Zapisano sprawozdanie z postępu za 2026-Q1." in html
    assert "sprawozdanie za 2026-Q1 zostało złożone." in html
    history = section(html, 'id="history"', "</table>")
    assert history.index("Wymieniono 40 pieców") < history.index("Korekta")
    # A month is placed by its dates among quarters, not by the text of its code.
    # (as text, "2026-Q1" sorts after "2026-05"; May is the later period).
    assert _post(client, period="2026-05", cycle="", narrative="Maj").status_code == 302
    history = section(client.get(URL).content.decode(), 'id="history"', "</table>")
    assert history.index("Maj") < history.index("Wymieniono") < history.index("Korekta")
    assert "55% ukończenia w 2026-Q1" in html


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"percent_complete": "101"}, "The percent complete cannot be above 100."),
        ({"percent_complete": "pół"}, "Write a whole number from 0 to 100, e.g. 40."),
        ({"narrative": "   "}, "Say what was done in this period."),
        ({"period": "2026-Q9"}, "is not a period"),
        ({"period": "2026-Q3"}, "The period 2026-Q3 has not started yet."),
        ({"period": "2026-03"}, "The cycle Sprawozdania kwartalne asks for periods like 2026-Q1"),
    ],
)
def test_form_explains_what_is_wrong_and_saves_nothing(client, dashboard, project, fields, message):
    client.force_login(dashboard.env_coordinator)
    before = list(ProgressUpdate.objects.values_list("pk", "percent_complete"))
    response = _post(client, prefix="/en", **fields)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nothing was saved." in html
    assert message in html
    assert list(ProgressUpdate.objects.values_list("pk", "percent_complete")) == before


# -- who may do what --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("env_coordinator", 200, 302),  # coordinator of the domain, the manager
        ("transport_coordinator", 200, 403),  # coordinator of another domain
        ("provider", 200, 403),  # data provider of the output indicator
        ("analyst", 200, 403),  # reads everything, writes nothing
        ("admin", 200, 302),
    ],
)
def test_permission_matrix(client, dashboard, project, who, read, write):
    user = getattr(dashboard, who)
    client.force_login(user)
    page = client.get(URL)
    assert page.status_code == read
    assert ('id="record"' in page.content.decode()) == (write == 302)
    before = ProgressUpdate.objects.count()
    response = _post(client)
    assert response.status_code == write
    assert ProgressUpdate.objects.count() == before + (1 if write == 302 else 0)


def test_anonymous_is_sent_to_sign_in_and_nothing_changes(client, dashboard, project):
    assert client.get(URL).status_code == 302
    before = ProgressUpdate.objects.count()
    response = _post(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/panel/login/")
    assert ProgressUpdate.objects.count() == before


def test_a_signed_in_user_without_a_role_is_refused(client, dashboard, project):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("ewa", password="x"))
    assert client.get(URL).status_code == 403
    before = ProgressUpdate.objects.count()
    assert _post(client).status_code == 403
    assert ProgressUpdate.objects.count() == before


# -- links and bounded reads ------------------------------------------------------------------
def test_domain_page_links_its_instruments(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    html = client.get("/panel/domains/srodowisko/").content.decode()
    assert '<a href="/panel/instruments/P-AIR/">' in html


@pytest.mark.parametrize("size", [2, 20])
def test_query_count_does_not_grow_with_updates_and_milestones(
    client, dashboard, project, network, size, django_assert_max_num_queries
):
    for i in range(size):
        Milestone.objects.create(
            instrument=project, name_pl=f"M{i}", due_date=date(2026, 1, 1 + i % 28)
        )
        ProgressUpdate.objects.create(
            instrument=project, period="2025-Q3", percent_complete=i, author=dashboard.admin
        )
    client.force_login(dashboard.env_coordinator)
    with django_assert_max_num_queries(QUERY_BOUND):
        assert client.get(URL).status_code == 200
    for i in range(size):  # more instruments owing updates: the home page's list grows
        extra = Instrument.objects.create(
            code=f"X{i}", kind="project", name_pl=f"X{i}", status="in_progress"
        )
        dashboard.cycle.instruments.add(extra)
    with django_assert_max_num_queries(HOME_BOUND):
        html = client.get("/panel/all/").content.decode()  # everyone's overdue updates
    assert html.count('href="/panel/instruments/X') == size


QUERY_BOUND = 32  # the same with 2 and 20 updates and milestones (and 1 for the commentary)
HOME_BOUND = 31  # the same with 2 and 20 instruments owing an update


def test_home_lists_overdue_updates_with_links(client, dashboard, project):
    client.force_login(dashboard.env_coordinator)
    html = client.get("/panel/all/").content.decode()
    overdue = section(html, 'id="overdue"', "</table>")
    row = section(overdue, '<a href="/panel/instruments/P-AIR/">Wymiana pieców</a>', "</tr>")
    assert "<strong>(Twój)</strong>" in row
    assert (
        "<td>Wydział Klimatu</td><td>2026-Q1</td><td>14.04.2026</td>"
        '<td class="num">36</td><td>35% ukończenia w 2025-Q4</td>'
    ) in row
    assert "Przykład ilustracyjny" not in row
    client.force_login(dashboard.analyst)
    project.illustrative = True
    project.save()
    html = client.get("/panel/").content.decode()
    row = section(html, 'id="overdue"', "</table>")
    assert "(Twój)" not in row
    assert "<em>(Przykład ilustracyjny / Illustrative example)</em>" in row
    # Once the update is recorded, nothing is overdue and the list is gone.
    client.force_login(dashboard.env_coordinator)
    assert _post(client).status_code == 302
    assert 'id="overdue"' not in client.get("/panel/all/").content.decode()


def test_a_coordinator_of_the_domain_who_is_not_the_manager_may_only_read(
    client, dashboard, project
):
    # Rights over an instrument come from being its manager or a coordinator of its own
    # domain (Instrument.domain, empty here), not from coordinating the domain of one of
    # its indicators.
    Instrument.objects.filter(pk=project.pk).update(manager=dashboard.transport_coordinator)
    client.force_login(dashboard.env_coordinator)
    html = client.get(URL).content.decode()
    assert 'id="record"' not in html
    assert (
        "Postęp instrumentu może zapisać tylko jego kierownik, koordynator jego dziedziny "
        "lub administrator."
    ) in html
    before = list(ProgressUpdate.objects.values_list("pk", "period", "percent_complete"))
    assert _post(client).status_code == 403
    assert list(ProgressUpdate.objects.values_list("pk", "period", "percent_complete")) == before


def test_a_network_that_cannot_be_scheduled_says_why(client, dashboard, project, network):
    Instrument.objects.filter(code="P-SIDE").update(duration_days=None)
    client.force_login(dashboard.analyst)
    html = client.get("/en" + URL).content.decode()
    assert (
        '<p role="alert">Project P-SIDE has no duration: give planned dates or a duration.</p>'
    ) in html
