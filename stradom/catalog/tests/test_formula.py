"""The formula evaluator: exact arithmetic, refusal of hostile text, cycles."""

import contextlib
from dataclasses import FrozenInstanceError
from decimal import Context, Decimal, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stradom.catalog.formula import (
    MAX_DEPTH,
    MAX_LENGTH,
    evaluation_order,
    find_cycle,
    parse_formula,
)
from stradom.core.messages import StradomError

D = Decimal


def evaluate(text, **values):
    return parse_formula(text).evaluate({code: D(v) for code, v in values.items()})


def error_of(text, values=None):
    with pytest.raises(StradomError) as caught:
        parse_formula(text).evaluate(values or {})
    return str(caught.value)


# --- exact values -----------------------------------------------------------------


def test_birth_rate_per_thousand_is_exact():
    # 8142 / 800000 = 0.0101775 exactly; * 1000 = 10.1775
    assert evaluate("[BIRTHS] / [POP] * 1000", BIRTHS="8142", POP="800000") == D("10.1775")


def test_mean_of_two_indicators():
    assert evaluate("([A] + [B]) / 2", A="3", B="4") == D("3.5")


def test_max_with_zero_clips_negative_values():
    assert evaluate("max([PM10_X], 0)", PM10_X="-3") == D("0")
    assert evaluate("max([PM10_X], 0)", PM10_X="7.5") == D("7.5")


def test_round_share_to_one_decimal():
    # 1 / 3 = 0.333…3 (28 digits); * 100 = 33.33…; to one place = 33.3
    assert evaluate("round([X] / [Y] * 100, 1)", X="1", Y="3") == D("33.3")


def test_round_is_half_away_from_zero_like_spreadsheets():
    assert evaluate("round(2.25, 1)") == D("2.3")  # half-to-even would give 2.2
    assert evaluate("round(2.5)") == D("3")
    assert evaluate("round(-2.5)") == D("-3")
    assert str(evaluate("round(1234.5, -2)")) == "1200"


def test_division_keeps_28_significant_digits():
    assert evaluate("1 / 3") == D("0.3333333333333333333333333333")
    assert evaluate("2 / 3") == D("0.6666666666666666666666666667")


def test_decimal_not_float():
    assert evaluate("0.1 + 0.2") == D("0.3")  # float gives 0.30000000000000004


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 + 3 * 4", "14"),
        ("(2 + 3) * 4", "20"),
        ("10 - 4 - 3", "3"),
        ("100 / 10 / 5", "2"),
        ("-2 ^ 2", "-4"),
        ("(-2) ^ 2", "4"),
        ("2 ^ 3 ^ 2", "512"),
        ("2 ** 3", "8"),
        ("2 ^ -1", "0.5"),
        ("--3", "3"),
        ("+3", "3"),
        ("1.5e3", "1500"),
        ("2E-2", "0.02"),
        ("abs(-4.5)", "4.5"),
        ("min(3, 1, 2)", "1"),
        ("MAX(3, 1, 2)", "3"),
        ("sqrt(16)", "4"),
        ("log(100, 10)", "2"),
        ("log(1)", "0"),
        ("exp(0)", "1"),
        ("if(0, 1, 2)", "2"),
        ("if(-0.5, 1, 2)", "1"),
    ],
)
def test_operators_and_functions(text, expected):
    assert evaluate(text) == D(expected)


def test_sqrt_and_exp_use_decimal_methods_with_28_digits():
    with localcontext(Context(prec=28)):
        assert evaluate("sqrt(2)") == D(2).sqrt()
        assert evaluate("exp(1)") == D(1).exp()


def test_if_evaluates_only_the_chosen_branch():
    assert evaluate("if([POP], [B] / [POP], 0)", POP="0") == D("0")


def test_negative_zero_is_returned_as_zero():
    assert str(evaluate("0 * -1")) == "0"


def test_references_are_the_codes_as_written():
    formula = parse_formula("[BIRTHS] / [POP] + [pm10.krk-1] - [POP]")
    assert formula.references == frozenset({"BIRTHS", "POP", "pm10.krk-1"})
    assert formula.text == "[BIRTHS] / [POP] + [pm10.krk-1] - [POP]"


