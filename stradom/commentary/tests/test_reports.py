"""The published commentary in the reports, read back from the files: the indicator
sheet (PDF), the domain report (XLSX and PDF) and the monitoring report (PDF and DOCX).
Private comments and replies stay out."""

from __future__ import annotations

import io

import pytest

from stradom.commentary.services import create_comment, reply
from stradom.reports.document import Heading, Paragraph
from stradom.reports.services import build_document, generate_report

WHAT = "Stężenia spadły po zimie dzięki wymianie pieców."
DOING = "Kontrole palenisk w Nowej Hucie."
PRIVATE = "Notatka robocza zespołu."
ANSWER = "Skąd dane o piecach?"


@pytest.fixture
def commented(office):
    w = office
    u = w.env_coordinator
    top = create_comment(w.pm10, actor=u, period="2025", text=WHAT, actions=DOING, public=True)
    create_comment(w.pm10, actor=u, period="2025-Q3", text=PRIVATE)
    reply(top, actor=w.analyst, text=ANSWER)
    create_comment(w.root, actor=u, period="2025-H1", text="Cel: mniej smogu.", public=True)
    create_comment(w.root, actor=u, period="2024", text="Cel w 2024.", public=True)
    create_comment(w.env_project, actor=u, period="2025", text="Umowy podpisane.", public=True)
    create_comment(w.tram_project, actor=w.transport_coordinator, period="2025", text="Obce.",
                   public=True)  # fmt: skip
    return w


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_indicator_sheet_has_the_published_commentary(commented, tmp_path, english):
    path = generate_report(
        "indicator", "pdf", user=commented.env_coordinator, language="en", out_dir=tmp_path,
        indicator="PM10_AVG",
    )  # fmt: skip
    text = _pdf_text(path)
    assert "Coordinator's commentary" in text
    assert f"Commentary for 2025: {WHAT}" in text
    assert f"What is being done: {DOING}" in text
    assert PRIVATE not in text and ANSWER not in text


def test_the_indicator_sheet_in_polish_keeps_the_comment_as_written(commented, tmp_path):
    path = generate_report(
        "indicator", "pdf", user=commented.env_coordinator, out_dir=tmp_path, indicator="PM10_AVG"
    )
    text = _pdf_text(path)
    assert WHAT in text and DOING in text and PRIVATE not in text
    assert "Komentarz koordynatora" in text  # fails until the catalogue has the new strings


def test_an_indicator_without_published_commentary_has_no_such_section(office):
    doc = build_document("indicator", user=office.env_coordinator, indicator="PM10_AVG")
    assert "Coordinator's commentary" not in [b.text for b in doc.blocks if isinstance(b, Heading)]


def test_the_domain_report_lists_the_years_commentary_in_a_table(commented, tmp_path):
    import openpyxl

    path = generate_report(
        "domain", "xlsx", user=commented.env_coordinator, language="en", out_dir=tmp_path,
        domain="srodowisko", year=2025,
    )  # fmt: skip
    book = openpyxl.load_workbook(path)
    rows = [[c.value for c in row] for row in book["Commentary"].iter_rows()]
    found = [r for r in rows if r and r[1] in ("PM10_AVG", "1", "P-ENV", "P-TRAM")]
    assert [r[1:5] for r in found] == [
        ["PM10_AVG", "2025", WHAT, DOING],
        ["P-ENV", "2025", "Umowy podpisane.", None],
        ["1", "2025-H1", "Cel: mniej smogu.", None],
    ]
    assert found[0][0] == "indicator: Średnioroczne stężenie PM10"
    pdf = generate_report(
        "domain", "pdf", user=commented.env_coordinator, language="en", out_dir=tmp_path,
        domain="srodowisko", year=2025,
    )  # fmt: skip
    text = _pdf_text(pdf)
    assert "Coordinators' commentary" in text
    assert "Umowy podpisane." in text and "Cel: mniej smogu." in text
    assert "Cel w 2024." not in text and "Obce." not in text and PRIVATE not in text


def test_the_domain_report_says_when_nothing_was_published(office, english):
    doc = build_document("domain", user=office.env_coordinator, language="en",
                         domain="srodowisko", year=2025)  # fmt: skip
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "No commentary on 2025 has been published." in texts


def test_the_monitoring_report_has_each_goals_commentary_of_the_year(commented, tmp_path, english):
    import docx

    pdf = generate_report(
        "monitoring", "pdf", user=commented.admin, language="en", out_dir=tmp_path, year=2025
    )
    text = _pdf_text(pdf)
    assert "Commentary for 2025-H1: Cel: mniej smogu." in text
    assert "Cel w 2024." not in text  # another year's
    assert WHAT not in text  # the indicator's commentary is in its sheet and the domain report

    path = generate_report(
        "monitoring", "docx", user=commented.admin, language="en", out_dir=tmp_path, year=2025
    )
    document = docx.Document(io.BytesIO(path.read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Commentary for 2025-H1: Cel: mniej smogu." in paragraphs
    at = paragraphs.index("Coordinator's commentary")
    assert paragraphs[at + 1] == "Commentary for 2025-H1: Cel: mniej smogu."
