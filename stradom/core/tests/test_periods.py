from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stradom.core.periods import PeriodError, PeriodKind, parse_period


@pytest.mark.parametrize(
    ("text", "code", "start", "end"),
    [
        ("2024", "2024", date(2024, 1, 1), date(2024, 12, 31)),
        (2024, "2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024-H2", "2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
        ("2024q1", "2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-7", "2024-07", date(2024, 7, 1), date(2024, 7, 31)),
        ("2024-02", "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-02-29", "2024-02-29", date(2024, 2, 29), date(2024, 2, 29)),
    ],
)
def test_parse_period(text, code, start, end):
    period = parse_period(text)
    assert (period.code, period.start, period.end) == (code, start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023-02-29", "not a real date"),
        ("2024-13", "month 13"),
        ("24", "not a period"),
        ("3024", "outside"),
        ("2024-Q5", "not a period"),
        ("", "not a period"),
        ("２０２０", "not a period"),  # full-width digits
        ("٢٠٢٠-Q1", "not a period"),  # Arabic-Indic digits
        ("2020-0٧", "not a period"),
    ],
)
def test_bad_periods_are_refused_with_reason(text, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text)


def test_previous_and_containing():
    assert parse_period("2024-Q1").previous().code == "2023-Q4"
    assert parse_period("2024-01").previous().code == "2023-12"
    assert parse_period("2024-03-01").previous().code == "2024-02-29"
    assert parse_period("2024-H1").previous().code == "2023-H2"
    assert parse_period("2024-08-15").containing(PeriodKind.QUARTER).code == "2024-Q3"
    assert parse_period("2024-08").containing(PeriodKind.YEAR).code == "2024"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_day_lies_in_each_containing_period(d):
    day = parse_period(d.isoformat())
    for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
        outer = day.containing(kind)
        assert outer.contains(day)
        assert parse_period(outer.code) == outer
