"""The report on the state of the municipality read back from its files, in Polish and
English: the PDF with pypdf (chapters, tables with header cells, figures with their text
alternative, the table of contents as links and bookmarks, no hyphenated column label,
no "zł zł"), the DOCX with python-docx (heading styles, Word's TOC field, tables,
pictures described)."""

from __future__ import annotations

import io
import re

import pytest
from django.test import override_settings
from django.utils import translation
from pypdf import PdfReader

from stradom.reports.document import Chart, Contents, Heading, Table
from stradom.reports.services import build_document, generate_report
from stradom.reports.tests import municipality_world
from stradom.reports.tests.test_pdf_tagging import (
    assert_content_tagged,
    heading_levels,
    kids,
    tree,
)
from stradom.strategy.queries import forget_assessments

INSERTED_HYPHEN = "\u2010"  # what WeasyPrint writes where it hyphenates a word
SOFT_HYPHEN = "\u00ad"


@pytest.fixture
def town(world):
    forget_assessments()
    w = municipality_world.build(world)
    with override_settings(STRADOM_MUNICIPALITY_PROFILE=municipality_world.PROFILE):
        yield w
    forget_assessments()


def files(user, tmp_path, language, formats=("pdf", "docx"), **params):
    """The report's files (``None`` for a format not asked for) and its Document."""
    params = {"user": user, "language": language, **params}
    made = {
        fmt: generate_report("municipality", fmt, out_dir=tmp_path / fmt, **params)
        if fmt in formats
        else None
        for fmt in ("pdf", "docx")
    }
    with translation.override(language):
        doc = build_document("municipality", **params)
    return PdfReader(made["pdf"]) if made["pdf"] else None, made["docx"], doc


def pdf_lines(reader: PdfReader) -> list[str]:
    return [line for page in reader.pages for line in page.extract_text().splitlines()]


def outline_titles(items) -> list[str]:
    found = []
    for item in items:
        if isinstance(item, list):
            found += outline_titles(item)
        else:
            found.append(str(item.title))
    return found


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_pdf_has_the_chapters_tables_figures_contents_and_no_hyphenated_labels(
    town,
    tmp_path,
    language,
):
    reader, _word, doc = files(town.admin, tmp_path, language, ("pdf",), year=2024)
    lines = pdf_lines(reader)
    flat = " ".join(" ".join(lines).split())
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    for heading in headings:
        assert heading.text in flat, heading.text
    # Headings are tagged H1 (the title), H2 (the contents and chapters), H3… in order.
    levels = heading_levels(tree(reader))
    assert levels == [1, 2] + [h.level + 1 for h in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    # Tables: header cells for every column, data cells pointing at them.
    elements = tree(reader)
    tables = [e for tag, e, _a in elements if tag == "/Table"]
    blocks = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) >= len(blocks) >= 12
    for table in tables:
        (head,) = kids(table, "/THead")
        (row,) = kids(head, "/TR")
        assert kids(row, "/TH") and not kids(row, "/TD")
    # Charts (population, ages, the map, the forecast, the statuses) with their words.
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    figures = [e for tag, e, _a in elements if tag == "/Figure"]
    assert [str(f["/Alt"]) for f in figures] == [c.alt for c in charts]
    assert len(charts) >= 6
    # No column label hyphenated ("Wydat‐kowano"), no amount saying "zł zł".
    assert SOFT_HYPHEN not in flat
    assert not [line for line in lines if line.rstrip().endswith(INSERTED_HYPHEN)]
    assert not re.search(r"zł\s+zł", flat.replace("\xa0", " "))
    assert_content_tagged(reader)

    # The contents: the first page lists the chapters and sections with their pages.
    contents = doc.blocks[0]
    assert isinstance(contents, Contents)
    listed = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level <= 2]
    # The contents page lists every chapter and section with its page number.
    first = reader.pages[0].extract_text()
    assert contents.title in first
    for text in listed[:8]:  # what fits on the first page
        assert text in first, text
    # Each entry is a link whose description is its heading's words, to a named place.
    links = [
        a.get_object()
        for page in reader.pages[:2]
        for a in page.get("/Annots", [])
        if a.get_object().get("/Subtype") == "/Link"
    ]
    assert [str(a["/Contents"]) for a in links] == listed
    destinations = reader.named_destinations
    assert all(str(a["/Dest"]) in destinations for a in links)
    # The reader's bookmarks: the title, then every heading.
    titles = outline_titles(reader.outline)
    assert titles[0] == doc.title and titles[1] == contents.title
    assert [t for t in titles if t in listed] == listed


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_docx_has_a_toc_field_headings_tables_and_described_pictures(
    town,
    tmp_path,
    language,
):
    import docx
    from docx.oxml.ns import qn

    _reader, word, doc = files(town.admin, tmp_path, language, ("docx",), year=2024)
    document = docx.Document(io.BytesIO(word.read_bytes()))
    body = document.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert instructions == [' TOC \\o "1-2" \\h \\z \\u ']
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("TOC Heading", doc.blocks[0].title) in styled
    chapters = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert [text for style, text in styled if style == "Heading 1"] == chapters
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(document.tables) == len(tables)
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "XII/345/24" in cells
    assert "zł zł" not in cells.replace("\xa0", " ")
    described = [p.get("descr") for p in body.iter(qn("wp:docPr"))]
    assert described == [b.alt for b in doc.blocks if isinstance(b, Chart)]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_an_empty_section_line_appears_once_in_the_files(world, tmp_path, language):
    forget_assessments()
    with override_settings(STRADOM_MUNICIPALITY_PROFILE=municipality_world.PROFILE):
        reader, word, doc = files(world.admin, tmp_path, language, year=2024)
    with translation.override(language):
        line = translation.gettext("No data on the multi-year financial forecast in the system.")
    flat = " ".join(" ".join(pdf_lines(reader)).split())
    assert flat.count(line) == 1
    import docx

    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.read_bytes())).paragraphs]
    assert paragraphs.count(line) == 1
    assert not [b for b in doc.blocks if isinstance(b, Table)]
