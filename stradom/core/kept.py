"""Read models kept in this process and shared by the requests that need the same one.

A signed-in user's page is never kept whole (issue 16), but most of what it is written
from does not depend on the user: an indicator's series, a strategy's assessment, the
goals and indicators of a domain as a set of roles sees them. Such a part is kept here
per *data version* (``core.data_version``: raised after every committed change of what
the pages show), language and whatever else it depends on, and handed to every request
that asks with the same key.

Never inside a transaction: its changes raise the data version only when it commits, so
a part made from them (or one kept before them and read inside it) could outlive them or
miss them. :func:`version_key` gives no key there, and :class:`Kept` makes the part anew.
What is kept is shared: read it, never change it (frozen dataclasses and tuples).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import connection
from django.utils.translation import get_language

from stradom.core import data_version

T = TypeVar("T")

_ALL: list[Kept | KeptWith] = []


class Kept(Generic[T]):
    """At most ``size`` parts by key; the oldest made goes first when it is full."""

    def __init__(self, size: int):
        self.size = size
        self._parts: dict[Hashable, T] = {}
        _ALL.append(self)

    def get(self, key: Hashable | None, make: Callable[[], T]) -> T:
        """The part kept under ``key``, or ``make()``'s, then kept (not when ``key`` is
        None: :func:`version_key` inside a transaction)."""
        if key is None:
            return make()
        part = self._parts.get(key)
        if part is None:
            part = make()
            if len(self._parts) >= self.size:
                self._parts.pop(next(iter(self._parts)))
            self._parts[key] = part
        return part

    def clear(self) -> None:
        self._parts.clear()


class KeptWith(Generic[T]):
    """Values made from read models kept elsewhere (a :class:`Kept` part, a shared view),
    such as their HTML: kept by the identity of the objects they were made from (and
    ``extra``: the language, the address…) while those stay the same objects. The
    objects are kept with the value, so an id is not reused meanwhile; at most ``size``.
    """

    def __init__(self, size: int):
        self.size = size
        self._values: dict[tuple, tuple[tuple, T]] = {}
        _ALL.append(self)

    def get(self, parts: tuple, extra: Hashable, make: Callable[[], T]) -> T:
        key = (*map(id, parts), extra)
        kept = self._values.get(key)
        if kept is not None and all(a is b for a, b in zip(kept[0], parts, strict=True)):
            return kept[1]
        value = make()
        if len(self._values) >= self.size:
            self._values.pop(next(iter(self._values)))
        self._values[key] = (parts, value)
        return value

    def clear(self) -> None:
        self._values.clear()


def version_key(*parts: Hashable) -> tuple | None:
    """``parts`` with the data version and the language: the key of a part that changes
    with the data and is written in words; None inside a transaction (see above)."""
    if connection.in_atomic_block:
        return None
    return (data_version.in_this_request(), get_language(), *parts)


def forget_all() -> None:
    """Drop every kept part (tests start from none)."""
    for kept in _ALL:
        kept.clear()
