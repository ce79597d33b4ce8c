"""Validation rules for new observation values. Plain Python, no Django.

An indicator carries a list of rules, stored as JSON::

    [{"kind": "range", "min": "0", "max": "100", "action": "reject"},
     {"kind": "integer", "action": "reject"},
     {"kind": "max_change", "max_pct": "25", "action": "flag"},
     {"kind": "outlier", "z": "3.5", "min_points": 5, "action": "flag"}]

Each rule either passes, is violated (its ``action`` says whether the value is
rejected or accepted with a flag) or cannot be assessed (no previous value, too
few points, a spread of zero): then it says so and never flags.
:func:`check_value` returns only the violations; :func:`assess_value` returns
one outcome per rule, for showing a person why nothing was flagged.

All limits are strict: a value equal to the maximum, a change equal to the
allowed change, a robust z-score equal to the threshold all pass. Comparisons
are made by cross-multiplying, so no rounded quotient decides a borderline case.

For bulk imports, compute :class:`SeriesStats` once per series and pass it as
``history``; a plain sequence is summarised on each call.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from stradom.core.messages import Message, Number, StradomError, gettext_noop

ACTIONS = ("reject", "flag")
# Consistency constant of the MAD for normally distributed data (Iglewicz and
# Hoaglin, 1993), with which 3.5 is their recommended cut-off.
ROBUST_Z_FACTOR = Decimal("0.6745")
_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


def _number(value: object, name: str) -> Decimal:
    """A finite Decimal from a Decimal, an int, a numeric string or a JSON float."""
    if isinstance(value, float):
        value = str(value)  # a JSON float's repr is what was written; never Decimal(float)
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


def _optional(value: object, name: str) -> Decimal | None:
    return None if value is None else _number(value, name)


def _short(value: Decimal) -> Number:
    """A computed number for a message: at most 4 decimal places, no trailing zeros."""
    if value.as_tuple().exponent < -4 and value.adjusted() < 20:  # type: ignore[operator]
        value = value.quantize(Decimal("0.0001"))
    return Number(value.normalize() if value else Decimal(0))


def _check_action(action: object) -> None:
    if action not in ACTIONS:
        raise StradomError(
            gettext_noop("action must be reject or flag, not %(action)r"), action=action
        )


@dataclass(frozen=True)
class SeriesStats:
    """Median and median absolute deviation (MAD) of a series, computed once."""

    n: int
    median: Decimal | None
    mad: Decimal | None

    @classmethod
    def from_values(cls, values: Sequence[Decimal]) -> SeriesStats:
        if not values:
            return cls(0, None, None)
        with decimal.localcontext(_CONTEXT):
            median = _median(values)
            return cls(len(values), median, _median([abs(v - median) for v in values]))


def _median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class RuleViolation:
    rule: str  # the rule's kind: range, integer, max_change, outlier
    action: str  # reject or flag
    message: Message


@dataclass(frozen=True)
class RuleOutcome:
    rule: str
    action: str
    status: str  # passed, violated or not_assessable
    message: Message | None = None


def _violated(rule: Rule, template: str, **params: object) -> RuleOutcome:
    return RuleOutcome(rule.kind, rule.action, "violated", Message(template, params))


def _not_assessable(rule: Rule, template: str, **params: object) -> RuleOutcome:
    return RuleOutcome(rule.kind, rule.action, "not_assessable", Message(template, params))


@dataclass(frozen=True)
class RangeRule:
    """The value must lie within [min, max]; either bound may be left open."""

    min: Decimal | None = None
    max: Decimal | None = None
    action: str = "reject"
    kind: ClassVar[str] = "range"

    def __post_init__(self) -> None:
        low, high = _optional(self.min, "min"), _optional(self.max, "max")
        if low is None and high is None:
            raise StradomError(gettext_noop("a range rule needs a minimum, a maximum or both"))
        if low is not None and high is not None and low > high:
            raise StradomError(
                gettext_noop("the minimum %(min)s is above the maximum %(max)s"),
                min=Number(low),
                max=Number(high),
            )
        _check_action(self.action)
        object.__setattr__(self, "min", low)
        object.__setattr__(self, "max", high)

    def assess(self, value: Decimal, previous: Decimal | None, stats: _Lazy) -> RuleOutcome | None:
        if self.max is not None and value > self.max:
            return _violated(
                self,
                gettext_noop("value %(value)s is above the allowed maximum %(max)s"),
                value=Number(value),
                max=Number(self.max),
            )
        if self.min is not None and value < self.min:
            return _violated(
                self,
                gettext_noop("value %(value)s is below the allowed minimum %(min)s"),
                value=Number(value),
                min=Number(self.min),
            )
        return None

    def to_dict(self) -> dict[str, object]:
        return _to_dict(self, min=self.min, max=self.max)


@dataclass(frozen=True)
class IntegerRule:
    """The value must be a whole number: a count of persons, days, businesses (``12`` and
    ``12.0`` pass, ``12.5`` does not)."""

    action: str = "reject"
    kind: ClassVar[str] = "integer"

    def __post_init__(self) -> None:
        _check_action(self.action)

    def assess(self, value: Decimal, previous: Decimal | None, stats: _Lazy) -> RuleOutcome | None:
        if value == value.to_integral_value():
            return None
        return _violated(
            self, gettext_noop("value %(value)s is not a whole number"), value=Number(value)
        )

    def to_dict(self) -> dict[str, object]:
        return _to_dict(self)


@dataclass(frozen=True)
class MaxChangeRule:
    """The change from the previous period of the same series must stay within
    ``max_abs`` (in the indicator's unit) and ``max_pct`` (percent of the previous value).

    Both directions count alike. When both limits are broken the absolute one is reported.
    """

    max_abs: Decimal | None = None
    max_pct: Decimal | None = None
    action: str = "flag"
    kind: ClassVar[str] = "max_change"

    def __post_init__(self) -> None:
        max_abs, max_pct = _optional(self.max_abs, "max_abs"), _optional(self.max_pct, "max_pct")
        if max_abs is None and max_pct is None:
            raise StradomError(gettext_noop("a change rule needs max_abs, max_pct or both"))
        if (max_abs is not None and max_abs < 0) or (max_pct is not None and max_pct < 0):
            raise StradomError(gettext_noop("the allowed change cannot be negative"))
        _check_action(self.action)
        object.__setattr__(self, "max_abs", max_abs)
        object.__setattr__(self, "max_pct", max_pct)

    def assess(self, value: Decimal, previous: Decimal | None, stats: _Lazy) -> RuleOutcome | None:
        if previous is None:
            return _not_assessable(
                self, gettext_noop("no value for the previous period to compare with")
            )
        change = abs(value - previous)
        params = {"value": Number(value), "previous": Number(previous)}
        if self.max_abs is not None and change > self.max_abs:
            return _violated(
                self,
                gettext_noop(
                    "value %(value)s differs by %(change)s from the previous %(previous)s; "
                    "at most %(max_abs)s is allowed"
                ),
                change=Number(change),
                max_abs=Number(self.max_abs),
                **params,
            )
        if self.max_pct is None:
            return None
        if previous.is_zero():
            # A percent change from 0 is undefined, not infinite: say so, do not flag.
            return _not_assessable(
                self,
                gettext_noop("the change in percent cannot be assessed: the previous value is 0"),
            )
        if change * 100 > self.max_pct * abs(previous):
            return _violated(
                self,
                gettext_noop(
                    "value %(value)s differs by %(pct)s%% from the previous %(previous)s; "
                    "at most %(max_pct)s%% is allowed"
                ),
                pct=_short(change * 100 / abs(previous)),
                max_pct=Number(self.max_pct),
                **params,
            )
        return None

    def to_dict(self) -> dict[str, object]:
        return _to_dict(self, max_abs=self.max_abs, max_pct=self.max_pct)


@dataclass(frozen=True)
class OutlierRule:
    """Flag a value far from the series: robust z = 0.6745 * (x - median) / MAD over
    the *other* values of the series, beyond ``z`` in either direction."""

    z: Decimal = Decimal("3.5")
    min_points: int = 5
    action: str = "flag"
    kind: ClassVar[str] = "outlier"

    def __post_init__(self) -> None:
        z = _number(self.z, "z")
        if z <= 0:
            raise StradomError(gettext_noop("z must be above 0, not %(z)s"), z=Number(z))
        points = self.min_points
        if isinstance(points, str) and points.strip().isdigit():
            points = int(points)
        if not isinstance(points, int) or isinstance(points, bool) or points < 1:
            raise StradomError(
                gettext_noop("min_points must be a whole number of at least 1, not %(value)r"),
                value=self.min_points,
            )
        _check_action(self.action)
        object.__setattr__(self, "z", z)
        object.__setattr__(self, "min_points", points)

    def assess(self, value: Decimal, previous: Decimal | None, stats: _Lazy) -> RuleOutcome | None:
        series = stats.get()
        if series.n < self.min_points:
            return _not_assessable(
                self,
                gettext_noop(
                    "the outlier check needs at least %(min_points)s other values; there are %(n)s"
                ),
                min_points=self.min_points,
                n=series.n,
            )
        assert series.median is not None and series.mad is not None
        if series.mad.is_zero():
            return _not_assessable(
                self,
                gettext_noop(
                    "the outlier check cannot be assessed: at least half of the other values "
                    "equal their median %(median)s, so their spread (MAD) is 0"
                ),
                median=Number(series.median),
            )
        distance = ROBUST_Z_FACTOR * (value - series.median)
        if abs(distance) <= self.z * series.mad:
            return None
        return _violated(
            self,
            gettext_noop(
                "value %(value)s is an outlier: its robust z-score %(score)s is beyond ±%(z)s "
                "(median %(median)s, MAD %(mad)s of %(n)s other values)"
            ),
            value=Number(value),
            score=_short(distance / series.mad),
            z=Number(self.z),
            median=Number(series.median),
            mad=Number(series.mad),
            n=series.n,
        )

    def to_dict(self) -> dict[str, object]:
        return _to_dict(self, z=self.z, min_points=self.min_points)


Rule = RangeRule | IntegerRule | MaxChangeRule | OutlierRule
_KINDS: dict[str, type[Rule]] = {
    cls.kind: cls for cls in (RangeRule, IntegerRule, MaxChangeRule, OutlierRule)
}
_KEYS = {
    "range": {"min", "max"},
    "integer": set(),
    "max_change": {"max_abs", "max_pct"},
    "outlier": {"z", "min_points"},
}


def _to_dict(rule: Rule, **fields: object) -> dict[str, object]:
    """The JSON form: Decimals as strings so no digit is lost, None fields left out."""
    data: dict[str, object] = {"kind": rule.kind}
    for key, value in fields.items():
        if value is not None:
            data[key] = str(value) if isinstance(value, Decimal) else value
    data["action"] = rule.action
    return data


def rule_from_dict(data: Mapping[str, object]) -> Rule:
    """Read one rule's JSON form; unknown kinds and keys are refused."""
    kind = data.get("kind")
    if kind not in _KINDS:
        raise StradomError(
            gettext_noop("unknown rule kind %(kind)r; use one of: %(kinds)s"),
            kind=kind,
            kinds=", ".join(_KINDS),
        )
    unknown = sorted(set(data) - _KEYS[kind] - {"kind", "action"})
    if unknown:
        raise StradomError(
            gettext_noop("unknown keys in the %(kind)s rule: %(keys)s"),
            kind=kind,
            keys=", ".join(map(str, unknown)),
        )
    # Values as read from JSON: each rule's __post_init__ checks and converts them.
    fields: dict[str, Any] = {key: value for key, value in data.items() if key != "kind"}
    return _KINDS[kind](**fields)


class _Lazy:
    """The series statistics, computed on first use only (most rules never need them)."""

    __slots__ = ("_history", "_stats")

    def __init__(self, history: Sequence[Decimal] | SeriesStats, stats: SeriesStats | None) -> None:
        self._history = history
        if stats is None and isinstance(history, SeriesStats):
            stats = history
        self._stats = stats

    def get(self) -> SeriesStats:
        if self._stats is None:
            self._stats = SeriesStats.from_values(self._history)  # type: ignore[arg-type]
        return self._stats


def _input(number: Decimal | None, name: str) -> Decimal | None:
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, Decimal | int):
        raise TypeError(f"the {name} must be a Decimal, not {number!r}")
    if not Decimal(number).is_finite():
        raise StradomError(gettext_noop("the %(name)s is not a number"), name=name)
    return Decimal(number)


