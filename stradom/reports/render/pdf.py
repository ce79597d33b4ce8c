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
(``fit.layout``). Column labels are never hyphenated (``hyphens: manual``): a label
wraps between its words only, and ``fit`` counts each word whole.

Every heading has an ``id``; the table of contents (a ``Contents`` block) lists the
headings after it as links with their page numbers (``target-counter``), and each
link's ``/Contents`` (what a screen reader says for it) is its heading's text.
WeasyPrint makes a bookmark of every heading, so the reader's outline pane shows the
same tree.
"""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path
from typing import BinaryIO

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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
    return _page(doc)[0]


def _page(doc: Document) -> tuple[str, dict[str, str]]:
    """The HTML page and the text of each heading by its ``id`` (the contents' links)."""
    blocks = _outline(doc.blocks)
    ids = {index: f"h-{index}" for index, b in enumerate(blocks) if isinstance(b, Heading)}
    shown = []
    for index, block in enumerate(blocks):
        item = _block(block, doc.language)
        if isinstance(block, Heading):
            item["id"] = ids[index]
        elif isinstance(block, Contents):
            item["id"] = f"contents-{index}"
            item["entries"] = [
                {"id": ids[later], "text": b.text, "level": b.level}
                for later, b in enumerate(blocks)
                if later > index and isinstance(b, Heading) and b.level <= block.depth
            ]
        shown.append(item)
    page = render_to_string(
        "reports/document.html",
        {
            "doc": doc,
            "blocks": shown,
            "generated": _("Generated") if doc.generated_at else "",
        },
    )
    return page, {ids[i]: blocks[i].text for i in ids}


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
        elif isinstance(block, Contents):
            last = 1  # its title is a chapter's heading
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
    if isinstance(block, Contents):
        return {"type": "contents", "title": block.title}
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
        "layout": fit.layout(labels, [list(zip(row, whole, strict=True)) for row in texts]),
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

    page, headings = _page(doc)
    HTML(string=page, base_url=None).write_pdf(
        str(out) if isinstance(out, Path) else out,
        finisher=functools.partial(finish, link_texts=headings),
        pdf_variant="pdf/ua-1",
        pdf_identifier=None,
        uncompressed_pdf=False,
    )
