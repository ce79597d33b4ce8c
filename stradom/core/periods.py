"""Reporting periods: year, half-year, quarter, month and day.

A period is explicit, never a datetime pretending to be one. Its canonical code
sorts and reads well: ``2024``, ``2024-H1``, ``2024-Q3``, ``2024-07``,
``2024-07-15``. Plain Python, no Django.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    YEAR = "Y"
    HALF = "H"
    QUARTER = "Q"
    MONTH = "M"
    DAY = "D"


_MONTHS_IN = {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}

# ASCII digits only: re's \d also matches full-width and other scripts' digits ('２０２０'),
# which int() would read as a year; the forms, the API and the files refuse them alike.
_PATTERNS = [
    (re.compile(r"^([0-9]{4})$"), PeriodKind.YEAR),
    (re.compile(r"^([0-9]{4})-?H([12])$", re.I), PeriodKind.HALF),
    (re.compile(r"^([0-9]{4})-?Q([1-4])$", re.I), PeriodKind.QUARTER),
    (re.compile(r"^([0-9]{4})-([0-9]{1,2})$"), PeriodKind.MONTH),
    (re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$"), PeriodKind.DAY),
]

MIN_YEAR = 1800
MAX_YEAR = 2200


class PeriodError(ValueError):
    """A text that is not a period, with the reason in words."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. Ordering is by start date, then by length (longest first)."""

    start: date
    end: date
    kind: PeriodKind
    code: str

    @property
    def year(self) -> int:
        return self.start.year

    def __str__(self) -> str:
        return self.code

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def containing(self, kind: PeriodKind) -> Period:
        """The period of ``kind`` that holds this one (a day's year, a month's quarter…)."""
        if kind == PeriodKind.DAY:
            raise PeriodError("a day is the shortest period")
        month = self.start.month
        if kind == PeriodKind.YEAR:
            return year(self.year)
        if kind == PeriodKind.HALF:
            return half(self.year, 1 if month <= 6 else 2)
        if kind == PeriodKind.QUARTER:
            return quarter(self.year, (month - 1) // 3 + 1)
        return month_period(self.year, month)

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        if self.kind == PeriodKind.DAY:
            return day(self.start - timedelta(days=1))
        months = _MONTHS_IN[self.kind]
        first = self.start.year * 12 + self.start.month - 1 - months
        return _from_first_month(self.kind, first // 12, first % 12 + 1)

    @property
    def index(self) -> int:
        """The period's place on the line of periods of its kind: consecutive periods
        differ by 1, so ``b.index - a.index`` counts the periods from ``a`` to ``b``."""
        if self.kind == PeriodKind.DAY:
            return self.start.toordinal()
        return (self.start.year * 12 + self.start.month - 1) // _MONTHS_IN[self.kind]


def _check_year(value: int, text: str) -> None:
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise PeriodError(f"year {value} in {text!r} is outside {MIN_YEAR}–{MAX_YEAR}")


def year(y: int) -> Period:
    _check_year(y, str(y))
    return Period(date(y, 1, 1), date(y, 12, 31), PeriodKind.YEAR, f"{y:04d}")


def half(y: int, h: int) -> Period:
    _check_year(y, str(y))
    start = date(y, 1 if h == 1 else 7, 1)
    end = date(y, 6, 30) if h == 1 else date(y, 12, 31)
    return Period(start, end, PeriodKind.HALF, f"{y:04d}-H{h}")


def quarter(y: int, q: int) -> Period:
    _check_year(y, str(y))
    first_month = 3 * (q - 1) + 1
    last_month = first_month + 2
    end = date(y, last_month, calendar.monthrange(y, last_month)[1])
    return Period(date(y, first_month, 1), end, PeriodKind.QUARTER, f"{y:04d}-Q{q}")


def month_period(y: int, m: int) -> Period:
    _check_year(y, str(y))
    end = date(y, m, calendar.monthrange(y, m)[1])
    return Period(date(y, m, 1), end, PeriodKind.MONTH, f"{y:04d}-{m:02d}")


def day(d: date) -> Period:
    _check_year(d.year, d.isoformat())
    return Period(d, d, PeriodKind.DAY, d.isoformat())


def _from_first_month(kind: PeriodKind, y: int, m: int) -> Period:
    if kind == PeriodKind.YEAR:
        return year(y)
    if kind == PeriodKind.HALF:
        return half(y, 1 if m <= 6 else 2)
    if kind == PeriodKind.QUARTER:
        return quarter(y, (m - 1) // 3 + 1)
    return month_period(y, m)


def parse_period(text: str | int) -> Period:
    """Parse a period: ``2024``, ``2024-H1``, ``2024Q3``, ``2024-7``, ``2024-07-15``."""
    raw = str(text).strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(raw)
        if not match:
            continue
        parts = [int(g) for g in match.groups()]
        y = parts[0]
        _check_year(y, raw)
        if kind == PeriodKind.YEAR:
            return year(y)
        if kind == PeriodKind.HALF:
            return half(y, parts[1])
        if kind == PeriodKind.QUARTER:
            return quarter(y, parts[1])
        if kind == PeriodKind.MONTH:
            if not 1 <= parts[1] <= 12:
                raise PeriodError(f"month {parts[1]} in {raw!r} is not 1–12")
            return month_period(y, parts[1])
        try:
            return day(date(y, parts[1], parts[2]))
        except ValueError:
            raise PeriodError(f"{raw!r} is not a real date") from None
    raise PeriodError(
        f"{raw!r} is not a period; write a year (2024), half-year (2024-H1), "
        "quarter (2024-Q3), month (2024-07) or day (2024-07-15)"
    )


def last_ended(kind: PeriodKind | str, on: date) -> Period:
    """The latest period of ``kind`` that has ended by the end of day ``on`` (``on`` itself
    when it closes a period: the year 2025 has ended by 31.12.2025)."""
    kind = PeriodKind(kind)
    if kind == PeriodKind.DAY:
        return day(on)
    period = day(on).containing(kind)
    return period if period.end == on else period.previous()


def last_due(kind: PeriodKind | str, as_of: date, days: int) -> Period:
    """The latest period of ``kind`` whose deadline, ``days`` days after its end, has passed
    by ``as_of`` (``as_of`` is later than the deadline). Used for a progress update due some
    days after its period and for a value published some days after its period."""
    if days < 0:
        raise ValueError("days after a period's end cannot be negative")
    return last_ended(kind, as_of - timedelta(days=days + 1))
