"""Rows of a CSV file, streamed with their physical line numbers.

The header is the mapping's ``header_row``, or else the first line that has a
column separator (title lines above a table, such as "Tabela 1. Ludność", are
skipped). The separator is sniffed from the header line unless the mapping
states one. Blank lines and lines of empty cells are skipped. Line numbers are
where a row *starts*, so a quoted cell spanning lines still points at the right
place. (Lines over 1 MiB were refused by :mod:`.detect` before.)

Quoting is read strictly: a quote left open would otherwise swallow every line
after it into one cell, so it stops the file with the line where it opened.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Generator, Iterator
from itertools import chain
from typing import Any

from stradom.core.messages import gettext_noop
from stradom.ingest.readers.detect import TextEncoding, check_text, sniff_separator
from stradom.ingest.readers.records import Limits, ReadError

_CHECK_CHARS = 64 * 1024
_MAX_TITLE_LINES = 20
_BLANK = " \t\r\n\ufeff;,|"


class CsvTable:
    """A CSV file's header and a way to stream its data rows (any number of times)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        encoding: TextEncoding,
        *,
        separator: str | None,
        header_row: int | None,
        limits: Limits,
    ) -> None:
        self.path = path
        self.encoding = encoding
        self.header_row = header_row
        self.limits = limits
        self.separator = separator
        self.header: list[str] = []
        self.header_line = 0
        self._read_header()

    def _open(self):
        return open(self.path, encoding=self.encoding.codec, newline="")  # noqa: SIM115

    def _find_header_text(self, lines: Iterator[str]) -> tuple[str, int]:
        """(the header line's text, how many physical lines come before it)."""
        number = 0
        first_text: tuple[str, int] | None = None
        for text in lines:
            number += 1
            if self.header_row is not None:
                if number >= self.header_row and text.strip(_BLANK):
                    return text, number - 1
                continue
            if not text.strip(_BLANK):
                continue
            if first_text is None:
                first_text = (text, number - 1)
            if self._has_separator(text):
                return text, number - 1
            if number - first_text[1] > _MAX_TITLE_LINES:
                break
        if first_text is not None:
            return first_text  # no line has a separator: refused by _read_header
        if number == 0:
            raise ReadError(gettext_noop("the file is empty"), file=self.path)
        raise ReadError(
            gettext_noop("the file has no header line (only blank lines)"), file=self.path
        )

    def _has_separator(self, text: str) -> bool:
        if self.separator is not None:
            return self.separator in text
        return sniff_separator(text) is not None

    def _read_header(self) -> None:
        try:
            with self._open() as f:
                check_text(self.path, f.read(_CHECK_CHARS))
                f.seek(0)
                lines = iter(f)
                text, before = self._find_header_text(lines)
                if self.separator is None:
                    self.separator = sniff_separator(text)
                    if self.separator is None:
                        raise ReadError(
                            gettext_noop(
                                "the header line has a single column: found no ';', ',' or tab "
                                "separating column names (header: %(header)r)"
                            ),
                            file=self.path,
                            line=before + 1,
                            header=text.strip()[:200],
                        )
                reader = csv.reader(chain([text], lines), delimiter=self.separator, strict=True)
                header = next(reader)
        except UnicodeDecodeError as exc:
            raise self._decode_error(exc, None) from None
        except csv.Error as exc:
            raise ReadError(
                gettext_noop("the header line cannot be read as CSV: %(reason)s"),
                file=self.path,
                reason=str(exc),
            ) from None
        if len(header) > self.limits.max_columns:
            raise ReadError(
                gettext_noop("the file has %(count)s columns, more than the limit of %(limit)s"),
                file=self.path,
                count=len(header),
                limit=self.limits.max_columns,
            )
        self.header = [name.strip().lstrip("\ufeff").strip() for name in header]
        self.header_line = before + 1

    def _decode_error(self, exc: UnicodeDecodeError, line: int | None) -> ReadError:
        return ReadError(
            gettext_noop("the text is not valid %(encoding)s (near this line): %(reason)s"),
            file=self.path,
            line=line,
            encoding=self.encoding.label,
            reason=exc.reason,
        )

    def rows(
        self, build: Callable[[int, list[str]], Any] | None = None
    ) -> Generator[Any, None, None]:
        """``(line, cells)`` for every data row, or ``build(line, cells)`` when given.

        Raises :class:`ReadError` on a broken file.
        """
        emit = build or _pair
        max_rows = self.limits.max_rows
        separator = self.separator
        assert separator is not None  # sniffed by _read_header, or it refused the file
        before = previous = 0
        with self._open() as f:
            try:
                lines = iter(f)
                text, before = self._find_header_text(lines)
                reader = csv.reader(chain([text], lines), delimiter=separator, strict=True)
                next(reader)
                previous = reader.line_num
                count = 0
                for row in reader:
                    line = before + previous + 1
                    previous = reader.line_num
                    if not row or (not row[0] and not any(row)):
                        continue
                    count += 1
                    if count > max_rows:
                        raise ReadError(
                            gettext_noop("the file has more than %(limit)s rows, the limit"),
                            file=self.path,
                            line=line,
                            limit=max_rows,
                        )
                    yield emit(line, row)
            except UnicodeDecodeError as exc:
                raise self._decode_error(exc, before + previous + 1) from None
            except csv.Error as exc:
                raise ReadError(
                    gettext_noop("the file cannot be read as CSV here: %(reason)s"),
                    file=self.path,
                    line=before + previous + 1,
                    reason=str(exc),
                ) from None


def _pair(line: int, row: list[str]) -> tuple[int, list[str]]:
    return line, row
