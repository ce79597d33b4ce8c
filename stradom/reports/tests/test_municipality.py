"""The report on the state of the municipality: its chapters (art. 28aa) as a Document and
the office's choice of chapters and profile (``municipality_world``); its files are read
back in test_municipality_files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.test import override_settings
from django.utils import translation

from stradom.core.messages import StradomError
from stradom.core.progress import NoProgress
from stradom.finance.core.debt import as_percent
from stradom.finance.queries import check_version
from stradom.finance.tests.conftest import small_wpf
from stradom.reports.builders import municipality
from stradom.reports.document import Chart, Contents, Heading, Paragraph, Table
from stradom.reports.tests import municipality_world
from stradom.strategy.queries import forget_assessments

ILLUSTRATIVE = "Przykład ilustracyjny / Illustrative example"
PROFILE = municipality_world.PROFILE


@pytest.fixture
def town(world):
    forget_assessments()
    w = municipality_world.build(world)
    with override_settings(STRADOM_MUNICIPALITY_PROFILE=PROFILE):
        yield w
    forget_assessments()


def build(user, language="pl", **params):
    with translation.override(language):
        return municipality.build(user=user, language=language, progress=NoProgress(), **params)


def table(doc, caption):
    (found,) = [b for b in doc.blocks if isinstance(b, Table) and b.caption == caption]
    return found


def chart(doc, caption):
    (found,) = [b for b in doc.blocks if isinstance(b, Chart) and b.caption == caption]
    return found


def texts(doc, style=None):
    return [
        b.text
        for b in doc.blocks
        if isinstance(b, Paragraph) and (style is None or b.style == style)
    ]


def chapters(doc):
    return [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]


CHAPTERS_EN = [
    "Introduction",
    "1. Profile and demography of the municipality",
    "2. Finances",
    "3. The strategy, policies and programmes",
    "4. Execution of the council's resolutions",
    "5. Civic budget",
    "6. Other tasks and duties",
]


def test_the_chapters_are_those_of_art_28aa_after_the_contents_and_introduction(town):
    doc = build(town.admin, language="en", year=2024)
    assert isinstance(doc.blocks[0], Contents) and doc.blocks[0].title == "Contents"
    assert chapters(doc) == CHAPTERS_EN
    sections = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert sections == [
        "1.1. Key figures",
        "1.2. Population",
        "1.3. Age structure",
        "1.4. Districts",
        "2.1. Budget tasks: plan and execution in 2024",
        "2.2. Revenue and expenditure",
        "2.3. Debt and the debt rules",
        "3.1. The development strategy",
        "3.2. Programmes and projects",
        "3.3. Indicators by management domain",
    ]
    lead = next(t for t in texts(doc, "lead"))
    assert "article 28aa of the Act of 8 March 1990 on municipal self-government" in lead
    notes = [t for t in texts(doc, "note") if t.startswith("[")]
    assert all(n.startswith("[To be completed: ") for n in notes)
    assert any(t.startswith(ILLUSTRATIVE) for t in texts(doc, "illustrative"))


def test_polish_chapters(town):
    """Needs the Polish catalogue entries of the new chapter titles."""
    doc = build(town.admin, year=2024)
    assert doc.title == "Raport o stanie gminy za rok 2024"
    assert doc.blocks[0].title == "Spis treści"
    assert chapters(doc) == [
        "Wstęp",
        "1. Profil gminy i demografia",
        "2. Finanse",
        "3. Strategia, polityki i programy",
        "4. Realizacja uchwał rady",
        "5. Budżet obywatelski",
        "6. Pozostałe zadania i obowiązki",
    ]
    lead = next(t for t in texts(doc, "lead"))
    assert "art. 28aa ustawy z dnia 8 marca 1990 r. o samorządzie gminnym" in lead


def test_the_profile_has_key_figures_population_ages_and_a_map_of_the_districts(town):
    doc = build(town.admin, language="en", year=2024)
    figures = table(doc, "Kraków: key figures up to 2024")
    assert figures.rows == (
        ("Liczba ludności [osoby]", "781,000 (2024)", "770,000 (2019)", None),
        ("Urodzenia żywe [osoby]", "6,100 (2024)", "–", None),
    )
    (note,) = [t for t in texts(doc, "note") if t.startswith("Profile indicators")]
    # DENS has no value for the city, but it is on the map of the districts.
    assert note == (
        "Profile indicators not in the catalogue or not published: NOPE (the list is the "
        "setting STRADOM_MUNICIPALITY_PROFILE)."
    )
    population = chart(doc, "Liczba ludności — Kraków, 2019–2024")
    assert [p["value"] for p in population.spec["data"]["values"]] == [
        770000.0, 772000.0, 775000.0, 778000.0, 780000.0, 781000.0,
    ]  # fmt: skip
    assert population.alt == (
        "Line chart of Liczba ludności in Kraków by year, from 770,000 (2019) to 781,000 (2024)."
    )
    ages = table(doc, "Liczba ludności by age group, Kraków, 2023")
    assert ages.rows == (("15-19", 13000, 14000, 27000), ("20-24", 21000, 19000, 40000))
    pyramid = chart(doc, "Liczba ludności by age group, Kraków, 2023")
    assert "15-19: women 13,000, men 14,000; 20-24: women 21,000, men 19,000" in pyramid.alt
    districts = table(doc, "District density in the districts of Kraków, 2023")
    assert [c.label for c in districts.columns] == ["District", "District density [osoby/km²]"]
    assert districts.rows == (("Stare Miasto", D(5498)), ("Grzegórzki", D(5088)))
    drawn = chart(doc, "District density in the districts of Kraków, 2023")
    features = drawn.spec["data"]["values"]["features"]
    assert [(f["properties"]["name"], f["properties"]["value"]) for f in features] == [
        ("Stare Miasto", 5498.0),
        ("Grzegórzki", 5088.0),
    ]


def test_a_profile_indicator_without_values_is_named_once_in_a_note(town):
    from stradom.catalog.models import Indicator

    Indicator.objects.create(code="QUIET", name_pl="Wskaźnik bez wartości", unit="%")
    with override_settings(STRADOM_MUNICIPALITY_PROFILE=("POP", "QUIET")):
        doc = build(town.admin, language="en", year=2024)
    assert [row[0] for row in table(doc, "Kraków: key figures up to 2024").rows] == [
        "Liczba ludności [osoby]"
    ]
    notes = [t for t in texts(doc, "note") if "QUIET" in t]
    assert notes == ["Profile indicators with no yearly value for Kraków up to 2024: QUIET."]


def test_the_public_sees_the_published_profile_only(town):
    from django.contrib.auth.models import AnonymousUser

    doc = build(AnonymousUser(), language="en", year=2024)
    figures = table(doc, "Kraków: key figures up to 2024")
    assert [row[0] for row in figures.rows] == ["Liczba ludności [osoby]", "Urodzenia żywe [osoby]"]
    assert "No data on the districts in the system." in texts(doc)  # DENS is a draft
    (note,) = [t for t in texts(doc, "note") if t.startswith("Profile indicators")]
    assert note.startswith("Profile indicators not in the catalogue or not published: DENS, NOPE")


def test_the_finances_show_the_budget_tasks_and_the_forecast_with_its_debt_rules(town):
    doc = build(town.admin, language="en", year=2024)
    tasks = table(doc, "Budget tasks by management domain, 2024")
    assert tasks.rows == (
        ("ochrona środowiska", D("1000000.00"), D("1000000.00"), D("250000.00"), D(25), 1),
        ("Total", D("1000000.00"), D("1000000.00"), D("250000.00"), D(25), 1),
    )
    assert (
        "In 2024 the system keeps 1 budget task: planned at 1,000,000.00\xa0zł, "
        "1,000,000.00\xa0zł after changes; 250,000.00\xa0zł was spent (25.0% of the plan "
        "after changes)."
    ) in texts(doc)
    revenue = table(doc, "Revenue and expenditure by year, WPF2024/1")
    forecast = small_wpf(2017, 2028)
    row = next(r for r in revenue.rows if r[0] == 2024)
    assert row == (
        2024,
        "plan",
        forecast["1"][2024],
        forecast["1.1"][2024],
        forecast["2"][2024],
        forecast["2.1"][2024],
        forecast["3"][2024],
    )
    assert [r[1] for r in revenue.rows if r[0] in (2022, 2023, 2025)] == [
        "execution",
        "plan after three quarters",
        "forecast",
    ]
    debt = table(doc, "Debt and the debt rules by year, WPF2024/1")
    check = {y.year: y for y in check_version(town.wpf).art243}
    row = next(r for r in debt.rows if r[0] == 2024)
    assert row == (
        2024, forecast["6"][2024], as_percent(check[2024].left), as_percent(check[2024].right),
        "met", "met",
    )  # fmt: skip
    assert next(r for r in debt.rows if r[0] == 2020)[2:] == (None, None, None, None)
    assert any(t.startswith("The forecast meets the rules of art. 242") for t in texts(doc))
    captions = [b.caption for b in doc.blocks if isinstance(b, Chart)]
    assert "Revenue and expenditure, 2017–2028" in captions
    assert "Debt service ratio and its limit (art. 243), 2024–2028" in captions


def test_the_strategy_chapter_rolls_up_the_goals_and_lists_the_programmes(town):
    doc = build(town.admin, language="en", year=2024)
    goals = table(doc, "The strategy's top-level goals and their status, 2024")
    assert [row[0] for row in goals.rows] == [
        "Strategic goal I. A city good to live in",
        "Strategic goal II. A strong community",
    ]
    assert [row[2:] for row in goals.rows] == [(2, 2, 2), (1, 1, 1)]
    assert any(
        c.caption == "Indicators by status, 2024" for c in doc.blocks if isinstance(c, Chart)
    )
    instruments = table(doc, "Programmes, projects and portfolios and their progress")
    assert instruments.rows == (
        ("P-AIR Clean Air Programme", "project", "in progress", 40, "2024-Q3", "I.1"),
    )
    environment = table(doc, "Environment: goals and indicators, 2024")
    assert [r[:2] for r in environment.rows] == [
        ("I.1", "Średnioroczne stężenie PM10 (µg/m3)"),
        ("II", "Urodzenia żywe (osoby)"),
    ]
    assert environment.rows[0][3] == "40.0 (2024)"


def test_the_registers_chapters_count_by_status_and_district(town):
    doc = build(town.admin, year=2024)
    by_status = table(doc, "Uchwały podjęte w 2024 r. według stanu realizacji")
    assert by_status.rows == (("wykonana", 1), ("wykonana częściowo", 1), ("Razem", 2))
    resolutions = table(doc, "Uchwały podjęte w 2024 r.")
    assert [r[:2] for r in resolutions.rows] == [
        ("XII/345/24", date(2024, 5, 22)),
        ("XV/400/24", date(2024, 9, 4)),
    ]
    assert resolutions.rows[1][5].startswith(ILLUSTRATIVE)
    civic = table(doc, "Projekty budżetu obywatelskiego według edycji i dzielnic")
    assert civic.rows == (
        (2024, "ogólnomiejski", 1, D("900000.00"), D("900000.00"), 5000, "w realizacji: 1"),
        (2024, "Stare Miasto", 2, D("260000.00"), D("250000.00"), 1200,
         "odrzucony w weryfikacji: 1; zrealizowany: 1"),
    )  # fmt: skip


def test_an_amount_in_a_sentence_says_zloty_once(town):
    doc = build(town.admin, language="en", year=2024)
    (edition,) = [t for t in texts(doc) if t.startswith("Edition 2024:")]
    assert edition == (
        "Edition 2024: 3 projects in the register, 2 selected for execution, costing "
        "1,150,000.00\xa0zł."
    )
    every = " ".join(texts(doc))
    assert "zł zł" not in every.replace("\xa0", " ")


def test_the_office_chooses_the_chapters_and_their_order(town):
    with override_settings(STRADOM_MUNICIPALITY_REPORT_CHAPTERS=("civic_budget", "finance")):
        doc = build(town.admin, language="en", year=2024)
    assert chapters(doc) == ["Introduction", "1. Civic budget", "2. Finances"]
    (sources,) = [b for b in doc.blocks if type(b).__name__ == "Bullets"]
    assert sources.items == (
        "the register of civic-budget projects (edition 2024)",
        "the budget tasks' plan and execution in 2024",
        "the multi-year financial forecast (Annex 1) and the debt rules",
    )


@pytest.mark.parametrize(
    ("chosen", "problem"),
    [
        (
            ("finance", "budget"),
            "STRADOM_MUNICIPALITY_REPORT_CHAPTERS: item 2 'budget' is not a chapter; the "
            "chapters are profile, finance, strategy, resolutions, civic_budget, other",
        ),
        (("finance", "finance"), "STRADOM_MUNICIPALITY_REPORT_CHAPTERS: item 2 'finance' is "
         "given twice"),
        (("profile", " "), "STRADOM_MUNICIPALITY_REPORT_CHAPTERS: item 2 is empty"),
    ],
)  # fmt: skip
def test_a_wrong_chapter_setting_is_refused_with_what_is_wrong(town, chosen, problem):
    with (
        override_settings(STRADOM_MUNICIPALITY_REPORT_CHAPTERS=chosen),
        pytest.raises(StradomError) as error,
    ):
        build(town.admin, language="en", year=2024)
    assert str(error.value) == (
        f"The chapters of the report on the state of the municipality are set wrongly: {problem}."
    )


def test_an_empty_section_says_so_in_one_line_once(world):
    """No strategy, money, forecast, registers or profile values: one line each."""
    forget_assessments()
    with override_settings(STRADOM_MUNICIPALITY_PROFILE=("POP",)):
        doc = build(world.admin, language="en", year=2024)
    said = texts(doc, "body")
    for line in (
        "No data on the profile of the municipality in the system.",
        "No data on the budget tasks of 2024 in the system.",
        "No data on the multi-year financial forecast in the system.",
        "No data on the development strategy in the system.",
        "No data on programmes and projects in the system.",
        "No data on the council's resolutions of 2024 in the system.",
        "No data on the civic budget up to 2024 in the system.",
    ):
        assert said.count(line) == 1, line
    assert not [b for b in doc.blocks if isinstance(b, Table)]
    # Sections that would only repeat the line are not there.
    sections = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    assert sections == [
        "2.1. Budget tasks: plan and execution in 2024",
        "2.2. Revenue and expenditure",
        "3.1. The development strategy",
        "3.2. Programmes and projects",
    ]
