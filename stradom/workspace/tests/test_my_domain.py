"""My domain, first: the panel's home of a coordinator or data provider shows their goals
with status, trend and this year's money, their indicators due or out of date and their
instruments with overdue updates and next milestones; everything else is on /panel/all/.
The clock is set to 20 May 2026."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from stradom.catalog.models import Indicator
from stradom.finance.models import BudgetTask, BudgetTaskGoal, Unit
from stradom.instruments.models import Instrument, Milestone, ProgressUpdate, ReportingCycle
from stradom.strategy.models import Goal, GoalIndicator
from stradom.strategy.queries import forget_assessments
from stradom.strategy.testing import build_dashboard
from stradom.workspace.queries import my_domain

NBSP = "\xa0"
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def make_my_domain(world):
    """The dashboard with X001–X003, and :func:`add_my_domain`."""
    return add_my_domain(build_dashboard(world, n_indicators=4))


def add_my_domain(w):
    """On a dashboard (``build_dashboard``): a transport goal 2 → 2.1 (TRAM_SAT), budget
    tasks of 2026 split between 1.1 and 2.1 (and one of 2025), publication lags that make
    PM10_AVG out of date and (when the dashboard has them) X001 due, X003 current and
    X002 unjudged on 20 May 2026; P-ENV (environment, owing its 2026-Q1 update, a
    milestone 20 days late) and P-TRAM (transport, up to date)."""
    w.transport_root = Goal.objects.create(
        strategy=w.strategy, code="2", name_pl="Sprawny transport", name_en="Transport", depth=1
    )
    w.trams_goal = Goal.objects.create(
        strategy=w.strategy,
        code="2.1",
        name_pl="Więcej tramwajów",
        name_en="More trams",
        parent=w.transport_root,
        depth=2,
    )
    GoalIndicator.objects.create(goal=w.trams_goal, indicator=w.trams, territory=w.city, order=1)
    for code, lag in (("PM10_AVG", 120), ("X001", 150), ("X003", 300)):
        Indicator.objects.filter(code=code).update(publication_lag_days=lag)
    unit = Unit.objects.create(code="wk", name_pl="Wydział Klimatu")
    for year, code, after, spent, shares in (
        (2026, "E1", "1000000.00", "250000.50", ((w.child, 100),)),
        (2026, "E2", "500000.00", "100000.25", ((w.child, 60), (w.trams_goal, 40))),
        (2026, "T1", "800000.00", "600000.00", ((w.trams_goal, 100),)),
        (2025, "E0", "999.00", "999.00", ((w.child, 100),)),  # another year
    ):
        task = BudgetTask.objects.create(
            year=year,
            code=code,
            name_pl=f"Zadanie {code}",
            unit=unit,
            section="900",
            chapter="90005",
            paragraph="6050",
            plan=Decimal(after),
            plan_after_changes=Decimal(after),
            execution=Decimal(spent),
        )
        for goal, share in shares:
            BudgetTaskGoal.objects.create(task=task, goal=goal, share=Decimal(share))
    w.cycle = ReportingCycle.objects.create(
        name_pl="Sprawozdania kwartalne", frequency="Q", starts_on=date(2025, 1, 1), grace_days=14
    )
    w.p_env = Instrument.objects.create(
        code="P-ENV",
        kind="project",
        name_pl="Wymiana pieców",
        name_en="Stove replacement",
        domain=w.environment,
        status="in_progress",
        planned_start=date(2025, 1, 1),
    )
    w.p_tram = Instrument.objects.create(
        code="P-TRAM",
        kind="project",
        name_pl="Nowe tory",
        name_en="New tracks",
        domain=w.transport,
        status="in_progress",
        planned_start=date(2025, 1, 1),
    )
    w.cycle.instruments.add(w.p_env, w.p_tram)
    for inst, name, due, done in (
        (w.p_env, "Umowy podpisane", date(2025, 3, 31), date(2025, 3, 20)),
        (w.p_env, "Odbiór końcowy", date(2026, 4, 30), None),
        (w.p_env, "Rozliczenie", date(2026, 12, 31), None),
        (w.p_tram, "Tory ułożone", date(2026, 6, 30), None),
    ):
        Milestone.objects.create(instrument=inst, name_pl=name, due_date=due, done_date=done)
    ProgressUpdate.objects.create(
        instrument=w.p_tram, cycle=w.cycle, period="2026-Q1", percent_complete=50, narrative="ok"
    )
    return w


@pytest.fixture
def mine(world):
    return make_my_domain(world)


def section(html: str, start: str, end: str) -> str:
    at = html.index(start)
    return html[at : html.index(end, at)]


def rows(html: str, table_id: str) -> list[str]:
    table = section(html, f'id="{table_id}"', "</table>")
    body = section(table, "<tbody>", "</tbody>")
    return re.findall(r"<tr.*?</tr>", body, re.S)


# -- the read ------------------------------------------------------------------------------
def test_coordinator_gets_their_goals_money_indicators_and_instruments(mine):
    view = my_domain(mine.env_coordinator)
    assert [d.code for d in view.domains] == ["srodowisko"]
    assert [g.goal.code for g in view.goals] == ["1.1"]  # not 2.1: trams are not hers
    goal = view.goals[0]
    assert [li.indicator_code for li in goal.mine] == ["PM10_AVG", "X001", "X002", "X003"]
    # PM10 falls (lower is better), X00k rise (higher is better): every one improves.
    assert (goal.trend.better, goal.trend.worse, goal.trend.same, goal.trend.code) == (
        4,
        0,
        0,
        "better",
    )
    # 2026 only: E1 whole, 60% of E2 (100 000,25 × 0,6 = 60 000,15).
    assert goal.money.planned == Decimal("1300000.00")
    assert goal.money.spent == Decimal("310000.65")
    assert goal.money.left == Decimal("989999.35")
    assert view.money_total == goal.money
    assert [(i.indicator.code, i.state) for i in view.indicators] == [
        ("PM10_AVG", "stale"),
        ("X001", "due"),
    ]
    stale, due = view.indicators
    assert (stale.latest_period, stale.expected_period, stale.periods_behind) == ("2024", "2025", 1)
    assert (due.next_period, due.due_on) == ("2025", date(2026, 5, 30))
    assert (view.n_indicators, view.n_current, view.n_unknown) == (4, 1, 1)
    assert [m.instrument.code for m in view.instruments] == ["P-ENV"]
    env = view.instruments[0]
    assert [(o.period.code, o.due, o.days_overdue) for o in env.overdue] == [
        ("2026-Q1", date(2026, 4, 14), 36)
    ]
    assert (env.next_milestone.name_pl, env.days_late) == ("Odbiór końcowy", 20)
    assert env.may_manage


def test_another_coordinator_gets_the_goals_of_their_own_indicators(mine):
    view = my_domain(mine.transport_coordinator)
    assert {g.goal.code for g in view.goals} == {"1.1", "2.1"}
    trams = next(g for g in view.goals if g.goal.code == "2.1")
    assert trams.trend.code == "none"  # one value of TRAM_SAT: nothing to compare
    # 2.1: 40% of E2 and all of T1; 1.1 as above; neither is below the other.
    assert (trams.money.planned, trams.money.spent) == (
        Decimal("1000000.00"),
        Decimal("640000.10"),
    )
    assert view.money_total.planned == Decimal("2300000.00")
    assert view.money_total.spent == Decimal("950000.75")
    assert view.money_total.left == Decimal("1349999.25")
    assert [(m.instrument.code, m.overdue, m.percent_complete) for m in view.instruments] == [
        ("P-TRAM", (), 50)
    ]


def test_a_goal_below_another_listed_is_counted_once_in_the_total(mine):
    GoalIndicator.objects.create(goal=mine.root, indicator=mine.pm10, territory=mine.city)
    forget_assessments()
    view = my_domain(mine.env_coordinator)
    assert {g.goal.code: g.money.planned for g in view.goals} == {
        "1": Decimal("1300000.00"),
        "1.1": Decimal("1300000.00"),
    }
    assert view.money_total.planned == Decimal("1300000.00")


def test_instruments_measured_by_my_indicators_are_listed_to_read(client, mine):
    """As on the domain page: an instrument of no domain measured by PM10_AVG is listed
    for the environment's coordinator, after her own, with no form to change it."""
    other = Instrument.objects.create(
        code="P-LINKED", kind="project", name_pl="Czujniki", name_en="Sensors"
    )
    other.output_indicators.add(mine.pm10)
    other.result_indicators.add(mine.pm10)  # measured twice: listed once
    view = my_domain(mine.env_coordinator)
    assert [(m.instrument.code, m.own, m.may_manage) for m in view.instruments] == [
        ("P-ENV", True, True),
        ("P-LINKED", False, False),
    ]
    assert [m.instrument.code for m in my_domain(mine.provider).instruments] == ["P-LINKED"]
    client.force_login(mine.env_coordinator)
    html = client.get("/en/panel/").content.decode()
    linked = next(r for r in rows(html, "my-instruments") if "P-LINKED" in r)
    assert "measured by your indicators" in linked and "/edit/" not in linked


