from __future__ import annotations

from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pyreadstat
import pytest

from stradom.surveys.microdata import column_mapping_from_dict
from stradom.surveys.models import Respondent, Wave
from stradom.surveys.services import MicrodataRefused, import_microdata
from stradom.surveys.tests import factories as f


@pytest.fixture
def survey(world):
    return f.questionnaire(world)


def test_csv_with_polish_headers_and_decimal_comma_is_imported(world, survey, tmp_path):
    w = f.wave(survey)
    path = f.write_csv(tmp_path / "fala.csv", f.microdata(n=50))
    report = import_microdata(w, path, actor=world.analyst)
    assert report.ok, [str(p) for p in report.problems]
    assert report.respondents == 50
    assert report.container == "csv"
    assert report.questions == ["TRANSPORT", "RECOMMEND"]
    w.refresh_from_db()
    assert w.sample_size == 50
    assert w.source_file == "fala.csv"
    assert w.imported_by == world.analyst
    first = Respondent.objects.get(wave=w, row_id="R0001")
    assert first.territory == world.district1
    assert first.weight in (Decimal("0.75"), Decimal("1.5"))
    assert first.sex in ("F", "M")
    assert set(first.answers) == {"TRANSPORT", "RECOMMEND"}


def test_answers_outside_the_scale_are_reported_by_row_and_nothing_is_stored(
    world, survey, tmp_path
):
    w = f.wave(survey)
    rows = f.microdata(n=10)
    rows[2][5] = 7  # TRANSPORT is 1–5 with 9 = don't know
    rows[6][6] = 11  # RECOMMEND is 0–10
    rows[8][2] = "Nowa Huta Wschodnia"  # not a district of the test city
    rows[9][1] = "0"  # weight must be positive
    path = f.write_csv(tmp_path / "zle.csv", rows)
    report = import_microdata(w, path, actor=world.analyst)
    assert [str(p) for p in report.problems] == [
        "line 4, column 'TRANSPORT': 7 is outside the scale 1–5 of question TRANSPORT "
        "(don't-know codes: 9)",
        "line 8, column 'RECOMMEND': 11 is outside the scale 0–10 of question RECOMMEND "
        "(don't-know codes: —)",
        "line 10, column 'dzielnica': 'Nowa Huta Wschodnia' is not a district of Kraków",
        "line 11, column 'waga': the weight 0 is not positive",
    ]
    assert Respondent.objects.count() == 0
    w.refresh_from_db()
    assert w.sample_size is None


def test_a_second_import_needs_replace_and_then_replaces_everything(world, survey, tmp_path):
    w = f.wave(survey)
    import_microdata(w, f.write_csv(tmp_path / "a.csv", f.microdata(n=30)), actor=None)
    again = import_microdata(w, f.write_csv(tmp_path / "b.csv", f.microdata(n=12)), actor=None)
    assert [str(p) for p in again.problems] == [
        "wave jz-2024 already holds 30 respondents; say that you replace them (--replace)"
    ]
    assert Respondent.objects.filter(wave=w).count() == 30
    replaced = import_microdata(w, tmp_path / "b.csv", actor=None, replace=True)
    assert (replaced.respondents, replaced.replaced) == (12, 30)
    assert Respondent.objects.filter(wave=w).count() == 12


def test_repeated_respondent_ids_are_refused(world, survey, tmp_path):
    rows = f.microdata(n=5)
    rows[3][0] = rows[1][0]
    report = import_microdata(
        f.wave(survey), f.write_csv(tmp_path / "d.csv", rows), actor=world.admin
    )
    assert [str(p) for p in report.problems] == [
        "line 5, column 'id': respondent R0002 appears twice (first on line 3)"
    ]
    assert Respondent.objects.count() == 0


