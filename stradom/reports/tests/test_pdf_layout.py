"""PDF tables read back with pypdf: identifiers and dates on one line, wide tables on the page."""

import datetime as dt
import io

from pypdf import PdfReader

from stradom.reports.document import Column, Document, Heading, Paragraph, Table
from stradom.reports.render.pdf import html, write_pdf

TITLE = (
    "W sprawie przyjęcia programu współpracy Gminy Miejskiej Kraków z organizacjami "
    "pozarządowymi na rok 2025"
)
UNIT = "Wydział Polityki Społecznej i Zdrowia Publicznego"


def resolutions(number_kind: str = "text", language: str = "pl") -> Document:
    """The municipality report's resolution table, six columns of long text."""
    columns = (
        Column("Numer", number_kind),
        Column("Data podjęcia", "date"),
        Column("Tytuł"),
        Column("Jednostka odpowiedzialna"),
        Column("Stan realizacji"),
        Column("Uwagi"),
    )
    rows = tuple(
        (
            f"XII/{345 + i}/2024",
            dt.date(2024, 12, 18),
            TITLE,
            UNIT,
            "w trakcie realizacji",
            "Zmieniona uchwałą XIII/401/2025 w części dotyczącej terminów",
        )
        for i in range(3)
    )
    return Document(kind="test", title="Uchwały", language=language).add(
        Table(columns, rows, caption="Uchwały podjęte w 2024 r.")
    )


def pdf_pages(doc: Document):
    out = io.BytesIO()
    write_pdf(doc, out)
    return PdfReader(io.BytesIO(out.getvalue())).pages


def lines(page) -> list[str]:
    return [line.strip() for line in page.extract_text().splitlines()]


def starts(page) -> dict[str, float]:
    """Where each piece of text starts on ``page``, from the left edge, in points."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    return found


def test_a_resolution_number_in_a_narrow_text_column_stays_on_one_line():
    (page,) = pdf_pages(resolutions())
    text = lines(page)
    assert [line.split()[0] for line in text if line.startswith("XII/")] == [
        "XII/345/2024",
        "XII/346/2024",
        "XII/347/2024",
    ]
    assert not any(line.endswith("/") for line in text), text
    # An identifier inside a sentence is kept whole too, while the sentence wraps.
    assert sum("XIII/401/2025" in line for line in text) == 3
    assert not any(line.endswith("XIII/") for line in text), text


def test_a_code_column_and_an_english_date_stay_on_one_line():
    (page,) = pdf_pages(resolutions("code", "en"))
    text = lines(page)
    assert sum(line.startswith("XII/345/2024 18 Dec 2024") for line in text) == 1, text


def test_a_code_is_written_as_it_is_not_as_a_number():
    doc = Document(kind="test", title="Kody").add(
        Table((Column("Kod", "code"), Column("Liczba", "number", 0)), ((12345, 12345),))
    )
    page = html(doc)
    assert '<td class="whole">12345</td>' in page
    assert '<td class="num">12\u00a0345</td>' in page


def code_table(columns: int) -> Document:
    labels = tuple(Column(f"Numer uchwały {i}", "code") for i in range(columns))
    row = tuple(f"XII/{345 + i}/2024" for i in range(columns)) + ("koniec",)
    return Document(kind="test", title="Uchwały").add(
        Heading("Przed tabelą"),
        Paragraph("Tekst przed tabelą."),
        Table((*labels, Column("Ostatnia")), (row,), caption="Szeroka tabela"),
    )


def test_a_table_a_little_too_wide_is_set_smaller_on_the_portrait_page():
    doc = code_table(8)
    assert '<table class="small">' in html(doc)
    (page,) = pdf_pages(doc)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width < height
    where = starts(page)
    assert "koniec" in where and "XII/352/2024" in where
    assert all(x < width - 20 for x in where.values()), where


def test_a_table_far_too_wide_for_a_portrait_page_is_printed_landscape():
    doc = code_table(10)
    assert '<table class="landscape">' in html(doc)
    first, second = pdf_pages(doc)
    assert float(first.mediabox.width) < float(first.mediabox.height)
    assert "Przed tabelą" in first.extract_text()
    width, height = float(second.mediabox.width), float(second.mediabox.height)
    assert width > height
    where = starts(second)
    assert "koniec" in where and "XII/354/2024" in where
    assert all(x < width - 20 for x in where.values()), where


def test_a_table_that_fits_is_left_as_it_is():
    doc = code_table(3)
    assert "<table>" in html(doc)
    (page,) = pdf_pages(doc)
    assert float(page.mediabox.width) < float(page.mediabox.height)
