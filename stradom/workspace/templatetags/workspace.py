"""Template tags of the workspace: the rows of its long tables, written in Python
rather than by a template loop (a domain of 1,000 indicators spent most of its page's
time resolving the loop's variables), with the same text as the loop they replaced,
escaped as the template escaped it."""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from stradom.catalog.notes import freshness_text
from stradom.core import formatting
from stradom.core.kept import KeptWith
from stradom.core.markup import PATH_SAFE, code_url_pattern

register = template.Library()


@register.simple_tag
def domain_indicator_rows(rows) -> SafeString:
    """The rows of the domain page's table of indicators (``rows``: the view's, each an
    indicator, its :class:`~stradom.workspace.queries.ShownValue` and whether the user
    may enter a value). A row's text but its link to enter a value is the same for every
    reader: it is kept with its value (kept and shared, ``workspace.queries.domain_values``)
    per language, and only the link is the user's."""
    language = (get_language(), get_script_prefix())
    tables: list[_Table] = []  # made once, for the first row not kept

    def written(indicator, shown) -> tuple[str, str]:
        if not tables:
            tables.append(_Table())
        return tables[0].row(indicator, shown)

    out = []
    for r in rows:
        s = r["shown"]
        text, enter = _ROW_TEXT.get((s,), language, lambda r=r, s=s: written(r["indicator"], s))
        out.append(text)
        if r["may_enter"]:
            out.append(enter)
        out.append("</td></tr>")
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped (_Table.row)


_ROW_TEXT: KeptWith[tuple[str, str]] = KeptWith(20_000)  # domain pages' rows, per process


class _Table:
    """What the rows of one table look up once, not per row (many rows share them)."""

    def __init__(self):
        self.page = code_url_pattern("workspace:indicator")
        self.enter = code_url_pattern("workspace:enter")
        self.seps = formatting.separators()
        self.english = formatting.is_english()
        self.no_value = escape(gettext("No value yet."))
        self.enter_text = escape(gettext("Enter a value"))
        self.said: dict[int, str] = {}  # a freshness in words, per (shared) freshness
        self.statuses: dict[str, str] = {}  # a publication status in words
        self.places: dict[tuple, str] = {}  # the unit's code in the link, and its words

    def row(self, ind, s) -> tuple[str, str]:
        """A row's text up to its last cell's content, and the link to enter a value."""
        code = escape(ind.code)
        in_path = quote(str(ind.code), safe=PATH_SAFE)
        url = escape(self.page.replace("__code__", in_path))
        fresh = s.freshness
        words = self.said.get(id(fresh))
        if words is None:
            words = self.said[id(fresh)] = freshness_text(fresh)
        name = (ind.name_en or ind.name_pl) if self.english else ind.name_pl
        out = [
            f'<tr id="domain-indicator-{code}"><th scope="row"><a href="{url}">'
            f'{escape(name)}</a> <span class="code">{code}</span></th>\n    '
        ]
        obs = s.observation
        if obs is not None:
            key = (s.territory, s.dimensions, s.dimensions_label)
            place = self.places.get(key)
            if place is None:
                territory = escape(quote(s.territory.code, safe="/")) if s.territory else ""
                if s.dimensions:
                    territory += "&amp;dimensions=" + escape(quote(s.dimensions, safe="/"))
                place = self.places[key] = f'?territory={territory}">{escape(s.where)}</a>'
            stale = f' <strong class="stale">({escape(words)})</strong>' if fresh["stale"] else ""
            out.append(
                f'<td class="num">{escape(formatting.number(obs.value, ind.decimals, self.seps))} '
                f'{escape(ind.unit)}</td><td><a href="{url}{place}</td>'
                f"<td>{escape(formatting.period(obs.period))}{stale}</td>\n    \n    "
            )
        elif fresh["stale"]:
            out.append(
                f'<td colspan="3"><strong class="stale">{escape(words[:1].upper() + words[1:])}'
                "</strong></td>\n    "
            )
        else:
            out.append(f'<td colspan="3">{self.no_value}</td>\n    ')
        status = self.statuses.get(ind.publication_status)
        if status is None:
            status = escape(ind.get_publication_status_display())
            self.statuses[ind.publication_status] = status
        out.append(f"<td>{status}</td><td>")
        link = escape(self.enter.replace("__code__", in_path))
        enter = (
            f'<a href="{link}">{self.enter_text}<span class="visually-hidden"> — {code}</span></a>'
        )
        return "".join(out), enter
