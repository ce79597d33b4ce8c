from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from stradom.catalog.models import Observation
from stradom.surveys.models import Respondent, SubjectiveIndicator
from stradom.surveys.tests import factories as f


@pytest.mark.usefixtures("english")
def test_import_then_compute_from_the_command_line(world, tmp_path):
    survey = f.questionnaire(world)
    f.wave(survey)
    SubjectiveIndicator.objects.create(
        indicator=world.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    path = f.write_csv(tmp_path / "fala.csv", f.microdata(n=200, small_district_n=10))
    out = StringIO()
    call_command("surveys", "import", "jz-2024", str(path), stdout=out)
    assert out.getvalue().strip() == "200 respondents imported into wave jz-2024 (weighted)."
    out = StringIO()
    call_command("surveys", "compute", "jz-2024", "--format", "json", stdout=out)
    result = json.loads(out.getvalue())
    assert (result["estimates"], result["suppressed"]) == (2, 1)
    assert result["write"]["created"] == 3
    assert Observation.objects.filter(indicator=world.trams).count() == 3


@pytest.mark.usefixtures("english")
def test_import_with_a_bad_row_lists_it_and_stores_nothing(world, tmp_path):
    f.wave(f.questionnaire(world))
    rows = f.microdata(n=5)
    rows[1][5] = 6
    path = f.write_csv(tmp_path / "zle.csv", rows)
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 problem; nothing was imported"):
        call_command("surveys", "import", "jz-2024", str(path), stderr=err)
    assert err.getvalue().strip() == (
        "zle.csv: line 3, column 'TRANSPORT': 6 is outside the scale 1–5 of question "
        "TRANSPORT (don't-know codes: 9)"
    )
    assert Respondent.objects.count() == 0


def test_import_with_a_mapping_file(world, tmp_path):
    f.wave(f.questionnaire(world))
    header = ["nr", "w", "dz", "m1", "m2", "p1", "p2"]
    path = f.write_csv(tmp_path / "a.csv", f.microdata(n=4), header=header)
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "columns: {row_id: nr, weight: w, district: dz, sex: m1, age_group: m2}\n"
        "questions: {TRANSPORT: p1, RECOMMEND: p2}\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("surveys", "import", "jz-2024", str(path), "--mapping", str(mapping), stdout=out)
    assert Respondent.objects.count() == 4


@pytest.mark.usefixtures("english")
def test_unknown_wave_is_an_error(world):
    with pytest.raises(CommandError, match="No wave with code nope"):
        call_command("surveys", "compute", "nope")


def test_import_refusal_counts_problems_with_polish_plural_forms(world, tmp_path):
    f.wave(f.questionnaire(world))
    rows = f.microdata(n=8)
    for i in (1, 2, 3):
        rows[i][5] = 6
    path = f.write_csv(tmp_path / "zle.csv", rows)
    with pytest.raises(CommandError) as refused:
        call_command("surveys", "import", "jz-2024", str(path), stderr=StringIO())
    assert str(refused.value) == "3 problemy; niczego nie zaimportowano"
    rows[1][5] = rows[2][5] = 1
    path = f.write_csv(tmp_path / "zle.csv", rows)
    with pytest.raises(CommandError) as refused:
        call_command("surveys", "import", "jz-2024", str(path), stderr=StringIO())
    assert str(refused.value) == "1 problem; niczego nie zaimportowano"
    assert Respondent.objects.count() == 0


def test_import_and_compute_speak_polish_by_default(world, tmp_path):
    from stradom.catalog.models import ObservationChange

    survey = f.questionnaire(world)
    f.wave(survey)
    SubjectiveIndicator.objects.create(
        indicator=world.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    path = f.write_csv(tmp_path / "fala.csv", f.microdata(n=200, small_district_n=10))
    out = StringIO()
    call_command("surveys", "import", "jz-2024", str(path), stdout=out)
    assert out.getvalue().strip() == "Zaimportowano 200 respondentów do edycji jz-2024 (z wagami)."
    err = StringIO()
    with pytest.raises(CommandError, match="^niczego nie zapisano$"):
        call_command("surveys", "compute", "jz-2024", "--indicator", "NOPE", stderr=err)
    assert err.getvalue().strip() == "wskaźniki bez definicji ankietowej: NOPE"
    assert Observation.objects.count() == 0
    out = StringIO()
    call_command("surveys", "compute", "jz-2024", stdout=out)
    assert out.getvalue().strip() == (
        "Edycja jz-2024: zapisane oszacowania – 2, utajnione (zbyt mała liczebność) – 1; "
        "wskaźniki: TRAM_SAT."
    )
    reasons = set(ObservationChange.objects.values_list("reason", flat=True))
    assert reasons == {"oszacowania z edycji badania jz-2024"}
