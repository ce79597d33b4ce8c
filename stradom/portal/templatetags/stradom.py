"""The template filters and tags of Stradom's pages.

Numbers, dates and periods are written by ``stradom.core.formatting``, registered here
under the names the templates know (``num``, ``day``, ``when``, ``period``, ``score``,
``sentence``); the words of a series' freshness and of an observation's status come from
``stradom.catalog.notes``; the status badge, URLs filled in from one reversed pattern and
the rows of the links table from ``stradom.core.markup``.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from stradom.catalog import notes
from stradom.core import formatting, markup
from stradom.core.kept import KeptWith

register = template.Library()

num = register.filter("num", formatting.number)
day = register.filter("day", formatting.day)
when = register.filter("when", formatting.when)
period_text = register.filter("period", formatting.period)
sentence = register.filter("sentence", formatting.sentence)
score = register.filter("score", formatting.score)
freshness_text = register.filter("freshness", notes.freshness_text)
obs_status = register.filter("obs_status", notes.status_text)
status_badge = register.simple_tag(markup.status_badge, name="status_badge")
code_url = register.simple_tag(markup.code_url, name="code_url")
links_rows = register.simple_tag(markup.links_rows, name="links_rows")


@register.simple_tag
def indicator_body(view, csv_url: str, show_status: bool = False) -> SafeString:
    """``includes/indicator_body.html`` for ``view`` (``strategy.queries.IndicatorView``).

    Everything it shows but how the indicator is calculated is the view's shared part,
    kept and shared per data version (``indicator_view``), so the text is written once
    per shared part, calculation facts, language and address and kept with the part it
    was written from: it was most of a signed-in user's indicator page."""
    parts = (view.series, view.charts, view.districts, view.peers)
    where = (view.facts, csv_url, bool(show_status), get_language(), get_script_prefix())
    context = {"view": view, "indicator": view.indicator, "csv_url": csv_url}
    context["show_status"] = show_status
    return _KEPT_TEXT.get(
        parts, where, lambda: render_to_string("includes/indicator_body.html", context)
    )


@register.simple_tag
def kept_include(template_name: str, part, **names) -> SafeString:
    """``{% include template_name with names… only %}``, written once per ``part`` (a
    kept, shared read model, such as an indicator's first page of history), language and
    address, and kept with it: for a template whose text depends on ``part`` alone (the
    other ``names`` are what ``part`` was made for)."""
    where = (template_name, get_language(), get_script_prefix())
    return _KEPT_TEXT.get((part,), where, lambda: render_to_string(template_name, names))


_KEPT_TEXT: KeptWith[SafeString] = KeptWith(128)  # per process, as the shared views


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


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
