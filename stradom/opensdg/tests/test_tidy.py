"""Reading Open SDG's own examples (see fixtures/README.md), no database."""

from decimal import Decimal
from pathlib import Path

from stradom.opensdg.tidy import read_data, read_repository

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_data_starter_reads_with_disaggregations_units_and_metadata():
    indicators, problems = read_repository(FIXTURES / "data-starter")
    assert problems == []
    first, second = indicators
    assert (first.id, second.id) == ("1-1-1", "1-2-1")
    assert first.categories == ["Area"]
    assert second.categories == ["Area", "Sex"]
    assert [(r.year, r.categories, r.value, r.units) for r in first.rows[:3]] == [
        ("2016", {}, Decimal("0.207433"), "Percent"),
        ("2017", {}, Decimal("0.31"), "Percent"),
        ("2016", {"Area": "Batken"}, Decimal("0.321124"), "Percent"),
    ]
    assert second.rows[-1].categories == {"Area": "Batken", "Sex": "Female"}
    assert all(r.status == "final" for r in first.rows + second.rows)


def test_metadata_merges_config_and_front_matter_without_translation_keys():
    [first, _second], _ = read_repository(FIXTURES / "data-starter")
    assert first.number == "1.1.1"
    assert first.name.startswith("Proportion of population below the international poverty line")
    assert first.meta["graph_title"] == "global_indicators.1-1-1-title"  # only a key; kept
    assert first.meta["target_id"] == "1.1"


def test_the_classic_layout_reads_with_blank_meaning_all():
    [indicator], problems = read_repository(FIXTURES / "classic")
    assert problems == []
    assert indicator.categories == ["Group"]
    assert [(r.year, r.categories.get("Group", ""), r.value) for r in indicator.rows] == [
        ("2015", "A", Decimal("500")),
        ("2015", "B", Decimal("34")),
        ("2015", "", Decimal("2")),
        ("2016", "A", Decimal("1")),
        ("2016", "B", Decimal("3")),
        ("2016", "", Decimal("2")),
    ]


def test_bad_cells_are_reported_with_file_line_and_column():
    text = "Year,Sex,Value\n2020,F,1.5\n2021,F,abc\n,M,2\n2022,M\n2023,M,\n"
    indicator, problems = read_data(text, indicator_id="5-1-1", file="data/indicator_5-1-1.csv")
    assert [str(p) for p in problems] == [
        "data/indicator_5-1-1.csv, line 3, Value: 'abc' is not a number",
        "data/indicator_5-1-1.csv, line 4, Year: the year is empty",
        "data/indicator_5-1-1.csv, line 5, row: 2 cells where the header has 3",
    ]
    assert [r.line for r in indicator.rows] == [2]
    assert indicator.blank_values == 1


def test_missing_value_column_is_refused():
    _indicator, problems = read_data("Year,Sex\n2020,F\n", indicator_id="x", file="f.csv")
    assert [str(p) for p in problems] == ["f.csv, line 1, Value: the column Value is missing"]
