"""Numbers, dates and statuses as people read them, in the page's language.

Polish: ``1 234,5`` (a no-break space between thousands) and ``26.11.2026``; English:
``1,234.5`` and ``26 Nov 2026``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from html import escape
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from stradom.core import i18n

register = template.Library()


def _en() -> bool:
    return (get_language() or "pl").startswith("en")


@register.filter
def num(value, decimals=None):
    """A value with the indicator's decimal places and thousands grouped; – when empty."""
    return format_number(value, decimals, _separators(get_language() or "pl"))


_QUANTA = [Decimal(1).scaleb(-d) for d in range(12)]


def format_number(value, decimals, separators: tuple[str, str]):
    """``num`` with the language's (decimal, thousands) separators given: a table asks for
    them once, not once per cell."""
    if value is None or value == "":
        return "–"
    if type(value) is Decimal:
        number = value
    else:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return value
    if decimals is None or decimals == "":
        decimals = max(0, -number.normalize().as_tuple().exponent)
    decimals = max(0, int(decimals))
    # Half up, as people round by hand (30,25 → 30,3), not the banker's half-even.
    quantum = _QUANTA[decimals] if decimals < len(_QUANTA) else Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if not number:
        number = abs(number)  # no "−0,0"
    # Python's own grouping, then the language's separators: the same text as Django's
    # number_format(..., force_grouping=True), at a fraction of the cost (a goal page of a
    # hundred indicators formats several hundred numbers).
    decimal_sep, thousand_sep = separators
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


day = register.filter("day", i18n.day)  # also for code outside templates (stradom.jobs)


@register.filter
def when(value):
    if not value:
        return ""
    local = timezone.localtime(value)
    return local.strftime("%d %b %Y %H:%M") if _en() else local.strftime("%d.%m.%Y %H:%M")


@register.filter(name="period")
def period_text(code):
    """A period as the pages write it: its code (``2024``, ``2024-Q3``, ``2024-07``), a day
    as ``day`` writes dates (``15.07.2024`` / ``15 Jul 2024``)."""
    if not code:
        return ""
    code = str(code)
    if len(code) == 10:
        with contextlib.suppress(ValueError):
            return day(dt.date.fromisoformat(code))
    return code


@register.filter
def sentence(text):
    """A phrase as a sentence: capital first letter and one full stop ("… 2025 r." keeps
    its own, never "r..")."""
    text = str(text or "").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


@register.filter(name="freshness")
def freshness_text(data, current_too=False):
    """Whether a series is up to date (``stradom.catalog.freshness``), in words of the
    active language: "ostatnia wartość z 2016 r.; oczekiwano 2025 r."; "" when there is
    nothing to say (current, or not judged, unless ``current_too``)."""
    from stradom.catalog.freshness import message
    from stradom.core.i18n import localize
    from stradom.core.messages import Message

    said = message(data, current_too=bool(current_too))
    if said is None:
        return ""
    params = {k: period_text(v) for k, v in said.params.items()}
    return localize(Message(said.template, params))


@register.filter
def score(value):
    """An Open SDG score (0–5) with one decimal, or –."""
    return _score(value, _separators(get_language() or "pl"))


def _score(value, separators: tuple[str, str]) -> str:
    if value is None:
        return "–"
    return format_number(Decimal(str(round(float(value), 1))), 1, separators)


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
PATH_SAFE = RFC3986_SUBDELIMS + "~:@"  # what ``reverse`` leaves unquoted in a path


def code_url_pattern(name: str) -> str:
    """The URL of view ``name`` with ``__code__`` where its one code goes, reversed once
    per language and script prefix."""
    key = (name, get_language() or "", get_script_prefix())
    pattern = _PATTERNS.get(key)
    if pattern is None:
        pattern = _PATTERNS[key] = reverse(name, args=["__code__"])
    return pattern


@register.simple_tag
def code_url(name: str, code: str) -> str:
    """``{% url name code %}`` for a view that takes one code, reversed once per language:
    a table of a hundred indicators fills in one pattern instead of resolving a hundred
    times."""
    return code_url_pattern(name).replace("__code__", quote(str(code), safe=PATH_SAFE))


def _text(value) -> str:
    """A value as ``{{ value }}`` prints it, escaped (ints, strings, lazy text, None; numbers
    with decimals go through ``num``, never here)."""
    if isinstance(value, SafeString):
        return value
    return escape(str(value))


_LINK_ROW = """
  <tr>
    <th scope="row"><a href="{url}?territory={territory}&amp;dimensions={dimensions}">{name}</a>
      <div class="meta">{place}</div></th>
    <td>{unit}</td>
    <td>{status}</td>
    <td class="num">{score}</td>
    <td class="num">{base}</td>
    <td class="num">{latest}</td>
    <td class="num">{target}</td>
  </tr>
  """


@register.simple_tag
def links_rows(links, indicator_url: str) -> SafeString:
    """The rows of ``includes/links_table.html``, written here rather than by a template
    loop: a goal page of a hundred indicators spent most of its time resolving the
    loop's thirty variables per row. Same text as the loop it replaced (tested)."""
    pattern = code_url_pattern(indicator_url)
    seps = _separators(get_language() or "pl")
    out = []
    for r in links:
        decimals = r.get("decimals")
        dims = r.get("dimensions")
        place = _text(r.get("territory_name"))
        if dims:
            place += " · " + _text(r.get("dimensions_label") or dims)
        status = status_badge(r["status_view"], r.get("label_text"))
        if r.get("reason_text"):
            status += '<div class="meta">' + _text(r["reason_text"]) + "</div>"
        if r.get("break_text"):
            status += '<div class="meta">' + _text(r["break_text"]) + "</div>"
        if r.get("freshness_text"):
            status += '<div class="meta stale">' + _text(r["freshness_text"]) + "</div>"
        inputs = r.get("inputs") or {}
        base_year = inputs.get("base_year") if isinstance(inputs, dict) else None
        base = (
            _amount(inputs.get("base_value", ""), decimals, seps, base_year) if base_year else "–"
        )
        out.append(
            _LINK_ROW.format(
                url=escape(pattern.replace("__code__", quote(str(r["indicator_code"]), PATH_SAFE))),
                territory=escape(quote(str(r.get("territory_code", "")), safe="/")),
                dimensions=escape(quote(str(r.get("dimensions", "")), safe="/")),
                name=_text(r.get("indicator_name")),
                place=place,
                unit=_text(r.get("unit")),
                status=status,
                score=escape(_score(r.get("score"), seps)),
                base=base,
                latest=_amount(r.get("latest_value"), decimals, seps, r.get("latest_year")),
                target=_amount(r.get("target_value"), decimals, seps, r.get("target_year")),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def _amount(value, decimals, separators: tuple[str, str], year) -> str:
    """A number and, when there is one, its year: ``1 234,5 <span …>(2024)</span>``."""
    text = escape(format_number(value, decimals, separators))
    return text + f' <span class="meta">({_text(year)})</span>' if year else text


@register.filter(name="channel")
def channel_text(code):
    """Where a recorded change came from, in words (``stradom.core.channels``)."""
    from stradom.core.channels import channel_label

    return channel_label(code or "")


@register.filter(name="reason")
def reason_text(reason, channel=""):
    """The reason of a recorded change; the system's own reasons in the reader's language
    (``{{ c.reason|reason:c.channel }}``)."""
    from stradom.core.channels import reason_shown

    return reason_shown(reason or "", channel or "")