def test_xlsx_with_a_mapping_is_imported(world, survey, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Dane"
    sheet.append(["nr", "w_kal", "dz", "m1", "m2", "p12", "p30"])
    for row in f.microdata(n=8):
        sheet.append(row)
    path = tmp_path / "fala.xlsx"
    workbook.save(path)
    mapping = column_mapping_from_dict(
        {
            "columns": {"row_id": "nr", "weight": "w_kal", "district": "dz", "sex": "m1"},
            "questions": {"TRANSPORT": "p12", "RECOMMEND": "p30"},
            "sheet": "Dane",
        }
    )
    report = import_microdata(f.wave(survey), path, actor=world.analyst, mapping=mapping)
    assert report.ok, [str(p) for p in report.problems]
    assert report.container == "xlsx"
    assert report.respondents == 8
    assert report.ignored_columns == ["m2"]
    assert Respondent.objects.filter(age_group="").count() == 8


def test_spss_file_with_value_labels_is_imported(world, survey, tmp_path):
    rows = f.microdata(n=40)
    frame = pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "waga": [r[1] for r in rows],
            # Districts and sex coded as numbers, their names in SPSS value labels.
            "dzielnica": [1.0 if r[2].endswith("01") else 2.0 for r in rows],
            "plec": [1.0 if r[3] == "K" else 2.0 for r in rows],
            "wiek": [r[4] for r in rows],
            "TRANSPORT": [float(r[5]) for r in rows],
            "RECOMMEND": [float(r[6]) for r in rows],
        }
    )
    frame.loc[5, "RECOMMEND"] = np.nan  # not asked: system-missing
    path = tmp_path / "fala.sav"
    pyreadstat.write_sav(
        frame,
        path,
        variable_value_labels={
            "dzielnica": {1: "Stare Miasto", 2: "Grzegórzki"},
            "plec": {1: "kobieta", 2: "mężczyzna"},
            "TRANSPORT": {1: "bardzo źle", 5: "bardzo dobrze", 9: "trudno powiedzieć"},
        },
        missing_ranges={"TRANSPORT": [9]},  # 9 is user-missing in SPSS: kept as code 9
    )
    report = import_microdata(f.wave(survey), path, actor=world.analyst)
    assert report.ok, [str(p) for p in report.problems]
    assert report.container == "sav"
    assert report.respondents == 40
    stored = {r.row_id: r for r in Respondent.objects.all()}
    for row in rows:
        r = stored[row[0]]
        assert r.territory.code == row[2]
        assert r.sex == ("F" if row[3] == "K" else "M")
        assert r.age_group == row[4]
        assert r.answers["TRANSPORT"] == row[5]
    assert stored["R0006"].answers["RECOMMEND"] is None
    assert sum(1 for r in stored.values() if r.answers["TRANSPORT"] == 9) == sum(
        1 for row in rows if row[5] == 9
    )


def test_spss_answer_outside_the_scale_is_reported_with_its_case_number(world, survey, tmp_path):
    frame = pd.DataFrame({"id": ["a", "b", "c"], "TRANSPORT": [1.0, 6.0, 2.5]})
    path = tmp_path / "zle.sav"
    pyreadstat.write_sav(frame, path)
    report = import_microdata(f.wave(survey), path, actor=world.analyst)
    assert [str(p) for p in report.problems] == [
        "line 2, column 'TRANSPORT': 6 is outside the scale 1–5 of question TRANSPORT "
        "(don't-know codes: 9)",
        "line 3, column 'TRANSPORT': 2.5 is not a whole-number answer code",
    ]
    assert Respondent.objects.count() == 0


def test_a_coordinator_may_not_import_microdata(world, survey, tmp_path):
    path = f.write_csv(tmp_path / "a.csv", f.microdata(n=5))
    with pytest.raises(MicrodataRefused):
        import_microdata(f.wave(survey), path, actor=world.transport_coordinator)
    assert Respondent.objects.count() == 0
    assert Wave.objects.get().imported_at is None


def test_a_file_without_any_question_is_refused(world, survey, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("id;waga\n1;1\n", encoding="utf-8")
    report = import_microdata(f.wave(survey), path, actor=None)
    assert [str(p) for p in report.problems] == [
        "the file has none of the questionnaire's questions (TRANSPORT, RECOMMEND)"
    ]


def test_unknown_sex_and_missing_weight_are_reported(world, survey, tmp_path):
    rows = f.microdata(n=4)
    rows[0][3] = "X"
    rows[2][1] = ""
    report = import_microdata(
        f.wave(survey), f.write_csv(tmp_path / "s.csv", rows), actor=world.analyst
    )
    assert [str(p) for p in report.problems] == [
        "line 2, column 'płeć': 'X' is not a known sex; map it to F or M in sex_codes",
        "line 4, column 'waga': the weight is missing",
    ]
    assert Respondent.objects.count() == 0


def test_a_mapping_naming_a_column_the_file_lacks_is_refused(world, survey, tmp_path):
    mapping = column_mapping_from_dict({"columns": {"weight": "waga_kalibracyjna"}})
    path = f.write_csv(tmp_path / "a.csv", f.microdata(n=3))
    report = import_microdata(f.wave(survey), path, actor=None, mapping=mapping)
    assert [str(p) for p in report.problems] == [
        "the mapping names a column 'waga_kalibracyjna' that the file does not have"
    ]


def test_a_file_over_the_row_limit_is_refused_whole(world, survey, tmp_path):
    from stradom.ingest.readers import Limits

    path = f.write_csv(tmp_path / "a.csv", f.microdata(n=5))
    report = import_microdata(f.wave(survey), path, actor=None, limits=Limits(max_rows=3))
    assert [str(p) for p in report.problems] == ["line 5: the file has more than 3 rows, the limit"]
    assert Respondent.objects.count() == 0


def test_two_columns_that_could_be_the_weight_must_be_told_apart(world, survey, tmp_path):
    path = tmp_path / "w.csv"
    path.write_text("id;waga;weight;TRANSPORT\n1;1;2;4\n", encoding="utf-8")
    report = import_microdata(f.wave(survey), path, actor=None)
    assert [str(p) for p in report.problems] == [
        "the columns 'waga', 'weight' could each be the weight; name the right one in the mapping"
    ]
    mapping = column_mapping_from_dict({"columns": {"weight": "weight"}})
    report = import_microdata(Wave.objects.get(), path, actor=None, mapping=mapping)
    assert report.ok
    assert Respondent.objects.get().weight == 2
