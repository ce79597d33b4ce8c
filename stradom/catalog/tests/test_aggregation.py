"""Aggregation over time, checked by hand and against the Kraków PM10/PM2.5 file."""

import csv
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from stradom.catalog.aggregation import AggregateResult, AggregationSpec, aggregate
from stradom.core.messages import StradomError
from stradom.core.periods import PeriodKind, day, parse_period, year
from stradom.demo import DATA_DIR

D = Decimal
FOUND = DATA_DIR / "found"


def points(*pairs):
    return [(parse_period(code), D(value)) for code, value in pairs]


def days_of(y, values):
    """Consecutive days from 1 January of ``y`` with the given values."""
    start = date(y, 1, 1).toordinal()
    return [(day(date.fromordinal(start + i)), D(v)) for i, v in enumerate(values)]


# --- hand-checked cases -------------------------------------------------------------


def test_mean_of_three_days_is_quantized_to_six_places():
    # (10 + 20 + 25) / 3 = 18.3333…
    [result] = aggregate(AggregationSpec("mean"), days_of(2023, ["10", "20", "25"]))
    assert result == AggregateResult(
        period=year(2023),
        value=D("18.333333"),
        n=3,
        expected=365,
        coverage=D("0.008219"),  # 3 / 365 = 0.0082191…
        complete=True,
    )


def test_mean_rounds_half_to_even():
    spec = AggregationSpec("mean")
    # (0.000001 + 0) / 2 = 0.0000005: half-even gives 0.000000 (half-up would give 0.000001)
    assert aggregate(spec, days_of(2023, ["0.000001", "0"]))[0].value == D("0.000000")
    # (0.000003 + 0) / 2 = 0.0000015 -> 0.000002
    assert aggregate(spec, days_of(2023, ["0.000003", "0"]))[0].value == D("0.000002")


def test_annual_sum_of_monthly_values():
    monthly = points(*[(f"2024-{m:02d}", str(m)) for m in range(1, 13)])
    [result] = aggregate(AggregationSpec("sum"), monthly)
    assert (result.value, result.n, result.expected) == (D("78"), 12, 12)  # 1 + 2 + … + 12
    assert (result.coverage, result.complete) == (D("1.000000"), True)


def test_count_above_and_below_are_strict():
    values = days_of(2016, ["50", "50.1", "49.9", "51", "50"])
    assert aggregate(AggregationSpec("count_above", D(50)), values)[0].value == D(2)
    assert aggregate(AggregationSpec("count_below", D(50)), values)[0].value == D(1)


@pytest.mark.parametrize(
    ("function", "expected"),
    [("min", "1"), ("max", "4"), ("median", "2.5"), ("count", "4"), ("sum", "10.0")],
)
def test_other_functions(function, expected):
    values = points(("2024-Q1", "4"), ("2024-Q2", "1"), ("2024-Q3", "3.0"), ("2024-Q4", "2"))
    assert aggregate(AggregationSpec(function), values)[0].value == D(expected)


def test_median_of_odd_count_is_the_middle_value():
    values = points(("2024-01", "3"), ("2024-02", "1"), ("2024-03", "2"))
    assert aggregate(AggregationSpec("median"), values)[0].value == D("2")


@pytest.mark.parametrize(
    ("source", "target_kind", "target", "expected"),
    [
        ("2024-02-10", PeriodKind.YEAR, "2024", 366),  # leap year
        ("2023-02-10", PeriodKind.YEAR, "2023", 365),
        ("2024-02-10", PeriodKind.MONTH, "2024-02", 29),
        ("2023-02-10", PeriodKind.QUARTER, "2023-Q1", 90),  # 31 + 28 + 31
        ("2023-08-10", PeriodKind.HALF, "2023-H2", 184),
        ("2024-05", PeriodKind.YEAR, "2024", 12),
        ("2024-05", PeriodKind.QUARTER, "2024-Q2", 3),
        ("2024-Q3", PeriodKind.YEAR, "2024", 4),
        ("2024-Q3", PeriodKind.HALF, "2024-H2", 2),
        ("2024-H1", PeriodKind.YEAR, "2024", 2),
    ],
)
def test_expected_count_of_source_periods(source, target_kind, target, expected):
    [result] = aggregate(AggregationSpec("count", target_kind=target_kind), points((source, "1")))
    assert (result.period, result.expected, result.n) == (parse_period(target), expected, 1)


def test_results_per_target_period_in_order():
    values = points(("2024-02", "5"), ("2023-12", "1"), ("2024-01", "3"), ("2023-11", "2"))
    results = aggregate(AggregationSpec("sum"), values)
    assert [(r.period.code, r.value, r.n) for r in results] == [
        ("2023", D("3"), 2),
        ("2024", D("8"), 2),
    ]


def test_min_coverage_is_compared_exactly_and_incomplete_results_are_kept():
    spec = AggregationSpec("mean", min_coverage=D("0.9"))  # 0.9 * 366 = 329.4 days
    incomplete, complete = aggregate(  # in period order: 2012 first
        spec, days_of(2024, ["1"] * 330) + days_of(2012, ["1"] * 329)
    )
    assert (incomplete.period.code, incomplete.n, incomplete.complete) == ("2012", 329, False)
    assert incomplete.coverage == D("0.898907")  # 329 / 366 = 0.8989071…
    assert (complete.period.code, complete.n, complete.complete) == ("2024", 330, True)
    assert complete.coverage == D("0.901639")  # 330 / 366 = 0.9016393…


def test_empty_input_gives_no_results():
    assert aggregate(AggregationSpec("mean"), []) == []


# --- refusals ---------------------------------------------------------------------------


