"""Numbers written the Polish or the English way, read into ``Decimal``.

A file writes decimals either with a comma (``1 234,5``, ``1.234,5``) or with a
point (``1,234.5``); never both. :class:`NumberReader` learns which from the
first value that shows it (``7,5``, ``1.234,5``, ``1,234,567``…) unless the
mapping states it, and from then on refuses a value written the other way,
naming the line that showed the file's mark. A value that could be either
(``1,234``: 1.234 or 1234?) before the mark is known is an error that asks for
``decimal:`` in the mapping.

Grouping: spaces, non-breaking spaces (U+00A0, U+202F, U+2009) and the mark
that is not the decimal one, always in full groups of three digits. So with a
decimal comma ``1.234`` is 1234, and with a decimal point ``1,5`` is refused
rather than read as 15.

Never float; nothing is evaluated: a cell starting with ``=``, ``+`` or ``@``
is a formula-like text and is refused as a number.
"""

from __future__ import annotations

import re
from decimal import Decimal

from stradom.core.messages import Message, gettext_noop

MAX_NUMBER_CHARS = 60

# Markers people write for "no value". They mean missing only if the mapping says so.
KNOWN_MISSING_MARKERS = frozenset(
    {"-", "–", "—", ".", "..", "x", "b.d.", "bd", "brak", "n/a", "na"}
)

_MINUS_SIGNS = "-\u2212"
_FORMULA_START = ("=", "+", "@")
_SPACES = " \u00a0\u202f\u2009"

# int part: digits grouped by one separator (space-like, "." or ",") or plain
# digits; then an optional decimal part.
_SHAPE = re.compile(
    r"(?:(?P<head>\d{1,3})(?P<grp>[ \u00a0\u202f\u2009.,])(?P<groups>\d{3}(?:(?P=grp)\d{3})*)"
    r"|(?P<plain>\d+))?"
    r"(?:(?P<dec>[.,])(?P<frac>\d+))?",
    re.ASCII,
)

MARK_NAMES = {",": "comma", ".": "point"}


