"""A report as an editable Word document (python-docx).

Headings use Word's own ``Heading 1…3`` styles (the document title is ``Title``),
so the navigation pane and a table of contents work; tables use the
``Table Grid`` style with a bold header row marked to repeat on every page
(``w:tblHeader``), numbers right-aligned; charts are PNG pictures whose text
alternative is the picture's description (``wp:docPr/@descr``, what Word shows
as "Alt Text"). Core properties carry the title and the language, and the
document's default language is set so spelling checks use it.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from stradom.portal.templatetags.stradom import when
from stradom.reports.cells import format_cell
from stradom.reports.document import Bullets, Chart, Document, Heading, PageBreak, Paragraph, Table
from stradom.reports.render.charts import chart_png

NUMERIC = ("number", "money", "percent")
LANGUAGE_TAGS = {"pl": "pl-PL", "en": "en-GB"}
CHART_WIDTH_CM = 16


def write_docx(doc: Document, out: BinaryIO | Path, *, progress=None) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Cm, Pt

    word = docx.Document()
    _set_language(word, LANGUAGE_TAGS.get(doc.language, doc.language))
    word.styles["Normal"].font.name = "DejaVu Sans"
    word.styles["Normal"].font.size = Pt(10)
    word.core_properties.title = doc.title
    word.core_properties.subject = doc.subtitle
    word.core_properties.language = LANGUAGE_TAGS.get(doc.language, doc.language)
    word.core_properties.author = "Stradom"

    word.add_heading(doc.title, level=0)
    if doc.subtitle:
        word.add_paragraph(doc.subtitle, style="Subtitle")
    if doc.generated_at:
        word.add_paragraph(_("Generated") + f": {when(doc.generated_at)}")
    if doc.footer:
        word.sections[0].footer.paragraphs[0].text = doc.footer

    for block in doc.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            paragraph = word.add_paragraph(block.text)
            if block.style == "illustrative":
                paragraph.runs[0].bold = True
            elif block.style == "note":
                paragraph.runs[0].font.size = Pt(8.5)
            elif block.style == "lead":
                paragraph.runs[0].font.size = Pt(11)
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Table):
            _table(word, block, doc.language, WD_ALIGN_PARAGRAPH)
        elif isinstance(block, Chart):
            png = chart_png(block.spec, doc.language)
            word.add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
            picture = word.paragraphs[-1]
            _describe_last_picture(picture, block.alt)
            if block.caption:
                word.add_paragraph(block.caption, style="Caption")
        elif isinstance(block, PageBreak):
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    word.save(str(out) if isinstance(out, Path) else out)


def _table(word, block: Table, language: str, align) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if block.caption:
        word.add_paragraph(block.caption, style="Caption")
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    header = table.rows[0]
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    numeric = [column.kind in NUMERIC for column in block.columns]
    for cell, column, right in zip(header.cells, block.columns, numeric, strict=True):
        cell.text = column.label
        cell.paragraphs[0].runs[0].bold = True
        if right:
            cell.paragraphs[0].alignment = align.RIGHT
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value, column, right in zip(cells, row, block.columns, numeric, strict=True):
            cell.text = format_cell(value, column, language)
            if right:
                cell.paragraphs[0].alignment = align.RIGHT


def _describe_last_picture(paragraph, alt: str) -> None:
    from docx.oxml.ns import qn

    for properties in paragraph._p.iter(qn("wp:docPr")):
        properties.set("descr", alt)
        properties.set("title", alt[:100])


def _set_language(word, tag: str) -> None:
    """The default proofing language of the document (styles' ``w:lang``)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if run_defaults is None:
        return
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)
