"""Header names in Polish or English, and what each column is for.

A header is compared by its :func:`~stradom.ingest.readers.cells.slug`
(lower case, no diacritics, ``_`` between words), so ``Wartość``, ``wartosc``
and ``WARTOŚĆ`` are the same name. Roles a column can have:

``indicator``, ``territory``, ``period``, ``value``, ``status``, ``note``,
``ci_low`` and ``ci_high`` (a confidence interval), ``source`` (where the value
comes from), ``dimension:<code>``, ``ignore`` (read and dropped, e.g. a source
URL or a name shown next to a code), in BDL exports ``unit`` and ``attribute``, and in wide
tables ``value:<period>`` for a column of values of one period. A column
with an empty header is ``unnamed``: its cells must be empty (this is how a
trailing separator at the end of every line is tolerated).
"""

from __future__ import annotations

from stradom.ingest.readers.cells import slug

INDICATOR = "indicator"
TERRITORY = "territory"
PERIOD = "period"
VALUE = "value"
STATUS = "status"
NOTE = "note"
CI_LOW = "ci_low"
CI_HIGH = "ci_high"
SOURCE = "source"
IGNORE = "ignore"
UNIT = "unit"
ATTRIBUTE = "attribute"
UNNAMED = "unnamed"
DIMENSION_PREFIX = "dimension:"
WIDE_VALUE_PREFIX = "value:"  # a wide table's column of values for one period: "value:2019"
SINGLE_ROLES = (
    INDICATOR,
    TERRITORY,
    PERIOD,
    VALUE,
    STATUS,
    NOTE,
    CI_LOW,
    CI_HIGH,
    SOURCE,
    UNIT,
    ATTRIBUTE,
)
MAPPABLE_ROLES = frozenset(
    {INDICATOR, TERRITORY, PERIOD, VALUE, STATUS, NOTE, CI_LOW, CI_HIGH, SOURCE, IGNORE}
)

ALIASES: dict[str, frozenset[str]] = {
    INDICATOR: frozenset(
        {
            "indicator",
            "indicator_code",
            "indicator_id",
            "wskaznik",
            "kod_wskaznika",
            "wskaznik_kod",
            "symbol_wskaznika",
            "pollutant",
            "zanieczyszczenie",
        }
    ),
    TERRITORY: frozenset(
        {
            "territory",
            "territory_code",
            "terytorium",
            "jednostka",
            "jednostka_terytorialna",
            "teryt",
            "kod_teryt",
            "terc",
            "kod_terc",
            "kod_terytorium",
            "kod_jednostki",  # a TERYT code or a district's (the Polish open-data file)
            "jst",
            "kod_jst",
            "bdl_code",
            "kod_bdl",
        }
    ),
    PERIOD: frozenset(
        {
            "period",
            "okres",
            "rok",
            "year",
            "date",
            "data",
            "miesiac",
            "month",
            "kwartal",
            "quarter",
            "dzien",
            "day",
        }
    ),
    VALUE: frozenset({"value", "wartosc", "wartosci"}),
    STATUS: frozenset({"status", "status_wartosci", "value_status"}),
    NOTE: frozenset({"note", "notes", "uwagi", "uwaga", "komentarz", "comment", "comments"}),
    # The open-data files' names (stradom.exports.csv) among them, so an export reads back.
    CI_LOW: frozenset({"ci_low", "dolna_granica_przedzialu_ufnosci", "przedzial_ufnosci_od"}),
    CI_HIGH: frozenset({"ci_high", "gorna_granica_przedzialu_ufnosci", "przedzial_ufnosci_do"}),
    SOURCE: frozenset({"source", "zrodlo"}),
    IGNORE: frozenset(
        {
            "source_url",
            "source_file",
            "zrodlo_danych",
            "url",
            "link",
            "unit",
            "jednostka_miary",
            "unit_of_measure",
            "nazwa",
            "name",
            "territory_name",
            "nazwa_jednostki",
            "nazwa_terytorium",
            "indicator_name",
            "nazwa_wskaznika",
            "lp",
            "l_p",
            "id",
        }
    ),
}
# Header slugs that name a territory column by the kind of reference it holds.
TERRITORY_KIND_BY_ALIAS = {
    "teryt": "code",
    "kod_teryt": "code",
    "terc": "code",
    "kod_terc": "code",
    "territory_code": "code",
    "kod_terytorium": "code",
    "kod_jst": "code",
    "bdl_code": "bdl",
    "kod_bdl": "bdl",
}
# Columns of daily station measurements (GIOŚ-like): the station is a dimension.
STATION_ALIASES = frozenset({"station", "station_code", "stacja", "kod_stacji"})
VALUE_PREFIXES = ("value_", "wartosc_")

BDL_REQUIRED = ("kod", "nazwa", "rok", "wartosc")
BDL_FIXED = {
    "kod": TERRITORY,
    "nazwa": IGNORE,
    "rok": PERIOD,
    "wartosc": VALUE,
    "jednostka_miary": UNIT,
    "atrybut": ATTRIBUTE,
}

_ROLE_OF_ALIAS = {alias: role for role, aliases in ALIASES.items() for alias in aliases}


def dimension_role(code: str) -> str:
    return DIMENSION_PREFIX + code


def is_bdl_header(slugs: list[str]) -> bool:
    present = set(slugs)
    return all(name in present for name in BDL_REQUIRED)


def is_station_header(slugs: list[str]) -> bool:
    present = set(slugs)
    return bool(present & STATION_ALIASES) and (
        "pollutant" in present or "zanieczyszczenie" in present
    )


def auto_role(name: str) -> str:
    """The role a header suggests on its own (``""`` when it suggests none)."""
    s = slug(name)
    if not s:
        return UNNAMED
    role = _ROLE_OF_ALIAS.get(s)
    if role is not None:
        return role
    if s in STATION_ALIASES:
        return dimension_role("station")
    if s.startswith(VALUE_PREFIXES):
        return VALUE
    return ""
