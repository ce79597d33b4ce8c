"""Numbers as text, without trailing zeros or exponents (plain Python)."""

from __future__ import annotations

from decimal import Decimal


def plain(value: Decimal | None) -> str | None:
    """``Decimal('43.7000000000')`` → ``'43.7'``; ``Decimal('1E+3')`` → ``'1000'``."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text
