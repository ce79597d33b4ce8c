"""The template filters and tags of Stradom's pages.

Numbers, dates and periods are written by ``stradom.core.formatting``, registered here
under the names the templates know (``num``, ``day``, ``when``, ``period``, ``score``,
``sentence``); the words of a series' freshness and of an observation's status come from
``stradom.catalog.notes``. What is here on its own is about HTML: the status badge, URLs
filled in from one reversed pattern, and the rows of the links table.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from stradom.catalog import notes
from stradom.core import formatting

register = template.Library()

num = register.filter("num", formatting.number)
day = register.filter("day", formatting.day)
when = register.filter("when", formatting.when)
period_text = register.filter("period", formatting.period)
sentence = register.filter("sentence", formatting.sentence)
score = register.filter("score", formatting.score)
freshness_text = register.filter("freshness", notes.freshness_text)
obs_status = register.filter("obs_status", notes.status_text)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def status_badge(status, label=None):
    """A status as symbol and words (never colour alone); ``includes/status.html`` and
    row-by-row tables both use it."""
    return format_html(
        '<span class="status {}"><span aria-hidden="true">{}</span> {}</span>',
        status.css,
        status.symbol,
        label or status.label,
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
    seps = formatting.separators()
    out = []
    for r in links:  # stradom.strategy.queries.LinkRow
        decimals = r.decimals
        dims = r.dimensions
        place = _text(r.territory_name)
        if dims:
            place += " · " + _text(r.dimensions_label or dims)
        status = status_badge(r.status_view, r.label_text)
        if r.reason_text:
            status += '<div class="meta">' + _text(r.reason_text) + "</div>"
        if r.break_text:
            status += '<div class="meta">' + _text(r.break_text) + "</div>"
        if r.freshness_text:
            status += '<div class="meta stale">' + _text(r.freshness_text) + "</div>"
        inputs = r.inputs or {}
        base_year = inputs.get("base_year")
        base = (
            _amount(inputs.get("base_value", ""), decimals, seps, base_year) if base_year else "–"
        )
        out.append(
            _LINK_ROW.format(
                url=escape(pattern.replace("__code__", quote(str(r.indicator_code), PATH_SAFE))),
                territory=escape(quote(str(r.territory_code), safe="/")),
                dimensions=escape(quote(str(r.dimensions), safe="/")),
                name=_text(r.indicator_name),
                place=place,
                unit=_text(r.unit),
                status=status,
                score=escape(formatting.score(r.score, seps)),
                base=base,
                latest=_amount(r.latest_value, decimals, seps, r.latest_year),
                target=_amount(r.target_value, decimals, seps, r.target_year),
            )
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped


def _amount(value, decimals, separators: tuple[str, str], year) -> str:
    """A number and, when there is one, its year: ``1 234,5 <span …>(2024)</span>``."""
    text = escape(formatting.number(value, decimals, separators))
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
