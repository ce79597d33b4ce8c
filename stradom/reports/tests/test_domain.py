"""The domain report: who may make it, its tables as a Document, and the XLSX and PDF read
back (openpyxl, pypdf)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from stradom.core.messages import StradomError
from stradom.core.progress import NoProgress
from stradom.instruments.services import create_instrument
from stradom.reports.builders import domain as domain_report
from stradom.reports.document import Paragraph, Table
from stradom.reports.services import generate_report
from stradom.reports.tests import monitoring_world
from stradom.strategy.queries import forget_assessments


@pytest.fixture
def plan(world):
    forget_assessments()
    yield monitoring_world.build(world)
    forget_assessments()


def build(user, language="pl", **params):
    with translation.override(language):
        return domain_report.build(user=user, language=language, progress=NoProgress(), **params)


def table(doc, sheet):
    (found,) = [b for b in doc.blocks if isinstance(b, Table) and b.sheet == sheet]
    return found


@pytest.mark.parametrize("who", ["env_coordinator", "analyst", "admin"])
def test_the_coordinator_an_analyst_and_an_administrator_may_make_it(plan, who):
    doc = build(getattr(plan, who), domain="srodowisko", year=2024)
    assert doc.title == "Raport dziedzinowy: ochrona środowiska, 2024"


@pytest.mark.parametrize("who", ["transport_coordinator", "provider"])
def test_others_are_refused_with_a_clear_message(plan, who, tmp_path):
    with pytest.raises(domain_report.ReportRefused) as error:
        generate_report(
            "domain", "xlsx", user=getattr(plan, who), out_dir=tmp_path, domain="srodowisko",
            year=2024,
        )  # fmt: skip
    assert str(error.value) == (
        "Only the coordinators of the domain “srodowisko”, analysts and administrators may "
        "make its report."
    )
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_the_public_is_refused(plan):
    with pytest.raises(domain_report.ReportRefused):
        build(AnonymousUser(), domain="srodowisko", year=2024)


def test_an_unknown_domain_is_named(plan):
    with pytest.raises(StradomError) as error:
        build(plan.admin, domain="nie-ma", year=2024)
    assert str(error.value) == "There is no domain with the code “nie-ma”."


def test_indicators_with_latest_values_and_status(plan):
    doc = build(plan.env_coordinator, domain="srodowisko", year=2024)
    rows = {r[0]: r for r in table(doc, "Wskaźniki").rows}
    assert set(rows) == {"PM10_AVG", "BIRTHS"}
    assert rows["PM10_AVG"][3:] == ("Kraków", "2024", Decimal("40"), "I.1: ▲ Na dobrej drodze")
    assert rows["BIRTHS"][6] == "II: ✖ Pogorszenie"
    (pm10,) = [r for r in table(doc, "Ocena").rows if r[1].startswith("PM10_AVG")]
    assert pm10[4:] == (Decimal("50"), 2020, Decimal("40"), 2024, Decimal("30"), 2030)


def test_instruments_with_progress_milestones_and_overdue(plan):
    doc = build(plan.env_coordinator, domain="srodowisko", year=2024)
    (row,) = table(doc, "Instrumenty").rows
    assert row[0] == "P-AIR" and row[5] == date(2026, 12, 31)
    # 40 % in 2024-Q3; one of two milestones done, the other past due on 31.12.2024
    assert row[6:11] == (40, "2024-Q3", 1, 2, 1)
    states = [(r[1], r[4]) for r in table(doc, "Kamienie milowe").rows]
    assert states == [
        ("Wymiana 1000 pieców", "zrealizowany"),
        ("Strefa czystego transportu", "po terminie"),
    ]


def test_an_instrument_of_the_domain_is_listed_without_money_or_indicators(plan):
    create_instrument(
        actor=None, code="P-GREEN", kind="programme", name_pl="Zielone podwórka",
        status="in_progress", domain=plan.environment, reason="nowy instrument",
    )  # fmt: skip
    codes = [
        row[0]
        for row in table(
            build(plan.env_coordinator, domain="srodowisko", year=2024), "Instrumenty"
        ).rows
    ]
    assert codes == ["P-AIR", "P-GREEN"]


def test_money_plan_execution_remaining_labelled_illustrative(plan):
    doc = build(plan.env_coordinator, domain="srodowisko", year=2024)
    (row,) = table(doc, "Środki finansowe").rows
    assert row[1:] == (
        Decimal("1000000.00"), Decimal("1000000.00"), Decimal("400000.00"),
        Decimal("250000.00"), Decimal("750000.00"), 1,
    )  # fmt: skip
    assert any(isinstance(b, Paragraph) and b.style == "illustrative" for b in doc.blocks)
    (task,) = table(doc, "Zadania budżetowe").rows
    assert task[0] == "T1" and task[3] == "P-AIR" and task[7] == Decimal("750000.00")


def test_xlsx_and_pdf_read_back(plan, tmp_path):
    import openpyxl
    import pypdf

    path = generate_report(
        "domain", "xlsx", user=plan.env_coordinator, out_dir=tmp_path, domain="srodowisko",
        year=2024,
    )  # fmt: skip
    book = openpyxl.load_workbook(path)
    assert "Wskaźniki" in book.sheetnames and "Środki finansowe" in book.sheetnames
    money = [[c.value for c in row] for row in book["Środki finansowe"].iter_rows()]
    assert any(1000000 in row and 250000 in row and 750000 in row for row in money)
    indicators = [[c.value for c in row] for row in book["Wskaźniki"].iter_rows()]
    assert any("PM10_AVG" in row and 40 in row for row in indicators)

    pdf = generate_report(
        "domain", "pdf", user=plan.env_coordinator, out_dir=tmp_path, domain="srodowisko",
        year=2024,
    )  # fmt: skip
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages).split())
    assert "Raport dziedzinowy: ochrona środowiska, 2024" in text
    assert "Program Czyste Powietrze" in text
    assert "750 000,00 zł" in text.replace("\xa0", " ")


def test_the_instrument_table_dates_its_caption_the_polish_way(plan):
    doc = build(plan.env_coordinator, domain="srodowisko", year=2024)
    assert table(doc, "Instrumenty").caption.endswith("31.12.2024")
