"""Finishing touches to WeasyPrint's tagged PDF (PDF/UA-1), made before it is written.

WeasyPrint (70) tags headings, paragraphs, lists, tables and figures, and links a
table's data cells to their header cells by ``/Headers`` and the headers' ``/ID``.
Three things it leaves short of PDF/UA-1 and the PDF 1.7 structure rules are put
right here, on the ``pydyf`` objects (WeasyPrint's ``finisher`` hook):

* the header cells' identifiers are listed in the structure tree's ``/IDTree``
  (required when any element has an ``/ID``), and every ``TH`` says its
  ``/Scope``: ``/Column``, as every header cell of the template is a column's
  (``<th scope="col">``), so a reader that does not follow ``/Headers`` still
  knows what a header heads;
* a figure's ``/BBox`` is given in the page's own coordinates (points, origin at
  the bottom left), not in CSS pixels from the top;
* text of the page margins (the running title, the page number, the footer) is
  marked as an artifact: WeasyPrint marks it as content of structure elements it
  then leaves out of the tree, so nothing in the tree or out of it owned it;
* a link's ``/Contents`` (its description, which PDF/UA requires) is the text of the
  heading it leads to, not WeasyPrint's anchor name (``h-12``), when ``link_texts``
  says it (the table of contents).
"""

from __future__ import annotations

import pydyf

PT_PER_PX = 0.75  # CSS pixels to PDF points at zoom 1


def finish(document, pdf: pydyf.PDF, link_texts: dict[str, str] | None = None) -> None:
    """The ``finisher`` for ``HTML.write_pdf``: see the module docstring. ``link_texts``:
    the words of each internal link's target, by the target's id."""
    if link_texts:
        _describe_links(pdf, link_texts)
    root_ref = pdf.catalog.get("StructTreeRoot")
    if root_ref is None:
        return
    root = _get(pdf, root_ref)
    reachable: set[int] = set()
    ids = []
    for element in _elements(pdf, root):
        reachable.add(element.number)
        tag = element.get("S")
        if tag == "/TH":
            attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
            attributes.setdefault("Scope", "/Column")
            if "ID" in element:
                ids.append((_to_str(element["ID"]), element.reference))
        elif tag == "/Figure":
            _figure_box(pdf, element)
    if ids:
        names = pydyf.Array()
        for key, reference in sorted(ids):  # a name tree's keys in order
            names.extend([pydyf.String(key), reference])
        tree = pydyf.Dictionary({"Names": names})
        pdf.add_object(tree)
        root["IDTree"] = tree.reference
    _margins_as_artifacts(pdf, root, reachable)


def _describe_links(pdf: pydyf.PDF, link_texts: dict[str, str]) -> None:
    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary) or item.get("Subtype") != "/Link":
            continue
        target = item.get("Dest")
        text = link_texts.get(_to_str(target)) if target is not None else None
        if text:
            item["Contents"] = pydyf.String(text)


def _get(pdf: pydyf.PDF, reference):
    """The object a reference (``b"12 0 R"``) points at; other values as they are."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return pdf.objects[int(reference.split()[0])]
    return reference


def _to_str(value) -> str:
    return value.string if isinstance(value, pydyf.String) else str(value)


def _elements(pdf: pydyf.PDF, root: pydyf.Dictionary):
    """The structure elements reachable from ``root``, in document order."""
    stack = list(reversed(_kids(pdf, root)))
    while stack:
        element = stack.pop()
        yield element
        stack.extend(reversed(_kids(pdf, element)))


def _kids(pdf: pydyf.PDF, element: pydyf.Dictionary) -> list:
    kids = element.get("K")
    if kids is None:
        return []
    kids = _get(pdf, kids)
    found = []
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = _get(pdf, kid)
        if isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/StructElem":
            found.append(kid)
    return found


def _figure_box(pdf: pydyf.PDF, element: pydyf.Dictionary) -> None:
    attributes = element.get("A")
    if not isinstance(attributes, pydyf.Dictionary) or "BBox" not in attributes:
        return
    page = _get(pdf, element["Pg"])
    height = float(page["MediaBox"][3])
    x1, y1, x2, y2 = (float(v) * PT_PER_PX for v in attributes["BBox"])
    attributes["BBox"] = pydyf.Array((x1, height - y2, x2, height - y1))


def _margins_as_artifacts(pdf: pydyf.PDF, root: pydyf.Dictionary, reachable: set[int]) -> None:
    mapping = _get(pdf, root["ParentTree"])
    nums = mapping["Nums"]
    pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
    for index in range(0, len(nums), 2):
        number, owners = nums[index], nums[index + 1]
        if not isinstance(owners, list) or not 0 <= number < len(pages):
            continue  # an annotation's entry, not a page's marked content
        orphans = {
            mcid
            for mcid, owner in enumerate(owners)
            if isinstance(owner, bytes) and int(owner.split()[0]) not in reachable
        }
        if not orphans:
            continue
        stream = _get(pdf, pages[number]["Contents"]).stream
        for position in range(len(stream) - 2, 0, -1):
            item = stream[position]
            if (
                isinstance(item, pydyf.Dictionary)
                and item.get("MCID") in orphans
                and stream[position + 1] == b"BDC"
            ):
                stream[position - 1 : position + 2] = ["/Artifact", b"BMC"]
        for mcid in orphans:
            owners[mcid] = b"null"