def test_data_provider_gets_the_indicators_assigned_to_them(mine):
    view = my_domain(mine.provider)
    assert [(i.indicator.code, i.state, i.may_enter) for i in view.indicators] == [
        ("PM10_AVG", "stale", True)
    ]
    assert view.n_indicators == 1
    assert [g.goal.code for g in view.goals] == ["1.1"]
    assert [li.indicator_code for li in view.goals[0].mine] == ["PM10_AVG"]
    assert view.instruments == ()


# -- the page ------------------------------------------------------------------------------
def test_coordinators_home_shows_only_their_domain_first(client, mine):
    client.force_login(mine.env_coordinator)
    html = client.get("/panel/").content.decode()
    goals = rows(html, "my-goals")
    assert len(goals) == 1
    assert "1.1 Mniej pyłów" in goals[0]
    assert (
        f'<td class="num">1{NBSP}300{NBSP}000,00</td><td class="num">310{NBSP}000,65</td>'
        f'<td class="num">989{NBSP}999,35</td>'
    ) in goals[0]
    assert "Więcej tramwajów" not in html
    indicators = rows(html, "my-indicators")
    assert [re.search(r'class="code">([^<]+)<', r).group(1) for r in indicators] == [
        "PM10_AVG",
        "X001",
    ]
    assert "2025" in indicators[0] and "30.05.2026" in indicators[1]
    assert "TRAM_SAT" not in html  # another domain's draft: not hers, not here
    instruments = rows(html, "my-instruments")
    assert len(instruments) == 1
    assert "P-ENV" in instruments[0] and "14.04.2026" in instruments[0]
    assert "Odbiór końcowy, 30.04.2026" in instruments[0]
    assert 'href="/panel/instruments/P-ENV/edit/"' in instruments[0]
    assert "P-TRAM" not in html
    # Everything else is one click away, not here.
    assert 'href="/panel/all/"' in html
    assert "Aktualność danych" not in html


