"""WPF Annex 1 (wieloletnia prognoza finansowa): rows, values per year, sum checks.

Legal sources:

* Ustawa z 27 sierpnia 2009 r. o finansach publicznych (u.f.p.), art. 226 ust. 1
  (what the WPF holds for every year: current and property revenue and
  expenditure, the budget result, revenue items/przychody and outgoing
  items/rozchody, the debt and the art. 243 relation), art. 217 ust. 1 (the
  result is revenue minus expenditure), art. 229 (WPF and budget agree on the
  result and the financing);
* Rozporządzenie Ministra Finansów z 10 stycznia 2013 r. w sprawie wieloletniej
  prognozy finansowej jednostki samorządu terytorialnego (Dz.U. 2013 poz. 86,
  t.j. Dz.U. 2015 poz. 92, amended since): the template (wzór) of Annex 1, whose
  numbered rows ("1", "1.1", "1.1.3.1" …) are the row codes used here.

The row list changed with almost every amendment, so a WPF is an open tree of
row codes (the parent of "1.1.3.1" is "1.1.3") and the checks are data: a tuple
of rules (:data:`MF_2013_RULES`) that a later template replaces without code.
The row labels in :data:`ROW_LABELS_PL` follow docs/polish_finance.md §1.2; the
core rows have been stable since 2013, deeper rows vary by version (verify
against the consolidated regulation before relying on them).

Amounts are Decimal złoty with grosze; the checks are exact to the grosz.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.finance.core.money import ZERO, to_money

ROW_CODE = re.compile(r"[1-9]\d*(?:\.[1-9]\d*)*")


class ValueType(StrEnum):
    """What a year's column holds (the template's column headings)."""

    EXECUTION = "execution"  # wykonanie (years before the budget year less one)
    Q3_PLAN = "q3_plan"  # plan 3 kwartałów / przewidywane wykonanie (year before the budget)
    PLAN = "plan"  # plan (the budget year)
    FORECAST = "forecast"  # prognoza (the following years)


ROW_LABELS_PL: Mapping[str, str] = MappingProxyType(
    {
        "1": "Dochody ogółem",
        "1.1": "Dochody bieżące",
        "1.1.1": "z tytułu udziału we wpływach z podatku dochodowego od osób fizycznych",
        "1.1.2": "z tytułu udziału we wpływach z podatku dochodowego od osób prawnych",
        "1.1.3": "z podatków i opłat",
        "1.1.3.1": "z podatku od nieruchomości",
        "1.1.4": "z subwencji ogólnej",
        "1.1.5": "z tytułu dotacji i środków przeznaczonych na cele bieżące",
        "1.2": "Dochody majątkowe",
        "1.2.1": "ze sprzedaży majątku",
        "1.2.2": "z tytułu dotacji oraz środków przeznaczonych na inwestycje",
        "2": "Wydatki ogółem",
        "2.1": "Wydatki bieżące",
        "2.1.1": "na wynagrodzenia i składki od nich naliczane",
        "2.1.2": "z tytułu poręczeń i gwarancji",
        "2.1.3": "wydatki na obsługę długu",
        "2.2": "Wydatki majątkowe",
        "3": "Wynik budżetu",
        "4": "Przychody budżetu",
        "4.1": "Nadwyżka z lat ubiegłych",
        "4.2": "Wolne środki, o których mowa w art. 217 ust. 2 pkt 6 ustawy",
        "4.3": "Kredyty, pożyczki, emisja papierów wartościowych",
        "4.4": "Inne przychody niezwiązane z zaciągnięciem długu",
        "5": "Rozchody budżetu",
        "5.1": "Spłaty rat kapitałowych kredytów i pożyczek oraz wykup papierów wartościowych",
        "5.1.1": "łączna kwota ustawowych wyłączeń z limitu spłaty zobowiązań",
        "5.2": "Inne rozchody niezwiązane ze spłatą długu",
        "6": "Kwota długu",
        "7.1": "Różnica między dochodami bieżącymi a wydatkami bieżącymi",
    }
)


def parent_code(code: str) -> str | None:
    """The row one level up ("1.1.3" for "1.1.3.1"), or None for a top row."""
    return code.rsplit(".", 1)[0] if "." in code else None


def check_row_code(code: str) -> str:
    if not isinstance(code, str) or not ROW_CODE.fullmatch(code):
        raise StradomError(gettext_noop("%(code)s is not a WPF row number."), code=code)
    return code


@dataclass(frozen=True)
class WpfRow:
    """One row of Annex 1: its number, amounts by year, and (optionally) its label."""

    code: str
    values: Mapping[int, Decimal]
    label_pl: str = ""

    def __post_init__(self) -> None:
        check_row_code(self.code)
        clean = {int(y): to_money(v, f"WPF row {self.code}, {y}") for y, v in self.values.items()}
        object.__setattr__(self, "values", MappingProxyType(dict(sorted(clean.items()))))
        if not self.label_pl:
            object.__setattr__(self, "label_pl", ROW_LABELS_PL.get(self.code, ""))


@dataclass(frozen=True)
class Wpf:
    """A forecast: rows by code, and what each year's column holds."""

    rows: Mapping[str, WpfRow]
    value_types: Mapping[int, ValueType] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls, rows: Iterable[WpfRow], value_types: Mapping[int, ValueType] | None = None
    ) -> Wpf:
        indexed: dict[str, WpfRow] = {}
        for row in rows:
            if row.code in indexed:
                raise StradomError(gettext_noop("Row %(code)s appears twice."), code=row.code)
            indexed[row.code] = row
        return cls(MappingProxyType(indexed), MappingProxyType(dict(value_types or {})))

    @classmethod
    def from_table(
        cls,
        table: Mapping[str, Mapping[int, Decimal]],
        value_types: Mapping[int, ValueType] | None = None,
    ) -> Wpf:
        """Build from ``{"1": {2025: Decimal(...), ...}, "1.1": {...}}``."""
        return cls.from_rows((WpfRow(code, values) for code, values in table.items()), value_types)

    @property
    def years(self) -> list[int]:
        return sorted({year for row in self.rows.values() for year in row.values})

    def value(self, code: str, year: int) -> Decimal | None:
        row = self.rows.get(code)
        return None if row is None else row.values.get(year)

    def value_type(self, year: int) -> ValueType | None:
        return self.value_types.get(year)


