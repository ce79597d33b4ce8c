"""A code column (an identifier such as a resolution's number) in every format."""

import io

import openpyxl

from stradom.reports.cells import format_cell
from stradom.reports.document import Column, Document, Table
from stradom.reports.render.xlsx import write_xlsx


def test_a_code_is_written_as_it_is_in_every_language():
    column = Column("Numer", "code")
    assert format_cell(20241234, column, "pl") == "20241234"  # not "20 241 234"
    assert format_cell(20241234, column, "en") == "20241234"  # not "20,241,234"
    assert format_cell("XII/345/2024", column, "pl") == "XII/345/2024"


def test_a_code_stays_text_in_the_spreadsheet():
    doc = Document(kind="test", title="Kody").add(
        Table((Column("Numer", "code"), Column("Liczba", "number", 0)), ((7, 7),), caption="K")
    )
    out = io.BytesIO()
    write_xlsx(doc, out)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue()))["K"]
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("7", "s")
    assert (sheet["B2"].value, sheet["B2"].number_format) == (7, "#,##0")
