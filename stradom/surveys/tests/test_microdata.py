"""Opening microdata files as they arrive from survey firms: Excel's CSV in Windows-1250
or with a BOM, a workbook with the data on a named sheet, and files that cannot be read
(the message names the file and, where there is one, the line)."""

from __future__ import annotations

import openpyxl
import pytest

from stradom.ingest.readers import Limits, ReadError
from stradom.surveys.microdata import column_mapping_from_dict, open_table

ROWS = "id;waga;płeć;dzielnica;TRANSPORT\n1;1,5;kobieta;Śródmieście;4\n2;0,75;mężczyzna;Dębniki;9\n"


def read(path, **kwargs):
    with open_table(path, **kwargs) as table:
        return table.container, table.header, list(table.rows())


def test_a_windows_1250_csv_reads_its_polish_headers_and_cells(tmp_path):
    path = tmp_path / "fala.csv"
    path.write_bytes(ROWS.encode("cp1250"))
    assert read(path) == (
        "csv",
        ["id", "waga", "płeć", "dzielnica", "TRANSPORT"],
        [
            (2, ["1", "1,5", "kobieta", "Śródmieście", "4"]),
            (3, ["2", "0,75", "mężczyzna", "Dębniki", "9"]),
        ],
    )


def test_a_utf8_csv_with_a_bom_and_padded_headers_reads_clean_header_names(tmp_path):
    path = tmp_path / "fala.csv"
    path.write_bytes(("id ; waga;płeć;dzielnica;TRANSPORT\n1;1;K;Dębniki;3\n").encode("utf-8-sig"))
    container, header, rows = read(path)
    assert header == ["id", "waga", "płeć", "dzielnica", "TRANSPORT"]
    assert rows == [(2, ["1", "1", "K", "Dębniki", "3"])]


def test_the_mapping_chooses_the_sheet_of_a_workbook(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Opis"
    book.active.append(["Badanie satysfakcji mieszkańców 2025"])
    data = book.create_sheet("Dane")
    data.append(["id", "waga", "TRANSPORT"])
    data.append([1, 1.5, 4])
    path = tmp_path / "fala.xlsx"
    book.save(path)
    mapping = column_mapping_from_dict({"sheet": "Dane"})
    assert read(path, mapping=mapping) == ("xlsx", ["id", "waga", "TRANSPORT"], [(2, (1, 1.5, 4))])
    with pytest.raises(ReadError) as error:
        read(path, mapping=column_mapping_from_dict({"sheet": "Wyniki"}))
    assert str(error.value) == "fala.xlsx: the workbook has no sheet 'Wyniki' (sheets: Opis, Dane)"


def test_the_rows_can_be_read_twice_from_one_opened_file(tmp_path):
    path = tmp_path / "fala.csv"
    path.write_bytes(ROWS.encode("utf-8"))
    with open_table(path) as table:
        assert [line for line, _ in table.rows()] == [2, 3]
        assert [line for line, _ in table.rows()] == [2, 3]


@pytest.mark.parametrize(
    ("content", "limits", "message"),
    [
        (b"", None, "x.csv: the file is empty"),
        (b"\n\n  \n", None, "x.csv: the file has no header line (only blank lines)"),
        (b"id;waga\n" * 4, Limits(max_bytes=20), "x.csv: the file is 32 bytes, more than the "
         "limit of 20 bytes"),
        (ROWS.encode() + b'3;"1;K;Bronowice;4\n', None, "x.csv, line 4: the file cannot be read "
         "as CSV here: unexpected end of data"),
    ],
    ids=["empty", "blank lines", "too big", "open quote"],
)  # fmt: skip
def test_unreadable_files_are_refused_with_file_and_line(tmp_path, content, limits, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ReadError) as error:
        read(path, limits=limits)
    assert str(error.value) == message
