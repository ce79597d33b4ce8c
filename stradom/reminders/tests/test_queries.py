"""What each user owes on a day: the digest's sections, built for everyone at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import User

from stradom.catalog.services import ObservationInput, write_observations
from stradom.instruments import services as instruments
from stradom.reminders.queries import UPDATES, VALUES, digests, recipients
from stradom.reminders.tests.conftest import DAY, MORNING


def owed(digest, kind):
    out = []
    for item in digest.section(kind).items:
        period = item.owed.period.code
        out.append((item.code, period, item.deadline.isoformat(), item.owed.days_overdue))
    return out


@pytest.fixture
def by_user(owing):
    return {d.user.username: d for d in digests(DAY)}


def test_each_user_owes_what_their_roles_make_them_owe(by_user, settings):
    assert settings.STRADOM_REMINDERS_DAYS_AHEAD == 14
    # bartek turned reminders off; daniel (analyst) and admin have no e-mail address.
    assert sorted(by_user) == ["anna", "celina", "ewa"]
    anna = by_user["anna"]
    assert owed(anna, UPDATES) == [
        ("ENV-1", "2026-Q2", "2026-07-14", 88),  # overdue first
        ("ENV-1", "2026-Q3", "2026-10-14", -4),  # due in 4 days
    ]
    assert [i.as_manager for i in anna.section(UPDATES).items] == [False, False]
    # The computed PM10_RATIO and TRAM_SAT (transport; no lag known) owe nothing to her.
    assert owed(anna, VALUES) == [
        ("PM10_AVG", "2025", "2026-04-30", 163),
        ("NO2_M", "2026-09", "2026-10-15", -5),
    ]
    assert anna.counts == {
        "updates_due": 1,
        "updates_overdue": 1,
        "values_due": 1,
        "values_overdue": 1,
    }
    assert (anna.address, anna.language, anna.count) == ("anna@krakow.example", "pl", 4)

    celina = by_user["celina"]
    assert [s.kind for s in celina.sections] == [VALUES]
    assert owed(celina, VALUES) == [("PM10_AVG", "2025", "2026-04-30", 163)]
    assert celina.section(VALUES).items[0].as_provider is True
    assert celina.section(VALUES).items[0].latest == "2024"
    assert celina.language == "en"

    ewa = by_user["ewa"]
    assert [s.kind for s in ewa.sections] == [UPDATES]
    assert owed(ewa, UPDATES) == [
        ("ENV-1", "2026-Q2", "2026-07-14", 88),
        ("ENV-1", "2026-Q3", "2026-10-14", -4),
    ]
    assert all(i.as_manager for i in ewa.section(UPDATES).items)


def test_a_user_who_turned_reminders_off_still_owes_but_is_not_a_recipient(owing):
    assert "bartek" not in {u.username for u in recipients()}
    (bartek,) = digests(DAY, [owing.transport_coordinator])
    # TR-1's 2026-Q2 update was recorded on 3 July: only 2026-Q3 is owed.
    assert owed(bartek, UPDATES) == [("TR-1", "2026-Q3", "2026-10-14", -4)]


def test_only_deadlines_within_the_days_ahead_are_due(owing, settings):
    settings.STRADOM_REMINDERS_DAYS_AHEAD = 4
    anna = {d.user.username: d for d in digests(DAY)}["anna"]
    assert owed(anna, UPDATES) == [
        ("ENV-1", "2026-Q2", "2026-07-14", 88),
        ("ENV-1", "2026-Q3", "2026-10-14", -4),
    ]
    assert owed(anna, VALUES) == [("PM10_AVG", "2025", "2026-04-30", 163)]  # NO2 in 5 days
    settings.STRADOM_REMINDERS_DAYS_AHEAD = 0
    anna = {d.user.username: d for d in digests(DAY)}["anna"]
    assert owed(anna, UPDATES) == [("ENV-1", "2026-Q2", "2026-07-14", 88)]


def test_what_was_recorded_is_no_longer_owed_and_nothing_owed_means_no_digest(owing):
    with time_machine.travel(MORNING, tick=False):  # recorded on the day asked about
        instruments.record_progress(owing.env1, actor=None, period="2026-Q2", percent_complete=50)
        instruments.record_progress(owing.env1, actor=None, period="2026-Q3", percent_complete=60)
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2025", Decimal("25")),
            ObservationInput("NO2_M", "1261011", "2026-09", Decimal("19")),
        ],
        actor=None,
        reason="test data",
        channel="command",
    )
    assert report.ok, report.problems
    assert digests(DAY) == []


def test_an_inactive_user_gets_nothing(owing):
    User.objects.filter(username="ewa").update(is_active=False)
    assert sorted(d.user.username for d in digests(DAY)) == ["anna", "celina"]


def test_the_day_asked_about_counts_not_today(owing):
    # On 1 July 2026 the 2026-Q1 update is overdue (since 14 April), 2026-Q2's due by 14 July.
    anna = {d.user.username: d for d in digests(date(2026, 7, 1))}["anna"]
    assert owed(anna, UPDATES) == [("ENV-1", "2026-Q1", "2026-04-14", 78),
                                   ("ENV-1", "2026-Q2", "2026-07-14", -13)]  # fmt: skip
