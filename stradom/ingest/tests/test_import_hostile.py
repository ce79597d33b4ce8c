"""Hostile files through the whole importer: each is refused and the database is as before."""

from __future__ import annotations

import random
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from stradom.catalog.models import Indicator, Observation, ObservationChange
from stradom.catalog.services import ObservationInput, write_observations
from stradom.core.i18n import localize
from stradom.ingest.readers import ReadError
from stradom.ingest.services import import_file

HEADER = "indicator;territory;period;value;note\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def database(world=None) -> tuple[list, list]:
    """Everything the importer could touch, in a comparable form."""
    observations = list(
        Observation.objects.order_by("pk").values_list(
            "pk", "indicator_id", "territory_id", "period", "dimensions", "value", "status", "note"
        )
    )
    history = list(
        ObservationChange.objects.order_by("pk").values_list(
            "pk", "indicator_id", "period", "action", "old_value", "new_value", "reason"
        )
    )
    return observations, history


@pytest.fixture
def stored(world):
    """The world with a few values already stored, so 'as before' is not just 'empty'."""
    write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2019", Decimal("41.5")),
            ObservationInput("TRAM_SAT", "1261011", "2019", Decimal("77")),
            ObservationInput("POP", "1261011", "2019", Decimal("400000"), (("sex", "F"),)),
        ],
        actor=None,
        reason="set-up",
        channel="command",
    )
    world.before = database()
    return world


def write(tmp_path, content: str | bytes, name: str = "values.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def rejected(path, world, **kwargs):
    report = import_file(path, actor=world.admin, **kwargs)
    assert not report.ok
    assert (report.write.created, report.write.updated) == (0, 0)
    assert database() == world.before
    return [(p.line, p.field, localize(p.message)) for p in report.problems]


def refused(path, world, **kwargs) -> ReadError:
    with pytest.raises(ReadError) as caught:
        import_file(path, actor=world.admin, **kwargs)
    assert database() == world.before
    return caught.value


# -- whole-file problems ----------------------------------------------------------------------
def test_a_file_in_utf16_is_refused_with_advice_and_nothing_changes(tmp_path, stored):
    path = write(tmp_path, (HEADER + "PM10_AVG;1261011;2020;40;\n").encode("utf-16"))
    error = refused(path, stored)
    assert error.file == "values.csv"
    assert "save it as CSV in UTF-8" in str(error)


def test_a_file_that_switches_encoding_halfway_is_refused_naming_the_line(tmp_path, stored):
    data = (HEADER + "PM10_AVG;1261011;2020;40;Kraków\n").encode() + (
        "PM10_AVG;1261011;2021;39;Łódź\n".encode("cp1250")
    )
    error = refused(write(tmp_path, data), stored)
    assert (error.file, error.line) == ("values.csv", 3)
    assert "mixes two encodings" in str(error)


def test_binary_garbage_is_refused(tmp_path, stored):
    error = refused(write(tmp_path, random.Random(3).randbytes(5000) + b"\x00"), stored)
    assert "binary data" in str(error)


def test_an_empty_file_is_refused(tmp_path, stored):
    error = refused(write(tmp_path, b""), stored)
    assert error.file == "values.csv"


def test_a_file_with_only_a_header_is_refused(tmp_path, stored):
    error = refused(write(tmp_path, HEADER), stored)
    assert error.file == "values.csv"
    assert "no rows" in str(error) or "no data" in str(error)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, stored, settings):
    path = tmp_path / "big.csv"
    line = b"PM10_AVG;1261011;2020;40;" + b"x" * 100 + b"\n"
    with path.open("wb") as fh:
        fh.write(HEADER.encode())
        block = line * 10_000
        while fh.tell() < 100 * 2**20:
            fh.write(block)
    settings.STRADOM_IMPORT_MAX_BYTES = 50 * 2**20
    error = refused(path, stored)
    assert error.file == "big.csv"
    assert error.line is None
    assert "MB" in str(error) or "bytes" in str(error)


def test_a_file_over_the_row_limit_is_refused_at_the_first_row_too_many(tmp_path, stored, settings):
    rows = "".join(f"PM10_AVG;1261011;{year};40;\n" for year in range(2000, 2020))
    settings.STRADOM_IMPORT_MAX_ROWS = 10
    error = refused(write(tmp_path, HEADER + rows), stored)
    assert error.line == 12


