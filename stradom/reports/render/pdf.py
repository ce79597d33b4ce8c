"""A report as a tagged PDF: Document → HTML (a Django template) → WeasyPrint.

The PDF is made as PDF/UA-1 (``pdf_variant="pdf/ua-1"``, which turns on
WeasyPrint's tagging): headings, paragraphs, lists and tables become structure
elements, ``<html lang>`` becomes the catalogue's ``/Lang``, and the text is
real text (searchable, copyable). Charts are SVG images with their text
alternative as ``alt`` (the Figure's ``/Alt``) and a caption. Table header cells
are ``<th scope="col">`` in a ``<thead>``, which WeasyPrint repeats on every
page a table spans.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import BinaryIO

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from stradom.reports.cells import format_cell
from stradom.reports.document import Bullets, Chart, Document, Heading, PageBreak, Paragraph, Table
from stradom.reports.render.charts import chart_svg

NUMERIC = ("number", "money", "percent")


def html(doc: Document) -> str:
    """The document as one HTML page (the input WeasyPrint lays out)."""
    return render_to_string(
        "reports/document.html",
        {
            "doc": doc,
            "blocks": [_block(block, doc.language) for block in doc.blocks],
            "generated": _("Generated") if doc.generated_at else "",
        },
    )


def _block(block, language: str) -> dict:
    if isinstance(block, Heading):
        return {"type": "heading", "tag": f"h{block.level + 1}", "text": block.text}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "style": block.style, "text": block.text}
    if isinstance(block, Bullets):
        return {"type": "bullets", "items": block.items}
    if isinstance(block, Table):
        numeric = [column.kind in NUMERIC for column in block.columns]
        return {
            "type": "table",
            "caption": block.caption,
            "header": list(zip((c.label for c in block.columns), numeric, strict=True)),
            "rows": [
                [
                    (format_cell(value, column, language), right)
                    for value, column, right in zip(row, block.columns, numeric, strict=True)
                ]
                for row in block.rows
            ],
        }
    if isinstance(block, Chart):
        svg = chart_svg(block.spec, language).encode("utf-8")
        return {
            "type": "chart",
            "src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
            "alt": block.alt,
            "caption": block.caption,
        }
    if isinstance(block, PageBreak):
        return {"type": "pagebreak"}
    raise TypeError(f"not a report block: {block!r}")


def write_pdf(doc: Document, out: BinaryIO | Path, *, progress=None) -> None:
    from weasyprint import HTML

    page = html(doc)
    HTML(string=page, base_url=None).write_pdf(
        str(out) if isinstance(out, Path) else out,
        pdf_variant="pdf/ua-1",
        pdf_identifier=None,
        uncompressed_pdf=False,
    )
