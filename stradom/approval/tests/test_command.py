"""``stradom approval …`` does what the services do, from the command line."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stradom.approval.models import ApprovalEvent, PeriodLock, PeriodLockEvent
from stradom.approval.services import status_of
from stradom.approval.tests.conftest import database
from stradom.catalog.services import ObservationInput, write_observations


def run(*args) -> str:
    out = StringIO()
    call_command("approval", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("english")
def test_lock_refuses_writes_and_unlock_allows_them_again(stored):
    assert run("lock", "2025", "--domain", "srodowisko", "--reason", "closed") == (
        "Locked: 2025, domain srodowisko.\n"
    )
    before = database()
    report = write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2025", Decimal("1"))],
        actor=None,
        reason="x",
        channel="command",
        replace=True,
    )
    assert [p.field for p in report.problems] == ["period"]
    assert database() == before
    out = run("status")
    assert "Locked periods: 1\n  2025\tsrodowisko\tclosed\n" in out
    assert run("unlock", "2025", "--domain", "srodowisko", "--reason", "revised") == (
        "Unlocked: 2025, domain srodowisko.\n"
    )
    assert list(PeriodLockEvent.objects.values_list("action", "channel", "user")) == [
        ("locked", "command", None),
        ("unlocked", "command", None),
    ]
    assert not PeriodLock.objects.filter(active=True).exists()


@pytest.mark.usefixtures("english")
def test_submit_approve_and_return_from_the_command_line(stored):
    assert run("submit", "PM10_AVG", "2025", "--comment", "ready") == (
        "PM10_AVG 2025: submitted.\n"
    )
    assert "Awaiting approval: 1\n  PM10_AVG\t2025\t\tready\n" in run("status")
    assert run("return", "PM10_AVG", "2025", "--comment", "check") == ("PM10_AVG 2025: returned.\n")
    run("submit", "PM10_AVG", "2025")
    assert run("approve", "PM10_AVG", "2025") == "PM10_AVG 2025: approved.\n"
    assert status_of(stored.pm10, "2025") == "approved"
    assert ApprovalEvent.objects.count() == 4
    assert run("status", "--indicator", "PM10_AVG").splitlines()[0].startswith("2025\tapproved")


@pytest.mark.usefixtures("english")
def test_errors_are_said_in_one_line(stored):
    with pytest.raises(CommandError, match="only submitted values are approved"):
        run("approve", "PM10_AVG", "2025")
    with pytest.raises(CommandError, match="There is no domain “nope”"):
        run("lock", "2025", "--domain", "nope", "--reason", "r")
    with pytest.raises(CommandError, match="2025 is not locked for all domains"):
        run("unlock", "2025", "--reason", "r")
    with pytest.raises(CommandError):
        run("return", "PM10_AVG", "2025")  # --comment is required
    assert (PeriodLock.objects.count(), ApprovalEvent.objects.count()) == (0, 0)
