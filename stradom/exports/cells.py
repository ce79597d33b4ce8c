"""Cell-level rules shared by the spreadsheet writers."""

from __future__ import annotations

from decimal import Decimal

from stradom.core.numbers import plain

# A spreadsheet treats a cell that begins with one of these as a formula
# (OWASP "CSV injection"); tab and carriage return can smuggle one in as well.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` before a formula-like start."""
    if text and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def number_text(value: Decimal | None, *, comma: bool = False) -> str:
    text = plain(value) or ""
    return text.replace(".", ",") if comma else text
