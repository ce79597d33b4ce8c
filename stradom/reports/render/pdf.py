"""A report as a tagged PDF: Document → HTML (a Django template) → WeasyPrint.

The PDF is made as PDF/UA-1 (``pdf_variant="pdf/ua-1"``, which turns on
WeasyPrint's tagging): headings, paragraphs, lists and tables become structure
elements, ``<html lang>`` becomes the catalogue's ``/Lang``, and the text is
real text (searchable, copyable). Charts are SVG images with their text
alternative as ``alt`` (the Figure's ``/Alt``) and a caption. Table header cells
are ``<th scope="col">`` in a ``<thead>``, which WeasyPrint repeats on every
page a table spans.

Numbers, dates, years and codes (``Column.kind``) are never broken across lines,
nor is an identifier inside text ("uchwała XII/345/2024"): a line may break at
a slash, and "XII/" over "345/2024" reads as two things. A table whose unbroken
pieces do not fit the page's width is set smaller, or on a landscape page
(``fit.layout``).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import BinaryIO

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from stradom.reports.cells import format_cell
from stradom.reports.document import Bullets, Chart, Document, Heading, PageBreak, Paragraph, Table
from stradom.reports.render import fit
from stradom.reports.render.charts import chart_svg
from stradom.reports.render.tagging import finish

NUMERIC = ("number", "money", "percent")
WHOLE = ("date", "year", "code")  # kept on one line, aligned as text
# An identifier inside text: a token with a digit ("XII/345/2024", "18.12.2024",
# "P-2024-01"), at most 24 characters (a longer one may break rather than overflow).
IDENTIFIER = re.compile(r"(?<![^ \n\t])(?=[^ \n\t]*\d)[^ \n\t]{1,24}(?![^ \n\t])")


def html(doc: Document) -> str:
    """The document as one HTML page (the input WeasyPrint lays out)."""
    return render_to_string(
        "reports/document.html",
        {
            "doc": doc,
            "blocks": [_block(block, doc.language) for block in _outline(doc.blocks)],
            "generated": _("Generated") if doc.generated_at else "",
        },
    )


def _outline(blocks: list) -> list:
    """``blocks`` with no heading more than one level below the one before it.

    The title is ``h1`` and a chapter ``h2``; a PDF/UA reader's outline must not skip a
    level (a section straight after the title becomes a chapter), so a builder's
    skipped level is closed up here rather than tagged wrong.
    """
    last, shown = 0, []
    for block in blocks:
        if isinstance(block, Heading):
            level = min(block.level, last + 1)
            if level != block.level:
                block = Heading(block.text, level)
            last = level
        shown.append(block)
    return shown


def _block(block, language: str) -> dict:
    if isinstance(block, Heading):
        return {"type": "heading", "tag": f"h{block.level + 1}", "text": block.text}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "style": block.style, "text": block.text}
    if isinstance(block, Bullets):
        return {"type": "bullets", "items": block.items}
    if isinstance(block, Table):
        return _table(block, language)
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


def _table(block: Table, language: str) -> dict:
    kinds = [column.kind for column in block.columns]
    texts = [
        [format_cell(v, c, language) for v, c in zip(row, block.columns, strict=True)]
        for row in block.rows
    ]
    whole = [kind in NUMERIC or kind in WHOLE for kind in kinds]
    css = ["num" if kind in NUMERIC else "whole" if kind in WHOLE else "" for kind in kinds]
    labels = [column.label for column in block.columns]
    return {
        "type": "table",
        "caption": block.caption,
        "layout": fit.layout(
            labels, [list(zip(row, whole, strict=True)) for row in texts], language
        ),
        "header": list(zip(labels, css, strict=True)),
        "rows": [
            [
                (text if keep else _keep_identifiers(text), kind)
                for text, keep, kind in zip(row, whole, css, strict=True)
            ]
            for row in texts
        ],
    }


def _keep_identifiers(text: str) -> SafeString:
    """``text`` (escaped) with each identifier in a span that is not broken."""
    parts, start = [], 0
    for found in IDENTIFIER.finditer(text):
        parts += [escape(text[start : found.start()]), '<span class="whole">']
        parts += [escape(found.group()), "</span>"]
        start = found.end()
    parts.append(escape(text[start:]))
    return mark_safe("".join(parts))  # noqa: S308 -- every piece of text is escaped above


def write_pdf(doc: Document, out: BinaryIO | Path, *, progress=None) -> None:
    from weasyprint import HTML

    page = html(doc)
    HTML(string=page, base_url=None).write_pdf(
        str(out) if isinstance(out, Path) else out,
        finisher=finish,
        pdf_variant="pdf/ua-1",
        pdf_identifier=None,
        uncompressed_pdf=False,
    )
