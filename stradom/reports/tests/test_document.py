"""The document model, cell formatting and sheet names: no database, no rendering."""

import datetime as dt
from decimal import Decimal

import pytest

from stradom.reports.cells import EMPTY, format_cell
from stradom.reports.document import Column, Document, Heading, Paragraph, Table
from stradom.reports.render.xlsx import number_format, sheet_names

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "column", "polish", "english"),
    [
        (Decimal("1234.5"), Column("v", "number"), f"1{NBSP}234,5", "1,234.5"),
        (Decimal("1234.56"), Column("v", "number", 1), f"1{NBSP}234,6", "1,234.6"),
        (Decimal("30.25"), Column("v", "number", 1), "30,3", "30.3"),  # half up, as the pages
        (
            1234567.891,
            Column("v", "money"),
            f"1{NBSP}234{NBSP}567,89{NBSP}zł",
            f"1,234,567.89{NBSP}zł",
        ),
        (12.5, Column("v", "percent", 1), "12,5%", "12.5%"),
        (-3, Column("v", "number", 2), "−3,00", "−3.00"),
        (2025, Column("v", "year"), "2025", "2025"),
        (dt.date(2026, 11, 26), Column("v", "date"), "26.11.2026", "26 Nov 2026"),
        ("=A1", Column("v"), "=A1", "=A1"),
        (None, Column("v", "number"), EMPTY, EMPTY),
    ],
)
def test_cells_read_as_on_the_pages(value, column, polish, english):
    assert format_cell(value, column, "pl") == polish
    assert format_cell(value, column, "en") == english


def test_a_table_row_must_fit_its_columns():
    with pytest.raises(ValueError, match="row 2 has 1 cells, the table has 2 columns"):
        Table((Column("a"), Column("b")), (("x", "y"), ("z",)), caption="T")


def test_bad_blocks_are_refused():
    with pytest.raises(ValueError):
        Heading("x", level=4)
    with pytest.raises(ValueError):
        Paragraph("x", style="shout")
    with pytest.raises(ValueError):
        Column("x", kind="colour")
    doc = Document(kind="k", title="t")
    with pytest.raises(TypeError):
        doc.add(Heading("ok"), "not a block")
    assert doc.blocks == []  # nothing half-added
    assert doc.add(Heading("a"), Paragraph("b")) is doc and len(doc.blocks) == 2


def test_sheet_names_are_short_legal_and_unique():
    names = sheet_names(["Wartości: [2025]/x", "a" * 40, "a" * 40, "Raport"], {"Raport"})
    assert names[0] == "Wartości 2025 x"
    assert names[1] == "a" * 31 and names[2] == "a" * 27 + " (2)"
    assert names[3] == "Raport (2)"
    assert all(len(n) <= 31 for n in names)


def test_number_formats_keep_decimals_currency_and_percent():
    assert number_format(Column("v", "number", 1), Decimal("1.5"), "pl") == "#,##0.0"
    assert number_format(Column("v", "money"), Decimal("1.5"), "pl") == '#,##0.00 "zł"'
    assert number_format(Column("v", "percent", 0), 12, "pl") == '#,##0"%"'
    assert number_format(Column("v", "year"), 2025, "pl") == "0"
    assert number_format(Column("v", "date"), dt.date(2025, 1, 1), "pl") == "dd.mm.yyyy"
    assert number_format(Column("v"), "text", "pl") is None


def test_an_amount_is_written_once_with_its_currency_in_a_cell_or_a_sentence():
    from stradom.reports.cells import money_text

    assert money_text(Decimal("1550000"), "pl") == f"1{NBSP}550{NBSP}000,00{NBSP}zł"
    assert money_text(Decimal("1550000"), "en") == f"1,550,000.00{NBSP}zł"
    assert money_text(Decimal("-5.5"), "pl", 0) == format_cell(
        Decimal("-5.5"), Column("", "money", 0), "pl"
    )
    assert money_text(None, "pl") == EMPTY


def test_the_contents_block_says_how_deep_it_lists():
    from stradom.reports.document import Contents

    assert Contents("Spis treści").depth == 2
    with pytest.raises(ValueError, match="contents depth must be 1, 2 or 3"):
        Contents("Spis treści", depth=4)
    Document(kind="t", title="T").add(Contents("Spis treści"), Heading("Rozdział"))
