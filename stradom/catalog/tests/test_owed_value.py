"""Which value a series owes on a day (catalog.freshness.owed_value): overdue once its
deadline (the period's end plus the publication lag) has passed, due before that when
the deadline is near enough. Plain Python."""

from datetime import date

from stradom.catalog.freshness import owed_value


def owed(frequency, lag, latest, as_of, days_ahead=14):
    result = owed_value(frequency, lag, latest, as_of, days_ahead)
    if result is None:
        return None
    return result.period.code, result.deadline.isoformat(), result.days_overdue, result.overdue


def test_an_annual_series_owes_last_year_from_its_deadline_on():
    # Lag 181: 2025's value is due by 30.06.2026 (2025-12-31 + 181 days).
    assert owed("Y", 181, "2024", date(2026, 6, 15)) is None  # 15 days away: not yet
    assert owed("Y", 181, "2024", date(2026, 6, 16)) == ("2025", "2026-06-30", -14, False)
    assert owed("Y", 181, "2024", date(2026, 6, 30)) == ("2025", "2026-06-30", 0, False)
    assert owed("Y", 181, "2024", date(2026, 7, 1)) == ("2025", "2026-06-30", 1, True)
    assert owed("Y", 181, "2025", date(2026, 7, 1)) is None  # in: nothing owed


def test_an_overdue_value_comes_before_the_next_one_due():
    # Monthly, lag 15, latest 2026-07: 2026-08 overdue since 16.09; 2026-09 due by 15.10.
    assert owed("M", 15, "2026-07", date(2026, 10, 10)) == ("2026-08", "2026-09-15", 25, True)
    assert owed("M", 15, "2026-08", date(2026, 10, 10)) == ("2026-09", "2026-10-15", -5, False)
    assert owed("M", 15, "2026-08", date(2026, 10, 10), days_ahead=4) is None


def test_no_value_at_all_owes_the_expected_period():
    assert owed("Q", 30, None, date(2026, 10, 10)) == ("2026-Q2", "2026-07-30", 72, True)


def test_nothing_is_said_without_a_lag_or_for_an_irregular_series():
    assert owed("Y", None, "2020", date(2026, 10, 10)) is None
    assert owed("I", 30, "2020", date(2026, 10, 10)) is None
