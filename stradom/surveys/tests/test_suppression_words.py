"""A suppressed survey estimate is stored without words; the indicator page, the open data
files and the API say it in the reader's language, from the estimate's provenance. An
English note stored by an earlier version is never shown, and recomputing the wave
clears it through the write path, with history."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from stradom.catalog.models import Observation, ObservationChange
from stradom.catalog.services import ObservationInput, write_observations
from stradom.surveys.models import SubjectiveIndicator
from stradom.surveys.queries import note_shown
from stradom.surveys.services import compute_wave, import_microdata
from stradom.surveys.tests import factories as f

PL = "utajnione (mniej niż 30 respondentów)"
EN = "suppressed (fewer than 30 respondents)"


@pytest.fixture
def wave(world, tmp_path):
    """Wave 2024 computed: district 01 (20 respondents) is suppressed."""
    survey = f.questionnaire(world)
    wave = f.wave(survey)
    rows = f.microdata(n=400, small_district_n=20)
    assert import_microdata(wave, f.write_csv(tmp_path / "fala.csv", rows), actor=None).ok
    SubjectiveIndicator.objects.create(
        indicator=world.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    world.trams.publication_status = "published"
    world.trams.save()
    assert compute_wave(wave, actor=world.admin).ok
    return wave


def _small(world) -> Observation:
    return Observation.objects.get(indicator=world.trams, territory=world.district1, dimensions="")


def _series_cell(html: str) -> str:
    table = html[html.index('id="table-series"') :]
    return table[: table.index("</table>")]


def test_polish_indicator_page_says_suppressed_in_polish(client, world, wave):
    html = client.get(f"/indicators/TRAM_SAT/?territory={world.district1.code}").content.decode()
    assert PL in _series_cell(html)
    assert "suppressed" not in html


def test_english_indicator_page_says_suppressed_in_english(client, world, wave, english):
    html = client.get(f"/en/indicators/TRAM_SAT/?territory={world.district1.code}").content.decode()
    assert EN in _series_cell(html)
    assert "utajnione" not in html


def _csv_notes(body: bytes, delimiter: str) -> dict[tuple[str, str], str]:
    """(territory, period) → note, in a CSV export (the indicator has no disaggregation);
    the Polish-Excel file (``;``) has Polish headers."""
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter)
    names = (
        ("kod jednostki", "okres", "uwagi") if delimiter == ";" else ("territory", "period", "note")
    )
    return {(r[names[0]], r[names[1]]): r[names[2]] for r in reader}


def test_polish_csv_export_says_suppressed_in_polish(client, world, wave):
    response = client.get("/api/exports/indicators/TRAM_SAT/csv-pl", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 200
    notes = _csv_notes(response.content, ";")
    assert notes == {
        (world.city.code, "2024"): "",
        (world.district1.code, "2024"): PL,
        (world.district2.code, "2024"): "",
    }


def test_english_csv_export_says_suppressed_in_english(client, world, wave):
    response = client.get("/api/exports/indicators/TRAM_SAT/csv", HTTP_ACCEPT_LANGUAGE="en")
    assert _csv_notes(response.content, ",")[(world.district1.code, "2024")] == EN


@pytest.mark.parametrize(("language", "words"), [("pl", PL), ("en", EN)])
def test_xlsx_export_says_suppressed_in_the_readers_language(client, world, wave, language, words):
    response = client.get("/api/exports/indicators/TRAM_SAT/xlsx", HTTP_ACCEPT_LANGUAGE=language)
    sheet = load_workbook(io.BytesIO(response.content), read_only=True)["data"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    column = {name: i for i, name in enumerate(header)}
    notes = {r[column["territory"]]: r[column["note"]] for r in rows}
    assert notes == {world.city.code: None, world.district1.code: words, world.district2.code: None}


@pytest.mark.parametrize(("language", "words"), [("pl", PL), ("en", EN)])
def test_api_observations_say_suppressed_in_the_readers_language(
    client, world, wave, language, words
):
    query = {"indicator": "TRAM_SAT", "territory": world.district1.code, "dimensions": ""}
    body = client.get("/api/observations", query, HTTP_ACCEPT_LANGUAGE=language).json()
    assert [(o["value"], o["status"], o["note"]) for o in body["items"]] == [
        (None, "not_available", words)
    ]
    text = client.get("/api/observations.csv", query, HTTP_ACCEPT_LANGUAGE=language).content
    assert _csv_notes(text, ",") == {(world.district1.code, "2024"): words}


def test_recomputing_clears_the_english_note_an_earlier_version_stored(client, world, wave):
    small = _small(world)
    old_note = f"suppressed: base n={small.base_n} < 30"
    # The estimate as the earlier version wrote it: the same, with an English note.
    written = write_observations(
        [
            ObservationInput(
                "TRAM_SAT",
                world.district1.code,
                "2024",
                None,
                status=small.status,
                base_n=small.base_n,
                note=old_note,
                source=small.source,
                provenance=small.provenance,
            )
        ],
        actor=None,
        reason="estimates of an earlier version",
        channel="survey",
        replace=True,
    )
    assert written.ok and written.updated == 1
    # Until recomputed, it is stored but not shown: the reader gets their own language.
    query = {"indicator": "TRAM_SAT", "territory": world.district1.code, "dimensions": ""}
    body = client.get("/api/observations", query, HTTP_ACCEPT_LANGUAGE="pl").json()
    assert [o["note"] for o in body["items"]] == [PL]

    report = compute_wave(wave, actor=world.admin, reason="recomputed")
    assert report.ok
    assert (report.write.updated, report.suppressed) == (1, 1)
    assert _small(world).note == ""
    change = ObservationChange.objects.filter(
        indicator=world.trams, territory=world.district1, dimensions="", reason="recomputed"
    ).get()
    assert (change.action, change.channel, change.user) == ("updated", "survey", world.admin)
    assert (change.old["note"], change.new["note"]) == (old_note, "")


def test_the_words_come_from_the_provenance_with_any_other_note_after_them():
    assert note_shown("", True, 30) == PL
    assert note_shown("suppressed: base n=12 < 30", True, 30) == PL
    assert note_shown("dane wstępne", True, 50) == (
        "utajnione (mniej niż 50 respondentów); dane wstępne"
    )
    assert note_shown("", True, None) == "utajnione (zbyt mała liczebność)"
    # A published estimate, or a value not from a survey, keeps its own note.
    assert note_shown("pomiar zimowy", False, 30) == "pomiar zimowy"
    assert note_shown("pomiar zimowy", None, None) == "pomiar zimowy"
