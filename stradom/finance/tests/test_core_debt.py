"""Art. 242 and art. 243 u.f.p. on WPF rows, with hand-computed cases (no Django)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stradom.core.messages import StradomError
from stradom.finance.core.debt import (
    DEBT_LIMIT_VERSIONS,
    DebtLimitVersion,
    DebtRows,
    Denominator,
    art242,
    art243,
    as_percent,
    debt_limit_version,
)
from stradom.finance.core.wpf import ValueType, Wpf

M = D("1000000.00")


def wpf(table: dict[str, dict[int, int]], types: dict[int, ValueType] | None = None) -> Wpf:
    """Build a forecast from whole millions."""
    return Wpf.from_table(
        {
            code: {year: amount * M for year, amount in values.items()}
            for code, values in table.items()
        },
        types,
    )


# -- art. 242 ----------------------------------------------------------------
def test_art242_allows_surplus_and_free_funds_to_cover_current_spending():
    # 2025: 100 + 3 + 2 - 104 = 1 >= 0; 2026: 100 + 0 + 0 - 104 = -4 < 0
    forecast = wpf({
        "1.1": {2025: 100, 2026: 100},
        "2.1": {2025: 104, 2026: 104},
        "4.1": {2025: 3},
        "4.2": {2025: 2},
    })  # fmt: skip
    ok, broken = art242(forecast)
    assert (ok.margin, ok.breaks_rule, ok.message) == (1 * M, False, None)
    assert ok.additions == {"4.1": 3 * M, "4.2": 2 * M}
    assert (broken.margin, broken.breaks_rule) == (-4 * M, True)
    assert str(broken.message) == (
        "In 2026 current expenditure 104000000.00 exceeds current revenue 100000000.00 plus "
        "surplus and free funds 0.00 by 4000000.00 (art. 242 u.f.p.)."
    )


def test_art242_without_current_revenue_cannot_be_checked():
    (result,) = art242(wpf({"2.1": {2025: 1}}))
    assert result.breaks_rule is None
    assert str(result.message) == "Art. 242 cannot be checked for 2025: row 1.1 has no value."


# -- art. 243, original wording (2014-2019): 3 years, to total revenue --------
def original_wording_case(repayments: int, exclusions: int = 0) -> Wpf:
    """Window 2013-2015 for the 2016 budget.

    2013: (Db 90 + Sm 2 - Wb 80) / D 100 = 12/100 = 0.12
    2014: (99 + 0 - 88) / 110 = 11/110 = 0.10
    2015: (100 + 8 - 96) / 120 = 12/120 = 0.10
    right side = (0.12 + 0.10 + 0.10) / 3 = 0.32 / 3 = 0.10666…
    2016 left side = (R + interest 3 + guarantees 1 - exclusions) / D 125
    """
    return wpf(
        {
            "1": {2013: 100, 2014: 110, 2015: 120, 2016: 125},
            "1.1": {2013: 90, 2014: 99, 2015: 100, 2016: 110},
            "1.2.1": {2013: 2, 2014: 0, 2015: 8, 2016: 0},
            "2.1": {2013: 80, 2014: 88, 2015: 96, 2016: 100},
            "2.1.2": {2016: 1},
            "2.1.3": {2013: 2, 2014: 2, 2015: 2, 2016: 3},
            "5.1": {2016: repayments},
            "5.1.1": {2016: exclusions},
        },
        {2013: ValueType.EXECUTION, 2014: ValueType.EXECUTION, 2015: ValueType.Q3_PLAN,
         2016: ValueType.PLAN},
    )  # fmt: skip


def test_art243_original_wording_within_the_limit():
    (result,) = art243(original_wording_case(repayments=6))
    assert result.version.first_year == 2014
    assert result.window == 3
    # (6 + 3 + 1) / 125 = 10/125 = 0.08
    assert result.left == result.left_before_exclusions == D("0.08")
    assert result.right == (D("0.12") + D("0.10") + D("0.10")) / 3
    assert as_percent(result.right) == D("10.67")
    assert result.breaks_limit is False
    assert [(w.year, w.value_type, w.ratio) for w in result.window_years] == [
        (2013, ValueType.EXECUTION, D("0.12")),
        (2014, ValueType.EXECUTION, D("0.1")),
        (2015, ValueType.Q3_PLAN, D("0.1")),
    ]
    assert result.inputs == {
        "repayments": 6 * M, "debt_service": 3 * M, "guarantees": 1 * M,
        "exclusions": D("0.00"), "denominator": 125 * M,
    }  # fmt: skip


def test_art243_breaks_and_statutory_exclusions_bring_it_back():
    # (12 + 3 + 1) / 125 = 16/125 = 0.128 > 0.10666…
    (broken,) = art243(original_wording_case(repayments=12))
    assert broken.left == D("0.128")
    assert broken.breaks_limit is True
    assert str(broken.message) == (
        "In 2016 debt service is 12.80% of revenue after exclusions, above the limit of "
        "10.67% (the 3-year mean, art. 243 u.f.p.)."
    )
    # 4 of the 12 are excluded (art. 243 ust. 3): (16 - 4) / 125 = 0.096
    (excluded,) = art243(original_wording_case(repayments=12, exclusions=4))
    assert (excluded.left_before_exclusions, excluded.left) == (D("0.128"), D("0.096"))
    assert excluded.breaks_limit is False


# -- 2020-2025: to current revenue --------------------------------------------
def test_art243_2020_uses_current_revenue_on_both_sides():
    """Window 2017-2019 for the 2020 budget, all ratios to current revenue Db.

    2017: (90 + 2 - 80) / 90 = 12/90 = 2/15
    2018: (99 + 0 - 88) / 99 = 11/99 = 1/9
    2019: (100 + 8 - 96) / 100 = 12/100 = 3/25
    mean = (30/225 + 25/225 + 27/225) / 3 = 82/675 = 0.121481…
    left 2020 = (6 + 3 + 1) / Db 105 = 0.095238…
    """
    shifted = {code: {year + 4: amount / M for year, amount in row.values.items()}
               for code, row in original_wording_case(6).rows.items()}  # fmt: skip
    shifted["1.1"][2020] = D(105)
    forecast = wpf({c: {y: int(a) for y, a in v.items()} for c, v in shifted.items()}, {})
    (result,) = art243(forecast, years=[2020])
    assert result.version.denominator is Denominator.CURRENT_REVENUE
    assert result.inputs["denominator"] == 105 * M
    assert result.right == (D(12) / D(90) + D(11) / D(99) + D(12) / D(100)) / 3
    assert as_percent(result.right) == D("12.15")  # 82/675
    assert as_percent(result.left) == D("9.52")  # 10/105
    assert result.breaks_limit is False


def constant_years(first: int, last: int) -> dict[str, dict[int, int]]:
    """Db 100, Sm 5, Wb 95 of which debt service 3, every year."""
    years = range(first, last + 1)
    amounts = {"1": 105, "1.1": 100, "1.2.1": 5, "2.1": 95, "2.1.3": 3, "5.1": 9}
    return {code: dict.fromkeys(years, amount) for code, amount in amounts.items()}


def test_art243_2022_to_2025_needs_the_executives_window_choice():
    forecast = wpf(constant_years(2016, 2023))
    with pytest.raises(StradomError) as caught:
        art243(forecast, years=[2023])
    assert str(caught.value) == (
        "For 2023 the executive chooses an averaging window of 3 or 7 years; say which was chosen."
    )
    # with Wb including debt service: (100 + 5 - 95) / 100 = 0.10 each year
    (seven,) = art243(forecast, years=[2023], window_choice=7)
    assert (seven.window, [w.year for w in seven.window_years]) == (7, list(range(2016, 2023)))
    assert seven.right == D("0.1")
    # left (9 + 3) / 100 = 0.12 > 0.10
    assert (seven.left, seven.breaks_limit) == (D("0.12"), True)
    with pytest.raises(StradomError, match="is 3 or 7 years, not 5"):
        art243(forecast, years=[2023], window_choice=5)


def test_art243_from_2026_seven_years_and_current_spending_without_debt_service():
    # Wb = 95 - 3 = 92: (100 + 5 - 92) / 100 = 0.13 each year 2019-2025; left 0.12 <= 0.13
    (result,) = art243(wpf(constant_years(2019, 2026)), years=[2026])
    assert result.window == 7
    assert result.version.wb_less_debt_service is True
    assert {w.current_expenditure for w in result.window_years} == {92 * M}
    assert (result.left, result.right, result.breaks_limit) == (D("0.12"), D("0.13"), False)


def test_the_version_table_is_configuration():
    # the same 2026 data under a table that keeps the 2020 rules forever breaks the limit
    frozen = (DebtLimitVersion(2020, None, (7,), Denominator.CURRENT_REVENUE, False, "test"),)
    (result,) = art243(wpf(constant_years(2019, 2026)), years=[2026], versions=frozen)
    assert (result.right, result.breaks_limit) == (D("0.1"), True)
    assert [(v.first_year, v.last_year, v.windows) for v in DEBT_LIMIT_VERSIONS] == [
        (2014, 2019, (3,)), (2020, 2021, (3,)), (2022, 2025, (3, 7)), (2026, None, (7,)),
    ]  # fmt: skip
    assert debt_limit_version(2024).windows == (3, 7)
    with pytest.raises(StradomError, match="No version"):
        debt_limit_version(2010)


def test_art243_reports_a_missing_window_year():
    forecast = wpf(constant_years(2024, 2026))  # 2026 needs 2019-2025
    (result,) = art243(forecast, years=[2026])
    assert (result.left, result.right, result.breaks_limit) == (D("0.12"), None, None)
    assert str(result.message) == (
        "The art. 243 relation for 2026 cannot be computed: row 1.1 has no usable value for 2019."
    )


def test_art243_defaults_to_the_plan_and_forecast_years_and_other_row_numbers():
    table = constant_years(2019, 2027)
    types = dict.fromkeys(range(2019, 2025), ValueType.EXECUTION)
    types |= {2025: ValueType.Q3_PLAN, 2026: ValueType.PLAN, 2027: ValueType.FORECAST}
    forecast = wpf(table, types)
    assert [r.year for r in art243(forecast)] == [2026, 2027]
    # a template where repayments sit in row 5.9
    renamed = dict(table)
    renamed["5.9"] = renamed.pop("5.1")
    (result,) = art243(wpf(renamed), DebtRows(repayments="5.9"), years=[2026])
    assert result.left == D("0.12")
