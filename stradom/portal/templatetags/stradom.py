"""Numbers, dates and statuses as people read them, in the page's language.

Polish: ``1 234,5`` (a no-break space between thousands) and ``26.11.2026``; English:
``1,234.5`` and ``26 Nov 2026``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

register = template.Library()


def _en() -> bool:
    return (get_language() or "pl").startswith("en")


@register.filter
def num(value, decimals=None):
    """A value with the indicator's decimal places and thousands grouped; – when empty."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if decimals is None or decimals == "":
        decimals = max(0, -number.normalize().as_tuple().exponent)
    decimals = max(0, int(decimals))
    # Half up, as people round by hand (30,25 → 30,3), not the banker's half-even.
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if not number:
        number = abs(number)  # no "−0,0"
    # Python's own grouping, then the language's separators: the same text as Django's
    # number_format(..., force_grouping=True), at a fraction of the cost (a goal page of a
    # hundred indicators formats several hundred numbers).
    decimal_sep, thousand_sep = _separators(get_language() or "pl")
    text = f"{number:,.{decimals}f}"
    if decimal_sep != "." or thousand_sep != ",":
        text = text.replace(",", "\0").replace(".", decimal_sep).replace("\0", thousand_sep)
    return "−" + text[1:] if text.startswith("-") else text


_SEPARATORS: dict[str, tuple[str, str]] = {}


def _separators(language: str) -> tuple[str, str]:
    kept = _SEPARATORS.get(language)
    if kept is None:
        kept = _SEPARATORS[language] = (
            str(get_format("DECIMAL_SEPARATOR", language, use_l10n=True)),
            str(get_format("THOUSAND_SEPARATOR", language, use_l10n=True)),
        )
    return kept


@register.filter
def day(value):
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d %b %Y") if _en() else value.strftime("%d.%m.%Y")


@register.filter
def when(value):
    if not value:
        return ""
    local = timezone.localtime(value)
    return local.strftime("%d %b %Y %H:%M") if _en() else local.strftime("%d.%m.%Y %H:%M")


@register.filter
def score(value):
    """An Open SDG score (0–5) with one decimal, or –."""
    if value is None:
        return "–"
    return num(Decimal(str(round(float(value), 1))), 1)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def obs_status(value):
    """An observation's status in words (final, provisional, estimated, not available)."""
    from stradom.catalog.models import ObservationStatus

    try:
        return ObservationStatus(value).label
    except ValueError:
        return value


@register.simple_tag
def status_badge(status, label=None):
    """A status as symbol and words (never colour alone); ``includes/status.html`` and
    row-by-row tables both use it."""
    return format_html(
        '<span class="status {}"><span aria-hidden="true">{}</span> {}</span>',
        status["css"],
        status["symbol"],
        label or status["label"],
    )


_PATTERNS: dict[tuple[str, str, str], str] = {}


@register.simple_tag
def code_url(name: str, code: str) -> str:
    """``{% url name code %}`` for a view that takes one code, reversed once per language:
    a table of a hundred indicators fills in one pattern instead of resolving a hundred
    times."""
    key = (name, get_language() or "", get_script_prefix())
    pattern = _PATTERNS.get(key)
    if pattern is None:
        pattern = _PATTERNS[key] = reverse(name, args=["__code__"])
    # Quoted as ``reverse`` quotes a path (RFC 3986 sub-delimiters and "~:@" kept).
    return pattern.replace("__code__", quote(str(code), safe=RFC3986_SUBDELIMS + "~:@"))