def standard_value_types(budget_year: int, last_year: int, first_year: int) -> dict[int, ValueType]:
    """The usual columns: execution up to t-2, Q3 plan for t-1, plan for t, then forecast."""
    types: dict[int, ValueType] = {}
    for year in range(first_year, last_year + 1):
        if year <= budget_year - 2:
            types[year] = ValueType.EXECUTION
        elif year == budget_year - 1:
            types[year] = ValueType.Q3_PLAN
        elif year == budget_year:
            types[year] = ValueType.PLAN
        else:
            types[year] = ValueType.FORECAST
    return types


# -- rules ---------------------------------------------------------------
def _codes(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(check_row_code(code) for code in codes)


@dataclass(frozen=True)
class SumRule:
    """Row ``total`` equals the sum of ``plus`` minus the sum of ``minus``."""

    total: str
    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        check_row_code(self.total)
        object.__setattr__(self, "plus", _codes(self.plus))
        object.__setattr__(self, "minus", _codes(self.minus))

    @property
    def formula(self) -> str:
        return f"{self.total} = {_expression(self.plus, self.minus)}"


@dataclass(frozen=True)
class ZeroRule:
    """The sum of ``plus`` minus the sum of ``minus`` is zero (a balance)."""

    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "plus", _codes(self.plus))
        object.__setattr__(self, "minus", _codes(self.minus))

    @property
    def formula(self) -> str:
        return f"{_expression(self.plus, self.minus)} = 0"


@dataclass(frozen=True)
class PartOfRule:
    """A "w tym" (of which) row never exceeds the row it is part of."""

    part: str
    whole: str
    source: str = ""

    def __post_init__(self) -> None:
        check_row_code(self.part)
        check_row_code(self.whole)

    @property
    def formula(self) -> str:
        return f"{self.part} ≤ {self.whole}"


Rule = SumRule | ZeroRule | PartOfRule


def _expression(plus: tuple[str, ...], minus: tuple[str, ...]) -> str:
    return " + ".join(plus) + "".join(f" − {code}" for code in minus)


_TEMPLATE = "wzór zał. 1, rozporządzenie MF z 10.01.2013 (Dz.U. 2013 poz. 86)"
MF_2013_RULES: tuple[Rule, ...] = (
    SumRule("1", ("1.1", "1.2"), source=f"u.f.p. art. 226 ust. 1 pkt 1-2; {_TEMPLATE}, row 1"),
    SumRule("2", ("2.1", "2.2"), source=f"u.f.p. art. 226 ust. 1 pkt 1-2; {_TEMPLATE}, row 2"),
    SumRule("3", ("1",), ("2",), source="u.f.p. art. 217 ust. 1 (result = revenue − expenditure)"),
    SumRule("4", ("4.1", "4.2", "4.3", "4.4"), source=f"{_TEMPLATE}, row 4 ('z tego')"),
    SumRule("5", ("5.1", "5.2"), source=f"{_TEMPLATE}, row 5 ('z tego')"),
    SumRule("7.1", ("1.1",), ("2.1",), source="u.f.p. art. 242 ust. 1; template row 7.1"),
    ZeroRule(("3", "4"), ("5",), source="u.f.p. art. 217 ust. 2 and art. 229 (financing balance)"),
    *(
        PartOfRule(part, whole, source=f"{_TEMPLATE} ('w tym')")
        for part, whole in (
            ("1.1.1", "1.1"), ("1.1.2", "1.1"), ("1.1.3", "1.1"), ("1.1.3.1", "1.1.3"),
            ("1.1.4", "1.1"), ("1.1.5", "1.1"), ("1.2.1", "1.2"), ("1.2.2", "1.2"),
            ("2.1.1", "2.1"), ("2.1.2", "2.1"), ("2.1.3", "2.1"), ("5.1.1", "5.1"),
        )
    ),
)  # fmt: skip