def test_home_speaks_polish(client, mine):
    """Fails until the Polish catalogue has this page's words (filled at the end)."""
    client.force_login(mine.env_coordinator)
    html = client.get("/panel/").content.decode()
    assert "<h1>Moja dziedzina</h1>" in html
    assert "poprawa" in rows(html, "my-goals")[0]
    assert "nieaktualny: oczekiwany 2025" in rows(html, "my-indicators")[0]
    assert "Wszystko: cała strategia i wszystkie wskaźniki" in html


def test_home_in_english(client, mine):
    client.force_login(mine.env_coordinator)
    html = client.get("/en/panel/").content.decode()
    assert "<h1>My domain</h1>" in html
    goal = rows(html, "my-goals")[0]
    assert "1.1 Less dust" in goal
    assert "improving" in goal and "better: 4 of 4" in goal
    assert (
        '<td class="num">1,300,000.00</td><td class="num">310,000.65</td>'
        '<td class="num">989,999.35</td>'
    ) in goal
    assert "Slipping (assessed below “on track”): " in html
    assert "989,999.35 PLN left of 1,300,000.00 PLN planned" in html
    indicators = rows(html, "my-indicators")
    assert "out of date: 2025 expected" in indicators[0]
    assert "due: 2025 by 30 May 2026" in indicators[1]
    instrument = rows(html, "my-instruments")[0]
    assert "overdue: 2026-Q1, due on 14 Apr 2026 (36 days ago)" in instrument
    assert "Odbiór końcowy, 30 Apr 2026 <strong>(20 days late)</strong>" in instrument
    assert "Of your 4 indicators: 1 up to date, 1 without a publication schedule" in html


