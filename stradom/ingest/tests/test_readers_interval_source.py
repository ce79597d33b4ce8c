"""A confidence interval and a source in a file of values: read in long form (Polish or
English column names, either decimal mark, CSV and XLSX), stored through the importer,
a bad bound refused with its line and column; a wide table cannot carry an interval."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from stradom.catalog.models import Observation, ObservationChange
from stradom.ingest.readers import Limits, ReadError, mapping_from_dict, open_source
from stradom.ingest.services import import_file


def write(tmp_path, text: str, name: str = "data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def records(path, mapping: dict | None = None):
    with open_source(
        path, mapping_from_dict(mapping) if mapping else None, limits=Limits()
    ) as source:
        return source.info, list(source.records())


@pytest.mark.parametrize(
    "text",
    [
        "wskaźnik;kod jednostki;okres;wartość;dolna granica przedziału ufności;"
        "górna granica przedziału ufności;źródło\nPOP;1261011;2024;425,5;420,25;430;GUS\n",
        "indicator,territory,period,value,ci_low,ci_high,source\n"
        "POP,1261011,2024,425.5,420.25,430,GUS\n",
    ],
)
def test_interval_and_source_are_read_in_polish_and_english(tmp_path, text):
    info, [record] = records(write(tmp_path, text))
    assert (record.value, record.ci_low, record.ci_high, record.source) == (
        Decimal("425.5"),
        Decimal("420.25"),
        Decimal("430"),
        "GUS",
    )
    assert record.errors == ()


def test_an_empty_bound_is_no_bound(tmp_path):
    _info, [record] = records(
        write(tmp_path, "indicator;territory;period;value;ci_low\nA;1;2024;5;\n")
    )
    assert (record.value, record.ci_low, record.ci_high, record.errors) == (
        Decimal(5),
        None,
        None,
        (),
    )


def test_a_bound_that_is_not_a_number_is_a_row_error_at_its_column(tmp_path):
    text = "indicator;territory;period;value;ci_low;ci_high\nA;1;2024;5;4;pięć\n"
    _info, [record] = records(write(tmp_path, text))
    assert [(e.line, e.column) for e in record.errors] == [(2, "ci_high")]


def test_a_mapping_may_name_the_interval_columns(tmp_path):
    text = "kod;jst;rok;wartosc;od;do\nA;1;2024;5;4;6\n"
    mapping = {
        "columns": {
            "kod": "indicator",
            "jst": "territory",
            "rok": "period",
            "wartosc": "value",
            "od": "ci_low",
            "do": "ci_high",
        }
    }
    _info, [record] = records(write(tmp_path, text), mapping)
    assert (record.ci_low, record.ci_high) == (Decimal(4), Decimal(6))


def test_a_wide_table_with_an_interval_column_is_refused(tmp_path):
    text = "indicator;territory;ci_low;2023;2024\nA;1;4;5;6\n"
    with pytest.raises(ReadError) as caught:
        records(write(tmp_path, text))
    assert "a wide table has a value for each period" in str(caught.value)
    assert "'ci_low'" in str(caught.value)


def test_xlsx_numbers_in_the_interval_columns_are_read_exactly(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator", "territory", "period", "value", "ci_low", "ci_high", "source"])
    sheet.append(["POP", "1261011", "2024", 425.5, 420.25, 430, "GUS"])
    path = tmp_path / "values.xlsx"
    book.save(path)
    _info, [record] = records(path)
    assert (record.value, record.ci_low, record.ci_high, record.source) == (
        Decimal("425.5"),
        Decimal("420.25"),
        Decimal("430"),
        "GUS",
    )


def test_the_importer_stores_the_interval_and_the_source(tmp_path, world):
    text = (
        "indicator;territory;period;value;ci_low;ci_high;source\n"
        "POP;1261011;2024;425,5;420;430;GUS\n"
    )
    report = import_file(write(tmp_path, text), actor=world.admin, reason="test")
    assert report.ok, [str(p) for p in report.problems]
    obs = Observation.objects.get()
    assert (obs.value, obs.ci_low, obs.ci_high, obs.source) == (
        Decimal("425.5"),
        Decimal("420"),
        Decimal("430"),
        "GUS",
    )


def test_a_bad_bound_rejects_the_whole_file(tmp_path, world):
    text = (
        "indicator;territory;period;value;ci_low;ci_high\n"
        "POP;1261011;2023;400;390;410\n"
        "POP;1261011;2024;425;cztery;430\n"
    )
    report = import_file(write(tmp_path, text), actor=world.admin, reason="test")
    assert [(p.line, p.field) for p in report.problems] == [(3, "ci_low")]
    assert (Observation.objects.count(), ObservationChange.objects.count()) == (0, 0)
