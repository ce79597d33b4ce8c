"""A strategy as one kind of viewer sees it, made once and shared (``viewed``).

``assessed.strategy_view`` builds the typed view (a row per link, a view per goal) from
the kept assessment on every call: for a strategy of 1,000 links that is most of a
signed-in page's time. What it builds depends only on the assessment, the language and
what the viewer may see — and what a user may see is a function of their roles
(``accounts.permissions.roles``: ``visible_indicators`` reads nothing else of the user).
So the view is kept with the assessment it was built from, per language and set of
roles: two coordinators of the same domains share one; a user of other roles gets
their own. Nothing of a page is kept, only the read model the pages are written from.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from stradom.accounts.permissions import roles
from stradom.strategy.models import Strategy
from stradom.strategy.queries.assessed import StrategyView, assessed, strategy_view

KEPT_VIEWS = 16  # per process: language × set of roles × strategy


def viewed(strategy: Strategy, user) -> StrategyView:
    """``strategy_view(strategy, user)`` (every goal's link rows, this year), kept while
    its assessment is (``assessed``: until anything it reads changes, at most
    ``ASSESSMENT_CACHE_SECONDS``). Read-only: it is shared. One query when kept (the
    assessment's inputs version)."""
    result = assessed(strategy)
    key = (strategy.pk, get_language(), roles(user))
    kept = _VIEWS.get(key)
    if kept is not None and kept[0] is result:
        return kept[1]
    view = strategy_view(strategy, user)
    if len(_VIEWS) >= KEPT_VIEWS:
        _VIEWS.pop(next(iter(_VIEWS)))
    # Kept with its assessment, so the assessment's identity is not reused while the view
    # is kept. (Were the assessment replaced while the view was made, the next reader
    # finds a new one and makes the view again.)
    _VIEWS[key] = (result, view)
    return view


_VIEWS: dict[tuple, tuple[Any, StrategyView]] = {}


def forget_views() -> None:
    """Drop the kept views (tests start from none)."""
    _VIEWS.clear()
