"""Cached lookups of cell texts: indicator, territory, dimension and status codes.

Each lookup turns a raw cell text into a code or raises :class:`Miss` with the
message of the row error. Results (and misses) are memoised per distinct text,
up to a bound, so a million rows with fifty indicators resolve fifty times.
"""

from __future__ import annotations

from collections.abc import Callable

from stradom.core.messages import Message, gettext_noop
from stradom.ingest.readers.cells import lookup_key
from stradom.ingest.readers.columns import Plan
from stradom.ingest.readers.mapping import DEFAULT_TOTAL_WORDS, TOTAL, DimensionSpec
from stradom.ingest.readers.records import (
    ESTIMATED,
    FINAL,
    NOT_AVAILABLE,
    PROVISIONAL,
    TERRITORY_BDL,
    TERRITORY_CODE,
    TERRITORY_NAME,
)

_CACHE_LIMIT = 20_000
DEFAULT_STATUS_WORDS = {
    "final": FINAL,
    "ostateczna": FINAL,
    "ostateczne": FINAL,
    "ostateczny": FINAL,
    "provisional": PROVISIONAL,
    "preliminary": PROVISIONAL,
    "wstępna": PROVISIONAL,
    "wstępne": PROVISIONAL,
    "wstępny": PROVISIONAL,
    "tymczasowa": PROVISIONAL,
    "estimated": ESTIMATED,
    "estimate": ESTIMATED,
    "szacunkowa": ESTIMATED,
    "szacunkowe": ESTIMATED,
    "szacunek": ESTIMATED,
    "not_available": NOT_AVAILABLE,
    "not available": NOT_AVAILABLE,
    "brak danych": NOT_AVAILABLE,
}


class Miss(Exception):
    """A cell text that cannot be looked up; ``message`` becomes the row error."""

    def __init__(self, message: Message) -> None:
        self.message = message


class Lookup:
    """A memoised ``resolve`` (which raises :class:`Miss`) for repeated cell texts.

    Hot loops read ``good.get(raw)`` directly and call the lookup only on a miss.
    """

    __slots__ = ("good", "bad", "resolve")

    def __init__(self, resolve: Callable[[str], str]) -> None:
        self.good: dict[str, str] = {}
        self.bad: dict[str, Message] = {}
        self.resolve = resolve

    def __call__(self, raw: str) -> str:
        hit = self.good.get(raw)
        if hit is not None:
            return hit
        message = self.bad.get(raw)
        if message is None:
            try:
                hit = self.resolve(raw)
            except Miss as miss:
                message = miss.message
                if len(self.bad) < _CACHE_LIMIT:
                    self.bad[raw] = message
            else:
                if len(self.good) < _CACHE_LIMIT:
                    self.good[raw] = hit
                return hit
        raise Miss(message)


def indicator_lookup(plan: Plan) -> Lookup:
    table = plan.indicator_map

    def resolve(raw: str) -> str:
        text = raw.strip()
        if not text:
            raise Miss(Message(gettext_noop("the indicator is empty")))
        if table is None:
            return text
        code = table.get(lookup_key(text))
        if code is None:
            raise Miss(
                Message(
                    gettext_noop(
                        "the mapping says no indicator for %(value)r (it knows: %(known)s)"
                    ),
                    {"value": text, "known": ", ".join(sorted(table))},
                )
            )
        return code

    return Lookup(resolve)


def territory_kind_of(text: str) -> str:
    if text.isdigit() and text.isascii():
        return TERRITORY_BDL if len(text) == 12 else TERRITORY_CODE
    return TERRITORY_NAME


def territory_lookup(plan: Plan) -> Lookup:
    """Returns ``kind + "\\0" + reference`` so one cache serves both."""
    by = plan.territory_by
    table = plan.territory_map
    prefixes = sorted(table, key=len, reverse=True) if plan.territory_match == "prefix" else []

    def resolve(raw: str) -> str:
        text = raw.strip()
        if not text:
            raise Miss(Message(gettext_noop("the territory is empty")))
        if prefixes:
            ref = next((table[p] for p in prefixes if text.startswith(p)), None)
        elif table:
            ref = table.get(lookup_key(text))
        else:
            ref = text
        if ref is None:
            raise Miss(
                Message(
                    gettext_noop("the mapping says no territory for %(value)r"), {"value": text}
                )
            )
        kind = territory_kind_of(ref) if by == "auto" else by
        if kind == TERRITORY_BDL and not (len(ref) == 12 and ref.isdigit() and ref.isascii()):
            raise Miss(
                Message(gettext_noop("%(value)r is not a 12-digit BDL unit id"), {"value": ref})
            )
        if kind == TERRITORY_CODE and not (ref.isdigit() and ref.isascii()):
            raise Miss(
                Message(gettext_noop("%(value)r is not a TERYT code (digits only)"), {"value": ref})
            )
        return f"{kind}\0{ref}"

    return Lookup(resolve)


def dimension_lookup(spec: DimensionSpec) -> Lookup:
    """Value code for a cell, ``TOTAL`` for the total."""

    def resolve(raw: str) -> str:
        key = lookup_key(raw)
        code = spec.values.get(key)
        if code is None:
            code = TOTAL if (not key or key in DEFAULT_TOTAL_WORDS) else " ".join(raw.split())
        if spec.total_only and code != TOTAL:
            raise Miss(
                Message(
                    gettext_noop("%(value)r: the mapping says this column only holds the total"),
                    {"value": raw.strip()},
                )
            )
        return code

    return Lookup(resolve)


def status_lookup(plan: Plan) -> Lookup:
    table = {**DEFAULT_STATUS_WORDS, **plan.status_map}

    def resolve(raw: str) -> str:
        key = lookup_key(raw)
        if not key:
            return FINAL
        status = table.get(key)
        if status is None:
            raise Miss(
                Message(
                    gettext_noop(
                        "%(value)r is not a status (final, provisional, estimated, not_available)"
                    ),
                    {"value": raw.strip()},
                )
            )
        return status

    return Lookup(resolve)
