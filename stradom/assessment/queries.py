"""Reads for assessment: which strategy, and stored runs."""

from __future__ import annotations

from stradom.strategy.models import Strategy


def default_strategy(code: str | None = None) -> Strategy | None:
    """The strategy to assess: the newest version of ``code``; without a code, the only
    strategy there is or else the most recently created (newest version first)."""
    qs = Strategy.objects.all()
    if code:
        qs = qs.filter(code=code)
    return qs.order_by("-created_at", "-version", "-id").first()
