"""The freshness core: which period should be out by a day, and how far behind a series is."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stradom.catalog.freshness import assess_freshness, expected_period, latest_of, message
from stradom.core.periods import PeriodKind, day, last_due, last_ended


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 1, 5), "2024"),
        (date(2026, 6, 30), "2024"),  # 31.12.2025 + 181 days = 30.06.2026: due, not yet late
        (date(2026, 7, 1), "2025"),
        (date(2026, 12, 31), "2025"),
    ],
)
def test_an_annual_series_with_a_half_year_lag_expects_the_year_before_from_july(as_of, expected):
    assert expected_period("Y", 181, as_of).code == expected


def test_the_air_quality_year_is_expected_from_the_first_of_may():
    # GIOŚ's annual assessment is due by 30 April (lag 120 days after 31 December).
    assert expected_period("Y", 120, date(2026, 4, 30)).code == "2024"
    assert expected_period("Y", 120, date(2026, 5, 1)).code == "2025"


@pytest.mark.parametrize(
    ("frequency", "lag", "as_of", "expected"),
    [
        ("H", 90, date(2026, 3, 31), "2025-H1"),
        ("H", 90, date(2026, 4, 1), "2025-H2"),
        ("Q", 45, date(2026, 2, 15), "2025-Q4"),
        ("Q", 45, date(2026, 2, 14), "2025-Q3"),
        ("M", 0, date(2026, 3, 1), "2026-02"),
        ("M", 0, date(2026, 2, 28), "2026-01"),
        ("D", 1, date(2026, 3, 10), "2026-03-08"),
    ],
)
def test_expected_period_of_every_frequency(frequency, lag, as_of, expected):
    assert expected_period(frequency, lag, as_of).code == expected


def test_stale_by_the_number_of_years_missing():
    f = assess_freshness("Y", 181, "2016", date(2026, 11, 20))
    assert (f.latest.code, f.expected.code, f.stale, f.periods_behind) == ("2016", "2025", True, 9)
    assert f.as_dict() == {
        "latest_period": "2016",
        "expected_period": "2025",
        "stale": True,
        "periods_behind": 9,
        "as_of": "2026-11-20",
        "frequency": "Y",
        "publication_lag_days": 181,
    }


def test_current_when_the_expected_period_or_a_later_one_is_there():
    assert assess_freshness("Y", 181, "2025", date(2026, 11, 20)).periods_behind == 0
    early = assess_freshness("Y", 181, "2025", date(2026, 3, 1))  # published before it was due
    assert (early.expected.code, early.stale, early.periods_behind) == ("2024", False, 0)


def test_no_value_at_all_is_stale_with_no_count():
    f = assess_freshness("Q", 60, None, date(2026, 11, 20))
    assert (f.latest, f.expected.code, f.stale, f.periods_behind) == (None, "2026-Q2", True, None)


@pytest.mark.parametrize(("frequency", "lag"), [("I", 30), ("Y", None), ("I", None)])
def test_nothing_is_judged_when_irregular_or_the_lag_is_not_known(frequency, lag):
    f = assess_freshness(frequency, lag, "2012", date(2026, 11, 20))
    assert (f.latest.code, f.expected, f.stale, f.periods_behind) == ("2012", None, None, None)


def test_a_shorter_period_counts_only_for_the_whole_periods_it_closes():
    # An annual indicator's value for the first half of 2025 does not make 2025 current.
    assert assess_freshness("Y", 0, "2025-H1", date(2026, 2, 1)).periods_behind == 1
    assert assess_freshness("Y", 0, "2025-12", date(2026, 2, 1)).periods_behind == 0
    assert assess_freshness("M", 0, "2025", date(2026, 2, 1)).periods_behind == 1


def test_latest_of_takes_the_period_that_ends_last():
    assert latest_of(["2016", "2012", "2015"]).code == "2016"
    assert latest_of(["2024-Q4", "2024", "2024-H2"]).code == "2024"  # same end: the longest
    assert latest_of([]) is None


def test_the_words_say_what_is_late_and_what_was_expected():
    stale = assess_freshness("Y", 181, "2016", date(2026, 11, 20)).as_dict()
    assert str(message(stale)) == "latest value from 2016; 2025 expected"
    quarter = assess_freshness("Q", 60, "2025-Q1", date(2026, 11, 20)).as_dict()
    assert str(message(quarter)) == "latest value: 2025-Q1; 2026-Q2 expected"
    empty = assess_freshness("Y", 181, None, date(2026, 11, 20)).as_dict()
    assert str(message(empty)) == "no value yet; a value for 2025 expected"
    current = assess_freshness("Y", 181, "2025", date(2026, 11, 20)).as_dict()
    assert message(current) is None
    assert str(message(current, current_too=True)) == "up to date: latest value from 2025"
    unknown = assess_freshness("Y", None, "2012", date(2026, 11, 20)).as_dict()
    assert message(unknown) is None
    assert str(message(unknown, current_too=True)) == "latest value from 2012"
    assert message(None) is None


def test_a_negative_lag_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        last_due("Y", date(2026, 1, 1), -1)


# -- properties --------------------------------------------------------------------------

kinds = st.sampled_from([k.value for k in PeriodKind])
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
lags = st.integers(min_value=0, max_value=2000)


@given(kind=kinds, as_of=days, lag=lags)
def test_the_expected_period_is_the_last_whose_deadline_has_passed(kind, as_of, lag):
    expected = expected_period(kind, lag, as_of)
    assert expected.kind == kind
    assert expected.end + timedelta(days=lag) < as_of
    next_day = day(expected.end + timedelta(days=1))
    following = next_day if kind == "D" else next_day.containing(PeriodKind(kind))
    assert following.index == expected.index + 1
    assert following.end + timedelta(days=lag) >= as_of


@given(kind=kinds, as_of=days, lag=lags, back=st.integers(min_value=0, max_value=40))
def test_a_series_back_by_k_periods_is_k_periods_behind(kind, as_of, lag, back):
    expected = expected_period(kind, lag, as_of)
    latest = expected
    for _ in range(back):
        latest = latest.previous()
    f = assess_freshness(kind, lag, latest.code, as_of)
    assert f.periods_behind == back
    assert f.stale is (back > 0)


@given(kind=kinds, first=days, step=st.integers(min_value=0, max_value=800), lag=lags)
def test_the_expected_period_never_moves_back_as_days_pass(kind, first, step, lag):
    assert (
        expected_period(kind, lag, first + timedelta(days=step)).index
        >= expected_period(kind, lag, first).index
    )


@given(kind=kinds, d=days)
def test_last_ended_is_the_period_closing_on_or_before_the_day(kind, d):
    p = last_ended(kind, d)
    assert p.end <= d
    if kind != "D":
        assert day(d).containing(PeriodKind(kind)).end >= d


@given(kind=kinds, d=days)
def test_consecutive_periods_are_one_apart(kind, d):
    p = day(d) if kind == "D" else day(d).containing(PeriodKind(kind))
    assert p.index - p.previous().index == 1
