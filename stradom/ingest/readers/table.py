"""A plain table (CSV or XLSX) read with the importer's readers, for registers and lists
that are not indicator values (plain Python, no Django).

:func:`open_table` checks the size, tells CSV from XLSX by content, detects a CSV's
encoding and separator, finds the header, and streams ``(line, values)`` pairs
(``line`` is the physical CSV line or the spreadsheet row). Registers, budget tasks
and survey microdata are all read through it.
:func:`assign_columns` names every column's role from Polish or English header
names (compared by :func:`~stradom.ingest.readers.cells.slug`), refusing unknown
and repeated columns and listing missing required ones.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from stradom.core.messages import Message, gettext_noop
from stradom.ingest.readers.cells import slug, text_of
from stradom.ingest.readers.csv_reader import CsvTable
from stradom.ingest.readers.detect import check_size, detect_encoding, sniff_container
from stradom.ingest.readers.records import Limits, RowError
from stradom.ingest.readers.xlsx_reader import XlsxTable


@dataclass
class Table:
    """An open file: its header, and its data rows streamed afresh at each read of
    :attr:`rows`."""

    header: list[str]
    header_line: int
    container: str  # "csv" | "xlsx"
    read_rows: Callable[[], Iterator[tuple[int, list | tuple]]]

    @property
    def rows(self) -> Iterator[tuple[int, list | tuple]]:
        return self.read_rows()


@contextmanager
def open_table(
    path: str | os.PathLike[str], limits: Limits, *, sheet: str | None = None
) -> Iterator[Table]:
    """The file's header and its data rows; raise ``ReadError`` if it cannot be read.

    ``sheet``: an XLSX's sheet by name (default: the first); a CSV has none."""
    check_size(path, limits.max_bytes)
    if sniff_container(path) == "xlsx":
        book = XlsxTable(path, sheet=sheet, header_row=None, limits=limits)
        try:
            yield Table([text_of(v) for v in book.header], book.header_line, "xlsx", book.rows)
        finally:
            book.close()
        return
    csv = CsvTable(path, detect_encoding(path), separator=None, header_row=None, limits=limits)
    yield Table([text_of(v) for v in csv.header], csv.header_line, "csv", csv.rows)


def assign_columns(
    header: list[str],
    header_line: int,
    names: Mapping[str, set[str]],
    required: tuple[str, ...] = (),
) -> tuple[dict[int, str], list[RowError]]:
    """``({column index: role}, problems)`` for a header; ``names`` maps each role to the
    slugs of the headers that mean it."""
    by_slug = {alias: role for role, aliases in names.items() for alias in aliases}
    roles: dict[int, str] = {}
    problems: list[RowError] = []
    for index, name in enumerate(header):
        if not name.strip():
            continue
        role = by_slug.get(slug(name))
        if role is None:
            problems.append(
                RowError(
                    header_line,
                    name,
                    Message(
                        gettext_noop("unknown column %(name)r (known: %(known)s)"),
                        {"name": name, "known": ", ".join(sorted(names))},
                    ),
                )
            )
        elif role in roles.values():
            problems.append(
                RowError(
                    header_line,
                    name,
                    Message(gettext_noop("column %(name)r is given twice"), {"name": name}),
                )
            )
        else:
            roles[index] = role
    for role in required:
        if role not in roles.values():
            problems.append(
                RowError(
                    header_line,
                    "",
                    Message(gettext_noop("the file has no %(role)s column"), {"role": role}),
                )
            )
    return roles, problems


def cells_of(values: list | tuple, roles: Mapping[int, str]) -> dict[str, object]:
    """``{role: raw cell}`` of one row (a short row's missing cells are None)."""
    return {role: values[index] if index < len(values) else None for index, role in roles.items()}
