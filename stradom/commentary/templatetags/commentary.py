"""The commentary on the pages of the records it is about.

``{% commentary_thread record %}`` — the workspace's indicator and instrument pages: the
thread with its forms (they post to ``stradom.commentary.views`` and come back here).
``{% goal_commentary goal_id %}`` — the workspace's strategy page: each goal's comments,
read for all the page's goals at once, with a link to the goal's commentary page.
``{% published_commentary kind id %}`` — the public indicator and goal pages: the
comments their authors published (the cached public page is rebuilt after a change:
every write of the commentary raises the data version, ``stradom.core.history``).
What the last two read is the same for every reader, kept per data version.
"""

from __future__ import annotations

from django import template

from stradom.commentary import queries
from stradom.commentary.models import TargetKind
from stradom.core.kept import Kept, version_key

register = template.Library()


@register.inclusion_tag("commentary/_thread.html", takes_context=True)
def commentary_thread(context, record):
    from stradom.commentary.views import thread_context

    request = context["request"]
    return {**thread_context(request, record), "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("commentary/_goal_comments.html", takes_context=True)
def goal_commentary(context, goal_id: int):
    """The comments on one goal of the strategy page (``view``: all its goals at once)."""
    request = context["request"]
    kept = getattr(request, "_stradom_goal_comments", None)
    if kept is None:
        view = context.get("view")
        ids = tuple(view.by_id) if view is not None else (goal_id,)
        kept = _THREADS.get(version_key("goal threads", ids), lambda: queries.goal_threads(ids))
        request._stradom_goal_comments = kept
    return {"goal_id": goal_id, "comments": kept.get(goal_id, ())}


@register.inclusion_tag("commentary/_published.html")
def published_commentary(kind: str, record_id: int):
    key = version_key("published commentary", kind, record_id)
    return {"comments": _PUBLISHED.get(key, lambda: _published(kind, record_id))}


def _published(kind: str, record_id: int):
    if kind == TargetKind.INDICATOR:
        return queries.published(indicators=[record_id])
    if kind == TargetKind.GOAL:
        return queries.published(goals=[record_id])
    return queries.published(instruments=[record_id])


# The same for every reader: kept per data version and language (``core.kept``), per
# record, and per strategy page's goals.
_PUBLISHED: Kept[tuple] = Kept(256)
_THREADS: Kept = Kept(16)
