"""XLSX workbooks: long and wide forms built with openpyxl, dates, and hostile zips."""

from __future__ import annotations

import struct
import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from stradom.ingest.readers import Limits, ReadError, mapping_from_dict, open_source


def save(tmp_path, rows, *, name="data.xlsx", title="Dane", text_cells=(), epoch=None):
    """A workbook whose first sheet holds ``rows``; ``text_cells`` are (row, col) kept as text."""
    workbook = openpyxl.Workbook()
    if epoch is not None:
        workbook.epoch = epoch
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for row, col in text_cells:
        sheet.cell(row=row, column=col).data_type = "s"  # "=…" stays text, not a formula
    path = tmp_path / name
    workbook.save(path)
    return path


def read(path, mapping=None, **limits):
    source = open_source(
        path, mapping_from_dict(mapping) if mapping else None, limits=Limits(**limits)
    )
    return source, list(source.records())


def refused(path, **limits) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read(path, **limits)
    return caught.value


def test_long_form_workbook_with_date_cells_serial_dates_and_numbers(tmp_path):
    path = save(
        tmp_path,
        [
            ["Wskaźnik", "TERYT", "Data", "Stacja", "Wartość", "Uwagi"],
            ["PM10", 1261011, date(2024, 7, 15), "MpKrakBujaka", 7.5, None],
            ["PM10", "1261011", 45489, "MpKrakBujaka", 0.1, "serial date"],
            ["PM10", "1261011", datetime(2024, 7, 17), "MpKrakBujaka", "1 234,5", None],
            [None, None, None, None, None, None],
            ["PM10", "1261011", "2024-07-18", "MpKrakBujaka", 12, "text date"],
        ],
    )
    source, records = read(path)
    assert (source.info.container, source.info.format, source.info.sheet) == (
        "xlsx",
        "long",
        "Dane",
    )
    assert (source.info.encoding, source.info.separator) == (None, None)
    assert [(r.line, r.territory, r.period, r.value, r.note, r.errors) for r in records] == [
        (2, "1261011", "2024-07-15", Decimal("7.5"), "", ()),
        (3, "1261011", "2024-07-16", Decimal("0.1"), "serial date", ()),
        (4, "1261011", "2024-07-17", Decimal("1234.5"), "", ()),
        (6, "1261011", "2024-07-18", Decimal("12"), "text date", ()),
    ]
    assert records[0].dimensions == (("station", "MpKrakBujaka"),)  # "Stacja": a station
    assert all(type(r.value) is Decimal for r in records)


def test_serial_dates_follow_the_workbooks_1904_date_system(tmp_path):
    rows = [["indicator", "territory", "date", "value"], ["A", "1", 45489, 1]]
    _, records = read(save(tmp_path, rows, epoch=CALENDAR_MAC_1904))
    assert records[0].period == "2028-07-17"  # 1904-01-01 + 45489 days


def test_formula_like_text_cells_are_kept_as_text_and_refused_as_values(tmp_path):
    path = save(
        tmp_path,
        [
            ["indicator", "territory", "period", "value", "note"],
            ["A", "1261011", 2020, 5, '=HYPERLINK("http://evil","x")'],
            ["A", "1261011", 2021, "=1+2", "@SUM(A1)"],
        ],
        text_cells=[(2, 5), (3, 4)],
    )
    _, records = read(path)
    assert records[0].note == '=HYPERLINK("http://evil","x")'
    assert records[0].errors == ()
    assert records[1].note == "@SUM(A1)"
    assert records[1].value is None
    assert (
        str(records[1].errors[0].message) == "'=1+2' looks like a spreadsheet formula, not a number"
    )


def test_a_formula_without_a_saved_value_reads_as_an_empty_cell(tmp_path):
    rows = [["indicator", "territory", "period", "value"], ["A", "1", 2020, "=2+2"]]
    _, records = read(save(tmp_path, rows))  # openpyxl saves no computed value
    assert records[0].value is None
    assert str(records[0].errors[0].message).startswith("the value is empty")


def test_wide_form_workbook_with_year_numbers_texts_and_date_headers(tmp_path):
    path = save(
        tmp_path,
        [
            ["Stopa bezrobocia, %"],
            [],
            ["wskaźnik", "terytorium", 2019, "2020", datetime(2021, 1, 1), "uwagi"],
            ["UNEMP", "Kraków", 2.0, "3,1", None, "GUS"],
            ["UNEMP", "Łódź", None, None, 6.5, None],
        ],
    )
    source, records = read(path, {"header_row": 3, "period_kind": "year"})
    assert source.info.format == "wide"
    assert source.info.header == ("wskaźnik", "terytorium", "2019", "2020", "2021-01-01", "uwagi")
    assert [(r.line, r.territory, r.period, r.value, r.note) for r in records] == [
        (4, "Kraków", "2019", Decimal("2.0"), "GUS"),
        (4, "Kraków", "2020", Decimal("3.1"), "GUS"),
        (5, "Łódź", "2021", Decimal("6.5"), ""),
    ]


def test_the_sheet_named_in_the_mapping_is_read(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["nothing here"])
    data = workbook.create_sheet("Dane 2024")
    data.append(["indicator", "territory", "period", "value"])
    data.append(["A", "1", "2024", 1])
    path = tmp_path / "two.xlsx"
    workbook.save(path)
    source, records = read(path, {"sheet": "Dane 2024"})
    assert (source.info.sheet, records[0].value) == ("Dane 2024", Decimal(1))
    with pytest.raises(ReadError) as caught:
        read(path, {"sheet": "Arkusz9"})
    assert "no sheet 'Arkusz9' (sheets: Sheet, Dane 2024)" in str(caught.value)


