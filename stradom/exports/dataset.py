"""The plain data every writer takes: an indicator's metadata and its rows.

Nothing here touches the database: ``stradom.exports.build`` reads the rows and fills these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

TOTAL = "_T"  # SDMX's code for "total" in a disaggregation dimension


@dataclass(frozen=True, slots=True)
class Row:
    indicator: str
    territory: str
    territory_name: str
    period: str
    dimensions: tuple[tuple[str, str], ...]
    value: Decimal | None
    status: str
    unit: str = ""
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    note: str = ""
    source: str = ""
    # The stored note and what the note is said from, when its words depend on the
    # language (a suppressed survey estimate, a computed value): a file that is always in
    # one language (the Polish-Excel CSV) says them again in it. Empty otherwise.
    note_parts: tuple = ()

    @property
    def dimensions_key(self) -> str:
        return "|".join(f"{k}={v}" for k, v in self.dimensions)


@dataclass(frozen=True)
class DimensionMeta:
    code: str
    name_pl: str
    name_en: str = ""
    values: tuple[tuple[str, str], ...] = ()  # (code, label)


@dataclass
class Dataset:
    """One indicator ready to export."""

    code: str
    name_pl: str
    name_en: str = ""
    description_pl: str = ""
    description_en: str = ""
    unit: str = ""
    decimals: int = 1
    source: str = ""
    source_url: str = ""
    domain: str = ""
    frequency: str = "Y"
    publication_lag_days: int | None = None
    updated: datetime | None = None
    dimensions: list[DimensionMeta] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    temporal: tuple[str, str] | None = None  # first and last period, when rows are not read

    @property
    def name(self) -> str:
        return self.name_pl or self.name_en


def split_key(key: str) -> tuple[tuple[str, str], ...]:
    if not key:
        return ()
    return tuple(sorted(tuple(part.split("=", 1)) for part in key.split("|")))


def dimension_codes(rows: Iterable[Row]) -> list[str]:
    """Every disaggregation dimension that occurs in ``rows``, sorted."""
    return sorted({k for r in rows for k, _ in r.dimensions})
