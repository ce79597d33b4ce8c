"""Validation rules: range, whole numbers, change from the previous period, robust outliers."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stradom.catalog.rules import (
    IntegerRule,
    MaxChangeRule,
    OutlierRule,
    RangeRule,
    RuleViolation,
    SeriesStats,
    assess_value,
    check_value,
    rule_from_dict,
)
from stradom.core.messages import Message, Number, StradomError

D = Decimal
# sorted: 10 10 11 11 12 12 13 -> median 11; |x - 11|: 0 0 1 1 1 1 2 -> MAD 1
HISTORY = [D(v) for v in ("10", "12", "11", "13", "12", "11", "10")]


def messages(rules, value, previous=None, history=()):
    return [str(v.message) for v in check_value(rules, D(value), previous, history)]


def statuses(rules, value, previous=None, history=()):
    return [o.status for o in assess_value(rules, D(value), previous, history)]


# --- range ----------------------------------------------------------------------------


def test_value_above_maximum_is_rejected_with_a_translatable_message():
    [violation] = check_value([RangeRule(D(0), D(100))], D(120), None, [])
    assert violation == RuleViolation(
        rule="range",
        action="reject",
        message=Message(
            "value %(value)s is above the allowed maximum %(max)s",
            {"value": Number(D(120)), "max": Number(D(100))},
        ),
    )
    assert str(violation.message) == "value 120 is above the allowed maximum 100"


def test_value_below_minimum():
    assert messages([RangeRule(min=D("0.5"))], "-1") == [
        "value -1 is below the allowed minimum 0.5"
    ]


def test_bounds_themselves_are_allowed_and_one_side_may_be_open():
    rule = RangeRule(D(0), D(100))
    assert messages([rule], "0") == messages([rule], "100") == []
    assert messages([RangeRule(max=D(100))], "-1000000") == []


# --- whole numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "12", "-3", "12.0", "12.0000000000", "1E+3"])
def test_whole_numbers_pass_however_they_are_written(value):
    assert statuses([IntegerRule()], value) == ["passed"]


@pytest.mark.parametrize(
    ("value", "shown"), [("12.5", "12.5"), ("0.0000000001", "0.0000000001"), ("-3.25", "-3.25")]
)
def test_a_fraction_is_not_a_whole_number(value, shown):
    (violation,) = check_value([IntegerRule()], D(value))
    assert (violation.rule, violation.action) == ("integer", "reject")
    assert violation.message.template == "value %(value)s is not a whole number"
    assert str(violation.message) == f"value {shown} is not a whole number"


def test_a_whole_number_rule_may_only_flag():
    (violation,) = check_value([IntegerRule(action="flag")], D("2.5"))
    assert violation.action == "flag"


# --- change from the previous period ------------------------------------------------------


def test_absolute_change_above_the_limit():
    # |120 - 100| = 20 > 10
    assert messages([MaxChangeRule(max_abs=D(10))], "120", D(100)) == [
        "value 120 differs by 20 from the previous 100; at most 10 is allowed"
    ]


def test_percent_change_above_the_limit():
    # |17 - 13| / 13 * 100 = 30.769230…% > 25%
    assert messages([MaxChangeRule(max_pct=D(25))], "17", D(13)) == [
        "value 17 differs by 30.7692% from the previous 13; at most 25% is allowed"
    ]


def test_change_exactly_at_the_limit_passes_in_both_directions():
    rule = MaxChangeRule(max_abs=D(25), max_pct=D(25))
    assert messages([rule], "125", D(100)) == messages([rule], "75", D(100)) == []
    # 0.01 more: 25.01 > 25 in units, reported first, and 25.01% > 25%
    assert messages([rule], "74.99", D(100)) == [
        "value 74.99 differs by 25.01 from the previous 100; at most 25 is allowed"
    ]
    assert messages([MaxChangeRule(max_pct=D(25))], "125.01", D(100)) == [
        "value 125.01 differs by 25.01% from the previous 100; at most 25% is allowed"
    ]


def test_change_without_previous_value_is_not_assessable_and_not_flagged():
    rule = MaxChangeRule(max_abs=D(1))
    assert messages([rule], "50") == []
    [outcome] = assess_value([rule], D(50))
    assert outcome.status == "not_assessable"
    assert str(outcome.message) == "no value for the previous period to compare with"


def test_percent_change_from_zero_is_not_assessable_but_absolute_change_is():
    assert statuses([MaxChangeRule(max_pct=D(10))], "5", D(0)) == ["not_assessable"]
    assert messages([MaxChangeRule(max_abs=D(1), max_pct=D(10))], "5", D(0)) == [
        "value 5 differs by 5 from the previous 0; at most 1 is allowed"
    ]


# --- robust outliers ------------------------------------------------------------------------


def test_robust_z_below_the_cut_off_passes():
    # 0.6745 * (16 - 11) / 1 = 3.3725 <= 3.5
    assert messages([OutlierRule()], "16", history=HISTORY) == []


def test_robust_z_above_the_cut_off_is_flagged_both_ways():
    # 0.6745 * (17 - 11) / 1 = 4.047 > 3.5; 0.6745 * (5 - 11) / 1 = -4.047
    assert messages([OutlierRule()], "17", history=HISTORY) == [
        "value 17 is an outlier: its robust z-score 4.047 is beyond ±3.5 "
        "(median 11, MAD 1 of 7 other values)"
    ]
    [violation] = check_value([OutlierRule()], D(5), None, HISTORY)
    assert (violation.rule, violation.action) == ("outlier", "flag")
    assert str(violation.message.params["score"]) == "-4.047"


def test_robust_z_equal_to_the_cut_off_passes():
    assert messages([OutlierRule(z=D("3.3725"))], "16", history=HISTORY) == []


def test_even_count_median_and_mad():
    history = [D(v) for v in ("1", "2", "3", "4", "100", "200")]
    # median (3 + 4) / 2 = 3.5; |x - 3.5|: 2.5 1.5 0.5 0.5 96.5 196.5
    # sorted 0.5 0.5 1.5 2.5 96.5 196.5 -> MAD (1.5 + 2.5) / 2 = 2
    assert SeriesStats.from_values(history) == SeriesStats(6, D("3.5"), D("2"))
    # 0.6745 * (10 - 3.5) / 2 = 2.192125 passes; 0.6745 * (14 - 3.5) / 2 = 3.541125 is flagged
    assert messages([OutlierRule()], "10", history=history) == []
    [violation] = check_value([OutlierRule()], D(14), None, history)
    assert str(violation.message.params["score"]) == "3.5411"


def test_zero_mad_is_not_assessable_and_says_so():
    history = [D(v) for v in ("5", "5", "5", "5", "5", "7")]  # median 5, MAD 0
    assert messages([OutlierRule()], "1000", history=history) == []
    [outcome] = assess_value([OutlierRule()], D(1000), None, history)
    assert outcome.status == "not_assessable"
    assert str(outcome.message) == (
        "the outlier check cannot be assessed: at least half of the other values "
        "equal their median 5, so their spread (MAD) is 0"
    )


def test_too_few_points_is_not_assessable():
    [outcome] = assess_value([OutlierRule(min_points=5)], D(1000), None, HISTORY[:4])
    assert outcome.status == "not_assessable"
    assert str(outcome.message) == "the outlier check needs at least 5 other values; there are 4"


def test_precomputed_stats_give_the_same_answer_as_the_values():
    stats = SeriesStats.from_values(HISTORY)
    assert stats == SeriesStats(7, D("11"), D("1"))
    for value in ("5", "11", "16", "17", "1000"):
        assert check_value([OutlierRule()], D(value), None, stats) == check_value(
            [OutlierRule()], D(value), None, HISTORY
        )
    assert SeriesStats.from_values([]) == SeriesStats(0, None, None)


def test_stats_keyword_is_used_instead_of_summarising_history():
    stats = SeriesStats.from_values(HISTORY)
    # an empty history would make the check not assessable; the stats decide instead
    assert statuses([OutlierRule()], "17", None, []) == ["not_assessable"]
    [violation] = check_value([OutlierRule()], D(17), None, [], stats=stats)
    assert str(violation.message.params["median"]) == "11"
    [outcome] = assess_value([OutlierRule()], D(17), None, [], stats=stats)
    assert outcome.status == "violated"


# --- several rules ----------------------------------------------------------------------------


def test_all_violations_in_the_rules_order_and_outcomes_for_all():
    rules = [RangeRule(D(0), D(100)), MaxChangeRule(max_abs=D(10)), OutlierRule()]
    assert [(v.rule, v.action) for v in check_value(rules, D(120), D(100), HISTORY)] == [
        ("range", "reject"),
        ("max_change", "flag"),
        ("outlier", "flag"),
    ]
    assert statuses(rules, "12", None, HISTORY) == ["passed", "not_assessable", "passed"]
    assert check_value([], D(1)) == []


def test_non_numbers_are_refused():
    with pytest.raises(StradomError, match="the value is not a number"):
        check_value([RangeRule(D(0), D(1))], D("NaN"))
    with pytest.raises(TypeError):
        check_value([RangeRule(D(0), D(1))], 0.5)
    assert messages([RangeRule(D(0), D(1))], 2) == ["value 2 is above the allowed maximum 1"]


# --- stored form ---------------------------------------------------------------------------------


def test_range_rule_from_its_json_form_and_back():
    stored = {"kind": "range", "min": "0", "max": "100", "action": "reject"}
    rule = rule_from_dict(stored)
    assert rule == RangeRule(D(0), D(100), "reject")
    assert rule.to_dict() == stored


@pytest.mark.parametrize(
    "rule",
    [
        RangeRule(max=D("1E+3")),
        IntegerRule(),
        IntegerRule(action="flag"),
        MaxChangeRule(max_abs=D("2.50"), action="reject"),
        MaxChangeRule(max_pct=D(25)),
        OutlierRule(),
        OutlierRule(z=D("3"), min_points=10, action="reject"),
    ],
)
def test_every_rule_survives_the_round_trip(rule):
    assert rule_from_dict(rule.to_dict()) == rule


def test_whole_number_rule_from_its_json_form_and_back():
    stored = {"kind": "integer", "action": "reject"}
    assert rule_from_dict(stored) == IntegerRule()
    assert IntegerRule().to_dict() == stored


def test_json_numbers_are_read_as_written():
    rule = rule_from_dict({"kind": "max_change", "max_pct": 12.1, "action": "flag"})
    assert rule.max_pct == D("12.1")
    assert rule_from_dict({"kind": "outlier", "min_points": "7"}).min_points == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "regex", "pattern": "x"},
            "unknown rule kind 'regex'; use one of: range, integer, max_change, outlier",
        ),
        ({"min": "0"}, "unknown rule kind None"),
        (
            {"kind": "range", "min": "0", "maximum": "1"},
            "unknown keys in the range rule: maximum",
        ),
        ({"kind": "outlier", "max": "1"}, "unknown keys in the outlier rule: max"),
        ({"kind": "integer", "min": "0"}, "unknown keys in the integer rule: min"),
        ({"kind": "integer", "action": "round"}, "action must be reject or flag, not 'round'"),
        ({"kind": "range", "min": "0", "action": "delete"}, "action must be reject or flag"),
        ({"kind": "range"}, "a range rule needs a minimum, a maximum or both"),
        ({"kind": "range", "min": "5", "max": "1"}, "the minimum 5 is above the maximum 1"),
        ({"kind": "range", "min": "zero"}, "min must be a number, not 'zero'"),
        ({"kind": "range", "min": "NaN"}, "min must be a number"),
        ({"kind": "max_change"}, "a change rule needs max_abs, max_pct or both"),
        ({"kind": "max_change", "max_abs": "-1"}, "the allowed change cannot be negative"),
        ({"kind": "outlier", "z": "0"}, "z must be above 0"),
        ({"kind": "outlier", "min_points": 0}, "min_points must be a whole number"),
        ({"kind": "outlier", "min_points": 2.5}, "min_points must be a whole number"),
    ],
)
def test_malformed_rules_are_refused(data, message):
    with pytest.raises(StradomError) as caught:
        rule_from_dict(data)
    assert str(caught.value).startswith(message)


# --- properties ---------------------------------------------------------------------------------

numbers = st.decimals(min_value=-(10**9), max_value=10**9, places=4)
limits = st.none() | st.decimals(min_value=0, max_value=10**6, places=2)


@given(st.data(), numbers, numbers)
def test_a_value_within_the_range_never_violates_it(data, a, b):
    low, high = min(a, b), max(a, b)
    value = data.draw(st.decimals(min_value=low, max_value=high, places=4))
    assert check_value([RangeRule(low, high)], value) == []


@given(numbers, numbers, limits, limits)
def test_change_rule_is_symmetric_under_a_change_of_sign(value, previous, max_abs, max_pct):
    if max_abs is None and max_pct is None:
        max_abs = D(1)
    rule = MaxChangeRule(max_abs, max_pct)
    assert statuses([rule], value, previous) == statuses([rule], -value, -previous)
    swapped = MaxChangeRule(max_abs=max_abs) if max_abs is not None else None
    if swapped is not None:  # an absolute limit does not care which value came first
        assert statuses([swapped], value, previous) == statuses([swapped], previous, D(value))


@given(st.lists(numbers, min_size=5, max_size=30), numbers, numbers)
def test_outlier_check_does_not_depend_on_where_the_series_sits(history, value, shift):
    moved = [h + shift for h in history]
    assert statuses([OutlierRule()], value, None, history) == statuses(
        [OutlierRule()], value + shift, None, moved
    )


@given(st.lists(numbers, min_size=5, max_size=30))
def test_the_median_itself_is_never_an_outlier(history):
    stats = SeriesStats.from_values(history)
    assert check_value([OutlierRule(z=D("0.001"))], stats.median, None, stats) == []
