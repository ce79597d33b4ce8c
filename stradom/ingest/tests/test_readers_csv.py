"""CSV files in long and wide form: headers, separators, periods, bad rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stradom.ingest.readers import Limits, ReadError, mapping_from_dict, open_source


def write(tmp_path, text: str, name: str = "data.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def read(tmp_path, text: str, mapping: dict | None = None, **limits):
    source = open_source(
        write(tmp_path, text),
        mapping_from_dict(mapping) if mapping is not None else None,
        limits=Limits(**limits),
    )
    return source, list(source.records())


def refused(tmp_path, text: str, mapping: dict | None = None) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read(tmp_path, text, mapping)
    return caught.value


def messages(record) -> list[str]:
    return [str(e.message) for e in record.errors]


# -- headers and separators ---------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "wskaźnik;terytorium;okres;wartość;status;uwagi",
        "indicator;territory;period;value;status;note",
        "kod_wskaznika;teryt;rok;wartosc;status;uwaga",
        "Wskaźnik;Jednostka;Rok;Wartość;Status;Komentarz",
        "INDICATOR;TERRITORY;YEAR;VALUE;STATUS;NOTES",
    ],
)
def test_polish_and_english_header_names_are_recognised(tmp_path, header):
    source, records = read(tmp_path, f"{header}\nLUDN;1261011;2020;779966;;ok\n")
    assert list(source.info.columns.values()) == [
        "indicator",
        "territory",
        "period",
        "value",
        "status",
        "note",
    ]
    assert records[0][1:10] == (
        "LUDN",
        "1261011",
        "code",
        "2020",
        (),
        Decimal(779966),
        "final",
        "ok",
        (),
    )


@pytest.mark.parametrize("separator", [";", ",", "\t", "|"])
def test_separator_is_sniffed_from_the_header_line(tmp_path, separator):
    text = separator.join(["indicator", "territory", "period", "value"]) + "\n"
    text += separator.join(["A", "1261011", "2020", "5"]) + "\n"
    source, records = read(tmp_path, text)
    assert source.info.separator == separator
    assert records[0].value == Decimal(5)


def test_quoted_separators_in_the_header_do_not_count(tmp_path):
    text = 'indicator;"territory, code";period;value\nA;1261011;2020;"1,5"\n'
    source, records = read(tmp_path, text, {"columns": {"territory, code": "territory"}})
    assert source.info.separator == ";"
    assert records[0].value == Decimal("1.5")


def test_a_header_with_a_single_column_is_refused(tmp_path):
    error = refused(tmp_path, "indicator territory period value\nA 1 2020 5\n")
    assert "single column" in str(error)
    assert error.line == 1


def test_empty_file_is_refused(tmp_path):
    error = refused(tmp_path, "")
    assert str(error) == "data.csv: the file is empty"


def test_file_of_blank_lines_is_refused(tmp_path):
    assert "no header line" in str(refused(tmp_path, "\n\r\n  \n;;;\n"))


def test_header_only_file_is_refused(tmp_path):
    error = refused(tmp_path, "indicator;territory;period;value\r\n\r\n")
    assert "header but no data rows" in str(error)
    assert error.line == 1


def test_header_found_after_blank_lines_and_at_the_mapped_row(tmp_path):
    source, records = read(tmp_path, "\n\nindicator;territory;period;value\nA;1;2020;5\n")
    assert (source.info.header_line, records[0].line) == (3, 4)
    text = "Tabela 1. Ludność\nźródło: GUS\nindicator;territory;period;value\nA;1;2020;5\n"
    source, records = read(tmp_path, text, {"header_row": 3})
    assert (source.info.header_line, records[0].line, records[0].value) == (3, 4, 5)


def test_duplicate_header_names_are_refused_naming_both_columns(tmp_path):
    error = refused(tmp_path, "indicator;territory;period;value;note;Note\nA;1;2020;5;x;y\n")
    assert str(error) == (
        "data.csv, line 1: columns 5 and 6 have the same name 'Note'; "
        "every column needs its own name"
    )


def test_two_columns_for_the_same_role_are_refused(tmp_path):
    error = refused(tmp_path, "indicator;territory;period;wartość;value\nA;1;2020;5;5\n")
    assert "two columns hold the value: 'wartość' and 'value'" in str(error)


def test_unknown_columns_become_dimensions_without_a_mapping(tmp_path):
    text = (
        "indicator;territory;period;Płeć;Grupa wieku;value;źródło\nA;1;2020;kobiety;15-19;5;GUS\n"
    )
    source, records = read(tmp_path, text)
    assert source.info.columns["Płeć"] == "dimension:plec"
    assert source.info.columns["źródło"] == "source"  # where the value comes from: kept
    assert records[0].dimensions == (("grupa_wieku", "15-19"), ("plec", "kobiety"))
    assert records[0].source == "GUS"


def test_a_column_a_mapping_leaves_out_is_refused(tmp_path):
    text = "indicator;territory;period;value;extra\nA;1;2020;5;?\n"
    error = refused(tmp_path, text, {"columns": {"value": "value"}})
    assert "the column 'extra' is not in the mapping" in str(error)


def test_a_mapped_column_the_file_lacks_is_refused(tmp_path):
    error = refused(
        tmp_path,
        "indicator;territory;period;value\nA;1;2020;5\n",
        {"columns": {"Wartość netto": "value"}},
    )
    assert "names the column 'Wartość netto', which the file does not have" in str(error)


def test_missing_roles_are_refused_with_what_is_missing(tmp_path):
    assert "which indicator" in str(refused(tmp_path, "territory;period;value\n1;2020;5\n"))
    assert "which territory" in str(refused(tmp_path, "indicator;period;value\nA;2020;5\n"))
    assert "which period" in str(refused(tmp_path, "indicator;territory;value\nA;1;5\n"))


# -- trailing separators, short and long rows ----------------------------------------------


def test_trailing_separators_on_every_line_are_tolerated(tmp_path):
    text = "indicator;territory;period;value;\r\nA;1261011;2020;5;\r\nA;1261011;2021;6;\r\n"
    source, records = read(tmp_path, text)
    assert source.info.header[-1] == ""
    assert [(r.period, r.value, r.errors) for r in records] == [
        ("2020", Decimal(5), ()),
        ("2021", Decimal(6), ()),
    ]


def test_a_row_with_an_extra_trailing_separator_is_fine_but_an_extra_value_is_not(tmp_path):
    text = "indicator;territory;period;value\nA;1;2020;5;\nA;1;2021;6;;\nA;1;2022;7;x\n"
    _, records = read(tmp_path, text)
    assert [r.errors for r in records[:2]] == [(), ()]
    assert messages(records[2]) == ["this row has a value ('x') in a column with no header"]
    assert records[2].value == Decimal(7)


def test_a_value_under_an_empty_header_is_a_row_error(tmp_path):
    text = "indicator;territory;period;value;\nA;1;2020;5;oops\n"
    _, records = read(tmp_path, text)
    assert records[0].errors[0].line == 2
    assert "column with no header" in messages(records[0])[0]


def test_a_short_row_is_a_row_error(tmp_path):
    text = "indicator;territory;period;value\nA;1;2020\nA;1;2021;6\n"
    _, records = read(tmp_path, text)
    assert messages(records[0])[0] == "this row has 3 cells, the header has 4 columns"
    assert records[1].errors == ()


def test_blank_lines_and_rows_of_empty_cells_are_skipped(tmp_path):
    text = "indicator;territory;period;value\nA;1;2020;5\n\n;;;\nA;1;2021;6\n"
    _, records = read(tmp_path, text)
    assert [(r.line, r.period) for r in records] == [(2, "2020"), (5, "2021")]


def test_line_numbers_point_at_the_start_of_a_row_with_a_multi_line_cell(tmp_path):
    text = 'indicator;territory;period;value;note\nA;1;2020;5;"one\ntwo\nthree"\nA;1;2021;x;\n'
    _, records = read(tmp_path, text)
    assert records[0].note == "one\ntwo\nthree"
    assert [r.line for r in records] == [2, 5]
    assert records[1].errors[0].line == 5


# -- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("2024", "2024"),
        ("2024 r.", "2024"),
        ("2024\u00a0r.", "2024"),  # the non-breaking space Polish typography puts before r.
        ("2024r.", "2024"),
        ("15.07.2024 r.", "2024-07-15"),
        ("2024-H2", "2024-H2"),
        ("2024Q3", "2024-Q3"),
        ("2024-7", "2024-07"),
        ("2024-07-15", "2024-07-15"),
        ("15.07.2024", "2024-07-15"),
        ("2024-07-15 00:00:00", "2024-07-15"),
        ("45488", "2024-07-15"),  # an Excel serial date saved as a number
    ],
)
def test_period_forms(tmp_path, written, code):
    _, records = read(tmp_path, f"indicator;territory;period;value\nA;1;{written};5\n")
    assert (records[0].period, records[0].errors) == (code, ())


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("2020-13", "month 13 in '2020-13' is not 1–12"),
        ("31.02.2024", "is not a real date"),
        ("2024-07-15 13:30", "has a time of day"),
        ("last year", "is not a period"),
        ("", "the period is empty"),
        # "rok" abbreviated without its full stop, or written out: not a Polish form of a year.
        ("2020r", "'2020r' is not a period: write the year as 2020 or 2020 r. (the abbreviation"),
        ("2020 r", "write the year as 2020 or 2020 r."),
        ("2020 rok", "write the year as 2020 or 2020 r."),
        ("2020 R.", "write the year as 2020 or 2020 r."),
        ("2020 r..", "is not a period"),
        # digits other than 0-9 look like a year but are not read as one (int() would).
        ("２０２０", "'２' is neither a digit 0–9 nor another character periods are written with"),
        ("٢٠٢٠", "'٢' is neither a digit 0–9"),
        ("⁴⁵⁴⁸⁸", "'⁴' is neither a digit 0–9"),
    ],
)
def test_malformed_period_is_a_row_error_and_the_row_is_still_yielded(tmp_path, written, reason):
    text = f"indicator;territory;period;value\nA;1;{written};5\nA;1;2021;6\n"
    _, records = read(tmp_path, text)
    assert len(records) == 2
    bad = records[0]
    assert (bad.period, bad.value, bad.errors[0].column) == ("", Decimal(5), "period")
    assert reason in messages(bad)[0]
    assert records[1].errors == ()


def test_period_kind_widens_dates_but_never_narrows_years(tmp_path):
    text = "indicator;territory;period;value\nA;1;2024-07-15;5\nA;1;2024;6\n"
    _, records = read(tmp_path, text, {"period_kind": "month"})
    assert records[0].period == "2024-07"
    assert messages(records[1]) == ["'2024' is longer than a month, the period of this file"]


def test_constant_period_and_territory_from_the_mapping(tmp_path):
    text = "indicator;value\nA;5\nB;6\n"
    _, records = read(tmp_path, text, {"constant": {"period": "2023", "territory": "1261011"}})
    assert [(r.indicator, r.territory, r.territory_kind, r.period) for r in records] == [
        ("A", "1261011", "code", "2023"),
        ("B", "1261011", "code", "2023"),
    ]


# -- values, markers, statuses, formula-like cells -----------------------------------------


def test_non_numeric_value_is_a_row_error(tmp_path):
    _, records = read(tmp_path, "indicator;territory;period;value\nA;1;2020;dużo\nA;1;2021;5\n")
    assert records[0].value is None
    assert records[0].errors[0][:2] == (2, "value")
    assert messages(records[0]) == ["'dużo' is not a number"]
    assert records[1].value == Decimal(5)


def test_formula_like_text_is_kept_as_text_and_refused_as_a_value(tmp_path):
    text = (
        "indicator;territory;period;value;note\n"
        'A;1;2020;5;"=HYPERLINK(""http://evil"",""x"")"\n'
        "A;1;2021;=1+2;@SUM(A1:A9)\n"
        "A;1;2022;+1;+48 12 345\n"
        "A;1;2023;@A1;-\n"
    )
    _, records = read(tmp_path, text)
    assert [r.note for r in records] == [
        '=HYPERLINK("http://evil","x")',
        "@SUM(A1:A9)",
        "+48 12 345",
        "-",
    ]
    assert records[0].errors == ()
    for record in records[1:]:
        assert record.value is None
        assert "looks like a spreadsheet formula" in messages(record)[0]


def test_missing_markers_are_errors_unless_the_mapping_lists_them(tmp_path):
    text = "indicator;territory;period;value\nA;1;2020;-\nA;1;2021;b.d.\nA;1;2022;\nA;1;2023;–\n"
    _, records = read(tmp_path, text)
    assert [len(r.errors) for r in records] == [1, 1, 1, 1]
    assert "list it under 'missing' in the mapping" in messages(records[0])[0]
    assert messages(records[2])[0].startswith("the value is empty")
    _, records = read(tmp_path, text, {"missing": ["-", "–", "B.D.", ""]})
    assert [(r.value, r.status, r.errors) for r in records] == [(None, "not_available", ())] * 4


def test_status_column_words(tmp_path):
    text = (
        "indicator;territory;period;value;status\n"
        "A;1;2020;5;wstępne\nA;1;2021;6;estimated\nA;1;2022;;not_available\n"
        "A;1;2023;7;\nA;1;2024;8;maybe\nA;1;2025;9;brak danych\n"
    )
    _, records = read(tmp_path, text)
    assert [r.status for r in records[:4]] == ["provisional", "estimated", "not_available", "final"]
    assert records[2].value is None and records[2].errors == ()
    assert "'maybe' is not a status" in messages(records[4])[0]
    assert "the status says no value is available, yet the row has '9'" in messages(records[5])[0]


def test_indicator_map_and_unknown_indicators(tmp_path):
    text = "indicator;territory;period;value\nPM10;1;2020;5\nPM2.5;1;2020;6\nSO2;1;2020;7\n"
    _, records = read(tmp_path, text, {"indicator_map": {"PM10": "PM10_DAILY", "pm2.5": "PM25"}})
    assert [r.indicator for r in records] == ["PM10_DAILY", "PM25", ""]
    assert messages(records[2])[0].startswith("the mapping says no indicator for 'SO2'")


def test_territory_kinds_are_read_from_the_reference(tmp_path):
    text = (
        "indicator;territory;period;value\n"
        "A;1261011;2020;1\nA;011212100000;2020;2\nA;Kraków;2020;3\n"
    )
    _, records = read(tmp_path, text)
    assert [r.territory_kind for r in records] == ["code", "bdl", "name"]
    _, records = read(tmp_path, text, {"territory": {"by": "bdl"}})
    assert [bool(r.errors) for r in records] == [True, False, True]
    assert messages(records[0]) == ["'1261011' is not a 12-digit BDL unit id"]


# -- wide form ----------------------------------------------------------------------------


def test_wide_form_csv_gives_one_record_per_filled_cell(tmp_path):
    text = (
        "wskaźnik;teryt;płeć;2019;2020 r.;2021-Q1;uwagi\n"
        "LUDN;1261011;kobiety;1 234,5;;7;a\n"
        "LUDN;1261011;ogółem;;;;b\n"
        "LUDN;;ogółem;1;abc;;c\n"
    )
    source, records = read(tmp_path, text)
    assert source.info.format == "wide"
    assert source.info.columns["2020 r."] == "value:2020"
    assert [(r.line, r.period, r.value, r.dimensions, r.note) for r in records[:2]] == [
        (2, "2019", Decimal("1234.5"), (("plec", "kobiety"),), "a"),
        (2, "2021-Q1", Decimal(7), (("plec", "kobiety"),), "a"),
    ]
    # Line 3 has no values at all: nothing to import. Line 4's problems are on each record.
    assert [(r.line, r.period, messages(r)) for r in records[2:]] == [
        (4, "2019", ["the territory is empty"]),
        (4, "2020", ["the territory is empty", "'abc' is not a number"]),
    ]


def test_wide_form_blank_cells_count_as_missing_when_the_mapping_says_so(tmp_path):
    text = "indicator;territory;2019;2020\nA;1;5;\n"
    _, records = read(tmp_path, text, {"missing": [""]})
    assert [(r.period, r.value, r.status) for r in records] == [
        ("2019", Decimal(5), "final"),
        ("2020", None, "not_available"),
    ]


def test_wide_form_headers_can_be_mapped_to_periods(tmp_path):
    text = "indicator;territory;stan na koniec 2019;stan na koniec 2020\nA;1;5;6\n"
    mapping = {
        "format": "wide",
        "periods": {"stan na koniec 2019": "2019", "stan na koniec 2020": "2020"},
    }
    _, records = read(tmp_path, text, mapping)
    assert [(r.period, r.value) for r in records] == [("2019", 5), ("2020", 6)]


# -- limits -------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    path = write(tmp_path, "indicator;territory;period;value\n" + "A;1;2020;5\n" * 100)
    size = path.stat().st_size

    def no_opening(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr("builtins.open", no_opening)
    with pytest.raises(ReadError) as caught:
        open_source(path, limits=Limits(max_bytes=size - 1))
    monkeypatch.undo()
    assert str(caught.value) == (
        f"data.csv: the file is {size} bytes, more than the limit of {size - 1} bytes"
    )
    assert open_source(path, limits=Limits(max_bytes=size)).info.format == "long"


def test_a_file_over_the_row_limit_is_refused_at_the_first_row_too_many(tmp_path):
    text = "indicator;territory;period;value\n" + "A;1;2020;5\n" * 10
    with pytest.raises(ReadError) as caught:
        # Refused while the first rows are sampled (a big file: while streaming).
        list(open_source(write(tmp_path, text), limits=Limits(max_rows=9)).records())
    assert caught.value.line == 11
    assert "more than 9 rows" in str(caught.value)
    assert len(list(open_source(write(tmp_path, text), limits=Limits(max_rows=10)).records())) == 10


def test_records_can_be_read_twice_with_the_same_result(tmp_path):
    source, first = read(tmp_path, "indicator;territory;period;value\nA;1;2020;1,5\nA;1;2021;2\n")
    assert list(source.records()) == first


def test_title_lines_above_the_table_are_skipped(tmp_path):
    text = (
        "Tabela 1. Ludność Krakowa\nŹródło: GUS\n\nindicator;territory;period;value\nA;1;2020;5\n"
    )
    source, records = read(tmp_path, text)
    assert (source.info.header_line, records[0].line, records[0].value) == (4, 5, Decimal(5))


def test_a_giant_line_is_refused_before_the_csv_module_builds_it(tmp_path):
    text = "indicator;territory;period;value\n" + "A;1;2020;5\n" * 3 + ";" * (3 * 2**20) + "\n"
    error = refused(tmp_path, text)
    assert "a line is longer than 1048576 bytes" in str(error)
    assert error.line == 5


def test_a_missing_marker_made_of_digits_is_honoured(tmp_path):
    _, records = read(
        tmp_path, "indicator;territory;period;value\nA;1;2020;0\nA;1;2021;00\n", {"missing": ["0"]}
    )
    assert [(r.value, r.status) for r in records] == [(None, "not_available"), (0, "final")]


def test_a_quote_left_open_stops_the_file_instead_of_swallowing_the_rest(tmp_path):
    text = 'indicator;territory;period;value;note\nA;1;2020;5;ok\nA;1;2021;6;"open\nA;1;2022;7;x\n'
    error = refused(tmp_path, text)
    assert (error.line, str(error.message)) == (
        3,
        "the file cannot be read as CSV here: unexpected end of data",
    )


def test_text_after_a_closing_quote_stops_the_file_at_that_line(tmp_path):
    error = refused(tmp_path, 'indicator;territory;period;value\nA;1;2020;"5" x\n')
    assert error.line == 2