def assess_value(
    rules: Sequence[Rule],
    value: Decimal,
    previous: Decimal | None = None,
    history: Sequence[Decimal] | SeriesStats = (),
    *,
    stats: SeriesStats | None = None,
) -> list[RuleOutcome]:
    """One outcome per rule, in the rules' order: passed, violated or not_assessable.

    ``previous`` is the value of the period just before, ``history`` the series'
    other values (not including ``value``) or their precomputed :class:`SeriesStats`;
    ``stats``, when given, is used instead of summarising ``history``.
    """
    series = _Lazy(history, stats)
    value, previous = _input(value, "value"), _input(previous, "previous")  # type: ignore[assignment]
    with decimal.localcontext(_CONTEXT):
        outcomes = []
        for rule in rules:
            outcome = rule.assess(value, previous, series)
            outcomes.append(outcome or RuleOutcome(rule.kind, rule.action, "passed"))
        return outcomes


def check_value(
    rules: Sequence[Rule],
    value: Decimal,
    previous: Decimal | None = None,
    history: Sequence[Decimal] | SeriesStats = (),
    *,
    stats: SeriesStats | None = None,
) -> list[RuleViolation]:
    """The rules ``value`` violates, in the rules' order; empty when it may be stored as is."""
    series = _Lazy(history, stats)
    value, previous = _input(value, "value"), _input(previous, "previous")  # type: ignore[assignment]
    with decimal.localcontext(_CONTEXT):
        violations = []
        for rule in rules:
            outcome = rule.assess(value, previous, series)
            if outcome is not None and outcome.status == "violated":
                assert outcome.message is not None
                violations.append(RuleViolation(outcome.rule, outcome.action, outcome.message))
        return violations
