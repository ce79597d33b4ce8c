"""Limit/offset pages with a bound on the limit."""

from __future__ import annotations

from ninja import Field, Schema

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=10_000_000)


def page(queryset, params: PageParams, convert) -> dict:
    """A page of an *ordered* queryset: count, limit, offset and converted items."""
    items = queryset[params.offset : params.offset + params.limit]
    return {
        "count": queryset.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [convert(obj) for obj in items],
    }
