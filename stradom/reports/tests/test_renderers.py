"""DOCX and XLSX read back with python-docx and openpyxl (the PDF is read back in
test_indicator_sheet)."""

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.utils import translation

from stradom.charts.specs import series_spec
from stradom.reports.document import (
    Bullets,
    Chart,
    Column,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from stradom.reports.render.docx import write_docx
from stradom.reports.render.xlsx import write_xlsx

POLISH = "Zażółć gęślą jaźń"


@pytest.fixture
def document():
    spec = series_spec(
        [{"period": "2023", "value": Decimal("1234.5")}, {"period": "2024", "value": 1300}],
        title="Stężenie PM10",
        description="opis",
    )
    return Document(
        kind="test",
        title=f"Raport {POLISH}",
        subtitle="Podtytuł",
        footer="Stradom",
        generated_at=dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC),
    ).add(
        Heading("Rozdział pierwszy"),
        Paragraph("Przykład ilustracyjny / Illustrative example", "illustrative"),
        Heading("Sekcja", 2),
        Bullets(("pierwszy", "drugi")),
        Table(
            (
                Column("Okres", "year"),
                Column("Wartość", "number", 1),
                Column("Kwota", "money"),
                Column("Uwagi"),
            ),
            (
                (2023, Decimal("1234.5"), Decimal("1000000.5"), "=SUM(A1:A9)"),
                (2024, None, Decimal("12"), "ąćęłńóśźż"),
            ),
            caption="Wartości",
        ),
        Chart(spec, alt="Wykres: wartości rosną od 1234,5 do 1300.", caption="Wykres"),
        PageBreak(),
        Heading("Podsekcja", 3),
        Table((Column("A"),), (("x",),), caption="Wartości"),  # same name: a second sheet
    )


def test_docx_uses_word_headings_tables_and_alt_text(document):
    out = io.BytesIO()
    with translation.override("pl"):
        write_docx(document, out)
    word = docx.Document(io.BytesIO(out.getvalue()))
    styled = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert styled[0] == ("Title", f"Raport {POLISH}")
    assert ("Heading 1", "Rozdział pierwszy") in styled
    assert ("Heading 2", "Sekcja") in styled
    assert ("Heading 3", "Podsekcja") in styled
    assert ("List Bullet", "drugi") in styled
    assert ("Normal", "Wygenerowano: 26.11.2026 10:00") in styled
    table = word.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Okres", "Wartość", "Kwota", "Uwagi"]
    assert [c.text for c in table.rows[1].cells] == [
        "2023",
        "1\u00a0234,5",
        "1\u00a0000\u00a0000,50\u00a0zł",
        "=SUM(A1:A9)",
    ]
    assert table.rows[2].cells[1].text == "–" and table.rows[2].cells[3].text == "ąćęłńóśźż"
    header = table.rows[0]._tr
    assert header.xpath("./w:trPr/w:tblHeader")  # repeated on every page
    described = [e.get("descr") for e in word.element.body.xpath(".//wp:docPr")]
    assert described == ["Wykres: wartości rosną od 1234,5 do 1300."]
    assert word.core_properties.title == f"Raport {POLISH}"
    assert word.core_properties.language == "pl-PL"
    assert word.sections[0].footer.paragraphs[0].text == "Stradom"


def test_xlsx_keeps_numbers_and_makes_text_inert(document):
    out = io.BytesIO()
    with translation.override("pl"):
        write_xlsx(document, out)
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Raport", "Wartości", "Wartości (2)"]
    about = [row[0] for row in book["Raport"].iter_rows(values_only=True)]
    assert about[0] == f"Raport {POLISH}"
    assert "Przykład ilustracyjny / Illustrative example" in about
    sheet = book["Wartości"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Okres", "Wartość", "Kwota", "Uwagi")
    assert rows[1] == (2023, 1234.5, 1000000.5, "'=SUM(A1:A9)")
    assert rows[2] == (2024, None, 12, "ąćęłńóśźż")
    assert sheet["B2"].number_format == "#,##0.0"
    assert sheet["C2"].number_format == '#,##0.00 "zł"'
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold


def test_pdf_html_says_its_language_and_marks_headers_and_figures(document):
    from stradom.reports.render.pdf import html

    document.language = "en"
    with translation.override("en"):
        page = html(document)
    assert '<html lang="en">' in page
    assert '<th scope="col" class="num">Wartość</th>' in page
    assert 'alt="Wykres: wartości rosną od 1234,5 do 1300."' in page
    assert "<figcaption>Wykres</figcaption>" in page
    assert '<td class="num">1,234.5</td>' in page  # English numbers in an English report
    assert "Generated: 26 Nov 2026 10:00" in page


def test_a_wide_table_of_money_fits_the_page_width():
    """Nine columns with long labels and amounts: every cell starts inside the page."""
    from pypdf import PdfReader

    from stradom.reports.render.pdf import write_pdf

    labels = [
        "Dziedzina zarządzania",
        "Ocenione wskaźniki",
        "Zgodnie z planem lub osiągnięte",
        "Programy i projekty",
        "Uchwały",
        "Projekty budżetu obywatelskiego",
        "Plan po zmianach",
        "Wydatkowano",
        "Ostatnia kolumna",
    ]
    columns = (Column(labels[0]),) + tuple(Column(x, "number", 0) for x in labels[1:6])
    columns += (Column(labels[6], "money"), Column(labels[7], "money"), Column(labels[8]))
    row = ("kultura i ochrona dziedzictwa narodowego", 3, 0, 1, 0, 0)
    row += (Decimal("108250000.50"), Decimal("77488888.88"), "koniec")
    doc = Document(kind="test", title="Szeroka tabela").add(
        Table(columns, (row,), caption="Dziedziny w skrócie")
    )
    out = io.BytesIO()
    write_pdf(doc, out)
    # Column labels are not hyphenated, so the table may need a landscape page: its last one.
    page = PdfReader(io.BytesIO(out.getvalue())).pages[-1]
    width = float(page.mediabox.width)
    starts: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            starts.setdefault(text.strip(), tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    assert "koniec" in starts
    assert all(x < width - 20 for x in starts.values()), starts