def test_any_whitespace_between_tokens():
    assert evaluate("\t[A]\n*\u00a02 ", A="4") == D("8")


def test_formula_is_frozen_and_equal_by_text():
    formula = parse_formula("[A] + 1")
    assert formula == parse_formula("[A] + 1")
    with pytest.raises(FrozenInstanceError):
        formula.text = "[B]"


def test_integer_values_are_accepted_and_floats_refused():
    formula = parse_formula("[A] * 2")
    assert formula.evaluate({"A": 21}) == D("42")
    with pytest.raises(TypeError):
        formula.evaluate({"A": 0.1})


# --- arithmetic errors ----------------------------------------------------------


def test_division_by_zero_names_the_divisor():
    message = error_of("[BIRTHS] / [POP]", {"BIRTHS": D(5), "POP": D(0)})
    assert message == "division by zero in [BIRTHS] / [POP]: [POP] is 0"


def test_division_by_zero_quotes_a_bracketed_divisor():
    message = error_of("[A] * 2 / ([B] - 2)", {"A": D(1), "B": D(2)})
    assert message == "division by zero in [A] * 2 / ([B] - 2): ([B] - 2) is 0"


def test_division_by_literal_zero():
    assert error_of("1/0") == "division by zero in 1/0"


def test_missing_input_is_named():
    assert error_of("[BIRTHS] / [POP]", {"BIRTHS": D(5)}) == "no value for [POP]"


def test_non_finite_input_is_refused():
    assert error_of("[A] + 1", {"A": D("NaN")}) == "the value of [A] is not a number"


@pytest.mark.parametrize(
    ("text", "values", "message"),
    [
        ("log([A])", {"A": D(0)}, "logarithm of a number that is not positive in log([A]): 0"),
        ("log(-2)", {}, "logarithm of a number that is not positive in log(-2): -2"),
        ("log(5, 1)", {}, "logarithm to base 1 in log(5, 1)"),
        ("sqrt([A])", {"A": D(-4)}, "square root of a negative number in sqrt([A]): -4"),
        ("exp(1e7)", {}, "the result of exp(1e7) is too large"),
        ("[A] * [A]", {"A": D("1E+600000")}, "the result of [A] * [A] is too large"),
        ("[A] ^ 2", {"A": D("1E+600000")}, "the result of [A] ^ 2 is too large"),
        (
            "[A] ^ [B]",
            {"A": D(2), "B": D(101)},
            "the exponent 101 in [A] ^ [B] is too large; at most 100 is allowed",
        ),
        ("0 ^ 0", {}, "0 raised to a power that is not positive in 0 ^ 0"),
        ("0 ^ -1", {}, "0 raised to a power that is not positive in 0 ^ -1"),
        ("(-8) ^ (1/3)", {}, "a negative number raised to a fractional power in (-8) ^ (1/3)"),
        (
            "round(1, 0.5)",
            {},
            "round() in round(1, 0.5) needs a whole number of digits from -28 to 28, not 0.5",
        ),
    ],
)
def test_arithmetic_errors_name_the_operation(text, values, message):
    assert error_of(text, values) == message


# --- hostile and malformed text ------------------------------------------------------