class NumberError(Exception):
    """A text that is not a number; ``message`` says why, for a person."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _err(template: str, **params: object) -> NumberError:
    return NumberError(Message(template, params))


class NumberReader:
    """Parse the numbers of one file, keeping its decimal mark consistent.

    ``decimal`` is ``","`` or ``"."`` when known (stated in the mapping when
    ``stated`` is true, otherwise learnt from ``decided_text`` on
    ``decided_line``), else ``None`` until a value shows it.
    """

    __slots__ = ("decimal", "stated", "decided_line", "decided_text")

    def __init__(
        self,
        decimal: str | None = None,
        *,
        stated: bool = False,
        decided_line: int | None = None,
        decided_text: str = "",
    ) -> None:
        if decimal not in (None, ",", "."):
            raise ValueError(f"decimal mark must be ',' or '.', not {decimal!r}")
        self.decimal = decimal
        self.stated = stated and decimal is not None
        self.decided_line = decided_line
        self.decided_text = decided_text

    def copy(self) -> NumberReader:
        return NumberReader(
            self.decimal,
            stated=self.stated,
            decided_line=self.decided_line,
            decided_text=self.decided_text,
        )

    def parse(self, text: str, line: int) -> Decimal:
        """The number ``text`` stands for; raise :class:`NumberError` if it is none.

        The caller deals with empty cells and missing-value markers first.
        """
        if text.isdigit() and text.isascii():
            return Decimal(text)
        t = text.strip()
        mark = self.decimal
        if mark is not None:
            # Fast path for the common "123,45" / "-123.45" once the mark is known.
            head, sep, frac = t.partition(mark)
            if sep and frac.isdigit() and frac.isascii():
                sign = ""
                if head[:1] == "-":
                    sign, head = "-", head[1:]
                if head.isdigit() and head.isascii():
                    return Decimal(f"{sign}{head}.{frac}")
        return self._parse_slow(t, line)

    def _parse_slow(self, t: str, line: int) -> Decimal:
        if not t:
            raise _err(gettext_noop("the value is empty"))
        if len(t) > MAX_NUMBER_CHARS:
            raise _err(
                gettext_noop("the value is %(length)s characters long, too long for a number"),
                length=len(t),
            )
        if t.startswith(_FORMULA_START):
            raise _err(
                gettext_noop("%(value)r looks like a spreadsheet formula, not a number"), value=t
            )
        if t.casefold() in KNOWN_MISSING_MARKERS:
            raise _err(
                gettext_noop(
                    "%(value)r is not a number; if it means 'no data' in this file, list it "
                    "under 'missing' in the mapping"
                ),
                value=t,
            )
        sign = ""
        body = t
        if body[0] in _MINUS_SIGNS:
            sign, body = "-", body[1:]
        match = _SHAPE.fullmatch(body)
        if not body or match is None or match.group(0) == "":
            raise _err(gettext_noop("%(value)r is not a number"), value=t)
        head, grp, groups, plain, dec, frac = match.group(
            "head", "grp", "groups", "plain", "dec", "frac"
        )
        if grp is not None and dec is not None and grp == dec:
            raise _err(gettext_noop("%(value)r is not a number"), value=t)
        shown, ambiguous = self._evidence(head, grp, groups, dec)
        if ambiguous:
            mark = self.decimal
            if mark is None:
                as_decimal = f"{sign}{head}.{groups}"
                as_thousands = f"{sign}{head}{groups}"
                raise _err(
                    gettext_noop(
                        "%(value)r can be read as %(as_decimal)s or as %(as_thousands)s; "
                        'state the decimal mark in the mapping (decimal: "," or ".")'
                    ),
                    value=t,
                    as_decimal=as_decimal,
                    as_thousands=as_thousands,
                )
            digits = f"{head}.{groups}" if grp == mark else f"{head}{groups}"
            return Decimal(sign + digits)
        if shown is not None:
            self._check_mark(shown, t, line)
        if grp is not None and grp == shown:  # "0,123": the "group" is the decimal part
            return Decimal(f"{sign}{head}.{groups}")
        int_part = head + groups.replace(grp, "") if grp is not None else plain or "0"
        digits = f"{int_part}.{frac}" if dec is not None else int_part
        return Decimal(sign + digits)

    @staticmethod
    def _evidence(
        head: str | None, grp: str | None, groups: str | None, dec: str | None
    ) -> tuple[str | None, bool]:
        """(decimal mark the text shows or None, whether it is ambiguous)."""
        if dec is not None:
            return dec, False
        if grp is None or groups is None or grp in _SPACES:  # groups come with their mark
            return None, False
        if len(groups) > 3:  # two or more groups: grp can only be the grouping mark
            return ("." if grp == "," else ","), False
        if head == "0":  # a grouped number never starts with 0: "0,123" is a decimal
            return grp, False
        return None, True

    def _check_mark(self, shown: str, text: str, line: int) -> None:
        mark = self.decimal
        if mark is None:
            self.decimal = shown
            self.decided_line = line
            self.decided_text = text
            return
        if shown == mark:
            return
        if self.stated:
            raise _err(
                gettext_noop(
                    "%(value)r is written with a decimal %(shown)s, but the mapping says this "
                    "file writes decimals with a %(mark)s"
                ),
                value=text,
                shown=MARK_NAMES[shown],
                mark=MARK_NAMES[mark],
            )
        raise _err(
            gettext_noop(
                "%(value)r is written with a decimal %(shown)s, but line %(first_line)s "
                "(%(first_value)r) writes decimals with a %(mark)s; a file must use one way"
            ),
            value=text,
            shown=MARK_NAMES[shown],
            mark=MARK_NAMES[mark],
            first_line=self.decided_line,
            first_value=self.decided_text,
        )


def decimal_from_float(value: float) -> Decimal:
    """The decimal a spreadsheet shows for a float: the shortest repr, not 0.1000000000000000055…"""
    return Decimal(repr(value))
