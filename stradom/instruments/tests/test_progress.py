"""Progress updates by owners: history, validation, permission, and the overdue list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import ProgressUpdate, ReportingCycle
from stradom.instruments.queries import (
    closed_period,
    latest_updates,
    overdue_updates,
    progress_history,
)


def at(y, m, d, hour=12):
    return time_machine.travel(datetime(y, m, d, hour, tzinfo=UTC), tick=False)


def make(code, **fields):
    fields.setdefault("name_pl", f"Projekt {code}")
    fields.setdefault("kind", "project")
    return services.create_instrument(actor=None, code=code, **fields, reason="nowy instrument")


@pytest.fixture
def cycle(world):
    return ReportingCycle.objects.create(
        name_pl="Kwartalna sprawozdawczość", frequency="Q", starts_on=date(2026, 1, 1)
    )


# -- recording --------------------------------------------------------------------------------
def test_a_second_update_for_a_period_is_kept_beside_the_first_and_counts(world, cycle):
    project = make("P1", manager=world.provider)
    with at(2026, 10, 2):
        services.record_progress(
            project, actor=world.provider, period="2026q3", percent_complete=40, cycle=cycle
        )
    with at(2026, 10, 9):
        services.record_progress(
            project,
            actor=world.provider,
            period="2026-Q3",
            percent_complete=45,
            narrative="poprawka",
            risks="opóźnienie przetargu",
            next_steps="podpisanie umowy",
        )

    history = progress_history(project)
    assert [(u.period, u.percent_complete, u.author) for u in history] == [
        ("2026-Q3", 40, world.provider),
        ("2026-Q3", 45, world.provider),
    ]
    assert latest_updates([project])[project.pk].percent_complete == 45


def test_the_latest_period_counts_even_when_an_earlier_one_is_filed_later(world):
    project = make("P1")
    with at(2026, 10, 2):
        services.record_progress(project, actor=None, period="2026-Q3", percent_complete=50)
        services.record_progress(project, actor=None, period="2026-Q2", percent_complete=30)

    assert latest_updates([project])[project.pk].period == "2026-Q3"


@pytest.mark.parametrize(
    ("period", "percent", "message"),
    [
        ("2026-Q5", 10, "is not a period"),
        ("2026-07-01", 10, "month, quarter, half-year or year"),
        ("2026-08", 10, "asks for periods like 2026-Q3, not 2026-08"),
        ("2026-Q4", 10, "2026-Q4 has not started yet"),
        ("2026-Q3", 101, "from 0 to 100, not 101"),
        ("2026-Q3", -1, "from 0 to 100, not -1"),
        ("2026-Q3", 12.5, "whole number from 0 to 100"),
    ],
)
def test_bad_update_is_refused_and_nothing_is_written(world, cycle, period, percent, message):
    project = make("P1", manager=world.provider)

    with at(2026, 9, 15), pytest.raises(StradomError, match=message):
        services.record_progress(
            project, actor=world.provider, period=period, percent_complete=percent, cycle=cycle
        )

    assert ProgressUpdate.objects.count() == 0


def test_only_the_manager_or_an_administrator_reports_progress(world):
    project = make("P1", manager=world.provider)

    with at(2026, 10, 2):
        for outsider in (world.analyst, world.env_coordinator, world.transport_coordinator):
            with pytest.raises(services.Refused, match="Only the manager of P1"):
                services.record_progress(
                    project, actor=outsider, period="2026-Q3", percent_complete=10
                )
        assert ProgressUpdate.objects.count() == 0
        services.record_progress(project, actor=world.admin, period="2026-Q3", percent_complete=10)

    assert list(ProgressUpdate.objects.values_list("author__username", flat=True)) == ["admin"]


# -- the period that counts -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 10, 14), "2026-Q2"),  # Q3's deadline is the 14th: not passed yet
        (date(2026, 10, 15), "2026-Q3"),
        (date(2026, 12, 31), "2026-Q3"),
        (date(2027, 1, 15), "2026-Q4"),
        (date(2026, 4, 14), "2025-Q4"),  # before the cycle starts: nothing
    ],
)
def test_the_period_asked_for_is_the_latest_past_its_deadline(cycle, as_of, expected):
    period = closed_period(cycle, as_of)

    assert (period.code if period else "2025-Q4") == expected
    if as_of == date(2026, 4, 14):
        assert period is None


# -- overdue ----------------------------------------------------------------------------------
@pytest.fixture
def reporting(world, cycle):
    """Six instruments in one quarterly cycle (14 days' grace), in two units and none."""
    unit_a, unit_b = "Wydział Rozwoju Miasta", "Wydział Organizacji i Nadzoru"
    p = {
        "LATE": make("LATE", owning_unit=unit_a, status="in_progress",
                     actual_start=date(2026, 2, 1), manager=world.provider),
        "DONE": make("DONE", owning_unit=unit_a, status="in_progress",
                     planned_start=date(2026, 1, 1)),
        "STOP": make("STOP", owning_unit=unit_b, status="cancelled",
                     planned_start=date(2026, 1, 1)),
        "NEW": make("NEW", owning_unit=unit_b, status="in_progress",
                    actual_start=date(2026, 10, 1)),
        "ENDED": make("ENDED", owning_unit=unit_b, status="completed",
                      actual_start=date(2026, 1, 10), actual_end=date(2026, 8, 15)),
        "NOUNIT": make("NOUNIT", status="in_progress"),
        "OUTSIDE": make("OUTSIDE", owning_unit=unit_a, status="in_progress",
                        actual_start=date(2026, 1, 1)),
    }  # fmt: skip
    cycle.instruments.set([v for k, v in p.items() if k != "OUTSIDE"])
    with at(2026, 7, 3):
        for code in ("LATE", "DONE", "ENDED", "NOUNIT"):
            services.record_progress(p[code], actor=None, period="2026-Q2", percent_complete=20)
    with at(2026, 10, 20):
        services.record_progress(p["DONE"], actor=None, period="2026-Q3", percent_complete=60)
    return p


def listing(units):
    return [
        (u.unit, [(i.instrument.code, i.period.code, i.days_overdue) for i in u.items])
        for u in units
    ]


def test_overdue_lists_per_unit_who_missed_the_last_closed_period(reporting):
    with at(2026, 11, 26):
        units = overdue_updates()

    assert listing(units) == [
        ("Wydział Organizacji i Nadzoru", [("ENDED", "2026-Q3", 43)]),
        ("Wydział Rozwoju Miasta", [("LATE", "2026-Q3", 43)]),
        ("", [("NOUNIT", "2026-Q3", 43)]),
    ]
    late = units[1].items[0]
    assert (late.due, late.last_update.period, late.last_update.percent_complete) == (
        date(2026, 10, 14),
        "2026-Q2",
        20,
    )


def test_an_update_recorded_after_the_day_asked_about_does_not_count(reporting):
    assert listing(overdue_updates(date(2026, 10, 19)))[1] == (
        "Wydział Rozwoju Miasta",
        [("DONE", "2026-Q3", 5), ("LATE", "2026-Q3", 5)],
    )
    assert listing(overdue_updates(date(2026, 10, 20)))[1] == (
        "Wydział Rozwoju Miasta",
        [("LATE", "2026-Q3", 6)],
    )


def test_nothing_is_overdue_while_the_grace_period_runs(reporting):
    assert overdue_updates(date(2026, 10, 14)) == []


def test_a_late_update_clears_the_debt(reporting, world):
    with at(2026, 11, 26):
        services.record_progress(
            reporting["LATE"], actor=world.provider, period="2026-Q3", percent_complete=55
        )
        units = overdue_updates()

    assert [u.unit for u in units] == ["Wydział Organizacji i Nadzoru", ""]


def test_an_inactive_cycle_asks_for_nothing(reporting, cycle):
    cycle.active = False
    cycle.save()

    assert overdue_updates(date(2026, 11, 26)) == []
