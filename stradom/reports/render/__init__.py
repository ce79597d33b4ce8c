"""Renderers: a :class:`~stradom.reports.document.Document` to a file.

Each renderer is ``write(doc, out, *, progress=None)`` where ``out`` is a binary
file or a path. The heavy libraries (WeasyPrint, python-docx, openpyxl,
vl-convert) are imported only when a renderer runs.
"""

from __future__ import annotations


def write_pdf(doc, out, *, progress=None) -> None:
    from stradom.reports.render.pdf import write_pdf as write

    write(doc, out, progress=progress)


def write_docx(doc, out, *, progress=None) -> None:
    from stradom.reports.render.docx import write_docx as write

    write(doc, out, progress=progress)


def write_xlsx(doc, out, *, progress=None) -> None:
    from stradom.reports.render.xlsx import write_xlsx as write

    write(doc, out, progress=progress)


RENDERERS = {"pdf": write_pdf, "docx": write_docx, "xlsx": write_xlsx}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
