"""The annual monitoring report: its content as a Document, then read back from the PDF
(pypdf) and the DOCX (python-docx)."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from stradom.core.messages import StradomError
from stradom.core.progress import NoProgress
from stradom.reports.builders import monitoring
from stradom.reports.document import Chart, Heading, Paragraph, Table
from stradom.reports.services import generate_report
from stradom.reports.tests import monitoring_world
from stradom.strategy.queries import forget_assessments


@pytest.fixture
def plan(world):
    forget_assessments()
    yield monitoring_world.build(world)
    forget_assessments()


class Steps:
    def __init__(self):
        self.total, self.done = None, 0

    def start(self, total, message=""):
        self.total = total

    def advance(self, steps=1, message=""):
        self.done += steps


def build(user, language="pl", **params):
    with translation.override(language):
        return monitoring.build(user=user, language=language, progress=NoProgress(), **params)


def table(doc, caption):
    (found,) = [b for b in doc.blocks if isinstance(b, Table) and b.caption == caption]
    return found


def texts(doc, kind=Paragraph):
    return [b.text for b in doc.blocks if isinstance(b, kind)]


def test_one_heading_per_goal_with_content_in_tree_order_with_the_level_names(plan):
    doc = build(plan.admin, year=2024)
    headings = [(b.level, b.text) for b in doc.blocks if isinstance(b, Heading)]
    goals = [h for h in headings if h[1].startswith("Cel ")]
    # I.2 has no indicator, task or instrument: it is a row of the table of goals not
    # assessed, not a section of its own.
    assert goals == [
        (1, "Cel strategiczny I. Miasto przyjazne do życia"),
        (2, "Cel operacyjny I.1. Czyste powietrze i dobra komunikacja"),
        (1, "Cel strategiczny II. Silna wspólnota"),
    ]
    assert headings[0] == (1, "Podsumowanie")
    assert doc.title == "Raport z monitoringu strategii 2024"


def test_a_known_indicator_with_its_numbers_and_status_in_words(plan):
    doc = build(plan.admin, year=2024)
    rows = table(doc, "Wskaźniki celu I.1").rows
    assert rows[0] == (
        "PM10_AVG Średnioroczne stężenie PM10 (Kraków) [µg/m3]",
        "▲ Na dobrej drodze",
        "50,0 (2020)",
        "40,0 (2024)",
        "30,0 (2030)",
        "względem wartości docelowej",
    )
    # the base the method used comes from the series when the link has no base value
    assert rows[1][2] == "70,0 (2022)"


def test_the_goal_summary_is_in_words_with_plurals_and_the_weakest_indicator(plan):
    doc = build(plan.admin, year=2024)
    paragraphs = texts(doc)
    summary = next(p for p in paragraphs if p.startswith("Cel operacyjny I.1 ma"))
    assert "Cel operacyjny I.1 ma 2 powiązane wskaźniki" in summary
    assert "1 z nich osiągnął wartość docelową lub jest na dobrej drodze." in summary
    assert "1 oddala się od wartości docelowej." in summary
    weakest = next(p for p in paragraphs if "TRAM_SAT" in p and p.startswith("Najsłabszy"))
    assert "Pogorszenie" in weakest and "62,5 (2024)" in weakest


def test_the_summary_counts_goals_and_indicators_by_status_and_what_changed(plan):
    doc = build(plan.admin, year=2024)
    by_status = {
        row[0]: row[1:] for row in table(doc, "Cele i wskaźniki według statusu, 2024").rows
    }
    assert by_status["▲ Na dobrej drodze"] == (0, 1)
    assert by_status["✖ Oddalanie się od celu"] == (1, 2)
    assert by_status["○ Nie oceniono"] == (1, 0)
    changed = table(doc, "Wskaźniki, których status się zmienił").rows
    assert [(r[0].split()[0], r[2], r[3]) for r in changed] == [
        ("PM10_AVG", "◆ Postęp, ale potrzebne przyspieszenie", "▲ Na dobrej drodze"),
        ("TRAM_SAT", "○ Nie można ocenić", "✖ Pogorszenie"),
        ("BIRTHS", "▲ Na dobrej drodze", "✖ Pogorszenie"),
    ]


def test_survey_values_with_interval_base_and_the_small_district_suppressed(plan):
    doc = build(plan.admin, year=2024)
    rows = table(
        doc,
        "Oszacowania ważone z 95-procentowym przedziałem ufności i liczbą respondentów; "
        "oszacowania na zbyt małej liczbie respondentów są utajnione.",
    ).rows
    assert rows == (
        ("Kraków", "62,5", "58,1 – 66,8", 400),
        ("Stare Miasto", "utajnione: mniej niż 30 respondentów", None, 20),
        ("Grzegórzki", "64,2", "59,0 – 69,1", 380),
    )
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    series = [c for c in charts if "Kraków" in c.caption]
    assert len(series) == 1 and "przedział" in series[0].alt


def test_money_of_the_goal_and_its_instrument_labelled_illustrative(plan):
    doc = build(plan.admin, year=2024)
    paragraphs = texts(doc)
    assert any(
        "1 zadanie budżetowe służyło celowi I.1" in p and "250\xa0000,00\xa0zł" in p
        for p in paragraphs
    )
    assert any(
        b.style == "illustrative" and "Przykład ilustracyjny / Illustrative example" in b.text
        for b in doc.blocks
        if isinstance(b, Paragraph)
    )
    (row,) = table(doc, "Instrumenty służące celowi I.1 i ich środki w 2024").rows
    assert row[0] == "P-AIR Program Czyste Powietrze"
    assert row[3:] == (1000000, 250000, 750000)


def test_the_public_sees_only_published_indicators(plan):
    from django.contrib.auth.models import AnonymousUser

    doc = build(AnonymousUser(), year=2024)
    everything = " ".join(
        texts(doc) + [str(r) for b in doc.blocks if isinstance(b, Table) for r in b.rows]
    )
    assert "PM10_AVG" in everything
    assert "TRAM_SAT" not in everything  # a draft: neither its values nor its survey cells


def test_english_report(plan):
    doc = build(plan.admin, language="en", year=2024)
    assert doc.title == "Strategy monitoring report 2024"
    assert any(p.startswith("Operational goal I.1 has 2 linked indicators") for p in texts(doc))


def test_progress_counts_the_goals(plan):
    steps = Steps()
    with translation.override("pl"):
        monitoring.build(user=plan.admin, language="pl", progress=steps, year=2024)
    assert (steps.total, steps.done) == (4, 4)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"strategy": "999"}, "There is no strategy with id 999."),
        ({"strategy": "abc"}, "Report parameter strategy must be a whole number, not “abc”."),
        ({"year": "1800"}, "The year reported on must be between 1990"),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(plan, params, message):
    with pytest.raises(StradomError) as error:
        monitoring.build(user=plan.admin, language="en", progress=NoProgress(), **params)
    assert str(error.value).startswith(message)


def test_pdf_and_docx_read_back(plan, tmp_path):
    import docx
    import pypdf

    pdf = generate_report("monitoring", "pdf", user=plan.admin, out_dir=tmp_path, year=2024)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    flat = " ".join(text.split())
    assert "Cel operacyjny I.1. Czyste powietrze i dobra komunikacja" in flat
    assert "Średnioroczne stężenie PM10" in flat
    assert "Na dobrej drodze" in flat
    assert "58,1 – 66,8" in flat
    assert "utajnione" in flat

    path = generate_report("monitoring", "docx", user=plan.admin, out_dir=tmp_path, year=2024)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Cel operacyjny I.1. Czyste powietrze i dobra komunikacja" in headings
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "40,0 (2024)" in cells
    assert "58,1 – 66,8" in cells


def test_a_wave_not_comparable_with_earlier_ones_is_said_in_words_and_breaks_the_chart(plan):
    from stradom.surveys.models import SubjectiveIndicator
    from stradom.surveys.tests import factories as f

    survey = f.questionnaire(plan)
    f.wave(survey, 2022)
    f.wave(survey, 2024, comparable_with_previous=False, comparability_note="CAWI zamiast CAPI")
    SubjectiveIndicator.objects.create(
        indicator=plan.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    forget_assessments()
    doc = build(plan.admin, year=2024)
    (note,) = [t for t in texts(doc) if t.startswith("TRAM_SAT: ")]
    assert "2024" in note and "CAWI zamiast CAPI" in note
    (chart,) = [b for b in doc.blocks if isinstance(b, Chart) and "Kraków" in b.caption]
    # the line is drawn per segment: nothing joins 2022 and 2024
    assert [(r["period"], r["segment"]) for r in chart.spec["data"]["values"]] == [
        ("2022", 0),
        ("2024", 1),
    ]


def test_the_number_of_queries_does_not_grow_with_the_indicators(plan):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stradom.catalog.models import Indicator
    from stradom.catalog.services import ObservationInput, write_observations
    from stradom.strategy.models import GoalIndicator

    def queries():
        forget_assessments()
        with CaptureQueriesContext(connection) as captured:
            build(plan.admin, year=2024)
        return len(captured)

    def link(k):
        ind = Indicator.objects.create(code=f"X{k}", name_pl=f"Wskaźnik {k}", unit="%")
        write_observations(
            [ObservationInput(ind.code, "1261011", str(y), Decimal(10 + k)) for y in (2020, 2024)],
            actor=None,
            reason="test",
            channel="command",
        )
        GoalIndicator.objects.create(goal=plan.g12, indicator=ind, territory=plan.city)

    link(0)
    queries()  # the first build also caches the user's roles on the user
    before = queries()
    for k in range(1, 6):
        link(k)
    assert queries() == before


def _goal(**fields):
    """A goal of a strategy view with nothing linked, but for ``fields``."""
    from stradom.strategy.queries import GoalView, status_of_rank

    empty = {
        "id": 1, "parent_id": None, "code": "", "name": "", "level": "", "depth": 1,
        "source_url": "", "status": status_of_rank(0), "mean_score": None, "n_links": 0,
        "n_assessable": 0, "covered": 0, "n_current": 0, "n_stale": 0, "n_unjudged": 0,
        "current_share": None, "counts": (), "reason": "", "links": (), "children": (),
    }  # fmt: skip
    return GoalView(**{**empty, **fields})


def test_a_goal_code_that_names_its_level_is_not_prefixed_twice():
    from stradom.reports.builders.monitoring import _goal_title

    assert _goal_title(_goal(level="obszar", code="OBSZAR-I", name="Metropolia")) == (
        "Obszar I. Metropolia"
    )
    assert _goal_title(_goal(level="cel strategiczny", code="II", name="Gospodarka")) == (
        "Cel strategiczny II. Gospodarka"
    )


def test_the_goals_not_assessed_are_one_table_with_the_reason_not_a_line_each(plan):
    doc = build(plan.admin, language="en", year=2024)
    (missing,) = [b for b in doc.blocks if isinstance(b, Table) and b.sheet == "Not assessed"]
    assert missing.caption == "Goals not assessed as of 2024, and why"
    assert [c.label for c in missing.columns] == ["Code", "Goal", "Reason"]
    assert missing.rows == (("I.2", "Revitalised areas", "no indicator linked, here or below"),)
    said = "No indicator is linked to this goal or to any goal below it."
    assert said not in texts(doc)
    glance = table(doc, "The goals with indicators or money and their status, 2024")
    assert [row[0] for row in glance.rows] == ["I", "I.1", "II"]


def test_a_goal_whose_indicators_were_all_unassessable_says_how_many(plan):
    from stradom.reports.builders.monitoring import _why_not

    with translation.override("en"):
        assert _why_not(_goal(n_links=1)) == "its 1 indicator could not be assessed"
        assert _why_not(_goal(n_links=3)) == "none of its 3 indicators could be assessed"
        assert _why_not(_goal(n_links=0)) == "no indicator linked, here or below"


def test_each_goal_with_values_has_small_trend_charts_of_its_indicators(plan):
    doc = build(plan.admin, language="en", year=2024)
    charts = {c.caption: c for c in doc.blocks if isinstance(c, Chart)}
    trend = charts["Values of the indicators of I.1 by year, up to 2024"]
    (panel,) = trend.spec["concat"]  # TRAM_SAT has its survey chart with the intervals
    (line, target) = panel["layer"]
    assert [(v["year"], v["value"]) for v in line["data"]["values"]] == [
        (2020, 50.0),
        (2023, 44.0),
        (2024, 40.0),
    ]
    assert target["data"]["values"][0]["value"] == 30.0
    assert trend.alt == (
        "Small charts, one per indicator, of its values by year: PM10_AVG Średnioroczne "
        "stężenie PM10 (Kraków): from 50.0 (2020) to 40.0 (2024), target 30.0 (2030)."
    )
    births = charts["Values of the indicators of II by year, up to 2024"]
    assert [v["value"] for v in births.spec["concat"][0]["layer"][0]["data"]["values"]] == [
        7000.0,
        7400.0,
        6100.0,
    ]


def test_the_trend_charts_stop_at_the_year_reported_on(plan):
    doc = build(plan.admin, language="en", year=2023)
    trend = next(
        c for c in doc.blocks if isinstance(c, Chart) and c.caption.startswith("Values of the")
    )
    assert trend.caption == "Values of the indicators of I.1 by year, up to 2023"
    values = trend.spec["concat"][0]["layer"][0]["data"]["values"]
    assert [v["year"] for v in values] == [2020, 2023]


def test_a_goal_with_many_indicators_draws_the_nine_with_the_lowest_status():
    from stradom.reports.builders.assessed import trend_blocks
    from stradom.strategy.queries import LinkRow, status_of_rank

    # Eleven indicators: the one not assessed (0) and one of those reached (5) are left out.
    ranks = [4, 1, 5, 2, 0, 3, 1, 4, 2, 5, 1]

    def link(k, rank):
        return LinkRow(
            indicator_code=f"X{k}", indicator_name=f"Wskaźnik {k}",
            territory_name="Kraków", dimensions="", unit="%", decimals=1,
            target_value=None, target_year=None, status_view=status_of_rank(rank),
            points=((2022, str(10 + k)), (2023, str(11 + k)), (2026, "99")),
        )  # fmt: skip

    with translation.override("en"):
        chart, note = trend_blocks("I.1", [link(k, r) for k, r in enumerate(ranks)], 2024, "en")
    titles = [panel["title"]["text"][0] for panel in chart.spec["concat"]]
    assert titles == [f"X{k} Wskaźnik {k} (Kraków)" for k in (0, 1, 2, 3, 5, 6, 7, 8, 10)]
    assert all(
        [v["year"] for v in panel["layer"][0]["data"]["values"]] == [2022, 2023]
        for panel in chart.spec["concat"]
    )  # 2026 is after the year reported on
    assert note.text == (
        "The chart shows 9 of the 11 indicators with two values or more: those with the "
        "lowest status. The table gives the numbers of every indicator."
    )
