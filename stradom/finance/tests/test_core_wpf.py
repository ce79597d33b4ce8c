"""WPF Annex 1: rows, value types and the sum rules (no Django)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from stradom.core.messages import StradomError
from stradom.finance.core.wpf import (
    MF_2013_RULES,
    SumRule,
    ValueType,
    Wpf,
    WpfRow,
    ZeroRule,
    check_wpf,
    parent_code,
    standard_value_types,
)

M = D("1000000.00")  # one million złoty


def balanced() -> dict[str, dict[int, D]]:
    """A forecast that obeys every rule in 2025 and 2026 (amounts in millions).

    2025: revenue 100 + 20 = 120, expenditure 90 + 45 = 135, result -15;
    przychody 2 + 3 + 16 + 0 = 21, rozchody 6 + 0 = 6; -15 + 21 - 6 = 0.
    2026: revenue 104 + 6 = 110, expenditure 95 + 10 = 105, result +5;
    przychody 0, rozchody 5 + 0 = 5; 5 + 0 - 5 = 0.
    """
    y25 = {
        "1": 120, "1.1": 100, "1.1.1": 30, "1.2": 20, "1.2.1": 4,
        "2": 135, "2.1": 90, "2.1.3": 3, "2.2": 45,
        "3": -15, "4": 21, "4.1": 2, "4.2": 3, "4.3": 16, "4.4": 0,
        "5": 6, "5.1": 6, "5.2": 0, "7.1": 10,
    }  # fmt: skip
    y26 = {
        "1": 110, "1.1": 104, "1.1.1": 31, "1.2": 6, "1.2.1": 6,
        "2": 105, "2.1": 95, "2.1.3": 2, "2.2": 10,
        "3": 5, "4": 0, "4.1": 0, "4.2": 0, "4.3": 0, "4.4": 0,
        "5": 5, "5.1": 5, "5.2": 0, "7.1": 9,
    }  # fmt: skip
    return {code: {2025: y25[code] * M, 2026: y26[code] * M} for code in y25}


def test_a_balanced_forecast_has_no_problems():
    assert check_wpf(balanced()) == []
    assert check_wpf(Wpf.from_table(balanced())) == []


def test_a_total_one_grosz_off_is_reported_with_the_numbers():
    table = balanced()
    table["1"][2025] += D("0.01")
    problems = check_wpf(table)
    # row 1 no longer equals 1.1 + 1.2, and the result 3 no longer equals 1 - 2
    assert [(p.row, p.year, p.expected, p.actual, p.difference, p.rule) for p in problems] == [
        ("1", 2025, D("120000000.00"), D("120000000.01"), D("0.01"), "1 = 1.1 + 1.2"),
        ("3", 2025, D("-14999999.99"), D("-15000000.00"), D("-0.01"), "3 = 1 − 2"),
    ]
    assert str(problems[0]) == (
        "Row 1 in 2025 is 120000000.01, but 1 = 1.1 + 1.2 gives 120000000.00; difference 0.01."
    )


def test_the_financing_balance_is_checked_each_year():
    table = balanced()
    table["4"][2026] = D("0.50")  # 4 = 4.1+...+4.4 breaks, and 3 + 4 - 5 = 0.50
    table["4.4"][2026] = D("0.50")  # now 4 is consistent; only the balance breaks
    problems = check_wpf(table)
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.row, problem.year, problem.expected, problem.actual) == (
        None, 2026, D("0.00"), D("0.50"),
    )  # fmt: skip
    assert problem.rule == "3 + 4 − 5 = 0"
    assert (
        str(problem)
        == "In 2026 3 + 4 − 5 = 0 does not hold: the left side is 0.50 (difference 0.50)."
    )


def test_expenditure_sum_and_art242_difference_rows():
    table = balanced()
    table["2.2"][2026] = 11 * M
    table["7.1"][2025] = 11 * M
    rules = [(p.row, p.year, p.difference) for p in check_wpf(table)]
    assert rules == [("7.1", 2025, M), ("2", 2026, -M)]


def test_an_of_which_row_larger_than_its_whole():
    table = balanced()
    table["1.1.1"][2025] = D("100000000.01")
    (problem,) = check_wpf(table)
    assert (problem.row, problem.rule, problem.difference) == ("1.1.1", "1.1.1 ≤ 1.1", D("0.01"))


def test_a_missing_term_is_reported_but_a_missing_optional_total_is_not():
    table = balanced()
    del table["1.2"][2025]
    del table["1.2.1"][2025]
    del table["7.1"]
    problems = check_wpf(table)
    assert [str(p) for p in problems] == [
        "Row 1.2 has no value for 2025, so 1 = 1.1 + 1.2 cannot be checked."
    ]


def test_rows_form_a_tree_by_their_numbers_and_headings_may_be_left_out():
    table = balanced()
    table["1.1.3"] = {2025: 20 * M}
    table["1.1.3.1"] = {2025: 21 * M}  # of which property tax, larger than its whole
    (problem,) = check_wpf(table)  # no complaint that heading row 7 (of 7.1) is absent
    assert (problem.row, problem.rule) == ("1.1.3.1", "1.1.3.1 ≤ 1.1.3")
    assert parent_code("1.1.3.1") == "1.1.3"
    assert parent_code("8") is None


def test_the_rule_set_is_configuration():
    # a later template that split property revenue into three rows
    rules = [SumRule("1", ["1.1", "1.2", "1.3"]), ZeroRule(["3", "4"], ["5"])]
    table = {"1": {2030: 10 * M}, "1.1": {2030: 7 * M}, "1.2": {2030: 2 * M}, "1.3": {2030: M}}
    assert check_wpf(table, rules) == []
    assert rules[0].plus == ("1.1", "1.2", "1.3")
    assert [rule.formula for rule in MF_2013_RULES[:7]] == [
        "1 = 1.1 + 1.2", "2 = 2.1 + 2.2", "3 = 1 − 2", "4 = 4.1 + 4.2 + 4.3 + 4.4",
        "5 = 5.1 + 5.2", "7.1 = 1.1 − 2.1", "3 + 4 − 5 = 0",
    ]  # fmt: skip


def test_money_must_be_decimal_grosze():
    with pytest.raises(TypeError):
        WpfRow("1", {2025: 1.5})
    with pytest.raises(StradomError, match="fraction of a grosz"):
        WpfRow("1", {2025: D("1.005")})
    assert WpfRow("1", {2025: 7}).values[2025] == D("7.00")
    with pytest.raises(StradomError, match="is not a WPF row number"):
        WpfRow("1.0", {})
    with pytest.raises(StradomError, match="appears twice"):
        Wpf.from_rows([WpfRow("1", {}), WpfRow("1", {})])


def test_labels_come_from_the_template():
    assert WpfRow("1.1", {}).label_pl == "Dochody bieżące"
    assert WpfRow("9.9", {}, "własny wiersz").label_pl == "własny wiersz"


def test_standard_value_types_for_a_2025_budget():
    assert standard_value_types(2025, last_year=2028, first_year=2022) == {
        2022: ValueType.EXECUTION,
        2023: ValueType.EXECUTION,
        2024: ValueType.Q3_PLAN,
        2025: ValueType.PLAN,
        2026: ValueType.FORECAST,
        2027: ValueType.FORECAST,
        2028: ValueType.FORECAST,
    }
