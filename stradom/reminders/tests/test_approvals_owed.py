"""Values awaiting approval in the digest: a coordinator of the domain owes the
decision; the e-mail lists them under their own heading with a link to the page."""

from __future__ import annotations

import pytest
import time_machine

from stradom.approval import services as approval
from stradom.reminders.mail import blocks
from stradom.reminders.queries import APPROVALS, VALUES, digests
from stradom.reminders.tests.conftest import DAY, MORNING


@pytest.fixture
def submitted(owing):
    with time_machine.travel(MORNING):
        approval.submit(owing.pm10, "2024", actor=owing.provider, comment="ready")
    return owing


def test_the_coordinator_owes_the_decision_on_submitted_values(submitted, settings, english):
    settings.STRADOM_SITE_URL = "https://stradom.example"
    by_user = {d.user.username: d for d in digests(DAY)}
    anna = by_user["anna"]
    assert [s.kind for s in anna.sections][-1] == APPROVALS
    (item,) = anna.section(APPROVALS).items
    assert (item.code, item.period, item.submitted_by) == ("PM10_AVG", "2024", "celina")
    assert anna.count == 5  # the four of the other sections, and this one
    block = blocks(anna)[-1]
    assert block.title == "Values awaiting your approval"
    assert [line.link for line in block.lines] == ["https://stradom.example/en/panel/approval/"]
    assert block.lines[0].text.startswith(
        "PM10_AVG Średnioroczne stężenie PM10: the values for 2024, submitted by celina on "
    )
    # the provider submitted them: she owes values, not the decision
    assert APPROVALS not in [s.kind for s in by_user["celina"].sections]
    assert [s.kind for s in by_user["celina"].sections] == [VALUES]


def test_approved_values_are_no_longer_owed(submitted):
    approval.approve(submitted.pm10, "2024", actor=submitted.env_coordinator)
    anna = {d.user.username: d for d in digests(DAY)}["anna"]
    assert anna.section(APPROVALS).items == ()
