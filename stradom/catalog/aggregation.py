"""Aggregation of a finer series to a coarser period: annual mean of daily PM10,
days above 50 µg/m³ in a year, annual sum of monthly values.

Plain Python, no Django. Every target period that holds at least one source
value gets a result, however few values it holds: the result says how many
values it rests on (``n``), how many the period could hold (``expected``) and
whether that is enough (``complete``), and the caller decides what to do with an
incomplete one (store it as an estimate with a note, say). Target periods with
no source value at all get no result.

Numbers are ``Decimal`` with 28 significant digits:

* ``mean`` divides the sum by ``n`` exactly to 28 digits, then quantizes to 6
  decimal places with ROUND_HALF_EVEN (banker's rounding, so long runs of
  rounding do not drift upwards);
* ``sum``, ``min`` and ``max`` keep the inputs' own decimal places; ``median``
  of an even count is the exact midpoint of the middle two;
* ``count``, ``count_above`` and ``count_below`` are whole numbers; "above" and
  "below" are strict, as in the EU air-quality rule that counts days with a
  daily mean *exceeding* 50 µg/m³ (a day of exactly 50 does not count).
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from stradom.core.messages import StradomError, gettext_noop
from stradom.core.periods import Period, PeriodKind, day

FUNCTIONS = ("mean", "sum", "min", "max", "count", "count_above", "count_below", "median")
_THRESHOLD_FUNCTIONS = ("count_above", "count_below")
MEAN_PLACES = 6
_MEAN_QUANTUM = Decimal(1).scaleb(-MEAN_PLACES)
_FINENESS = {
    PeriodKind.YEAR: 0,
    PeriodKind.HALF: 1,
    PeriodKind.QUARTER: 2,
    PeriodKind.MONTH: 3,
    PeriodKind.DAY: 4,
}
_MONTHS_IN = {PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}
_CONTEXT = decimal.Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def _to_decimal(value: object, name: str) -> Decimal:
    """A finite Decimal from a Decimal, an int or a numeric string (as stored in JSON)."""
    if isinstance(value, Decimal | int | str) and not isinstance(value, bool):
        try:
            result = Decimal(value.strip() if isinstance(value, str) else value)
        except decimal.InvalidOperation:
            result = Decimal("NaN")
        if result.is_finite():
            return result
    raise StradomError(
        gettext_noop("%(name)s must be a number, not %(value)r"), name=name, value=value
    )


@dataclass(frozen=True)
class AggregationSpec:
    """How to aggregate: the function, its threshold, the target kind, the coverage needed.

    ``min_coverage`` is a fraction (0.9 = 90 % of the source periods present).
    Numbers may be given as Decimal, int or numeric string; they are kept as Decimal.
    """

    function: str
    threshold: Decimal | None = None
    target_kind: PeriodKind = PeriodKind.YEAR
    min_coverage: Decimal | None = None

    def __post_init__(self) -> None:
        if self.function not in FUNCTIONS:
            raise StradomError(
                gettext_noop("unknown aggregation function %(function)r; use one of: %(choices)s"),
                function=self.function,
                choices=", ".join(FUNCTIONS),
            )
        if self.function in _THRESHOLD_FUNCTIONS:
            if self.threshold is None:
                raise StradomError(
                    gettext_noop("%(function)s needs a threshold"), function=self.function
                )
            object.__setattr__(self, "threshold", _to_decimal(self.threshold, "threshold"))
        elif self.threshold is not None:
            raise StradomError(
                gettext_noop(
                    "a threshold is used only by count_above and count_below, not by %(function)s"
                ),
                function=self.function,
            )
        try:
            kind = PeriodKind(self.target_kind)
        except ValueError:
            kind = None
        if kind is None or kind == PeriodKind.DAY:
            raise StradomError(
                gettext_noop(
                    "values can be aggregated to years (Y), half-years (H), quarters (Q) or "
                    "months (M), not to %(kind)r"
                ),
                kind=self.target_kind,
            )
        object.__setattr__(self, "target_kind", kind)
        if self.min_coverage is not None:
            coverage = _to_decimal(self.min_coverage, "min_coverage")
            if not 0 <= coverage <= 1:
                raise StradomError(
                    gettext_noop(
                        "min_coverage is a fraction from 0 to 1 (0.9 means 90%%), not %(value)s"
                    ),
                    value=coverage,
                )
            object.__setattr__(self, "min_coverage", coverage)

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> AggregationSpec:
        """Read the JSON form, e.g. ``{"function": "count_above", "threshold": "50"}``."""
        unknown = sorted(set(data) - {"function", "threshold", "target_kind", "min_coverage"})
        if unknown:
            raise StradomError(
                gettext_noop("unknown keys in the aggregation: %(keys)s"), keys=", ".join(unknown)
            )
        if "function" not in data:
            raise StradomError(gettext_noop("the aggregation needs a function"))
        # JSON gives 0.9 as a float; its repr is the shortest text that reads back as
        # the same float, i.e. what was written, so go through str, never Decimal(float).
        fields = {key: str(v) if isinstance(v, float) else v for key, v in data.items()}
        return cls(**fields)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, str]:
        """The JSON form: numbers as strings so no digit is lost; defaults left out."""
        data = {"function": self.function}
        if self.threshold is not None:
            data["threshold"] = str(self.threshold)
        if self.target_kind != PeriodKind.YEAR:
            data["target_kind"] = self.target_kind.value
        if self.min_coverage is not None:
            data["min_coverage"] = str(self.min_coverage)
        return data


@dataclass(frozen=True)
class AggregateResult:
    """One target period's value and how well the source covers it.

    ``coverage`` is ``n / expected`` to 6 decimal places (half-even); ``complete``
    compares ``n`` with ``min_coverage * expected`` exactly, without that rounding.
    """

    period: Period
    value: Decimal
    n: int
    expected: int
    coverage: Decimal
    complete: bool


def _months(period: Period) -> int:
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def _expected(target: Period, source_kind: PeriodKind) -> int:
    """How many source periods the target holds: its days, or its months / 6, 3 or 1."""
    if source_kind == PeriodKind.DAY:
        return target.days  # 366 in a leap year
    return _months(target) // _MONTHS_IN[source_kind]


def _value(spec: AggregationSpec, values: list[Decimal]) -> Decimal:
    n = len(values)
    if spec.function == "mean":
        return (sum(values, Decimal(0)) / n).quantize(_MEAN_QUANTUM, rounding=ROUND_HALF_EVEN)
    if spec.function == "sum":
        return sum(values, Decimal(0))
    if spec.function == "min":
        return min(values)
    if spec.function == "max":
        return max(values)
    if spec.function == "count":
        return Decimal(n)
    if spec.function in ("count_above", "count_below"):
        threshold = spec.threshold
        assert threshold is not None  # AggregationSpec refuses these without one
        if spec.function == "count_above":
            return Decimal(sum(1 for value in values if value > threshold))
        return Decimal(sum(1 for value in values if value < threshold))
    ordered = sorted(values)  # median
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def aggregate(
    spec: AggregationSpec, points: Iterable[tuple[Period, Decimal]]
) -> list[AggregateResult]:
    """Aggregate source observations to ``spec.target_kind``, one result per target period.

    All points must be of one period kind, shorter than the target kind, and no
    period may appear twice; anything else is refused with :class:`StradomError`.
    Results are in period order.
    """
    groups: dict[Period, list[Decimal]] = {}
    seen: set[Period] = set()
    # containing() depends only on year and month here, and building Periods is the
    # costly part when a year of daily values comes in: cache it.
    targets: dict[tuple[int, int], Period] = {}
    source_kind: PeriodKind | None = None
    for period, raw in points:
        if source_kind is None:
            source_kind = period.kind
            if _FINENESS[source_kind] <= _FINENESS[spec.target_kind]:
                raise StradomError(
                    gettext_noop(
                        "cannot aggregate periods like %(period)s into periods like "
                        "%(target)s: the source periods must be shorter"
                    ),
                    period=period.code,
                    target=day(period.start).containing(spec.target_kind).code,
                )
            first = period
        elif period.kind != source_kind:
            raise StradomError(
                gettext_noop(
                    "the values mix periods of different kinds, e.g. %(first)s and %(other)s"
                ),
                first=first.code,
                other=period.code,
            )
        if period in seen:
            raise StradomError(
                gettext_noop("two values for the same period %(period)s"), period=period.code
            )
        seen.add(period)
        if isinstance(raw, bool) or not isinstance(raw, Decimal | int):
            raise TypeError(f"the value for {period.code} must be a Decimal, not {raw!r}")
        value = Decimal(raw)
        if not value.is_finite():
            raise StradomError(
                gettext_noop("the value for %(period)s is not a number"), period=period.code
            )
        key = (period.start.year, period.start.month)
        if key not in targets:
            targets[key] = period.containing(spec.target_kind)
        groups.setdefault(targets[key], []).append(value)
    if source_kind is None:
        return []
    results = []
    with decimal.localcontext(_CONTEXT):
        for target in sorted(groups):
            values = groups[target]
            n, expected = len(values), _expected(target, source_kind)
            try:
                value = _value(spec, values)
            except decimal.DecimalException:
                raise StradomError(
                    gettext_noop("the %(function)s for %(period)s is too large to compute"),
                    function=spec.function,
                    period=target.code,
                ) from None
            coverage = (Decimal(n) / expected).quantize(_MEAN_QUANTUM, rounding=ROUND_HALF_EVEN)
            complete = spec.min_coverage is None or n >= spec.min_coverage * expected
            results.append(AggregateResult(target, value, n, expected, coverage, complete))
    return results
