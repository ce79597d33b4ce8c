"""The writers on plain datasets, read back with third-party readers."""

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from pyjstat import pyjstat

from stradom.exports.csv import write_csv
from stradom.exports.dataset import Dataset, DimensionMeta, Row
from stradom.exports.jsonstat import write_jsonstat
from stradom.exports.sdmx import write_sdmx_csv
from stradom.exports.xlsx import write_xlsx


def population() -> Dataset:
    rows = [
        Row("POP", "1261011", "Kraków", "2023", (), Decimal("803282"), "final", "osoby"),
        Row("POP", "1261011", "Kraków", "2023", (("sex", "F"),), Decimal("425120"), "final"),
        Row("POP", "1261011", "Kraków", "2023", (("sex", "M"),), Decimal("378162"), "final"),
        Row("POP", "1261011", "Kraków", "2024", (), Decimal("804237.5"), "provisional", "osoby"),
        Row("POP", "1261011-01", "Stare Miasto", "2024", (), None, "not_available", "osoby"),
    ]
    return Dataset(
        code="POP",
        name_pl="Liczba ludności",
        name_en="Population",
        unit="osoby",
        decimals=0,
        updated=datetime(2025, 3, 1, tzinfo=UTC),
        dimensions=[DimensionMeta("sex", "płeć", "sex", (("F", "kobiety"), ("M", "mężczyźni")))],
        rows=rows,
    )


def pm10() -> Dataset:
    return Dataset(
        code="PM10_AVG",
        name_pl="Średnioroczne stężenie PM10",
        unit="µg/m3",
        rows=[
            Row("PM10_AVG", "1261011", "Kraków", "2023", (), Decimal("30.1"), "final", "µg/m3"),
            Row("PM10_AVG", "1261011", "Kraków", "2024-H1", (), Decimal("-1.5"), "estimated"),
        ],
    )


def test_csv_is_utf8_with_a_column_per_dimension():
    text = write_csv(population().rows).decode("utf-8")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(r["territory"], r["period"], r["sex"], r["value"]) for r in table] == [
        ("1261011", "2023", "", "803282"),
        ("1261011", "2023", "F", "425120"),
        ("1261011", "2023", "M", "378162"),
        ("1261011", "2024", "", "804237.5"),
        ("1261011-01", "2024", "", ""),
    ]
    assert not text.startswith("\ufeff")


def test_polish_excel_csv_has_bom_semicolons_and_decimal_commas():
    data = write_csv(population().rows, polish=True)
    assert data.startswith("\ufeff".encode())
    frame = pd.read_csv(
        io.BytesIO(data),
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
        dtype={"kod jednostki": str},
    )
    assert frame.loc[3, "wartość"] == 804237.5
    assert b"804237,5" in data
    assert b"\r\n" in data


def test_polish_excel_csv_is_in_polish_and_the_plain_csv_keeps_machine_names():
    rows = [
        *population().rows,
        Row("PM10_D", "1261011", "Kraków", "2024-07-15", (), Decimal("40.8"), "estimated"),
    ]
    text = write_csv(rows, polish=True).decode("utf-8-sig")
    polish = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert polish[0] == [
        "wskaźnik",
        "kod jednostki",
        "nazwa jednostki",
        "okres",
        "sex",  # a dimension keeps its code, as indicators and territories do
        "wartość",
        "jednostka miary",
        "status wartości",
        "dolna granica przedziału ufności",
        "górna granica przedziału ufności",
        "uwagi",
        "źródło",
    ]
    assert [(r[3], r[5], r[7]) for r in polish[1:]] == [
        ("2023", "803282", "ostateczna"),
        ("2023", "425120", "ostateczna"),
        ("2023", "378162", "ostateczna"),
        ("2024", "804237,5", "wstępna"),
        ("2024", "", "brak danych"),
        ("15.07.2024", "40,8", "szacunkowa"),
    ]
    plain = list(csv.reader(io.StringIO(write_csv(rows).decode("utf-8"))))
    assert plain[0][:5] == ["indicator", "territory", "territory_name", "period", "sex"]
    assert plain[-1][3:8] == ["2024-07-15", "", "40.8", "", "estimated"]


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_spreadsheet_text_cells_that_look_like_formulas_are_made_inert(text):
    row = Row("X", "1261011", text, "2024", (), Decimal("-5"), "final", note=text)
    out = write_csv([row]).decode()
    record = next(csv.DictReader(io.StringIO(out)))
    assert record["territory_name"] == "'" + text
    assert record["note"] == "'" + text
    assert record["value"] == "-5"  # numbers are numbers, not text
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx([Dataset("X", "x", rows=[row])])))
    sheet = book["data"]
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["territory_name"] == "'" + text
    assert values["value"] == -5
    assert sheet.cell(2, header.index("territory_name") + 1).data_type == "s"