# -- checking ------------------------------------------------------------
@dataclass(frozen=True)
class WpfProblem:
    """One broken rule in one year, with the numbers and a sentence saying so."""

    row: str | None
    year: int
    expected: Decimal | None
    actual: Decimal | None
    difference: Decimal | None
    rule: str
    message: Message

    def __str__(self) -> str:
        return str(self.message)


def check_wpf(
    rows: Wpf | Iterable[WpfRow] | Mapping[str, Mapping[int, Decimal]],
    rules: Iterable[Rule] = MF_2013_RULES,
) -> list[WpfProblem]:
    """Check every rule in every year; exact to the grosz.

    A sum rule is skipped in a year where its total row has no value (an
    optional row such as 7.1 left out), a balance rule where none of its rows
    has one; a rule with some terms missing is reported, since a half-filled
    rule cannot be checked.  "Of which" rules are checked only where both rows
    have a value.  Heading rows without amounts (7, 8 …) need not be given.
    """
    wpf = _as_wpf(rows)
    rules = tuple(rules)
    problems: list[WpfProblem] = []
    for year in wpf.years:
        for rule in rules:
            problem = _check(rule, wpf, year)
            if problem is not None:
                problems.append(problem)
    return problems


def _as_wpf(rows: Wpf | Iterable[WpfRow] | Mapping[str, Mapping[int, Decimal]]) -> Wpf:
    if isinstance(rows, Wpf):
        return rows
    if isinstance(rows, Mapping):
        return Wpf.from_table(rows)
    return Wpf.from_rows(rows)


def _problem(
    row: str | None, year: int, expected: Decimal, actual: Decimal, rule: Rule, template: str
) -> WpfProblem:
    difference = actual - expected
    params = {
        "row": row, "year": year, "expected": expected, "actual": actual,
        "difference": difference, "formula": rule.formula,
    }  # fmt: skip
    return WpfProblem(
        row, year, expected, actual, difference, rule.formula, Message(template, params)
    )


def _check(rule: Rule, wpf: Wpf, year: int) -> WpfProblem | None:
    if isinstance(rule, PartOfRule):
        part, whole = wpf.value(rule.part, year), wpf.value(rule.whole, year)
        if part is None or whole is None or part <= whole:
            return None
        template = gettext_noop(
            "In %(year)s row %(row)s is %(actual)s, more than the %(expected)s of the row it is "
            "part of (%(formula)s); difference %(difference)s."
        )
        return _problem(rule.part, year, whole, part, rule, template)
    total = (rule.total,) if isinstance(rule, SumRule) else ()
    needed = total + rule.plus + rule.minus
    values = {code: wpf.value(code, year) for code in needed}
    missing = [code for code, value in values.items() if value is None]
    if len(missing) == len(needed) or (isinstance(rule, SumRule) and values[rule.total] is None):
        return None  # the rule's own row is not filled this year: nothing to check
    if missing:
        template = gettext_noop(
            "Row %(row)s has no value for %(year)s, so %(formula)s cannot be checked."
        )
        params = {"row": missing[0], "year": year, "formula": rule.formula}
        return WpfProblem(
            missing[0], year, None, None, None, rule.formula, Message(template, params)
        )
    known = {code: value for code, value in values.items() if value is not None}  # all of them
    plus = sum((known[code] for code in rule.plus), ZERO)
    computed = plus - sum((known[code] for code in rule.minus), ZERO)
    if isinstance(rule, SumRule):
        if known[rule.total] == computed:
            return None
        template = gettext_noop(
            "Row %(row)s in %(year)s is %(actual)s, but %(formula)s gives %(expected)s; "
            "difference %(difference)s."
        )
        return _problem(rule.total, year, computed, known[rule.total], rule, template)
    if computed == ZERO:
        return None
    template = gettext_noop(
        "In %(year)s %(formula)s does not hold: the left side is %(actual)s "
        "(difference %(difference)s)."
    )
    return _problem(None, year, ZERO, computed, rule, template)
