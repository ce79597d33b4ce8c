"""A computed value that is missing or only an estimate is stored without words: why is
kept in its provenance and the API and the open data files say it in the reader's
language. An English note stored by an earlier version is not shown, and recomputing
the indicator clears it through the write path, with history."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from stradom.catalog.models import Indicator, Observation, ObservationChange
from stradom.catalog.notes import note_shown
from stradom.catalog.services import ObservationInput, set_computation, write_observations
from stradom.catalog.services.computed import recompute_indicator

CITY = "1261011"


def put(code, period, value, status="final"):
    report = write_observations(
        [ObservationInput(code, CITY, period, value, status=status)],
        actor=None,
        reason="test",
        channel="command",
        replace=True,
    )
    assert report.ok, report.problems


def published(code, **fields) -> Indicator:
    indicator, _created = Indicator.objects.update_or_create(
        code=code, defaults={"name_pl": code, "publication_status": "published", **fields}
    )
    return indicator


@pytest.fixture
def rate(world):
    rate = published("BIRTH_RATE")
    set_computation(
        rate, formula="[BIRTHS] / [POP] * 1000", actor=None, reason="definicja wskaźnika"
    )
    published("BIRTHS")
    published("POP")
    return rate


@pytest.fixture
def pm10(world):
    daily = published("PM10_DAILY", frequency="D")
    mean = published("PM10_MEAN")
    set_computation(
        mean,
        aggregation_source=daily,
        aggregation={"function": "mean", "min_coverage": "0.9"},
        actor=None,
        reason="definicja wskaźnika",
    )
    rows = [
        ObservationInput("PM10_DAILY", CITY, f"2020-01-{d:02d}", Decimal(v))
        for d, v in ((1, "40"), (2, "60"), (3, "80"))
    ]
    assert write_observations(rows, actor=None, reason="t", channel="import").ok
    return mean


def api_notes(client, code, language) -> tuple[list, list]:
    """The notes of ``code``'s observations in the API's JSON and CSV."""
    query = {"indicator": code}
    body = client.get("/api/observations", query, HTTP_ACCEPT_LANGUAGE=language).json()
    text = client.get("/api/observations.csv", query, HTTP_ACCEPT_LANGUAGE=language).content
    rows = csv.DictReader(io.StringIO(text.decode("utf-8-sig")))
    return [o["note"] for o in body["items"]], [r["note"] for r in rows]


def stored(code) -> Observation:
    return Observation.objects.get(indicator__code=code)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pl", "dzielenie przez zero w wyrażeniu [BIRTHS] / [POP]: [POP] ma wartość 0"),
        ("en", "division by zero in [BIRTHS] / [POP]: [POP] is 0"),
    ],
)
def test_a_formula_error_is_said_in_the_readers_language(client, rate, language, words):
    put("POP", "2019", Decimal(0))
    put("BIRTHS", "2019", Decimal(5))

    obs = stored("BIRTH_RATE")
    assert (obs.value, obs.status, obs.note) == (None, "not_available", "")
    assert api_notes(client, "BIRTH_RATE", language) == ([words], [words])


@pytest.mark.parametrize(
    ("language", "words"),
    [("pl", "jedna z danych wejściowych jest niedostępna"), ("en", "an input is not available")],
)
def test_a_missing_input_is_said_in_the_readers_language(client, rate, language, words):
    put("POP", "2019", Decimal(779115))
    put("BIRTHS", "2019", None, status="not_available")

    assert stored("BIRTH_RATE").note == ""
    assert api_notes(client, "BIRTH_RATE", language) == ([words], [words])


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pl", "niepełne: 3 z 366 wartości źródłowych (1%)"),
        ("en", "incomplete: 3 of 366 source values (1%)"),
    ],
)
def test_an_incomplete_aggregate_is_said_in_the_readers_language(client, pm10, language, words):
    obs = stored("PM10_MEAN")
    assert (obs.value, obs.status, obs.note) == (Decimal(60), "estimated", "")
    assert api_notes(client, "PM10_MEAN", language) == ([words], [words])


def test_recomputing_clears_the_english_note_an_earlier_version_stored(client, pm10):
    obs = stored("PM10_MEAN")
    old_note = "incomplete: 3 of 366 source values (1%)"
    old_provenance = {k: v for k, v in obs.provenance.items() if k != "incomplete"}
    written = write_observations(
        [
            ObservationInput(
                "PM10_MEAN",
                CITY,
                "2020",
                obs.value,
                status=obs.status,
                note=old_note,
                source=obs.source,
                provenance=old_provenance,
            )
        ],
        actor=None,
        reason="values of an earlier version",
        channel="computed",
        replace=True,
    )
    assert written.ok and written.updated == 1
    # Until recomputed, the stored English note is not shown: the reader's words are.
    assert api_notes(client, "PM10_MEAN", "pl")[0] == ["niepełne: 3 z 366 wartości źródłowych (1%)"]

    assert recompute_indicator(pm10) == 1
    assert stored("PM10_MEAN").note == ""
    change = ObservationChange.objects.filter(indicator=pm10).latest("pk")
    assert (change.action, change.channel) == ("updated", "computed")
    assert (change.old["note"], change.new["note"]) == (old_note, "")


def test_the_words_come_from_the_provenance_with_any_other_note_after_them():
    assert note_shown("", unavailable="input") == "jedna z danych wejściowych jest niedostępna"
    assert note_shown("an input is not available") == (
        "jedna z danych wejściowych jest niedostępna"
    )
    assert note_shown("", incomplete=True, n=1, expected=1) == (
        "niepełne: 1 z 1 wartości źródłowej (100%)"
    )
    assert note_shown("pomiar zimowy", incomplete=True, n=2, expected=4) == (
        "niepełne: 2 z 4 wartości źródłowych (50%); pomiar zimowy"
    )
    # A complete aggregate, or a value typed in, keeps its own note.
    assert note_shown("pomiar zimowy", None, None, None, None, 366, 366) == "pomiar zimowy"
    assert note_shown("pomiar zimowy") == "pomiar zimowy"
