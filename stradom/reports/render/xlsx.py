"""A report's tables as a workbook (openpyxl).

The first sheet ("Raport" / "Report") carries the title and every text block in
order — headings, paragraphs (the illustrative-content warning included) and
bullet lists — so the workbook does not lose what the tables mean. Then every
:class:`Table` becomes a sheet named from its ``sheet`` or ``caption`` (at most
31 characters, characters Excel forbids removed, made unique). Cells keep raw
values: numbers stay numbers with a number format (decimals, `` zł``, ``%``),
dates stay dates; text is made inert (``stradom.exports.cells.inert``) so a
value beginning with ``=`` is never run as a formula. The header row is bold and
frozen. Charts are not drawn here: their numbers are in the tables.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

from stradom.core.formatting import when
from stradom.exports.cells import inert
from stradom.reports.document import Bullets, Column, Document, Heading, Paragraph, Table

MAX_SHEET = 31
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def number_format(column: Column, value: object, language: str) -> str | None:
    if isinstance(value, dt.date):
        return "yyyy-mm-dd" if language == "en" else "dd.mm.yyyy"
    if column.kind == "year":
        return "0"
    if column.kind == "code":
        return None  # an identifier is text, even when it is made of digits
    if not isinstance(value, int | float | Decimal):
        return None
    decimals = column.decimals
    if decimals is None:
        decimals = 2 if column.kind == "money" else (0 if isinstance(value, int) else None)
    body = "General" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
    if column.kind == "money":
        return body + ' "zł"'
    if column.kind == "percent":
        return body + '"%"'
    return body


def sheet_names(titles: list[str], taken: set[str]) -> list[str]:
    """Excel-safe, unique (ignoring case) sheet names for ``titles``."""
    names = []
    seen = {name.lower() for name in taken}
    for number, title in enumerate(titles, start=1):
        base = " ".join(FORBIDDEN.sub(" ", title).split()).strip("'") or f"{number}"
        name = base[:MAX_SHEET]
        suffix = 2
        while name.lower() in seen:
            tail = f" ({suffix})"
            name = base[: MAX_SHEET - len(tail)] + tail
            suffix += 1
        seen.add(name.lower())
        names.append(name)
    return names


def _cell(value: object, column: Column) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | dt.date):
        if column.kind in ("text", "code") and not isinstance(value, dt.date):
            return inert(str(value))
        return value
    return inert(str(value))


def write_xlsx(doc: Document, out: BinaryIO | Path, *, progress=None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    about = book.active
    about.title = _("Report")[:MAX_SHEET]
    bold = Font(bold=True)
    lines: list[tuple[str, Font | None]] = [(doc.title, Font(bold=True, size=14))]
    if doc.subtitle:
        lines.append((doc.subtitle, None))
    if doc.generated_at:
        lines.append((_("Generated") + f": {when(doc.generated_at)}", None))
    tables = [block for block in doc.blocks if isinstance(block, Table)]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines.append((block.text, bold))
        elif isinstance(block, Paragraph):
            lines.append((block.text, bold if block.style == "illustrative" else None))
        elif isinstance(block, Bullets):
            lines.extend((f"• {item}", None) for item in block.items)
    for number, (text, font) in enumerate(lines, start=1):
        cell = about.cell(row=number, column=1, value=inert(text))
        if font is not None:
            cell.font = font
    about.column_dimensions["A"].width = 100

    table_word = _("Table")  # outside the f-string, where makemessages finds it
    names = sheet_names(
        [t.sheet or t.caption or f"{table_word} {i}" for i, t in enumerate(tables, 1)],
        {about.title},
    )
    for table, name in zip(tables, names, strict=True):
        sheet = book.create_sheet(name)
        sheet.append([inert(column.label) for column in table.columns])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for row_number, row in enumerate(table.rows, start=2):
            for col_number, (value, column) in enumerate(zip(row, table.columns, strict=True), 1):
                cell = sheet.cell(row=row_number, column=col_number, value=_cell(value, column))
                fmt = number_format(column, value, doc.language)
                if fmt is not None and value is not None:
                    cell.number_format = fmt
        for col_number, column in enumerate(table.columns, start=1):
            longest = max(
                [len(column.label)] + [len(str(row[col_number - 1] or "")) for row in table.rows]
            )
            letter = sheet.cell(row=1, column=col_number).column_letter
            sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))
    book.save(str(out) if isinstance(out, Path) else out)
