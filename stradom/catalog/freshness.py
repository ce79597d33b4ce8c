"""Is a series up to date? Which period should be available by a day, and how far behind
the latest value is. Plain Python, no Django.

An indicator is published every period of its frequency (year, half-year, quarter,
month, day), and the value for a period comes out some days after the period ends: its
*publication lag* (``Indicator.publication_lag_days``). Statistics Poland's Local Data
Bank, say, has most annual values for year Y by the end of June of Y+1 (lag 181 days);
the Chief Inspectorate of Environmental Protection assesses a year's air quality by
30 April of the next (lag 120 days).

So, on a day ``as_of``, the *expected* latest period is the latest period whose deadline
(its end plus the lag) has passed: ``as_of`` is later than the deadline, the rule of a
progress update due some days after its period (``stradom.core.periods.last_due``). A
series whose latest value is for an earlier period is *stale*, by the number of periods
between the two. With lag 181, an annual series is expected to hold 2024 until
30.06.2026 and 2025 from 1.07.2026.

Nothing is said (``expected`` and ``stale`` are None) for an irregular indicator, or
when the lag is not known: an office that has not said when its data come out is not
told that they are late.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stradom.core.messages import Message, gettext_noop
from stradom.core.periods import Period, PeriodKind, last_due, last_ended, parse_period

IRREGULAR = "I"
_KINDS = {k.value for k in PeriodKind}


@dataclass(frozen=True)
class Freshness:
    """How current a series is on ``as_of``.

    ``latest``: the latest period with a value (None: no value); ``expected``: the latest
    period that should be out by ``as_of`` (None: cannot be said); ``stale``: the latest
    value is older than expected (True also when there is no value at all; None: cannot
    be said); ``periods_behind``: how many periods of the indicator's frequency the
    series lacks up to the expected one (0 when current; None without a value or an
    expectation).
    """

    frequency: str
    lag_days: int | None
    as_of: date
    latest: Period | None
    expected: Period | None
    stale: bool | None
    periods_behind: int | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: what the API, stored assessment runs and the pages carry."""
        return {
            "latest_period": self.latest.code if self.latest else None,
            "expected_period": self.expected.code if self.expected else None,
            "stale": self.stale,
            "periods_behind": self.periods_behind,
            "as_of": self.as_of.isoformat(),
            "frequency": self.frequency,
            "publication_lag_days": self.lag_days,
        }

    @property
    def message(self) -> Message | None:
        return message(self.as_dict())


def expected_period(frequency: str, lag_days: int | None, as_of: date) -> Period | None:
    """The latest period of ``frequency`` whose value should be published by ``as_of``, or
    None when that cannot be said (irregular, or the lag is not known)."""
    if frequency not in _KINDS or lag_days is None:
        return None
    return last_due(frequency, as_of, lag_days)


def assess_freshness(
    frequency: str,
    lag_days: int | None,
    latest: Period | str | None,
    as_of: date,
) -> Freshness:
    """How current a series of ``frequency`` with publication lag ``lag_days`` is on
    ``as_of``, its latest value being for ``latest`` (a period or its code; None: no
    value). A latest period of another kind than the frequency counts as far as the
    periods of the frequency it covers whole (a month's value does not make its year)."""
    if isinstance(latest, str):
        latest = parse_period(latest)
    expected = expected_period(frequency, lag_days, as_of)
    stale = behind = None
    if expected is not None:
        if latest is None:
            stale = True
        else:
            covered = last_ended(frequency, latest.end)
            behind = max(0, expected.index - covered.index)
            stale = behind > 0
    return Freshness(
        frequency=frequency,
        lag_days=lag_days,
        as_of=as_of,
        latest=latest,
        expected=expected,
        stale=stale,
        periods_behind=behind,
    )


@dataclass(frozen=True)
class OwedValue:
    """The value a series owes on a day: for ``period``, due by ``deadline`` (its end plus
    the publication lag); ``days_overdue`` ≥ 1 once the deadline has passed, ≤ 0 before
    (0 on the deadline, −3 three days before it)."""

    period: Period
    deadline: date
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def owed_value(
    frequency: str,
    lag_days: int | None,
    latest: Period | str | None,
    as_of: date,
    days_ahead: int,
) -> OwedValue | None:
    """What a series of ``frequency`` with publication lag ``lag_days``, its latest value
    being for ``latest``, owes on ``as_of``: the expected period's value when the series
    is stale (overdue); otherwise the last ended period's when the series lacks it and
    its deadline is at most ``days_ahead`` days away (due). None when nothing is owed, or
    when it cannot be said (irregular, or the lag not known)."""
    if isinstance(latest, str):
        latest = parse_period(latest)
    state = assess_freshness(frequency, lag_days, latest, as_of)
    if state.expected is None or lag_days is None:
        return None
    if state.stale:
        period = state.expected
    else:
        period = last_ended(frequency, as_of)
        covered = last_ended(frequency, latest.end) if latest is not None else None
        if covered is not None and covered.index >= period.index:
            return None
    deadline = period.end + timedelta(days=lag_days)
    days = (as_of - deadline).days
    if days <= 0 and -days > days_ahead:
        return None
    return OwedValue(period=period, deadline=deadline, days_overdue=days)


def latest_of(periods: Iterable[Period | str]) -> Period | None:
    """The latest of some periods or their codes (by end, then the longest): the latest
    period with a value of a series, given the periods of its values."""
    parsed = [p if isinstance(p, Period) else parse_period(p) for p in periods]
    return max(parsed, key=lambda p: (p.end, -p.start.toordinal()), default=None)


# What a reader is told; the Django layer translates the template and writes the periods
# as people write them (``stradom.catalog.notes.freshness_text``). Polish
# says "2016 r." after a year, so sentences about years have their own templates.
STALE_YEAR = gettext_noop("latest value from %(latest)s; %(expected)s expected")
STALE = gettext_noop("latest value: %(latest)s; %(expected)s expected")
NONE_YEAR = gettext_noop("no value yet; a value for %(expected)s expected")
NONE = gettext_noop("no value yet; expected: %(expected)s")
CURRENT_YEAR = gettext_noop("up to date: latest value from %(latest)s")
CURRENT = gettext_noop("up to date: latest value %(latest)s")
UNKNOWN_YEAR = gettext_noop("latest value from %(latest)s")
UNKNOWN = gettext_noop("latest value: %(latest)s")


def _is_year(code: str | None) -> bool:
    return code is None or (len(code) == 4 and code.isdigit())


def message(data: Mapping[str, Any] | None, *, current_too: bool = False) -> Message | None:
    """The words for a freshness (:meth:`Freshness.as_dict`): what is late and what was
    expected; with ``current_too``, also that a series is up to date, or only its latest
    period when that cannot be judged. None when there is nothing to say."""
    if not data:
        return None
    latest, expected, stale = (
        data.get("latest_period"),
        data.get("expected_period"),
        data.get("stale"),
    )
    years = _is_year(latest) and _is_year(expected)
    params = {"latest": latest, "expected": expected}
    if stale and latest is None:
        return Message(NONE_YEAR if years else NONE, params)
    if stale:
        return Message(STALE_YEAR if years else STALE, params)
    if not current_too or latest is None:
        return None
    if stale is False:
        return Message(CURRENT_YEAR if years else CURRENT, params)
    return Message(UNKNOWN_YEAR if years else UNKNOWN, params)