def test_an_xlsx_zip_bomb_is_refused_before_it_is_opened(tmp_path, stored):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (300 * 2**20))
    assert path.stat().st_size < 2 * 2**20
    error = refused(path, stored)
    assert error.file == "bomb.xlsx"


# -- bad rows: every one listed, nothing written ---------------------------------------------
def test_an_unknown_indicator_is_reported_with_its_line_and_column(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2020;40;\nNO_SUCH;1261011;2020;1;\n"
    assert rejected(write(tmp_path, text), stored) == [
        (3, "indicator", "unknown indicator 'NO_SUCH'")
    ]


def test_an_unknown_territory_is_reported(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2020;40;\nPM10_AVG;9999999;2020;41;\n"
    assert rejected(write(tmp_path, text), stored) == [
        (3, "territory", "unknown territorial unit '9999999' (code)")
    ]


def test_a_malformed_period_is_reported(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2020;40;\nPM10_AVG;1261011;2020-13;41;\n"
    ((line, column, reason),) = rejected(write(tmp_path, text), stored)
    assert (line, column) == (3, "period")
    assert "2020-13" in reason


def test_a_year_with_rok_misabbreviated_is_refused_but_the_polish_form_is_read(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2020 r.;40;\nPM10_AVG;1261011;2021r;41;\n"
    assert rejected(write(tmp_path, text), stored) == [
        (
            3,
            "period",
            "'2021r' is not a period: write the year as 2021 or 2021 r. "
            "(the abbreviation of rok takes a full stop)",
        )
    ]
    good = HEADER + "PM10_AVG;1261011;2020 r.;40;\nPM10_AVG;1261011;2021r.;41;\n"
    report = import_file(write(tmp_path, good, "good.csv"), actor=stored.admin, dry_run=True)
    assert report.ok, report.problems
    assert [s["period"] for s in report.write.samples] == ["2020", "2021"]


def test_a_period_of_the_wrong_kind_is_reported(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2020-Q1;40;\n"
    ((line, column, reason),) = rejected(write(tmp_path, text), stored)
    assert (line, column) == (2, "period")
    assert "2020-Q1 is a different period" in reason


def test_a_non_numeric_value_is_reported(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2020;dużo;\nPM10_AVG;1261011;2021;40;\n"
    assert rejected(write(tmp_path, text), stored) == [(2, "value", "'dużo' is not a number")]


def test_decimal_commas_and_points_mixed_in_one_file_are_refused_naming_both_lines(
    tmp_path, stored
):
    text = (
        "indicator;territory;period;value\n"
        "PM10_AVG;1261011;2015;1.234,5\n"
        "PM10_AVG;1261011;2016;40\n"
        "PM10_AVG;1261011;2017;1,234.5\n"
    )
    ((line, column, reason),) = rejected(write(tmp_path, text), stored)
    assert (line, column) == (4, "value")
    assert "line 2" in reason
    assert "a file must use one way" in reason


def test_a_decimal_mark_stated_by_the_mapping_refuses_the_other_one(tmp_path, stored):
    mapping = write(tmp_path, "format: long\ndecimal: ','\n", name="m.yaml")
    text = (
        "indicator;territory;period;value\nPM10_AVG;1261011;2016;1,5\nPM10_AVG;1261011;2017;2.5\n"
    )
    ((line, column, _reason),) = rejected(write(tmp_path, text), stored, mapping_path=mapping)
    assert (line, column) == (3, "value")


def test_polish_thousands_and_decimal_comma_are_read_exactly(tmp_path, stored):
    text = "indicator;territory;period;value\nPOP;1261011;2020;1.234,5\n"
    # POP is disaggregated by sex but the total (no sex column) is a series of its own.
    report = import_file(write(tmp_path, text), actor=stored.admin, dry_run=True)
    assert report.ok, report.problems
    assert report.write.samples[0]["new"] == "1234.5"
    assert database() == stored.before


def test_a_row_repeated_in_the_file_is_reported_as_a_duplicate(tmp_path, stored):
    text = (
        HEADER + "PM10_AVG;1261011;2020;40;\nPM10_AVG;1261011;2021;39;\nPM10_AVG;1261011;2020;40;\n"
    )
    assert rejected(write(tmp_path, text), stored) == [
        (4, "period", "the same indicator, territory, period and disaggregation appear twice")
    ]


def test_a_value_breaking_a_validation_rule_is_reported(tmp_path, stored):
    text = HEADER + "TRAM_SAT;1261011;2020;80;\nTRAM_SAT;1261011;2021;150;\n"
    ((line, column, reason),) = rejected(write(tmp_path, text), stored)
    assert (line, column) == (3, "value")
    assert "150" in reason


def test_changing_a_stored_value_without_replace_is_reported(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2019;45;\n"
    assert rejected(write(tmp_path, text), stored) == [
        (
            2,
            "value",
            "41.5 is already stored for this period; to replace it with 45, "
            "say that you replace it and why",
        )
    ]


def test_every_bad_row_is_listed_not_just_the_first(tmp_path, stored):
    text = (
        HEADER
        + "NO_SUCH;1261011;2020;1;\n"
        + "PM10_AVG;9999999;2020;41;\n"
        + "PM10_AVG;1261011;2020;x;\n"
        + "PM10_AVG;1261011;2021;40;\n"
        + "TRAM_SAT;1261011;2020;-5;\n"
    )
    assert rejected(write(tmp_path, text), stored) == [
        (2, "indicator", "unknown indicator 'NO_SUCH'"),
        (3, "territory", "unknown territorial unit '9999999' (code)"),
        (
            4,
            "value",
            "'x' is not a number; if it means 'no data' in this file, list it under "
            "'missing' in the mapping",
        ),
        # Numbers in messages as the pages write them: a true minus sign.
        (6, "value", "value −5 is below the allowed minimum 0"),
    ]


def test_a_value_the_user_may_not_enter_is_reported(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2020;40;\nTRAM_SAT;1261011;2020;80;\n"
    report = import_file(write(tmp_path, text), actor=stored.provider)
    assert [(p.line, p.field, localize(p.message)) for p in report.problems] == [
        (3, "indicator", "you may not enter values of indicator TRAM_SAT")
    ]
    assert database() == stored.before


def test_a_long_file_with_one_bad_row_at_the_very_end_writes_nothing(tmp_path, stored):
    Indicator.objects.create(code="DAILY", name_pl="Dzienny", unit="-", frequency="D")
    from datetime import date, timedelta

    first = date(1970, 1, 1)
    places = ["1261011", "1261011-01", "1261011-02"]
    with (tmp_path / "long.csv").open("w", encoding="utf-8") as fh:
        fh.write("indicator;territory;period;value\n")
        for place in places:
            for n in range(10_000):
                fh.write(f"DAILY;{place};{first + timedelta(days=n)};{n % 97}\n")
        fh.write("DAILY;1261011;1970-01-01;5\n")
    problems = rejected(tmp_path / "long.csv", stored)
    assert problems == [
        (30_002, "period", "the same indicator, territory, period and disaggregation appear twice")
    ]


# -- formula-like cells ------------------------------------------------------------------------
def test_a_formula_like_note_is_stored_as_text_and_never_evaluated(tmp_path, stored):
    text = HEADER + 'PM10_AVG;1261011;2020;40;"=HYPERLINK(""http://evil"",""x"")"\n'
    report = import_file(write(tmp_path, text), actor=stored.admin)
    assert report.ok, report.problems
    obs = Observation.objects.get(indicator__code="PM10_AVG", period="2020")
    assert obs.note == '=HYPERLINK("http://evil","x")'
    assert obs.value == Decimal(40)


def test_a_formula_like_value_is_refused(tmp_path, stored):
    text = HEADER + "PM10_AVG;1261011;2020;=1+2;\n"
    assert rejected(write(tmp_path, text), stored) == [
        (2, "value", "'=1+2' looks like a spreadsheet formula, not a number")
    ]


def test_a_formula_in_a_workbook_is_neither_evaluated_nor_stored_as_a_value(tmp_path, stored):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "territory", "period", "value", "note"])
    sheet.append(["PM10_AVG", "1261011", 2020, "=2+2", "x"])
    path = tmp_path / "values.xlsx"
    workbook.save(path)
    ((line, column, reason),) = rejected(path, stored)
    assert (line, column) == (2, "value")
    assert reason.startswith("the value is empty")