def test_mixed_period_kinds_are_refused():
    with pytest.raises(StradomError) as caught:
        aggregate(AggregationSpec("sum"), points(("2024-01-01", "1"), ("2024-02", "2")))
    assert str(caught.value) == (
        "the values mix periods of different kinds, e.g. 2024-01-01 and 2024-02"
    )


@pytest.mark.parametrize(
    ("source", "target_kind", "target"),
    [("2024-05", PeriodKind.MONTH, "2024-05"), ("2024", PeriodKind.YEAR, "2024"),
     ("2024", PeriodKind.QUARTER, "2024-Q1")],
)  # fmt: skip
def test_source_not_finer_than_target_is_refused(source, target_kind, target):
    with pytest.raises(StradomError) as caught:
        aggregate(AggregationSpec("sum", target_kind=target_kind), points((source, "1")))
    assert str(caught.value) == (
        f"cannot aggregate periods like {source} into periods like {target}: "
        "the source periods must be shorter"
    )


def test_two_values_for_one_period_are_refused():
    with pytest.raises(StradomError, match="two values for the same period 2024-03"):
        aggregate(AggregationSpec("sum"), points(("2024-03", "1"), ("2024-03", "2")))


def test_non_numbers_are_refused():
    with pytest.raises(StradomError, match="the value for 2024-03 is not a number"):
        aggregate(AggregationSpec("sum"), points(("2024-03", "NaN")))
    with pytest.raises(TypeError):
        aggregate(AggregationSpec("sum"), [(parse_period("2024-03"), 0.1)])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"function": "average"}, "unknown aggregation function 'average'; use one of: mean, "),
        ({"function": "count_above"}, "count_above needs a threshold"),
        ({"function": "mean", "threshold": D(5)}, "a threshold is used only by count_above"),
        ({"function": "mean", "target_kind": PeriodKind.DAY}, "values can be aggregated to years"),
        ({"function": "mean", "target_kind": "W"}, "values can be aggregated to years"),
        ({"function": "mean", "min_coverage": D("1.5")}, "min_coverage is a fraction from 0 to 1"),
        ({"function": "count_above", "threshold": "fifty"}, "threshold must be a number"),
        ({"function": "count_above", "threshold": D("Infinity")}, "threshold must be a number"),
    ],
)
def test_invalid_specs_are_refused(kwargs, message):
    with pytest.raises(StradomError) as caught:
        AggregationSpec(**kwargs)
    assert str(caught.value).startswith(message)


def test_spec_json_round_trip():
    stored = {"function": "count_above", "threshold": "50", "min_coverage": "0.9"}
    spec = AggregationSpec.from_dict(stored)
    assert spec == AggregationSpec("count_above", D("50"), PeriodKind.YEAR, D("0.9"))
    assert spec.to_dict() == stored
    quarterly = AggregationSpec.from_dict({"function": "mean", "target_kind": "Q"})
    assert quarterly.target_kind is PeriodKind.QUARTER
    assert quarterly.to_dict() == {"function": "mean", "target_kind": "Q"}


def test_spec_from_json_numbers_keeps_the_written_digits():
    spec = AggregationSpec.from_dict({"function": "count_below", "threshold": 0.1})
    assert spec.threshold == D("0.1")  # not 0.1000000000000000055511151231257827…


def test_spec_from_dict_refuses_unknown_keys_and_missing_function():
    with pytest.raises(StradomError, match="unknown key"):
        AggregationSpec.from_dict({"function": "mean", "window": "7"})
    with pytest.raises(StradomError, match="needs a function"):
        AggregationSpec.from_dict({"threshold": "50"})


# --- against the Kraków air-quality files ---------------------------------------------


@pytest.fixture(scope="module")
def krakow_series():
    path = FOUND / "gios_pm_daily_2000-2016_krakow.csv"
    series = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["station_code"], row["pollutant"])
            series[key].append(
                (day(date.fromisoformat(row["date"])), D(row["value_ug_m3_24h_mean"]))
            )
    return series


def derived_rows():
    path = FOUND / "DERIVED_gios_pm_annual_2000-2016_krakow.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_annual_pm_statistics_match_the_derived_file(krakow_series):
    mean = AggregationSpec("mean", min_coverage=D("0.9"))
    above = AggregationSpec("count_above", threshold=D(50))
    computed = {}
    for (station, pollutant), values in krakow_series.items():
        for m, a in zip(aggregate(mean, values), aggregate(above, values), strict=True):
            computed[(station, pollutant, str(m.period.year))] = (m, a)
    rows = derived_rows()
    assert len(rows) == 60
    assert {(r["station_code"], r["pollutant"], r["year"]) for r in rows} == set(computed)
    for row in rows:
        m, a = computed[(row["station_code"], row["pollutant"], row["year"])]
        assert m.n == a.n == int(row["n_valid_days"]), row
        # The file rounds the mean to one decimal; no mean here is a tie at the 2nd place.
        assert str(m.value.quantize(D("0.1"), ROUND_HALF_UP)) == row["mean_of_daily_means_ug_m3"]
        if row["days_above_50_ug_m3"]:  # left empty for PM2.5
            assert a.value == D(row["days_above_50_ug_m3"]), row
        assert m.complete == (row["completeness_ge_90pct"] == "yes"), row


def test_one_derived_row_by_hand(krakow_series):
    # MpKrakowWIOSAKra6117 PM10 2000: 310 valid days of 366 (a leap year) -> incomplete
    results = aggregate(
        AggregationSpec("mean", min_coverage=D("0.9")),
        krakow_series[("MpKrakowWIOSAKra6117", "PM10")],
    )
    first = results[0]
    assert (first.period.code, first.n, first.expected, first.complete) == ("2000", 310, 366, False)
    assert first.coverage == D("0.846995")  # 310 / 366 = 0.8469945…
    assert first.value.quantize(D("0.1")) == D("37.0")
