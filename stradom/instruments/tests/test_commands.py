"""``stradom instruments overdue`` and ``stradom instruments schedule``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from stradom.instruments import services
from stradom.instruments.models import ProjectNetwork, ReportingCycle
from stradom.instruments.queries import ILLUSTRATIVE


def run(*args, language="en") -> str:
    out = StringIO()
    with translation.override(language):
        call_command("instruments", *args, stdout=out)
    return out.getvalue()


def make(code, **fields):
    fields.setdefault("kind", "project")
    return services.create_instrument(actor=None, code=code, **fields, reason="nowy instrument")


@pytest.fixture
def network(world):
    """P1 10 d → P2 5 d (FS+2); P1 → P3 3 d (SS). Finish 17; critical P1 → P2."""
    p1 = make("P1", name_pl="Przygotowanie", planned_start=date(2026, 3, 2), duration_days=10)
    p2 = make("P2", name_pl="Budowa", duration_days=5, illustrative=True)
    p3 = make("P3", name_pl="Promocja", duration_days=3)
    net = ProjectNetwork.objects.create(code="NET", name_pl="Sieć testowa")
    services.add_dependency(net, p1, p2, actor=None, reason="sieć projektów", lag_days=2)
    services.add_dependency(net, p1, p3, actor=None, reason="sieć projektów", kind="SS")
    return net


def test_schedule_prints_earliest_finish_critical_path_and_the_example_label(network):
    out = run("schedule", "NET")

    lines = out.splitlines()
    assert lines[:4] == [
        "NET Sieć testowa",
        ILLUSTRATIVE,
        "Earliest finish: day 17 (2026-03-02 – 2026-03-18)",
        "Critical path: P1 → P2",
    ]
    assert lines[5:10] == [
        "project           days  ES  EF  LS  LF  float  critical  start       finish",
        "----------------  ----  --  --  --  --  -----  --------  ----------  ----------",
        "P1 Przygotowanie  10    0   10  0   10  0      *         2026-03-02  2026-03-11",
        "P3 Promocja       3     0   3   14  17  14               2026-03-02  2026-03-04",
        "P2 Budowa         5     12  17  12  17  0      *         2026-03-14  2026-03-18",
    ]


def test_schedule_as_json(network):
    data = json.loads(run("schedule", "NET", "--format", "json"))

    assert data["earliest_finish_days"] == 17
    assert data["finishes_on"] == "2026-03-18"
    assert data["critical_paths"] == [["P1", "P2"]]
    assert data["illustrative"] is True
    assert [(p["code"], p["earliest_start"], p["total_float"]) for p in data["projects"]] == [
        ("P1", 0, 0),
        ("P3", 0, 14),
        ("P2", 12, 0),
    ]


def test_schedule_of_an_unknown_network_says_so(world):
    with pytest.raises(CommandError, match="No project network with code NOPE"):
        run("schedule", "NOPE")


def test_schedule_names_a_project_without_duration(network, world):
    services.add_to_network(
        network, make("P4", name_pl="Bez dat"), actor=None, reason="sieć projektów"
    )

    with pytest.raises(CommandError, match="Project P4 has no duration"):
        run("schedule", "NET")


@pytest.fixture
def overdue(world):
    cycle = ReportingCycle.objects.create(
        name_pl="Kwartał", name_en="Quarterly", frequency="Q", starts_on=date(2026, 1, 1)
    )
    late = make(
        "P1",
        name_pl="Remont",
        owning_unit="Wydział Inwestycji",
        status="in_progress",
        actual_start=date(2026, 1, 5),
        manager=world.provider,
    )
    example = make("P2", name_pl="Przykład", status="in_progress", illustrative=True)
    cycle.instruments.set([late, example])
    with time_machine.travel(datetime(2026, 7, 3, tzinfo=UTC), tick=False):
        services.record_progress(late, actor=None, period="2026-Q2", percent_complete=35)
    return cycle


def test_overdue_table_groups_by_unit_and_marks_examples(overdue):
    out = run("overdue", "--as-of", "2026-10-20")

    # The date as a person reads it; --format json keeps 2026-10-20.
    assert out.splitlines()[0] == "Overdue progress updates as of 20 Oct 2026"
    assert "\nWydział Inwestycji\n" in out
    assert "  P1 Remont    2026-Q3  2026-10-14  6          celina   2026-Q2 35%\n" in out
    assert "\n(no owning unit)\n" in out
    assert (
        "  P2 Przykład  2026-Q3  2026-10-14  6          –        –            " + ILLUSTRATIVE
        in out
    )


def test_overdue_as_json(overdue):
    data = json.loads(run("overdue", "--as-of", "2026-10-20", "--format", "json"))

    assert data["as_of"] == "2026-10-20"
    assert [(u["unit"], [o["instrument"] for o in u["overdue"]]) for u in data["units"]] == [
        ("Wydział Inwestycji", ["P1"]),
        ("", ["P2"]),
    ]
    first = data["units"][0]["overdue"][0]
    assert (first["period"], first["due"], first["days_overdue"], first["manager"]) == (
        "2026-Q3",
        "2026-10-14",
        6,
        "celina",
    )
    assert first["last_update"]["percent_complete"] == 35
    assert (first["illustrative"], data["units"][1]["overdue"][0]["illustrative"]) == (False, True)


def test_overdue_defaults_to_today(overdue):
    with time_machine.travel(datetime(2026, 10, 10, 12, tzinfo=UTC), tick=False):
        out = run("overdue")

    # Q3 is not due until 14 October: Q2 counts, which P1 reported and P2 did not.
    assert out.splitlines()[0] == "Overdue progress updates as of 10 Oct 2026"
    assert "P1" not in out
    assert "  P2 Przykład  2026-Q2  2026-07-14  88" in out


def test_overdue_says_when_nothing_is_missing(overdue, world):
    overdue.instruments.remove(overdue.instruments.get(code="P2"))

    assert run("overdue", "--as-of", "2026-10-10") == (
        "Overdue progress updates as of 10 Oct 2026\nNone: every update due has been recorded.\n"
    )
    assert run("overdue", "--as-of", "2026-10-10", language="pl").splitlines()[0] == (
        "Zaległe sprawozdania z postępu na dzień 10.10.2026"
    )


def test_overdue_refuses_a_malformed_date(world):
    with pytest.raises(CommandError, match="'2026-13-01' is not a date"):
        run("overdue", "--as-of", "2026-13-01")


def test_help_lists_both_actions():
    from stradom.instruments.management.commands.instruments import Command

    with translation.override("en"):
        text = Command().create_parser("stradom", "instruments").format_help()

    assert "{overdue,schedule}" in text
    assert "overdue progress updates per unit" in " ".join(text.split())
