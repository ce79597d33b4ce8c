"""Debt rules of Polish local-government budgets: art. 242 and art. 243 u.f.p.

Ustawa z 27 sierpnia 2009 r. o finansach publicznych (u.f.p.):

* **art. 242 ust. 1** – the council may not adopt a budget whose planned current
  expenditure exceeds planned current revenue increased by the surplus from
  previous years and the free funds of art. 217 ust. 2 pkt 6 (ust. 2: the same
  holds for execution at year end).  Checked per year on WPF rows 2.1 ≤ 1.1 +
  4.1 + 4.2 (configurable in :class:`DebtRows`).
* **art. 243** – the individual debt-limit indicator (indywidualny wskaźnik
  zadłużenia).  For year n the planned debt service (R + O) divided by the
  year's revenue may not exceed the arithmetic mean, over the previous N years,
  of (Db + Sm − Wb) / revenue, where R = capital repayments and redemptions,
  O = interest, discount and payments on guarantees, Db = current revenue,
  Sm = revenue from the sale of assets, Wb = current expenditure.  Statutory
  exclusions (art. 243 ust. 3, 3a; WPF rows 5.1.1 and the "podlegające
  wyłączeniu" rows) are taken off the left side.

The law changed; :data:`DEBT_LIMIT_VERSIONS` is the table of versions by year,
each citing its source ([V] = wording seen in a source, [K] = from general
knowledge, to verify against the consolidated text).  Which window applies in
2022-2025 (3 or 7 years) was chosen once by each unit's executive, so it must
be given.  The right side uses whatever values the WPF holds for the window
years (execution for past years, the Q3 plan for the year before the budget,
plan and forecast after), and records their value types.

Not modelled: art. 244 (the share of a union's debt), art. 243a (revenue
bonds), the escape clause of art. 296c for 2024-2029 (the relation may be
broken while debt stays below 100% of revenue less grants [V], u.f.p. t.j.
Dz.U. 2024 poz. 1530), COVID-era corrections to art. 242, and the changes of
the 2024 act on local-government revenue (Dz.U. 2024 poz. 1572), not reviewed.

Ratios are exact Decimals (28 significant digits); they are rounded only for
display (:func:`as_percent`).  The limit is broken when left > right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.finance.core.money import ZERO
from stradom.finance.core.wpf import ValueType, Wpf


class Denominator(StrEnum):
    TOTAL_REVENUE = "total_revenue"  # D – dochody ogółem
    CURRENT_REVENUE = "current_revenue"  # Db – dochody bieżące


@dataclass(frozen=True)
class DebtLimitVersion:
    """How art. 243 is computed for budget years ``first_year``..``last_year``."""

    first_year: int
    last_year: int | None
    windows: tuple[int, ...]  # allowed averaging windows in years; one, or the executive's choice
    denominator: Denominator
    wb_less_debt_service: bool  # Wb = current expenditure minus debt-service expenditure
    source: str

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


DEBT_LIMIT_VERSIONS: tuple[DebtLimitVersion, ...] = (
    DebtLimitVersion(
        2014, 2019, (3,), Denominator.TOTAL_REVENUE, False,
        "u.f.p. art. 243 ust. 1 in its original wording (Dz.U. 2009 nr 157 poz. 1240), "
        "applied from the 2014 budget: mean of the last 3 years, all to total revenue D [K]",
    ),
    DebtLimitVersion(
        2020, 2021, (3,), Denominator.CURRENT_REVENUE, False,
        "art. 9 ust. 1 ustawy z 14.12.2018 o zmianie u.f.p. (Dz.U. 2018 poz. 2500): for "
        "2020-2025 repayments to planned current revenue, right side the mean of the last "
        "3 years of (Db + Sm - Wb) / Db [V]",
    ),
    DebtLimitVersion(
        2022, 2025, (3, 7), Denominator.CURRENT_REVENUE, False,
        "art. 9 ust. 1 of Dz.U. 2018 poz. 2500 as amended by art. 7 ustawy z 14.10.2021 "
        "(Dz.U. 2021 poz. 1927): the last 3 or 7 years, chosen by the executive by "
        "31.12.2021 for the whole of 2022-2025 [V] (RIO Lublin, bip.lublin.rio.gov.pl/?a=2732)",
    ),
    DebtLimitVersion(
        2026, None, (7,), Denominator.CURRENT_REVENUE, True,
        "u.f.p. art. 243 as worded by Dz.U. 2018 poz. 2500, applied from 2026 (its art. 9 "
        "ust. 2) [V]; 7 years and Wb less debt-service expenditure [K] (docs/polish_finance.md "
        "§1.5) - verify against the consolidated text",
    ),
)  # fmt: skip


def debt_limit_version(
    year: int, versions: Iterable[DebtLimitVersion] = DEBT_LIMIT_VERSIONS
) -> DebtLimitVersion:
    for version in versions:
        if version.covers(year):
            return version
    raise StradomError(
        gettext_noop("No version of the art. 243 debt limit is configured for %(year)s."),
        year=year,
    )


@dataclass(frozen=True)
class DebtRows:
    """Which WPF rows feed the rules (template of rozporządzenie MF z 10.01.2013)."""

    total_revenue: str = "1"
    current_revenue: str = "1.1"
    asset_sales: str = "1.2.1"  # Sm – dochody ze sprzedaży majątku
    current_expenditure: str = "2.1"
    debt_service: str = "2.1.3"  # O – odsetki i dyskonto (wydatki na obsługę długu)
    guarantees: str = "2.1.2"  # O – wypłaty z tytułu poręczeń i gwarancji
    repayments: str = "5.1"  # R – spłaty rat kapitałowych i wykup papierów wartościowych
    exclusions: tuple[str, ...] = ("5.1.1", "2.1.2.1", "2.1.3.1", "2.1.3.2")  # [K] row numbers
    art242_additions: tuple[str, ...] = ("4.1", "4.2")  # nadwyżka z lat ubiegłych, wolne środki


DEFAULT_ROWS = DebtRows()


def as_percent(ratio: Decimal | None, places: int = 2) -> Decimal | None:
    """A ratio as a percentage rounded half-up for display (0.106666… -> 10.67)."""
    if ratio is None:
        return None
    return (ratio * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# -- art. 242 ------------------------------------------------------------
@dataclass(frozen=True)
class Art242Year:
    year: int
    current_revenue: Decimal | None
    additions: Mapping[str, Decimal]  # row -> amount (absent rows count as 0.00)
    current_expenditure: Decimal | None
    margin: Decimal | None  # revenue + additions - expenditure; negative = broken
    breaks_rule: bool | None
    message: Message | None


def art242(
    wpf: Wpf, rows: DebtRows = DEFAULT_ROWS, years: Iterable[int] | None = None
) -> list[Art242Year]:
    """Art. 242 ust. 1-2 per year: current expenditure ≤ current revenue + surplus + free funds."""
    results = []
    for year in _years(wpf, years):
        revenue = wpf.value(rows.current_revenue, year)
        expenditure = wpf.value(rows.current_expenditure, year)
        additions = {code: wpf.value(code, year) or ZERO for code in rows.art242_additions}
        if revenue is None or expenditure is None:
            missing = rows.current_revenue if revenue is None else rows.current_expenditure
            message: Message | None = Message(
                gettext_noop("Art. 242 cannot be checked for %(year)s: row %(row)s has no value."),
                {"year": year, "row": missing},
            )
            results.append(Art242Year(year, revenue, additions, expenditure, None, None, message))
            continue
        margin = revenue + sum(additions.values(), ZERO) - expenditure
        message = None
        if margin < 0:
            message = Message(
                gettext_noop(
                    "In %(year)s current expenditure %(expenditure)s exceeds current revenue "
                    "%(revenue)s plus surplus and free funds %(additions)s by %(excess)s "
                    "(art. 242 u.f.p.)."
                ),
                {"year": year, "expenditure": expenditure, "revenue": revenue,
                 "additions": sum(additions.values(), ZERO), "excess": -margin},
            )  # fmt: skip
        results.append(
            Art242Year(year, revenue, additions, expenditure, margin, margin < 0, message)
        )
    return results


# -- art. 243 ------------------------------------------------------------
@dataclass(frozen=True)
class WindowYear:
    """One year of the right-hand mean, with the numbers it came from."""

    year: int
    value_type: ValueType | None
    current_revenue: Decimal
    asset_sales: Decimal
    current_expenditure: Decimal  # Wb as used (less debt service where the version says so)
    denominator: Decimal
    ratio: Decimal


@dataclass(frozen=True)
class Art243Year:
    year: int
    version: DebtLimitVersion
    window: int
    left_before_exclusions: Decimal | None  # WPF row 8.1
    left: Decimal | None  # after statutory exclusions, WPF row 8.2
    right: Decimal | None  # the mean, WPF row 8.3
    breaks_limit: bool | None  # None when it cannot be computed
    inputs: Mapping[str, Decimal | None]
    window_years: tuple[WindowYear, ...]
    message: Message | None = field(default=None)


def art243(
    wpf: Wpf,
    rows: DebtRows = DEFAULT_ROWS,
    *,
    versions: Iterable[DebtLimitVersion] = DEBT_LIMIT_VERSIONS,
    window_choice: int | None = None,
    years: Iterable[int] | None = None,
) -> list[Art243Year]:
    """The art. 243 relation for each year (default: the plan and forecast years)."""
    versions = tuple(versions)
    return [_art243_year(wpf, rows, versions, window_choice, year) for year in _years(wpf, years)]


def _art243_year(
    wpf: Wpf,
    rows: DebtRows,
    versions: tuple[DebtLimitVersion, ...],
    window_choice: int | None,
    year: int,
) -> Art243Year:
    version = debt_limit_version(year, versions)
    window = _window(version, window_choice, year)
    value = wpf.value
    denominator_row = (
        rows.total_revenue
        if version.denominator is Denominator.TOTAL_REVENUE
        else rows.current_revenue
    )
    inputs: dict[str, Decimal | None] = {
        "repayments": value(rows.repayments, year),
        "debt_service": value(rows.debt_service, year),
        "guarantees": value(rows.guarantees, year) or ZERO,
        "exclusions": sum((value(code, year) or ZERO for code in rows.exclusions), ZERO),
        "denominator": value(denominator_row, year),
    }

    def unavailable(
        row: str, missing_year: int, left_before: Decimal | None = None, left: Decimal | None = None
    ) -> Art243Year:
        message = Message(
            gettext_noop(
                "The art. 243 relation for %(year)s cannot be computed: row %(row)s has no "
                "usable value for %(missing_year)s."
            ),
            {"year": year, "row": row, "missing_year": missing_year},
        )
        return Art243Year(year, version, window, left_before, left, None, None, inputs, (), message)

    required = {"repayments": rows.repayments, "debt_service": rows.debt_service}
    for key, row in (*required.items(), ("denominator", denominator_row)):
        if inputs[key] is None or (key == "denominator" and inputs[key] == ZERO):
            return unavailable(row, year)
    known = {key: amount for key, amount in inputs.items() if amount is not None}  # all of them
    service = known["repayments"] + known["debt_service"] + known["guarantees"]
    left_before = service / known["denominator"]
    left = (service - known["exclusions"]) / known["denominator"]

    window_years: list[WindowYear] = []
    for past in range(year - window, year):
        figures = {
            row: value(row, past)
            for row in (
                rows.current_revenue,
                rows.asset_sales,
                rows.current_expenditure,
                denominator_row,
            )
        }
        if version.wb_less_debt_service:
            figures[rows.debt_service] = value(rows.debt_service, past)
        for row, amount in figures.items():
            if amount is None or (row == denominator_row and amount == ZERO):
                return unavailable(row, past, left_before, left)
        filled = {row: amount for row, amount in figures.items() if amount is not None}  # all
        wb = filled[rows.current_expenditure]
        if version.wb_less_debt_service:
            wb -= filled[rows.debt_service]
        numerator = filled[rows.current_revenue] + filled[rows.asset_sales] - wb
        window_years.append(
            WindowYear(
                past, wpf.value_type(past), filled[rows.current_revenue],
                filled[rows.asset_sales], wb, filled[denominator_row],
                numerator / filled[denominator_row],
            )
        )  # fmt: skip
    right = sum((w.ratio for w in window_years), Decimal(0)) / window
    breaks = left > right
    message = None
    if breaks:
        message = Message(
            gettext_noop(
                "In %(year)s debt service is %(left)s%% of revenue after exclusions, above the "
                "limit of %(right)s%% (the %(window)s-year mean, art. 243 u.f.p.)."
            ),
            {"year": year, "left": as_percent(left), "right": as_percent(right), "window": window},
        )
    return Art243Year(
        year,
        version,
        window,
        left_before,
        left,
        right,
        breaks,
        inputs,
        tuple(window_years),
        message,
    )


def _window(version: DebtLimitVersion, choice: int | None, year: int) -> int:
    """The window of the version; ``choice`` matters only where the law offers one."""
    if len(version.windows) == 1:
        return version.windows[0]
    if choice in version.windows:
        return choice
    windows = " or ".join(str(w) for w in version.windows)
    if choice is None:
        raise StradomError(
            gettext_noop(
                "For %(year)s the executive chooses an averaging window of %(windows)s years; "
                "say which was chosen."
            ),
            year=year,
            windows=windows,
        )
    raise StradomError(
        gettext_noop("For %(year)s the averaging window is %(windows)s years, not %(choice)s."),
        year=year,
        windows=windows,
        choice=choice,
    )


def _years(wpf: Wpf, years: Iterable[int] | None) -> list[int]:
    if years is not None:
        return sorted(years)
    planned = [
        year for year in wpf.years if wpf.value_type(year) in (ValueType.PLAN, ValueType.FORECAST)
    ]
    return planned or wpf.years
