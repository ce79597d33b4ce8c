"""A report as an editable Word document (python-docx).

Headings use Word's own ``Heading 1…3`` styles (the document title is ``Title``),
so the navigation pane and a table of contents work; tables use the
``Table Grid`` style with a bold header row marked to repeat on every page
(``w:tblHeader``), numbers right-aligned; charts are PNG pictures whose text
alternative is the picture's description (``wp:docPr/@descr``, what Word shows
as "Alt Text"). Core properties carry the title and the language, and the
document's default language is set so spelling checks use it.

The table of contents (a ``Contents`` block) is Word's own TOC field over the heading
styles, with hyperlinks (``TOC \\o "1-2" \\h \\z \\u``); until Word updates it (the
document asks to, ``w:updateFields``, when it is opened) it shows the headings' text
without page numbers, so a reader that never updates fields still sees the contents.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from stradom.core.formatting import when
from stradom.reports.cells import format_cell
from stradom.reports.document import (
    Bullets,
    Chart,
    Contents,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
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

    for index, block in enumerate(doc.blocks):
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
        elif isinstance(block, Contents):
            _contents(word, block, doc.blocks[index + 1 :])
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


# settings.xml children that must follow w:updateFields (ECMA-376 CT_Settings order).
AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator",
)  # fmt: skip


def _contents(word, block: Contents, after: list) -> None:
    """Word's TOC field over the headings ``after`` the block, down to ``block.depth``."""
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word.add_paragraph(block.title, style="TOC Heading")
    paragraph = word.add_paragraph()

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            char.set(qn("w:dirty"), "true")  # Word recomputes it (page numbers) on opening
        paragraph.add_run()._r.append(char)

    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f' TOC \\o "1-{block.depth}" \\h \\z \\u '
    paragraph.add_run()._r.append(instruction)
    field_char("separate")
    entries = [b for b in after if isinstance(b, Heading) and b.level <= block.depth]
    for number, heading in enumerate(entries):
        run = paragraph.add_run("\u2003" * (heading.level - 1) + heading.text)
        if number < len(entries) - 1:
            run.add_break(WD_BREAK.LINE)
    field_char("end")
    settings = word.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        later = next((c for c in settings if c.tag.split("}")[-1] in AFTER_UPDATE_FIELDS), None)
        if later is None:
            settings.append(update)
        else:
            later.addprevious(update)


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
