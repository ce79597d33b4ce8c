"""Numbers the Polish or the English way, never mixed, never float."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stradom.ingest.readers import Limits, mapping_from_dict, open_source
from stradom.ingest.readers.numbers import NumberError, NumberReader


def parse(text: str, decimal: str | None = None, *, stated: bool = False) -> Decimal:
    return NumberReader(decimal, stated=stated).parse(text, 1)


def error(text: str, decimal: str | None = None) -> str:
    with pytest.raises(NumberError) as caught:
        parse(text, decimal)
    return str(caught.value.message)


@pytest.mark.parametrize(
    ("text", "value", "mark"),
    [
        ("1234", "1234", None),
        ("007", "7", None),
        ("-7,5", "-7.5", ","),
        ("\u22127,5", "-7.5", ","),  # the typographic minus sign
        ("7.5", "7.5", "."),
        ("1.234,5", "1234.5", ","),
        ("1,234.5", "1234.5", "."),
        ("1,234,567", "1234567", "."),
        ("1.234.567", "1234567", ","),
        ("1 234 567", "1234567", None),
        ("1 234,56", "1234.56", ","),
        ("1\u00a0234,5", "1234.5", ","),
        ("1\u202f234\u202f567,25", "1234567.25", ","),
        ("12\u2009345.5", "12345.5", "."),
        ("0,123", "0.123", ","),
        (",5", "0.5", ","),
        ("  42,0  ", "42.0", ","),
    ],
)
def test_number_forms_and_the_decimal_mark_they_show(text, value, mark):
    reader = NumberReader()
    result = reader.parse(text, 3)
    assert result == Decimal(value)
    assert type(result) is Decimal
    assert reader.decimal == mark
    if mark is not None:
        assert (reader.decided_line, reader.decided_text) == (3, text.strip())


@pytest.mark.parametrize(
    "text",
    [
        "1e5",
        "NaN",
        "Infinity",
        "1_000",
        "٣",
        "--5",
        "5-",
        "1.",
        "12,34.5",
        "1,234,5",
        "1.2.3",
        "1 23",
        "#DIV/0!",
        "5 zł",
        "50%",
        "0x10",
        "١٢٣",
    ],
)
def test_things_that_are_not_numbers(text):
    assert "is not a number" in error(text)


@pytest.mark.parametrize("text", ["=1+2", '=HYPERLINK("x")', "+1", "@SUM(A1)"])
def test_formula_like_values_are_refused_and_never_evaluated(text):
    assert error(text) == f"{text!r} looks like a spreadsheet formula, not a number"


@pytest.mark.parametrize("text", ["-", "–", "b.d.", "x", "n/a", "."])
def test_missing_value_markers_explain_how_to_declare_them(text):
    assert "list it under 'missing' in the mapping" in error(text)


def test_a_thousands_group_alone_is_ambiguous_until_the_mark_is_known():
    assert error("1,234") == (
        "'1,234' can be read as 1.234 or as 1234; "
        'state the decimal mark in the mapping (decimal: "," or ".")'
    )
    assert parse("1,234", ",") == Decimal("1.234")
    assert parse("1,234", ".") == Decimal("1234")
    assert parse("1.234", ",") == Decimal("1234")


def test_the_other_mark_after_the_file_showed_one_is_an_error_naming_both_lines():
    reader = NumberReader()
    assert reader.parse("1,5", 2) == Decimal("1.5")
    with pytest.raises(NumberError) as caught:
        reader.parse("2.5", 7)
    assert str(caught.value.message) == (
        "'2.5' is written with a decimal point, but line 2 ('1,5') writes decimals with a "
        "comma; a file must use one way"
    )


def test_a_decimal_comma_in_a_file_stated_to_use_points_is_refused_not_read_as_thousands():
    reader = NumberReader(".", stated=True)
    with pytest.raises(NumberError) as caught:
        reader.parse("1,5", 4)
    assert "the mapping says this file writes decimals with a point" in str(caught.value.message)


def test_overlong_text_is_refused():
    assert "too long for a number" in error("1,5" + "0" * 60)


# -- properties ---------------------------------------------------------------------------

decimals = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=4
)


def written(value: Decimal, group: str, mark: str, *, places: bool = True) -> str:
    text = format(value, "f")
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + group.join(groups)
    return f"{out}{mark}{frac}" if frac and places else out


@given(decimals, st.sampled_from([" ", "\u00a0", "\u202f", "."]))
def test_polish_numbers_read_back_exactly(value, group):
    assert parse(written(value, group, ","), ",", stated=True) == value


@given(decimals, st.sampled_from([" ", "\u00a0", ","]))
def test_english_numbers_read_back_exactly(value, group):
    assert parse(written(value, group, "."), ".", stated=True) == value


@given(decimals.filter(lambda d: d != d.to_integral_value()), st.sampled_from([",", "."]))
def test_a_fresh_reader_learns_the_mark_from_a_number_with_four_decimals(value, mark):
    reader = NumberReader()
    text = written(value, "\u00a0", mark)
    assert reader.parse(text, 1) == value
    assert reader.decimal == mark


@given(st.text(max_size=20), st.sampled_from([None, ",", "."]))
def test_any_text_is_a_decimal_or_a_clear_number_error(text, mark):
    try:
        result = parse(text, mark)
    except NumberError as exc:
        assert str(exc.message)
    else:
        assert type(result) is Decimal
        assert result.is_finite()


# -- in files -----------------------------------------------------------------------------


def read_values(tmp_path, text: str, mapping: dict | None = None, encoding: str = "utf-8"):
    path = tmp_path / "numbers.csv"
    path.write_bytes(text.encode(encoding))
    source = open_source(path, mapping_from_dict(mapping) if mapping else None, limits=Limits())
    return source, list(source.records())


def test_a_file_mixing_decimal_commas_and_points_names_both_lines(tmp_path):
    rows = ["A;1;2020;1,5", "A;1;2021;7", "A;1;2022;8", "A;1;2023;9", "A;1;2024;10", "A;1;2025;2.5"]
    source, records = read_values(tmp_path, "indicator;territory;period;value\n" + "\n".join(rows))
    assert source.info.decimal == ","
    assert [r.errors for r in records[:5]] == [()] * 5
    (problem,) = records[5].errors
    assert (problem.line, problem.column) == (7, "value")
    assert str(problem.message) == (
        "'2.5' is written with a decimal point, but line 2 ('1,5') writes decimals with a "
        "comma; a file must use one way"
    )


def test_a_late_decimal_settles_an_earlier_ambiguous_value(tmp_path):
    text = 'indicator,territory,period,value\nA,1,2020,"1,234"\nA,1,2021,"2,500.75"\n'
    source, records = read_values(tmp_path, text)
    assert (source.info.decimal, source.info.decimal_from) == (".", "detected")
    assert [r.value for r in records] == [Decimal("1234"), Decimal("2500.75")]


def test_thousands_with_non_breaking_spaces_in_a_cp1250_file(tmp_path):
    text = (
        "wskaźnik;teryt;rok;wartość\n"
        "LUDN;1261011;2020;779\u00a0966\n"
        "BUDŻET;1261011;2020;9\u00a0860\u00a0000,50\n"
    )
    _, records = read_values(tmp_path, text, encoding="cp1250")
    assert [r.value for r in records] == [Decimal("779966"), Decimal("9860000.50")]


def test_the_mapping_states_the_decimal_mark(tmp_path):
    text = "indicator;territory;period;value\nA;1;2020;1.234\nA;1;2021;1,5\n"
    source, records = read_values(tmp_path, text, {"decimal": ","})
    assert (source.info.decimal, source.info.decimal_from) == (",", "mapping")
    assert [r.value for r in records] == [Decimal("1234"), Decimal("1.5")]
    _, records = read_values(tmp_path, text, {"decimal": "."})
    assert records[0].value == Decimal("1.234")
    assert "the mapping says this file writes decimals with a point" in str(
        records[1].errors[0].message
    )


def test_a_file_of_whole_numbers_never_decides_a_mark(tmp_path):
    source, records = read_values(tmp_path, "indicator;territory;period;value\nA;1;2020;5\n")
    assert (source.info.decimal, source.info.decimal_from) == (None, "undetermined")
    assert records[0].value == Decimal(5)
