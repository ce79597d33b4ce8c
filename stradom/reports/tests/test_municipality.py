"""The report on the state of the municipality: its content as a Document, then read back
from the DOCX (python-docx) and the PDF (pypdf)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.utils import translation

from stradom.core.progress import NoProgress
from stradom.portal.pages import forget_assessments
from stradom.registers.services import save_project, save_resolution
from stradom.reports.builders import municipality
from stradom.reports.document import Heading, Paragraph, Table
from stradom.reports.services import generate_report
from stradom.reports.tests import monitoring_world

ILLUSTRATIVE = "Przykład ilustracyjny / Illustrative example"


@pytest.fixture
def town(world):
    forget_assessments()
    w = monitoring_world.build(world)
    save_resolution(
        {
            "term": "2024–2029",
            "number": "XII/345/24",
            "adopted_on": date(2024, 5, 22),
            "title": "w sprawie programu ochrony powietrza — żółta łąka",
            "unit": w.unit,
            "status": "partly_executed",
            "note": "Etap II przesunięty.",
        },
        reason="test",
    )
    save_resolution(
        {
            "term": "2024–2029",
            "number": "XV/400/24",
            "adopted_on": date(2024, 9, 4),
            "title": "w sprawie rozkładu jazdy tramwajów",
            "domain": w.transport,
            "status": "executed",
            "illustrative": True,
        },
        reason="test",
    )
    save_resolution(
        {
            "term": "2018–2024",
            "number": "C/1/23",
            "adopted_on": date(2023, 12, 1),
            "title": "uchwała z innego roku",
            "domain": w.transport,
        },
        reason="test",
    )
    for code, district, domain, cost, votes, status in (
        ("BO/1", w.district1, w.environment, "250000.00", 1200, "completed"),
        ("BO/2", None, w.transport, "900000.00", 5000, "in_progress"),
        ("BO/3", w.district1, w.environment, "10000.00", None, "rejected"),
    ):
        save_project(
            {
                "edition": 2024,
                "code": code,
                "title": f"Projekt {code}",
                "district": district,
                "domain": domain,
                "cost": D(cost),
                "votes": votes,
                "status": status,
            },
            reason="test",
        )
    yield w
    forget_assessments()


def build(user, language="pl", **params):
    with translation.override(language):
        return municipality.build(user=user, language=language, progress=NoProgress(), **params)


def table(doc, caption):
    (found,) = [b for b in doc.blocks if isinstance(b, Table) and b.caption == caption]
    return found


def test_the_draft_has_an_introduction_a_chapter_per_domain_and_the_registers(town):
    doc = build(town.admin, year=2024)
    assert doc.title == "Raport o stanie gminy za rok 2024"
    chapters = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert chapters == [
        "Wstęp",
        "1. Ochrona środowiska",
        "2. Transport",
        "Realizacja uchwał rady",
        "Budżet obywatelski",
        "Podsumowanie",
    ]
    lead = next(b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "lead")
    assert "art. 28aa ustawy z dnia 8 marca 1990 r. o samorządzie gminnym" in lead
    assert "w 2024 r." in lead
    notes = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "note"]
    assert all(n.startswith("[Do uzupełnienia: ") for n in notes)
    assert "[Do uzupełnienia: najważniejsze działania w dziedzinie „transport” w 2024 r.]" in notes
    # Illustrative entries are labelled.
    assert any(
        b.style == "illustrative" and b.text.startswith(ILLUSTRATIVE)
        for b in doc.blocks
        if isinstance(b, Paragraph)
    )


def test_a_domain_shows_goals_instruments_money_resolutions_and_projects(town):
    doc = build(town.admin, year=2024)
    goals = table(doc, "ochrona środowiska: cele i wskaźniki, 2024")
    assert [row[:2] for row in goals.rows][0] == ("I.1", "Średnioroczne stężenie PM10 (µg/m3)")
    assert goals.rows[0][3] == "40,0 (2024)"
    money = table(doc, "ochrona środowiska: plan i wykonanie zadań budżetowych, 2024")
    assert money.rows == ((D("1000000.00"), D("1000000.00"), D("250000.00"), D("750000.00"),
                           D("25"), 1),)  # fmt: skip
    instruments = table(doc, "ochrona środowiska: programy i projekty oraz ich postęp")
    assert instruments.rows[0][0] == "P-AIR" and instruments.rows[0][4] == 40
    resolutions_env = table(doc, "ochrona środowiska: uchwały podjęte w 2024 r.")
    resolutions_transport = table(doc, "transport: uchwały podjęte w 2024 r.")
    assert resolutions_env.rows[0][:2] == ("XII/345/24", date(2024, 5, 22))
    assert resolutions_env.rows[0][4] == "wykonana częściowo"
    assert resolutions_transport.rows[0][4] == "wykonana"
    assert resolutions_transport.rows[0][5].startswith(ILLUSTRATIVE)


def test_the_registers_chapters_count_by_status_and_district(town):
    doc = build(town.admin, year=2024)
    by_status = table(doc, "Uchwały podjęte w 2024 r. według stanu realizacji")
    assert by_status.rows == (("wykonana", 1), ("wykonana częściowo", 1), ("Razem", 2))
    civic = table(doc, "Projekty budżetu obywatelskiego według edycji i dzielnic")
    assert civic.rows == (
        (2024, "ogólnomiejski", 1, D("900000.00"), D("900000.00"), 5000, "w realizacji: 1"),
        (2024, "Stare Miasto", 2, D("260000.00"), D("250000.00"), 1200,
         "odrzucony w weryfikacji: 1; zrealizowany: 1"),
    )  # fmt: skip


def test_the_public_sees_only_published_indicators_and_a_bad_year_is_refused(town):
    from django.contrib.auth.models import AnonymousUser

    from stradom.core.messages import StradomError

    public = build(AnonymousUser(), year=2024)
    office = build(town.admin, year=2024)
    assert [r[1] for r in table(office, "transport: cele i wskaźniki, 2024").rows] == [
        "Zadowolenie z komunikacji tramwajowej (%)"
    ]
    assert not [
        b for b in public.blocks if isinstance(b, Table) and b.caption.startswith("transport: cele")
    ]
    assert table(public, "transport: uchwały podjęte w 2024 r.").rows[0][0] == "XV/400/24"
    with pytest.raises(StradomError, match="year"):
        build(town.admin, year="dwa tysiące")


def test_docx_and_pdf_read_back(town, tmp_path):
    import docx
    import pypdf

    path = generate_report("municipality", "docx", user=town.admin, out_dir=tmp_path, year=2024)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "1. Ochrona środowiska" in headings and "2. Transport" in headings
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "XII/345/24" in cells and "wykonana częściowo" in cells
    body = "\n".join(p.text for p in document.paragraphs)
    assert "[Do uzupełnienia: " in body
    assert "żółta łąka" in " ".join(cells)

    pdf = generate_report("municipality", "pdf", user=town.admin, out_dir=tmp_path, year=2024)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    joined = text.replace("\n", "")  # a narrow column wraps a number at its slashes
    words = " ".join(text.split())
    assert "Raport o stanie gminy za rok 2024" in text
    assert "XII/345/24" in joined and "wykonana częściowo" in words
    assert "żółta łąka" in words
    assert "1. Ochrona środowiska" in text and "Realizacja uchwał rady" in text


def test_english_draft(town):
    doc = build(town.admin, language="en", year=2024)
    assert doc.title == "Report on the state of the municipality for 2024"
    chapters = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert chapters[1:3] == ["1. Environment", "2. Transport"]
    assert table(doc, "Environment: resolutions adopted in 2024").rows[0][4] == "partly executed"
    notes = [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.style == "note"]
    assert notes and all(n.startswith("[To be completed: ") for n in notes)


def test_the_strategy_may_be_chosen_and_an_unknown_one_is_refused(town):
    from stradom.core.messages import StradomError

    doc = build(town.admin, year=2024, strategy=str(town.strategy.pk))
    assert table(doc, "ochrona środowiska: cele i wskaźniki, 2024").rows[0][0] == "I.1"
    with pytest.raises(StradomError, match="no strategy with id 999"):
        build(town.admin, year=2024, strategy=999)
