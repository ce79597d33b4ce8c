"""HTML written in Python rather than by a template loop, for every app's pages: URLs
filled in from one reversed pattern, a status as symbol and words, and the rows of a
links table (a goal's indicators with their progress).

A page of a thousand rows spent most of its time resolving a loop's variables; what is
here writes the same text, escaped as the template escaped it (tested against the loop
it replaced, ``portal/tests/reference.py``). The template tag libraries register these
under the names their templates know (``stradom``: ``code_url``, ``status_badge``,
``links_rows``); modules call them from here, never through a tag library.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from stradom.core import formatting
from stradom.core.kept import KeptWith

PATH_SAFE = RFC3986_SUBDELIMS + "~:@"  # what ``reverse`` leaves unquoted in a path

_PATTERNS: dict[tuple[str, str, str], str] = {}


def code_url_pattern(name: str) -> str:
    """The URL of view ``name`` with ``__code__`` where its one code goes, reversed once
    per language and script prefix."""
    key = (name, get_language() or "", get_script_prefix())
    pattern = _PATTERNS.get(key)
    if pattern is None:
        pattern = _PATTERNS[key] = reverse(name, args=["__code__"])
    return pattern


def code_url(name: str, code: str) -> str:
    """``{% url name code %}`` for a view that takes one code, reversed once per language:
    a table of a hundred indicators fills in one pattern instead of resolving a hundred
    times."""
    return code_url_pattern(name).replace("__code__", quote(str(code), safe=PATH_SAFE))


def status_badge(status, label=None) -> SafeString:
    """A status as symbol and words (never colour alone); ``includes/status.html`` and
    row-by-row tables both use it."""
    return format_html(
        '<span class="status {}"><span aria-hidden="true">{}</span> {}</span>',
        status.css,
        status.symbol,
        label or status.label,
    )


def text(value) -> str:
    """A value as ``{{ value }}`` prints it, escaped (ints, strings, lazy text, None; numbers
    with decimals go through ``formatting.number``, never here)."""
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

_LINKS: KeptWith[SafeString] = KeptWith(256)  # goals' tables, per process


def links_rows(links, indicator_url: str) -> SafeString:
    """The rows of ``includes/links_table.html`` (``links``: a goal's
    :class:`~stradom.strategy.queries.LinkRow`, ``indicator_url``: the view each row
    links to).

    A goal's links in a view kept and shared (``strategy.queries.viewed``) are one tuple
    of frozen rows for every reader until the assessment changes, so their text is
    written once per language and kept with them (a strategy page of 1,000 links spent
    most of its time writing them). A list, which may change, is written every time."""
    if not isinstance(links, tuple):
        return _written(links, indicator_url)
    where = (indicator_url, get_language(), get_script_prefix())
    return _LINKS.get((links,), where, lambda: _written(links, indicator_url))


def _written(links, indicator_url: str) -> SafeString:
    pattern = code_url_pattern(indicator_url)
    seps = formatting.separators()
    out = []
    for r in links:
        decimals = r.decimals
        dims = r.dimensions
        place = text(r.territory_name)
        if dims:
            place += " · " + text(r.dimensions_label or dims)
        status = status_badge(r.status_view, r.label_text)
        if r.reason_text:
            status += '<div class="meta">' + text(r.reason_text) + "</div>"
        if r.break_text:
            status += '<div class="meta">' + text(r.break_text) + "</div>"
        if r.freshness_text:
            status += '<div class="meta stale">' + text(r.freshness_text) + "</div>"
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
                name=text(r.indicator_name),
                place=place,
                unit=text(r.unit),
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
    number = escape(formatting.number(value, decimals, separators))
    return number + f' <span class="meta">({text(year)})</span>' if year else number
