"""The template filters and tags of Stradom's pages.

Numbers, dates and periods are written by ``stradom.core.formatting``, registered here
under the names the templates know (``num``, ``day``, ``when``, ``period``, ``score``,
``sentence``); the words of a series' freshness and of an observation's status come from
``stradom.catalog.notes``; the status badge, URLs filled in from one reversed pattern and
the rows of the links table from ``stradom.core.markup``.
"""

from __future__ import annotations

from django import template

from stradom.catalog import notes
from stradom.core import formatting, markup

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