def test_xlsx_reads_back_with_openpyxl_with_equal_values():
    data = write_xlsx([population(), pm10()])
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book["data"].iter_rows(values_only=True))
    header = rows[0]
    values = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert [(v["indicator"], v["period"], v["sex"], v["value"]) for v in values] == [
        ("POP", "2023", None, 803282),  # an empty cell for "no such dimension"
        ("POP", "2023", "F", 425120),
        ("POP", "2023", "M", 378162),
        ("POP", "2024", None, 804237.5),
        ("POP", "2024", None, None),
        ("PM10_AVG", "2023", None, 30.1),
        ("PM10_AVG", "2024-H1", None, -1.5),
    ]
    meta = list(book["indicators"].iter_rows(values_only=True))
    assert meta[1][:4] == ("POP", "Liczba ludności", "Population", "osoby")


def test_jsonstat_reads_back_with_pyjstat_with_equal_values():
    data = write_jsonstat([population()])
    raw = json.loads(data)
    assert raw["version"] == "2.0"
    assert raw["class"] == "dataset"
    assert raw["id"] == ["territory", "period", "sex"]
    assert raw["size"] == [2, 2, 3]
    assert raw["dimension"]["sex"]["category"]["index"] == ["_T", "F", "M"]
    dataset = pyjstat.Dataset.read(data.decode("utf-8"))
    frame = dataset.write("dataframe", naming="id")
    got = {
        (r.territory, r.period, r.sex): r.value for r in frame.itertuples() if not pd.isna(r.value)
    }
    assert got == {
        ("1261011", "2023", "_T"): 803282,
        ("1261011", "2023", "F"): 425120,
        ("1261011", "2023", "M"): 378162,
        ("1261011", "2024", "_T"): 804237.5,
    }


def test_jsonstat_keeps_statuses_and_exact_decimal_text():
    raw = json.loads(write_jsonstat([population()]), parse_float=Decimal)
    # territory 1261011 (0), period 2024 (1), total (0): 0*6 + 1*3 + 0 = 3
    assert raw["value"][3] == Decimal("804237.5")
    assert raw["status"]["3"] == "P"
    # Stare Miasto 2024 total: 1*6 + 1*3 + 0 = 9, not available
    assert raw["value"][9] is None
    assert raw["status"]["9"] == "M"


def test_jsonstat_of_several_indicators_is_a_collection():
    raw = json.loads(write_jsonstat([population(), pm10()]))
    assert raw["class"] == "collection"
    assert [d["extension"]["indicator"] for d in raw["link"]["item"]] == ["POP", "PM10_AVG"]
    assert all(d["class"] == "dataset" for d in raw["link"]["item"])


def test_sdmx_csv_reads_back_with_pandas_with_equal_values():
    data = write_sdmx_csv([population()])
    frame = pd.read_csv(io.BytesIO(data), dtype={"REF_AREA": str, "TIME_PERIOD": str})
    assert list(frame.columns) == [
        "DATAFLOW",
        "REF_AREA",
        "TIME_PERIOD",
        "SEX",
        "OBS_VALUE",
        "UNIT_MEASURE",
        "OBS_STATUS",
        "LOWER_BOUND",
        "UPPER_BOUND",
        "COMMENT_OBS",
    ]
    assert set(frame["DATAFLOW"]) == {"STRADOM:DF_POP(1.0)"}
    assert list(
        zip(frame["SEX"], frame["OBS_VALUE"].fillna(-1), frame["OBS_STATUS"], strict=True)
    ) == [
        ("_T", 803282, "A"),
        ("F", 425120, "A"),
        ("M", 378162, "A"),
        ("_T", 804237.5, "P"),
        ("_T", -1, "M"),
    ]


def test_sdmx_csv_of_the_catalogue_marks_dimensions_that_do_not_apply():
    data = write_sdmx_csv([population(), pm10()])
    frame = pd.read_csv(io.BytesIO(data), dtype=str)
    assert set(frame["DATAFLOW"]) == {"STRADOM:DF_STRADOM(1.0)"}
    pm = frame[frame["INDICATOR"] == "PM10_AVG"]
    assert list(pm["SEX"]) == ["_Z", "_Z"]
    assert list(pm["TIME_PERIOD"]) == ["2023", "2024-S1"]
    assert list(pm["OBS_VALUE"]) == ["30.1", "-1.5"]