def test_a_bdl_layout_saved_as_xlsx_reads_like_the_csv(tmp_path):
    path = save(
        tmp_path,
        [
            ["Kod", "Nazwa", "Ogółem", "Rok", "Wartosc", "Jednostka miary", "Atrybut"],
            ["011212100000", "PODREGION MIASTO KRAKÓW", "ogółem", "2004", 7.5, "%", None],
            ["011212100000", "PODREGION MIASTO KRAKÓW", "ogółem", "2023", None, "%", "n"],
        ],
    )
    source, records = read(path, {"indicator": "BDL_UNEMP_RATE"})
    assert source.info.format == "bdl"
    assert [(r.territory, r.period, r.value, r.status, r.attribute) for r in records] == [
        ("011212100000", "2004", Decimal("7.5"), "final", ""),
        ("011212100000", "2023", None, "not_available", "n"),
    ]


def test_an_empty_sheet_and_a_header_only_sheet_are_refused(tmp_path):
    assert "is empty" in str(refused(save(tmp_path, [], name="empty.xlsx")))
    header_only = save(tmp_path, [["indicator", "territory", "period", "value"]])
    assert "header but no data rows" in str(refused(header_only))


def test_row_limit_applies_to_workbooks(tmp_path):
    rows = [["indicator", "territory", "period", "value"]] + [["A", "1", 2020, 1]] * 5
    assert "more than 4 rows" in str(refused(save(tmp_path, rows), max_rows=4))


# -- hostile zips -------------------------------------------------------------------------


def minimal_parts() -> dict[str, bytes]:
    return {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
    }


def write_zip(path, parts: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def declare_size(path, member: str, size: int) -> None:
    """Rewrite the central directory so ``member`` claims ``size`` uncompressed bytes."""
    data = bytearray(path.read_bytes())
    start = 0
    while (at := data.find(b"PK\x01\x02", start)) >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, at + 24, size)
            path.write_bytes(bytes(data))
            return
        start = at + 4
    raise AssertionError(f"{member} not in the zip")


def test_a_zip_member_declaring_a_huge_size_is_refused_before_opening(tmp_path, monkeypatch):
    parts = minimal_parts() | {"xl/worksheets/sheet1.xml": b"<worksheet/>"}
    path = write_zip(tmp_path / "declared.xlsx", parts)
    declare_size(path, "xl/worksheets/sheet1.xml", 0xF000_0000)

    def no_loading(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", no_loading)
    error = refused(path)
    assert str(error) == (
        "declared.xlsx: the workbook is refused: its part xl/worksheets/sheet1.xml "
        f"would expand to {0xF000_0000} bytes"
    )


def test_a_zip_bomb_with_an_extreme_compression_ratio_is_refused(tmp_path, monkeypatch):
    parts = minimal_parts() | {"xl/worksheets/sheet1.xml": b"<c>" + b"\0" * (20 * 2**20)}
    path = write_zip(tmp_path / "bomb.xlsx", parts)
    monkeypatch.setattr(openpyxl, "load_workbook", None)  # never reached
    error = refused(path)
    assert "is compressed" in str(error) and "like a zip bomb" in str(error)


def test_a_workbook_expanding_past_the_total_limit_is_refused(tmp_path):
    path = save(tmp_path, [["indicator", "territory", "period", "value"], ["A", "1", 2020, 1]])
    assert "would expand to" in str(refused(path, max_xlsx_expanded_bytes=1000))


def test_big_shared_strings_are_refused(tmp_path):
    # openpyxl keeps the shared strings in memory, so they have a limit of their own.
    parts = minimal_parts() | {"xl/sharedStrings.xml": b"<sst>" + b"<si><t>x</t></si>" * 100}
    path = write_zip(tmp_path / "strings.xlsx", parts)
    assert "shared strings would expand to 1705 bytes" in str(
        refused(path, max_xlsx_shared_strings_bytes=1000)
    )


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = write_zip(tmp_path / "photos.xlsx", {"IMG_0001.jpg": b"\xff\xd8\xff"})
    assert "not an Excel workbook" in str(refused(path))


def test_a_workbook_part_with_a_dtd_is_refused(tmp_path):
    entities = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>'
    path = write_zip(tmp_path / "dtd.xlsx", minimal_parts() | {"xl/workbook.xml": entities})
    assert "declares a DTD" in str(refused(path))


def test_a_truncated_workbook_is_refused_clearly(tmp_path):
    path = save(tmp_path, [["indicator", "territory", "period", "value"], ["A", "1", 2020, 1]])
    path.write_bytes(path.read_bytes()[:300])
    assert "damaged zip" in str(refused(path))


def test_an_old_xls_file_is_refused_with_advice(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "save it as .xlsx or CSV" in str(refused(path))


def test_a_title_row_above_the_table_is_skipped(tmp_path):
    rows = [
        ["Ludność Krakowa"],
        [],
        ["indicator", "territory", "period", "value"],
        ["A", "1", 2020, 5],
    ]
    source, records = read(save(tmp_path, rows))
    assert (source.info.header_line, records[0].line, records[0].value) == (3, 4, Decimal(5))


def test_a_sheet_of_single_cells_is_refused_asking_for_the_header_row(tmp_path):
    rows = [[f"note {i}"] for i in range(25)]
    assert "found no header row" in str(refused(save(tmp_path, rows)))
