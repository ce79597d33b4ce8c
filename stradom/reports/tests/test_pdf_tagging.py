"""The monitoring report's PDF as assistive technology reads it: the PDF/UA-1 tagging.

veraPDF, the reference PDF/UA checker, is not available here, so these tests read
the file with pypdf and check what can be checked without it: the catalogue
(``/MarkInfo``, ``/Lang``, ``/ViewerPreferences``), the title in the document
information and the XMP metadata (with ``pdfuaid:part``), the structure tree
(headings H1…Hn without a skipped level, tables as Table/THead/TBody/TR/TH/TD with
each data cell pointing at its column's header, figures with ``/Alt`` and a box on
the page), embedded fonts, and that every piece of marked page content belongs to
an element of the tree (the page margins are artifacts).
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from stradom.reports.document import Chart, Document, Heading, Paragraph, Table
from stradom.reports.services import build_document, generate_report
from stradom.reports.tests import monitoring_world
from stradom.strategy.queries import forget_assessments

MCID = re.compile(rb"/MCID (\d+)")


@pytest.fixture
def plan(world):
    forget_assessments()
    yield monitoring_world.build(world)
    forget_assessments()


def tree(reader: PdfReader) -> list[tuple[str, dict, list]]:
    """Every structure element reachable from the root, in reading order, as
    (tag, element, tags of its ancestors)."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    found = []

    def visit(node, ancestors):
        kids = node.get("/K")
        if kids is None:
            return
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and kid.get("/Type") == "/StructElem":
                found.append((str(kid["/S"]), kid, ancestors))
                visit(kid, [*ancestors, str(kid["/S"])])

    visit(root, [])
    return found


def kids(element, tag: str) -> list:
    children = element.get("/K", [])
    children = children if isinstance(children, list) else [children]
    children = [c.get_object() for c in children if hasattr(c, "get_object")]
    return [c for c in children if isinstance(c, dict) and c.get("/S") == tag]


def heading_levels(elements) -> list[int]:
    return [int(tag[2:]) for tag, _e, _a in elements if re.fullmatch(r"/H[1-6]", tag)]


def report(plan, tmp_path, language):
    params = {"user": plan.admin, "year": 2024, "language": language}
    pdf = generate_report("monitoring", "pdf", out_dir=tmp_path, **params)
    with translation.override(language):
        doc = build_document("monitoring", **params)
    return PdfReader(pdf), doc


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_monitoring_report_says_its_title_language_and_that_it_is_tagged(
    plan, tmp_path, language
):
    reader, doc = report(plan, tmp_path, language)
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert catalog["/Lang"] == language
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert "/StructTreeRoot" in catalog
    assert reader.metadata.title == doc.title
    xmp = catalog["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp
    assert f'<rdf:li xml:lang="x-default">{doc.title}</rdf:li>' in xmp
    assert (language == "pl") == doc.title.startswith("Raport z monitoringu")


def test_headings_are_h1_to_hn_in_order_without_a_skipped_level(plan, tmp_path):
    reader, doc = report(plan, tmp_path, "pl")
    levels = heading_levels(tree(reader))
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    assert levels[0] == 1 and levels.count(1) == 1  # the title, once
    assert len(levels) == 1 + len(headings)
    assert levels[1:] == [h.level + 1 for h in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert max(levels) >= 4  # goals, their indicators: the outline has depth


def test_tables_have_header_cells_that_their_data_cells_point_at(plan, tmp_path):
    reader, doc = report(plan, tmp_path, "pl")
    elements = tree(reader)
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    names = root["/IDTree"]["/Names"]
    registered = {str(names[i]): names[i + 1].get_object() for i in range(0, len(names), 2)}
    tables = [e for tag, e, _a in elements if tag == "/Table"]
    blocks = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) >= len(blocks) > 3  # a table split by a page break is tagged twice
    for table in tables:
        (head,) = kids(table, "/THead")
        (header_row,) = kids(head, "/TR")
        headers = kids(header_row, "/TH")
        assert headers and not kids(header_row, "/TD")
        ids = []
        for th in headers:
            assert th["/A"]["/Scope"] == "/Column"
            assert registered[str(th["/ID"])] == th
            ids.append(str(th["/ID"]))
        for body in kids(table, "/TBody"):
            for row in kids(body, "/TR"):
                cells = kids(row, "/TD")
                assert len(cells) == len(headers) and not kids(row, "/TH")
                assert [[str(h) for h in td["/A"]["/Headers"]] for td in cells] == [
                    [i] for i in ids
                ]
    widths = sorted(len(b.columns) for b in blocks)
    assert sorted({len(kids(kids(kids(t, "/THead")[0], "/TR")[0], "/TH")) for t in tables}) == (
        sorted(set(widths))
    )


def test_every_chart_is_a_figure_with_its_text_alternative_on_its_page(plan, tmp_path):
    reader, doc = report(plan, tmp_path, "pl")
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    figures = [e for tag, e, _a in tree(reader) if tag == "/Figure"]
    assert [str(f["/Alt"]) for f in figures] == [c.alt for c in charts]
    assert len(charts) >= 3
    for figure in figures:
        page = figure["/Pg"].get_object()
        left, bottom, right, top = (float(v) for v in page["/MediaBox"])
        x1, y1, x2, y2 = (float(v) for v in figure["/A"]["/BBox"])
        assert left <= x1 < x2 <= right and bottom <= y1 < y2 <= top, (x1, y1, x2, y2)


def test_all_page_content_is_in_the_tree_or_an_artifact_and_fonts_are_embedded(plan, tmp_path):
    reader, _doc = report(plan, tmp_path, "pl")
    assert_content_tagged(reader)


def assert_content_tagged(reader: PdfReader) -> None:
    """Every piece of marked page content belongs to an element of the structure tree, the
    page margins are artifacts, and every font is embedded."""
    reachable = {id(e) for _t, e, _a in tree(reader)}
    by_ref = {}
    for _t, e, _a in tree(reader):
        by_ref[e.indirect_reference.idnum] = e
    parents = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    owners = {int(parents[i]): parents[i + 1] for i in range(0, len(parents), 2)}
    for page in reader.pages:
        content = page.get_contents().get_data()
        assert b"/Artifact" in content  # the running title, page number and footer
        marked = [int(n) for n in MCID.findall(content)]
        assert marked, "a page with no tagged content"
        mine = owners[page["/StructParents"]].get_object()
        for mcid in marked:
            owner = mine[mcid]
            assert owner is not None and hasattr(owner, "idnum"), mcid
            assert owner.idnum in by_ref and id(by_ref[owner.idnum]) in reachable, mcid
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = described["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font


def test_a_skipped_heading_level_is_closed_up_in_the_pdf(tmp_path):
    from stradom.reports.render.pdf import write_pdf

    doc = Document(kind="test", title="Tytuł").add(
        Heading("Podrozdział bez rozdziału", 3),
        Paragraph("tekst"),
        Heading("Rozdział", 1),
        Heading("Podrozdział", 3),
        Heading("Sekcja", 2),
    )
    path = tmp_path / "h.pdf"
    write_pdf(doc, path)
    assert heading_levels(tree(PdfReader(path))) == [1, 2, 2, 3, 3]


def test_a_chart_without_a_text_alternative_is_refused():
    with pytest.raises(ValueError, match="no text alternative"):
        Chart(spec={}, alt="  ", caption="Wykres")
