"""An indicator estimated from a survey: the page keeps non-comparable waves apart and
says why, shows intervals and bases, and says in words which districts were suppressed."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from stradom.catalog.services import ObservationInput, write_observations
from stradom.strategy.models import Goal, GoalIndicator, Strategy
from stradom.surveys.models import SubjectiveIndicator
from stradom.surveys.tests import factories as f

NOTE = "zmiana metody (CAWI zamiast CAPI)."
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[19.9, 50.0], [20.0, 50.0], [20.0, 50.1], [19.9, 50.0]]],
}
CITY = {  # period: value, interval, base
    "2021": ("40.0", "36.1", "44.0", 410),
    "2022": ("45.0", "41.2", "48.9", 405),
    "2024": ("60.0", "56.3", "63.6", 398),
    "2025": ("58.0", "54.1", "61.8", 402),
}


def _survey_provenance(min_base=30, suppressed=False):
    return {"survey": "jz", "min_base": min_base, "suppressed": suppressed}


@pytest.fixture
def survey_world(world):
    survey = f.questionnaire(world)
    f.wave(survey, 2021)
    f.wave(survey, 2022)
    f.wave(survey, 2024, comparable_with_previous=False, comparability_note=NOTE)
    f.wave(survey, 2025)
    SubjectiveIndicator.objects.create(
        indicator=world.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    world.trams.publication_status = "published"
    world.trams.save()
    for d in (world.district1, world.district2):
        d.geometry = SQUARE
        d.save()
    rows = [
        ObservationInput(
            "TRAM_SAT",
            world.city.code,
            year,
            Decimal(v),
            ci_low=Decimal(lo),
            ci_high=Decimal(hi),
            base_n=n,
            provenance=_survey_provenance(),
        )
        for year, (v, lo, hi, n) in CITY.items()
    ]
    rows += [
        ObservationInput(
            "TRAM_SAT",
            world.district1.code,
            "2025",
            None,
            status="not_available",
            base_n=21,
            note="suppressed: base n=21 < 30",
            provenance=_survey_provenance(suppressed=True),
        ),
        ObservationInput(
            "TRAM_SAT",
            world.district2.code,
            "2025",
            Decimal("57.3"),
            ci_low=Decimal("53.0"),
            ci_high=Decimal("61.5"),
            base_n=381,
            provenance=_survey_provenance(),
        ),
    ]
    report = write_observations(rows, actor=None, reason="test", channel="survey")
    assert report.ok, report
    return world


def _spec(html: str, chart: str) -> dict:
    found = re.search(
        rf'<script id="{chart}-spec" type="application/json">(.*?)</script>', html, re.S
    )
    return json.loads(found.group(1))


def _table(html: str, table_id: str) -> str:
    start = html.index(f'id="{table_id}"')
    return html[start : html.index("</table>", start)]


def _cells(row_html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row_html)
    ]


def _rows(table: str) -> list[list[str]]:
    return [_cells(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]


BREAK_PL = (
    "Edycja badania z 2024 r. nie jest porównywalna z wcześniejszymi: zmiana metody "
    "(CAWI zamiast CAPI). Wykres nie łączy wartości sprzed niej i od niej."
)


def test_chart_breaks_the_line_at_the_non_comparable_wave_and_says_why(client, survey_world):
    html = client.get("/indicators/TRAM_SAT/").content.decode()
    spec = _spec(html, "chart-series")
    assert [(r["period"], r["segment"]) for r in spec["data"]["values"]] == [
        ("2021", 0),
        ("2022", 0),
        ("2024", 1),
        ("2025", 1),
    ]
    line = next(layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "line")
    assert line["encoding"]["detail"]["field"] == "segment"
    rule = next(
        layer
        for layer in spec["layer"]
        if layer.get("data", {}).get("values", [{}])[0].get("label") == "nieporównywalne"
    )
    assert rule["data"]["values"] == [
        {"label": "nieporównywalne", "period": "2024", "year": 2023.5}
    ]
    block = html[html.index('id="chart-series-title"') : html.index('id="table-series"')]
    assert f'<p class="notice">{BREAK_PL}</p>' in block


def test_series_table_marks_the_break_and_shows_intervals_and_bases(client, survey_world):
    html = client.get("/indicators/TRAM_SAT/").content.decode()
    rows = _rows(_table(html, "table-series"))
    assert rows[0] == [
        "Okres",
        "Wartość (%)",
        "Przedział ufności",
        "Respondenci (liczebność bez wag)",
        "Status wartości",
    ]
    assert rows[1:] == [
        ["2021", "40,0", "36,1 – 44,0", "410", "ostateczna"],
        ["2022", "45,0", "41,2 – 48,9", "405", "ostateczna"],
        [BREAK_PL],
        ["2024", "60,0", "56,3 – 63,6", "398", "ostateczna"],
        ["2025", "58,0", "54,1 – 61,8", "402", "ostateczna"],
    ]


def test_suppressed_district_is_said_in_words_and_left_uncoloured(client, survey_world):
    html = client.get("/indicators/TRAM_SAT/").content.decode()
    rows = _rows(_table(html, "table-map"))
    assert rows == [
        ["Dzielnica", "Wartość (%)", "Przedział ufności", "Respondenci (liczebność bez wag)"],
        ["Stare Miasto", "utajnione (mniej niż 30 respondentów)", "–", "–"],
        ["Grzegórzki", "57,3", "53,0 – 61,5", "381"],
    ]
    features = {
        f["properties"]["code"]: f["properties"]
        for f in _spec(html, "chart-map")["data"]["values"]["features"]
    }
    assert features["1261011-01"]["value"] is None  # drawn in the grey, uncoloured layer
    assert features["1261011-01"]["shown"] == "utajnione (mniej niż 30 respondentów)"
    assert features["1261011-02"] == {
        "code": "1261011-02",
        "name": "Grzegórzki",
        "value": 57.3,
        "shown": None,
    }


def test_english_page_says_the_same_in_english(client, survey_world, english):
    html = client.get("/en/indicators/TRAM_SAT/").content.decode()
    assert (
        "Survey wave 2024 is not comparable with earlier waves: zmiana metody (CAWI zamiast "
        "CAPI). The chart does not join the values before and after it." in html
    )
    assert ["Stare Miasto", "suppressed (fewer than 30 respondents)", "–", "–"] in _rows(
        _table(html, "table-map")
    )
    assert '"label": "not comparable"' in html


def test_objective_indicator_has_no_break_notice_or_base_column(client, survey_world):
    report = write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2024", Decimal("30"))],
        actor=None,
        reason="test",
        channel="form",
    )
    assert report.ok
    html = client.get("/indicators/PM10_AVG/").content.decode()
    assert 'class="notice"' not in html and "Respondenci" not in html
    assert _rows(_table(html, "table-series"))[1] == ["2024", "30,0", "ostateczna"]


def _linked(w):
    strategy = Strategy.objects.create(
        code="S", name_pl="Strategia", start_year=2020, end_year=2030
    )
    goal = Goal.objects.create(strategy=strategy, code="I", name_pl="Cel I")
    GoalIndicator.objects.create(
        goal=goal,
        indicator=w.trams,
        territory=w.city,
        baseline_year=2021,
        baseline_value=Decimal(40),
        target_year=2030,
        target_value=Decimal(70),
        target_source="test",
    )
    return goal


BREAK_ASSESSED = (
    "Ocena uwzględnia tylko wartości od 2024 r.: edycja badania z 2024 r. nie jest "
    "porównywalna z wcześniejszymi (zmiana metody (CAWI zamiast CAPI))."
)


def test_workspace_assessment_starts_at_the_break_and_says_why(client, survey_world):
    w = survey_world
    _linked(w)
    client.force_login(w.analyst)
    html = client.get("/panel/indicators/TRAM_SAT/").content.decode()
    assert BREAK_ASSESSED in html
    assert "Rok bazowy to 2024" in html  # not 2021, across the break


def test_public_goal_page_says_why_the_assessment_starts_at_the_break(client, survey_world):
    goal = _linked(survey_world)
    html = client.get(f"/goals/{goal.pk}/").content.decode()
    assert f'<div class="meta">{BREAK_ASSESSED}</div>' in html


def test_district_series_says_suppressed_in_words_instead_of_a_value(client, survey_world):
    html = client.get("/indicators/TRAM_SAT/?territory=1261011-01").content.decode()
    assert _rows(_table(html, "table-series"))[1:] == [
        ["2025", "utajnione (mniej niż 30 respondentów)", "brak danych"]
    ]
    assert "21" not in _table(html, "table-series")  # the small base is not shown
