"""Mapping files: how the columns of a source file become records.

A mapping is a YAML file kept next to the data it describes
(``stradom/ingest/mappings/*.yaml``) so the same export can be imported again
the same way. Every key is optional; without a mapping, columns are recognised
by their header names (see :mod:`~stradom.ingest.readers.headers`). Unknown
keys, wrong types and duplicate keys are errors naming the key and the file.

Schema::

    format: bdl            # auto (default) | long | wide | bdl
    description: "…"       # free text for people
    source: "bdl_cities_unemployment_rate.csv"   # the file it was written for

    # How the file is written (each is detected when left out)
    encoding: cp1250       # any Python codec name: utf-8, cp1250, iso-8859-2…
    separator: ";"         # ";" | "," | "\\t" (or "tab") | "|"
    decimal: ","           # "," or "." — stated, never guessed again
    sheet: Dane            # XLSX: the sheet to read (default: the first)
    header_row: 3          # 1-based line/row of the header (default: first non-blank)
    missing: ["-", "b.d."] # texts that mean "no value" -> value None, status not_available
                           # ("" makes empty cells count as "no value")

    # What each column is (header -> role); headers are matched ignoring case,
    # diacritics and punctuation. Roles: indicator, territory, period, value,
    # status, note, ignore, "dimension:<code>".
    columns:
      date: period
      station_code: "dimension:station"
      pollutant: indicator
      value_ug_m3_24h_mean: value
      source_file: ignore

    # The indicator: a constant for the whole file …
    indicator: BDL_UNEMP_RATE
    # … or the codes the indicator column's values stand for (unlisted value -> row error)
    indicator_map: {PM10: PM10_DAILY, PM2.5: PM25_DAILY}
    # … or a column (usually a BDL dimension column) whose values decide it;
    # that column is then not a dimension. Exactly one column.
    indicator_by_dimensions:
      "Rozwody i separacje": {rozwody: BDL_DIVORCES, separacje: BDL_SEPARATIONS}

    # Dimension columns (header -> code, or header -> {code, values}).
    # A value mapped to "total" is the total and leaves no pair in the record;
    # unlisted values pass through as written. "ogółem", "razem", "total" are
    # totals unless mapped otherwise. "total" instead of a code says the column
    # only ever holds the total (anything else is a row error).
    dimensions:
      Płeć: {code: sex, values: {ogółem: total, kobiety: F, mężczyźni: M}}
      Wiek: {code: age, values: {ogółem: total}}
      Lokalizacja: total

    # How territories are written: by = code (TERYT) | bdl (12-digit BDL id) |
    # name | auto (by the text: 12 digits -> bdl, other digits -> code, else name).
    # column: where to read it (default: the territory column). map: reference
    # for each value of that column; match: prefix looks the values up by prefix.
    territory:
      by: code
      column: station_code
      match: prefix
      map: {MzWar: "1465011", DsWroc: "0264011"}

    constant:              # values for the whole file: territory, period, status, note
      territory: "1261011"

    status_map: {wstępne: provisional}   # extra status-column words -> status
    attribute_status: {s: estimated}     # BDL "Atrybut" flag -> status (merged with defaults)
    unit: "%"              # BDL: every row's "Jednostka miary" must be this
    period_kind: month     # widen periods to this kind (a date -> its month)
    periods: {"2019 r.": "2019"}         # wide form: headers that are periods

Statuses: final, provisional, estimated, not_available.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from stradom.core.messages import gettext_noop
from stradom.core.periods import PeriodError, PeriodKind, parse_period
from stradom.ingest.readers.cells import lookup_key
from stradom.ingest.readers.headers import DIMENSION_PREFIX, MAPPABLE_ROLES
from stradom.ingest.readers.records import STATUSES, TERRITORY_KINDS, ReadError

FORMATS = frozenset({"auto", "long", "wide", "bdl"})
TOTAL = "total"
DEFAULT_TOTAL_WORDS = frozenset({"ogółem", "ogolem", "razem", "total", "all", "wszyscy"})
SEPARATORS = {";": ";", ",": ",", "\t": "\t", "tab": "\t", "|": "|"}
PERIOD_KINDS = {
    "year": PeriodKind.YEAR,
    "half": PeriodKind.HALF,
    "quarter": PeriodKind.QUARTER,
    "month": PeriodKind.MONTH,
    "day": PeriodKind.DAY,
}
CONSTANT_KEYS = frozenset({"territory", "period", "status", "note", "indicator"})
_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_DIM_CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
MAX_MAPPING_BYTES = 1 * 2**20


class MappingError(ReadError):
    """A mapping file (or dict) that is not valid."""


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    values: dict[str, str] = field(default_factory=dict)  # lookup_key(raw) -> value code
    total_only: bool = False


@dataclass(frozen=True)
class TerritorySpec:
    by: str = "auto"
    column: str | None = None
    map: dict[str, str] = field(default_factory=dict)
    match: str = "exact"


@dataclass(frozen=True)
class Mapping:
    """A validated mapping; build it with :func:`load_mapping` or :func:`mapping_from_dict`."""

    origin: str = "<auto>"
    format: str = "auto"
    description: str = ""
    source: str = ""
    encoding: str | None = None
    separator: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    header_row: int | None = None
    missing: frozenset[str] = frozenset()
    columns: dict[str, str] = field(default_factory=dict)
    indicator: str | None = None
    indicator_map: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, DimensionSpec] = field(default_factory=dict)
    territory: TerritorySpec = field(default_factory=TerritorySpec)
    constant: dict[str, str] = field(default_factory=dict)
    status_map: dict[str, str] = field(default_factory=dict)
    attribute_status: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    period_kind: PeriodKind | None = None
    periods: dict[str, str] = field(default_factory=dict)


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses a key written twice (PyYAML would keep the last)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: dict[Any, yaml.Node] = {}
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} is written twice", key_node.start_mark
            )
        seen[key] = key_node
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_mapping(path: str | os.PathLike[str]) -> Mapping:
    """Read and validate a mapping YAML file; raise :class:`MappingError` naming file and key."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MappingError(
            gettext_noop("cannot open the mapping file: %(reason)s"), file=path, reason=exc.strerror
        ) from None
    if size > MAX_MAPPING_BYTES:
        raise MappingError(gettext_noop("the mapping file is too big"), file=path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MappingError(gettext_noop("the mapping file is not UTF-8 text"), file=path) from None
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise MappingError(
            gettext_noop("the mapping file is not valid YAML: %(reason)s"),
            file=path,
            line=mark.line + 1 if mark is not None else None,
            reason=getattr(exc, "problem", None) or str(exc),
        ) from None
    if data is None:
        data = {}
    return mapping_from_dict(data, origin=str(path))


def mapping_from_dict(data: Any, *, origin: str = "<dict>") -> Mapping:
    """Validate a mapping given as plain data (as YAML would load it)."""
    return _Validator(origin).build(data)


class _Validator:
    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, key: str, template: str, **params: Any) -> MappingError:
        return MappingError(template, file=self.origin, key=key, **params)

    # -- scalar helpers -------------------------------------------------------
    def text(self, key: str, value: Any, *, allow_int: bool = True) -> str:
        if isinstance(value, str):
            return value
        if allow_int and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise self.fail(
            key,
            gettext_noop("%(key)s must be text; write %(value)r in quotes"),
            value=value,
        )

    def table(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, gettext_noop("%(key)s must be a table of names and values"))
        return {self.text(f"{key} (a name)", k): v for k, v in value.items()}

    def text_table(self, key: str, value: Any) -> dict[str, str]:
        return {k: self.text(f"{key}: {k}", v) for k, v in self.table(key, value).items()}

    def code(self, key: str, value: Any, pattern: re.Pattern[str] = _CODE_RE) -> str:
        text = self.text(key, value).strip()
        if not pattern.match(text):
            raise self.fail(key, gettext_noop("%(key)s: %(value)r is not a valid code"), value=text)
        return text

    def status(self, key: str, value: Any) -> str:
        text = self.text(key, value)
        if text not in STATUSES:
            raise self.fail(
                key,
                gettext_noop(
                    "%(key)s: %(value)r is not a status (final, provisional, estimated, "
                    "not_available)"
                ),
                value=text,
            )
        return text

    # -- the whole mapping ----------------------------------------------------
    def build(self, data: Any) -> Mapping:
        if not isinstance(data, dict):
            raise MappingError(
                gettext_noop("a mapping must be a table of keys, not %(kind)s"),
                file=self.origin,
                kind=type(data).__name__,
            )
        known = set(Mapping.__dataclass_fields__) - {"origin"} | {"indicator_by_dimensions"}
        for key in data:
            if key not in known:
                raise self.fail(
                    str(key),
                    gettext_noop("unknown key %(key)r; known keys: %(known)s"),
                    known=", ".join(sorted(known)),
                )
        get = data.get
        fmt = self.text("format", get("format", "auto"))
        if fmt not in FORMATS:
            raise self.fail("format", gettext_noop("format must be one of auto, long, wide, bdl"))
        encoding = get("encoding")
        if encoding is not None:
            encoding = self.text("encoding", encoding)
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise self.fail(
                    "encoding", gettext_noop("%(value)r is not a known encoding"), value=encoding
                ) from None
        separator = get("separator")
        if separator is not None:
            separator = SEPARATORS.get(self.text("separator", separator))
            if separator is None:
                raise self.fail("separator", gettext_noop('separator must be ";", ",", tab or "|"'))
        decimal = get("decimal")
        if decimal is not None and decimal not in (",", "."):
            raise self.fail("decimal", gettext_noop('decimal must be "," or "."'))
        header_row = get("header_row")
        if header_row is not None and (
            not isinstance(header_row, int) or isinstance(header_row, bool) or header_row < 1
        ):
            raise self.fail("header_row", gettext_noop("header_row must be a line number from 1"))
        missing = get("missing", [])
        if not isinstance(missing, list):
            raise self.fail("missing", gettext_noop("missing must be a list of texts"))
        columns = self._columns(get("columns", {}))
        indicator = get("indicator")
        if indicator is not None:
            indicator = self.code("indicator", indicator)
        indicator_map = {
            lookup_key(k): self.code(f"indicator_map: {k}", v)
            for k, v in self.table("indicator_map", get("indicator_map", {})).items()
        }
        by_dims = get("indicator_by_dimensions")
        if by_dims is not None:
            table = self.table("indicator_by_dimensions", by_dims)
            if len(table) != 1:
                raise self.fail(
                    "indicator_by_dimensions",
                    gettext_noop("%(key)s must name exactly one column"),
                )
            if indicator_map or indicator is not None:
                raise self.fail(
                    "indicator_by_dimensions",
                    gettext_noop("%(key)s cannot be used with indicator or indicator_map"),
                )
            ((column, values),) = table.items()
            columns[column] = "indicator"
            indicator_map = {
                lookup_key(k): self.code(f"indicator_by_dimensions: {k}", v)
                for k, v in self.table(f"indicator_by_dimensions: {column}", values).items()
            }
        constant = self.text_table("constant", get("constant", {}))
        for key in constant:
            if key not in CONSTANT_KEYS:
                raise self.fail(
                    f"constant: {key}",
                    gettext_noop(
                        "%(key)s: only territory, period, status, note and indicator "
                        "can be constant"
                    ),
                )
        if "indicator" in constant:
            if indicator is not None:
                raise self.fail("constant: indicator", gettext_noop("the indicator is given twice"))
            indicator = self.code("constant: indicator", constant.pop("indicator"))
        if "status" in constant:
            self.status("constant: status", constant["status"])
        if "period" in constant:
            try:
                constant["period"] = parse_period(constant["period"]).code
            except PeriodError as exc:
                raise self.fail(
                    "constant: period", gettext_noop("%(key)s: %(reason)s"), reason=str(exc)
                ) from None
        period_kind = get("period_kind")
        if period_kind is not None:
            period_kind = PERIOD_KINDS.get(self.text("period_kind", period_kind))
            if period_kind is None:
                raise self.fail(
                    "period_kind",
                    gettext_noop("period_kind must be year, half, quarter, month or day"),
                )
        periods = {}
        for header, code in self.text_table("periods", get("periods", {})).items():
            try:
                periods[header] = parse_period(code).code
            except PeriodError as exc:
                raise self.fail(
                    f"periods: {header}", gettext_noop("%(key)s: %(reason)s"), reason=str(exc)
                ) from None
        unit = get("unit")
        return Mapping(
            origin=self.origin,
            format=fmt,
            description=self.text("description", get("description", "")),
            source=self.text("source", get("source", "")),
            encoding=encoding,
            separator=separator,
            decimal=decimal,
            sheet=None if get("sheet") is None else self.text("sheet", get("sheet")),
            header_row=header_row,
            missing=frozenset(lookup_key(self.text("missing", m)) for m in missing),
            columns=columns,
            indicator=indicator,
            indicator_map=indicator_map,
            dimensions=self._dimensions(get("dimensions", {})),
            territory=self._territory(get("territory", {})),
            constant=constant,
            status_map={
                lookup_key(k): self.status(f"status_map: {k}", v)
                for k, v in self.table("status_map", get("status_map", {})).items()
            },
            attribute_status={
                k.strip(): self.status(f"attribute_status: {k}", v)
                for k, v in self.table("attribute_status", get("attribute_status", {})).items()
            },
            unit=None if unit is None else self.text("unit", unit),
            period_kind=period_kind,
            periods=periods,
        )

    def _columns(self, value: Any) -> dict[str, str]:
        columns = {}
        for header, role in self.text_table("columns", value).items():
            role = role.strip()
            if role.startswith(DIMENSION_PREFIX):
                self.code(f"columns: {header}", role[len(DIMENSION_PREFIX) :], _DIM_CODE_RE)
            elif role not in MAPPABLE_ROLES:
                raise self.fail(
                    f"columns: {header}",
                    gettext_noop(
                        "%(key)s: %(value)r is not a role (indicator, territory, period, "
                        "value, status, note, ci_low, ci_high, source, ignore, "
                        "dimension:<code>)"
                    ),
                    value=role,
                )
            columns[header] = role
        return columns

    def _dimensions(self, value: Any) -> dict[str, DimensionSpec]:
        specs = {}
        for header, spec in self.table("dimensions", value).items():
            key = f"dimensions: {header}"
            if spec == TOTAL:
                specs[header] = DimensionSpec(code=TOTAL, total_only=True)
                continue
            if isinstance(spec, str):
                specs[header] = DimensionSpec(code=self.code(key, spec, _DIM_CODE_RE))
                continue
            table = self.table(key, spec)
            for sub in table:
                if sub not in ("code", "values"):
                    raise self.fail(
                        f"{key}: {sub}",
                        gettext_noop("unknown key %(key)r; known keys: code, values"),
                    )
            if "code" not in table:
                raise self.fail(key, gettext_noop("%(key)s needs a code"))
            values = {
                lookup_key(raw): self.text(f"{key}: values: {raw}", code).strip()
                for raw, code in self.table(f"{key}: values", table.get("values", {})).items()
            }
            specs[header] = DimensionSpec(
                code=self.code(f"{key}: code", table["code"], _DIM_CODE_RE), values=values
            )
        return specs

    def _territory(self, value: Any) -> TerritorySpec:
        table = self.table("territory", value)
        for sub in table:
            if sub not in ("by", "column", "map", "match"):
                raise self.fail(
                    f"territory: {sub}",
                    gettext_noop("unknown key %(key)r; known keys: by, column, map, match"),
                )
        by = self.text("territory: by", table.get("by", "auto"))
        if by not in TERRITORY_KINDS | {"auto"}:
            raise self.fail(
                "territory: by", gettext_noop("%(key)s must be code, bdl, name or auto")
            )
        match = self.text("territory: match", table.get("match", "exact"))
        if match not in ("exact", "prefix"):
            raise self.fail("territory: match", gettext_noop("%(key)s must be exact or prefix"))
        mapped = self.text_table("territory: map", table.get("map", {}))
        column = table.get("column")
        return TerritorySpec(
            by=by,
            column=None if column is None else self.text("territory: column", column),
            map={(k if match == "prefix" else lookup_key(k)): v.strip() for k, v in mapped.items()},
            match=match,
        )
