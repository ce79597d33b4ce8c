"""Template tags of the workspace: the rows of its long tables, written in Python
rather than by a template loop (a domain of 1,000 indicators spent most of its page's
time resolving the loop's variables), with the same text as the loop they replaced,
escaped as the template escaped it."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from stradom.catalog.notes import freshness_text
from stradom.core import formatting
from stradom.portal.templatetags.stradom import PATH_SAFE, code_url_pattern

register = template.Library()


@register.simple_tag
def domain_indicator_rows(rows) -> SafeString:
    """The rows of the domain page's table of indicators (``rows``: the view's, each an
    indicator, its :class:`~stradom.workspace.queries.ShownValue` and whether the user
    may enter a value)."""
    page = code_url_pattern("workspace:indicator")
    enter = code_url_pattern("workspace:enter")
    seps = formatting.separators()
    english = formatting.is_english()
    no_value = escape(gettext("No value yet."))
    enter_text = escape(gettext("Enter a value"))
    # Looked up once per table, not per row: many rows share them.
    said: dict[int, str] = {}  # a freshness in words, per (shared) freshness
    statuses: dict[str, str] = {}  # a publication status in words
    places: dict[tuple, str] = {}  # the unit's code in the link, and its words
    out = []
    for r in rows:
        ind, s = r["indicator"], r["shown"]
        code = escape(ind.code)
        in_path = quote(str(ind.code), safe=PATH_SAFE)
        url = escape(page.replace("__code__", in_path))
        fresh = s.freshness
        words = said.get(id(fresh))
        if words is None:
            words = said[id(fresh)] = freshness_text(fresh)
        name = (ind.name_en or ind.name_pl) if english else ind.name_pl
        out.append(
            f'<tr id="domain-indicator-{code}"><th scope="row"><a href="{url}">'
            f'{escape(name)}</a> <span class="code">{code}</span></th>\n    '
        )
        obs = s.observation
        if obs is not None:
            key = (s.territory, s.dimensions, s.dimensions_label)
            place = places.get(key)
            if place is None:
                territory = escape(quote(s.territory.code, safe="/")) if s.territory else ""
                if s.dimensions:
                    territory += "&amp;dimensions=" + escape(quote(s.dimensions, safe="/"))
                place = places[key] = f'?territory={territory}">{escape(s.where)}</a>'
            stale = f' <strong class="stale">({escape(words)})</strong>' if fresh["stale"] else ""
            out.append(
                f'<td class="num">{escape(formatting.number(obs.value, ind.decimals, seps))} '
                f'{escape(ind.unit)}</td><td><a href="{url}{place}</td>'
                f"<td>{escape(formatting.period(obs.period))}{stale}</td>\n    \n    "
            )
        elif fresh["stale"]:
            out.append(
                f'<td colspan="3"><strong class="stale">{escape(words[:1].upper() + words[1:])}'
                "</strong></td>\n    "
            )
        else:
            out.append(f'<td colspan="3">{no_value}</td>\n    ')
        status = statuses.get(ind.publication_status)
        if status is None:
            status = statuses[ind.publication_status] = escape(ind.get_publication_status_display())
        out.append(f"<td>{status}</td><td>")
        if r["may_enter"]:
            link = escape(enter.replace("__code__", in_path))
            out.append(
                f'<a href="{link}">{enter_text}<span class="visually-hidden"> — {code}</span></a>'
            )
        out.append("</td></tr>")
    return mark_safe("".join(out))  # noqa: S308 - every value above is escaped