def test_data_providers_home_lists_their_indicator_due(client, mine):
    client.force_login(mine.provider)
    html = client.get("/en/panel/").content.decode()
    indicators = rows(html, "my-indicators")
    assert len(indicators) == 1
    assert "PM10_AVG" in indicators[0] and "out of date: 2025 expected" in indicators[0]
    assert 'href="/en/panel/indicators/PM10_AVG/enter/"' in indicators[0]
    assert (
        "No programme or project is in your domains, managed by you or measured by your indicators."
    ) in html
    assert 'href="/en/panel/instruments/new/"' not in html  # a provider creates none


def test_administrator_sees_the_overview_and_may_pick_a_domain(client, mine):
    client.force_login(mine.admin)
    html = client.get("/en/panel/").content.decode()
    assert "Data freshness" in html and 'id="my-goals"' not in html
    assert '<option value="srodowisko">' in html
    picked = client.get("/en/panel/?domain=transport").content.decode()
    assert "<h1>Transport</h1>" in picked
    assert {"1.1 Less dust", "2.1 More trams"} <= set(re.findall(r"\d\.\d [A-Z][a-z ]+", picked))
    assert [r for r in rows(picked, "my-instruments") if "P-TRAM" in r]
    assert client.get("/panel/?domain=nowhere").status_code == 404


def test_the_domain_page_leads_to_the_domain_at_a_glance(client, mine):
    client.force_login(mine.analyst)
    html = client.get("/en/panel/domains/transport/").content.decode()
    assert 'href="/en/panel/?domain=transport"' in html
    picked = client.get("/en/panel/?domain=transport").content.decode()
    assert [r for r in rows(picked, "my-goals") if "2.1 More trams" in r]
    assert not [r for r in rows(picked, "my-instruments") if "/edit/" in r]  # reads only


def test_everything_is_one_click_away(client, mine):
    client.force_login(mine.env_coordinator)
    html = client.get("/en/panel/all/").content.decode()
    assert "The strategy at a glance" in html and "Data freshness" in html
    assert 'href="/en/panel/">My domain, first</a>' in html


@pytest.mark.parametrize("size", [2, 12])
def test_home_reads_in_a_bounded_number_of_queries(
    client, world, size, django_assert_max_num_queries
):
    w = make_my_domain(world)
    for i in range(size):
        extra = Indicator.objects.create(
            code=f"E{i:02d}", name_pl=f"E{i}", domain=w.environment, publication_lag_days=10
        )
        GoalIndicator.objects.create(goal=w.child, indicator=extra, territory=w.city)
        inst = Instrument.objects.create(
            code=f"P{i:02d}", kind="project", name_pl=f"P{i}", domain=w.environment
        )
        Milestone.objects.create(instrument=inst, name_pl="M", due_date=date(2026, 6, 1))
        w.cycle.instruments.add(inst)
    client.force_login(w.env_coordinator)
    cache.clear()
    forget_assessments()
    with django_assert_max_num_queries(HOME_BOUND):
        html = client.get("/panel/").content.decode()
    assert len(rows(html, "my-indicators")) == 2 + size  # the new ones have no value
    assert len(rows(html, "my-instruments")) == 1 + size


HOME_BOUND = 30  # 27 today; the same with 2 and 12 indicators and instruments, cold caches