HOSTILE = [
    ("__import__('os')", "unknown function __import__ at position 1"),
    ("[A].__class__", "unexpected character '.' at position 4"),
    ("open('x')", "unknown function open at position 1"),
    ("system(1)", "unknown function system at position 1"),
    ("foo + 1", "unknown name foo at position 1"),
    ("lambda: 1", "unknown name lambda at position 1"),
    ("x.y", "unknown name x at position 1"),
    ("[A] .5", "unexpected character '.' at position 5"),
    ("'abc'", "text in quotes at position 1 is not allowed"),
    ("[A] ** 1000", "the exponent at position 8 is too large"),
    ("[A] ^ -1000", "the exponent at position 7 is too large"),
    ("1e101", "the exponent of 1e101 at position 1 is too large"),
    ("", "the formula is empty"),
    ("   \t\n", "the formula is empty"),
    ("([A] + 1", "the ( at position 1 is never closed"),
    ("[A] + 1)", "the ) at position 8 has no matching ("),
    ("max(1, 2", "the ( at position 4 is never closed"),
    ("[A", "the [ at position 1 is never closed"),
    ("A]", "unknown name A at position 1"),
    ("[A b]", "character ' ' at position 3 is not allowed in an indicator code"),
    ("[]", "empty indicator code [] at position 1"),
    ("1,5", "the comma at position 2 is outside a function call"),
    ("(1, 2)", "the comma at position 3 is outside a function call"),
    ("1 2", "expected an operator at position 3, found '2'"),
    ("[A][B]", "expected an operator at position 4, found '[B]'"),
    ("1 +", "the formula ends where a number, [CODE], function or ( was expected"),
    ("* 2", "expected a number, [CODE], function or ( at position 1, found '*'"),
    ("2x", "2x at position 1 is not a number"),
    ("1.2.3", "1.2.3 at position 1 is not a number"),
    ("5.", "5. at position 1 is not a number"),
    ("1 % 2", "unexpected character '%' at position 3"),
    ("1 == 1", "unexpected character '=' at position 3"),
    ("\x00", "unexpected character U+0000 at position 1"),
    ("max", "function max at position 1 must be followed by ("),
    ("max()", "max() at position 1: wrong number of arguments (expected 1+, given 0)"),
    ("if(1, 2)", "if() at position 1: wrong number of arguments (expected 3, given 2)"),
    ("round(1, 2, 3)", "round() at position 1: wrong number of arguments (expected 1–2, given 3)"),
    ("max(1,)", "expected a number, [CODE], function or ( at position 7, found ')'"),
]


@pytest.mark.parametrize(("text", "message"), HOSTILE)
def test_malformed_or_hostile_text_is_refused_with_position(text, message):
    with pytest.raises(StradomError) as caught:
        parse_formula(text)
    assert str(caught.value).startswith(message)


def test_power_tower_is_refused_at_evaluation():
    # 9 ** (9 ** 9): the inner power is fine, its result is far too large an exponent.
    assert error_of("9**9**9") == (
        "the exponent 387420489 in 9**9**9 is too large; at most 100 is allowed"
    )


def test_ten_thousand_nested_brackets_are_refused_for_length():
    text = "(" * 10_000 + "1" + ")" * 10_000
    with pytest.raises(StradomError, match="20001 characters long; at most 2000"):
        parse_formula(text)


def test_nesting_is_limited_to_fifty_levels():
    assert evaluate("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH) == D(1)
    deep = "(" * 999 + "1" + ")" * 999  # within the length limit
    with pytest.raises(StradomError, match="nested too deeply at position 51"):
        parse_formula(deep)
    with pytest.raises(StradomError, match="nested too deeply at position 51"):
        parse_formula("-" * 1999 + "1")


def test_long_flat_sum_within_the_limit_works():
    text = " + ".join(["[A]"] * 333)  # 1997 characters; a flat chain, no deep recursion
    assert len(text) <= MAX_LENGTH
    assert evaluate(text, A="1.5") == D("499.5")
    with pytest.raises(StradomError, match="2001 characters long"):
        parse_formula("1+" * 1000 + "1")


# --- cycles -------------------------------------------------------------------------


def test_self_reference_is_a_cycle():
    assert find_cycle({"A": ["A"]}) == ["A", "A"]


def test_two_indicators_referring_to_each_other():
    assert find_cycle({"A": {"B"}, "B": ["A"]}) == ["A", "B", "A"]


def test_longer_cycle_behind_a_chain_is_found_with_its_path():
    dependencies = {"A": ["B", "POP"], "B": ["C"], "C": ["D"], "D": ["B"], "E": []}
    assert find_cycle(dependencies) == ["B", "C", "D", "B"]


def test_no_cycle_when_codes_only_reach_observed_indicators():
    assert find_cycle({"RATE": ["BIRTHS", "POP"], "IDX": ["RATE", "POP"]}) is None
    assert find_cycle({}) is None


def test_evaluation_order_puts_dependencies_first():
    dependencies = {"IDX": ["RATE", "POP"], "RATE": ["BIRTHS", "POP"], "POP": ["MEN", "WOMEN"]}
    assert evaluation_order(dependencies) == ["POP", "RATE", "IDX"]


def test_evaluation_order_refuses_a_cycle_and_names_it():
    with pytest.raises(StradomError) as caught:
        evaluation_order({"A": ["B"], "B": ["C"], "C": ["A"]})
    assert str(caught.value) == (
        "computed indicators refer to each other in a cycle: [A] → [B] → [C] → [A]"
    )


def test_deep_chain_does_not_hit_the_recursion_limit():
    dependencies = {f"I{n}": [f"I{n + 1}"] for n in range(5000)}
    order = evaluation_order(dependencies)
    assert order[0] == "I4999" and order[-1] == "I0"


# --- properties -------------------------------------------------------------------------

CODES = ["A", "B", "C_1", "pm10.x-2"]
finite = st.decimals(min_value=-(10**6), max_value=10**6, places=4)
literals = st.decimals(min_value=0, max_value=10**6, places=3).map(lambda d: format(d, "f"))
leaves = st.one_of(literals, st.sampled_from([f"[{code}]" for code in CODES]))


def _compound(children):
    operators = st.sampled_from(["+", "-", "*", "/", "^", "**"])
    return st.one_of(
        st.tuples(children, operators, children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"-{c}"),
        st.tuples(st.sampled_from(["min", "max"]), st.lists(children, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(st.sampled_from(["abs", "sqrt", "exp", "log"]), children).map(
            lambda t: f"{t[0]}({t[1]})"
        ),
        st.tuples(children, st.integers(-3, 3)).map(lambda t: f"round({t[0]}, {t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"if({t[0]}, {t[1]}, {t[2]})"),
    )


formulas = st.recursive(leaves, _compound, max_leaves=12)
value_maps = st.fixed_dictionaries({}, optional=dict.fromkeys(CODES, finite))


@given(formulas, value_maps)
def test_well_formed_formulas_parse_and_evaluate_to_a_decimal_or_stradom_error(text, values):
    try:
        formula = parse_formula(text)
    except StradomError as error:
        # The only ways a well-formed text fails: too deep, or a literal exponent over 100.
        assert "nested too deeply" in str(error) or "exponent at position" in str(error)
        return
    assert formula.references <= set(CODES)
    try:
        result = formula.evaluate(values)
    except StradomError:
        return
    assert isinstance(result, Decimal) and result.is_finite()


formula_alphabet = st.sampled_from(list("[]()+-*/^,.0123456789eEAbx_ \t'\"%=") + ["**", "max("])


@given(st.one_of(st.text(max_size=300), st.lists(formula_alphabet, max_size=200).map("".join)))
def test_arbitrary_text_only_ever_raises_stradom_error(text):
    try:
        formula = parse_formula(text)
    except StradomError:
        return
    with contextlib.suppress(StradomError):
        assert isinstance(formula.evaluate(dict.fromkeys(formula.references, D("2.5"))), Decimal)


@given(finite, st.sampled_from(["+", "-", "*", "/"]), finite)
def test_arithmetic_agrees_with_python_decimal(a, op, b):
    if op == "/" and b == 0:
        return
    with localcontext(Context(prec=28)):
        expected = {"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else None}[op]
    assert parse_formula(f"[A] {op} [B]").evaluate({"A": a, "B": b}) == expected
    assert evaluate(f"({format(a, 'f')}) {op} ({format(b, 'f')})") == expected


@given(finite.filter(lambda d: d != 0), st.integers(-5, 5))
def test_integer_powers_agree_with_python_decimal(a, n):
    with localcontext(Context(prec=28)):
        expected = a**n
    assert parse_formula(f"[A] ^ {n}" if n >= 0 else f"[A] ^ ({n})").evaluate({"A": a}) == expected
