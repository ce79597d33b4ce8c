"""Deciding what every column of a header is for: a :class:`Plan`.

The plan is made once per file from the header and the mapping (or from the
header alone). Anything that would make every row wrong — a duplicate column
name, two value columns, no indicator, a mapped column the file lacks — is a
:class:`ReadError` here, before any row is read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from stradom.core.messages import gettext_noop
from stradom.ingest.readers import bdl
from stradom.ingest.readers import headers as h
from stradom.ingest.readers.cells import PeriodReader, PeriodTextError, slug
from stradom.ingest.readers.mapping import DimensionSpec, Mapping
from stradom.ingest.readers.records import ReadError

PROFILE_BDL = "bdl"
PROFILE_STATION = "station"
PROFILE_GENERIC = "generic"


@dataclass
class Plan:
    format: str  # long | wide | bdl
    profile: str  # bdl | station | generic
    header: list[str]
    roles: list[str]
    col: dict[str, int] = field(default_factory=dict)  # single role -> column index
    dims: list[tuple[int, DimensionSpec]] = field(default_factory=list)  # sorted by code
    wide: list[tuple[int, str]] = field(default_factory=list)  # (column, period code)
    unnamed: list[int] = field(default_factory=list)
    indicator: str | None = None
    indicator_map: dict[str, str] | None = None
    territory_col: int | None = None
    territory_const: str | None = None
    territory_by: str = "auto"
    territory_map: dict[str, str] = field(default_factory=dict)
    territory_match: str = "exact"
    period_const: str | None = None
    status_const: str | None = None
    note_const: str = ""
    missing: frozenset[str] = frozenset()
    status_map: dict[str, str] = field(default_factory=dict)
    attribute_status: dict[str, str] = field(default_factory=dict)
    unit: str | None = None

    def columns_by_name(self) -> dict[str, str]:
        return {name: role for name, role in zip(self.header, self.roles, strict=True) if name}


class _Planner:
    def __init__(
        self, header: list[str], mapping: Mapping, file: str | os.PathLike[str], line: int
    ):
        self.header = header
        self.mapping = mapping
        self.file = file
        self.line = line
        self.slugs = [slug(name) for name in header]

    def fail(self, template: str, **params: object) -> ReadError:
        return ReadError(template, file=self.file, line=self.line, **params)

    def find(self, name: str, what: str) -> int:
        wanted = slug(name)
        for i, s in enumerate(self.slugs):
            if s and s == wanted:
                return i
        raise self.fail(
            gettext_noop(
                "the mapping (%(what)s) names the column %(column)r, which the file does not "
                "have; its columns are: %(header)s"
            ),
            what=what,
            column=name,
            header=", ".join(repr(n) for n in self.header if n),
        )

    def check_duplicates(self) -> None:
        seen: dict[str, int] = {}
        for i, s in enumerate(self.slugs):
            if not s:
                continue
            if s in seen:
                raise self.fail(
                    gettext_noop(
                        "columns %(first)s and %(second)s have the same name %(name)r; "
                        "every column needs its own name"
                    ),
                    first=seen[s] + 1,
                    second=i + 1,
                    name=self.header[i],
                )
            seen[s] = i

    def decide_format(self) -> tuple[str, str]:
        fmt = self.mapping.format
        bdl_like = h.is_bdl_header(self.slugs)
        profile = PROFILE_BDL if bdl_like else PROFILE_GENERIC
        if not bdl_like and h.is_station_header(self.slugs):
            profile = PROFILE_STATION
        if fmt == "bdl" and not bdl_like:
            raise self.fail(
                gettext_noop(
                    "the mapping says this is a BDL export, but the header lacks %(missing)s"
                ),
                missing=", ".join(n for n in h.BDL_REQUIRED if n not in self.slugs),
            )
        if fmt == "auto":
            fmt = "bdl" if bdl_like else ""  # "": long or wide, decided once roles are known
        elif fmt != "bdl" and profile == PROFILE_BDL:
            profile = PROFILE_GENERIC  # a BDL-like header the mapping reads another way
        return fmt, profile

    def plan(self) -> Plan:
        self.check_duplicates()
        fmt, profile = self.decide_format()
        m = self.mapping
        roles = [""] * len(self.header)
        explicit = [False] * len(self.header)
        dim_specs: dict[int, DimensionSpec] = {}
        for i, s in enumerate(self.slugs):
            if not s:
                roles[i] = h.UNNAMED
            elif fmt == "bdl":
                roles[i] = h.BDL_FIXED.get(s, "")
        for name, role in m.columns.items():
            i = self.find(name, "columns")
            roles[i] = role
            explicit[i] = True
        for name, spec in m.dimensions.items():
            i = self.find(name, "dimensions")
            if explicit[i] and not roles[i].startswith(h.DIMENSION_PREFIX):
                raise self.fail(
                    gettext_noop("the mapping gives the column %(column)r two roles"), column=name
                )
            roles[i] = h.dimension_role(spec.code)
            explicit[i] = True
            dim_specs[i] = spec
        wide_periods = self._wide_periods(roles, explicit)
        if fmt == "":
            has_value = any(r == h.VALUE for r in roles) or any(
                h.auto_role(n) == h.VALUE for i, n in enumerate(self.header) if not explicit[i]
            )
            fmt = "long" if has_value or not wide_periods else "wide"
        for i, name in enumerate(self.header):
            if roles[i]:
                continue
            if fmt == "wide" and i in wide_periods:
                roles[i] = h.WIDE_VALUE_PREFIX + wide_periods[i]
                continue
            role = "" if fmt == "bdl" else h.auto_role(name)
            if not role:
                if m.columns and fmt != "bdl":
                    raise self.fail(
                        gettext_noop(
                            "the column %(column)r is not in the mapping; give it a role "
                            "(e.g. ignore or dimension:<code>)"
                        ),
                        column=name,
                    )
                role = h.dimension_role(slug(name))
            roles[i] = role
        plan = Plan(format=fmt, profile=profile, header=list(self.header), roles=roles)
        plan.wide = [
            (i, wide_periods[i]) for i, r in enumerate(roles) if r.startswith(h.WIDE_VALUE_PREFIX)
        ]
        self._single_roles(plan)
        self._dimensions(plan, dim_specs)
        plan.unnamed = [i for i, r in enumerate(roles) if r == h.UNNAMED]
        self._indicator(plan)
        self._territory(plan)
        self._rest(plan)
        return plan

    def _wide_periods(self, roles: list[str], explicit: list[bool]) -> dict[int, str]:
        found = {}
        reader = PeriodReader(self.mapping.period_kind)
        by_header = {slug(k): v for k, v in self.mapping.periods.items()}
        for name in self.mapping.periods:
            self.find(name, "periods")
        for i, name in enumerate(self.header):
            if explicit[i] or roles[i]:
                continue
            if self.slugs[i] in by_header:
                found[i] = by_header[self.slugs[i]]
                continue
            if h.auto_role(name):
                continue
            try:
                found[i] = reader.code(name)
            except PeriodTextError:
                continue
        return found

    def _single_roles(self, plan: Plan) -> None:
        for i, role in enumerate(plan.roles):
            if role in h.SINGLE_ROLES:
                if role in plan.col:
                    raise self.fail(
                        gettext_noop(
                            "two columns hold the %(role)s: %(first)r and %(second)r; "
                            "map one of them to ignore"
                        ),
                        role=role,
                        first=plan.header[plan.col[role]],
                        second=plan.header[i],
                    )
                plan.col[role] = i
        if plan.format == "wide":
            if h.VALUE in plan.col:
                raise self.fail(
                    gettext_noop("a wide table has periods as columns, not a value column")
                )
            if not plan.wide:
                raise self.fail(gettext_noop("no column header is a period (e.g. 2023)"))
            for role in (h.CI_LOW, h.CI_HIGH):
                if role in plan.col:
                    raise self.fail(
                        gettext_noop(
                            "a wide table has a value for each period, so one confidence "
                            "interval column (%(column)r) cannot go with them; write such "
                            "values in long form, one row per period"
                        ),
                        column=plan.header[plan.col[role]],
                    )
        elif h.VALUE not in plan.col:
            raise self.fail(
                gettext_noop(
                    "found no value column (wartość / value) and no periods as column "
                    "headers; header: %(header)s"
                ),
                header=", ".join(repr(n) for n in plan.header if n),
            )

    def _dimensions(self, plan: Plan, specs: dict[int, DimensionSpec]) -> None:
        by_code: dict[str, int] = {}
        dims = []
        for i, role in enumerate(plan.roles):
            if not role.startswith(h.DIMENSION_PREFIX):
                continue
            spec = specs.get(i) or DimensionSpec(code=role[len(h.DIMENSION_PREFIX) :])
            if not spec.total_only:
                if spec.code in by_code:
                    raise self.fail(
                        gettext_noop(
                            "columns %(first)r and %(second)r are both the dimension %(code)r"
                        ),
                        first=plan.header[by_code[spec.code]],
                        second=plan.header[i],
                        code=spec.code,
                    )
                by_code[spec.code] = i
            dims.append((i, spec))
        plan.dims = sorted(dims, key=lambda item: item[1].code)

    def _indicator(self, plan: Plan) -> None:
        m = self.mapping
        has_column = h.INDICATOR in plan.col
        if m.indicator is not None:
            if has_column:
                raise self.fail(
                    gettext_noop(
                        "the mapping gives a constant indicator and an indicator column %(column)r"
                    ),
                    column=plan.header[plan.col[h.INDICATOR]],
                )
            plan.indicator = m.indicator
        elif not has_column and plan.format == "bdl":
            raise self.fail(
                gettext_noop(
                    "a BDL export does not name the variable it holds; give 'indicator:' "
                    "(or 'indicator_by_dimensions:') in the mapping"
                )
            )
        elif not has_column:
            raise self.fail(
                gettext_noop(
                    "the file does not say which indicator it holds: no indicator column "
                    "(wskaźnik / indicator) and no 'indicator:' in the mapping"
                )
            )
        if m.indicator_map:
            if h.INDICATOR not in plan.col:
                raise self.fail(
                    gettext_noop("the mapping has an indicator_map but no indicator column")
                )
            plan.indicator_map = dict(m.indicator_map)

    def _territory(self, plan: Plan) -> None:
        spec = self.mapping.territory
        const = self.mapping.constant.get("territory")
        plan.territory_by = spec.by
        plan.territory_map = dict(spec.map)
        plan.territory_match = spec.match
        if spec.column is not None:
            plan.territory_col = self.find(spec.column, "territory: column")
        elif h.TERRITORY in plan.col:
            plan.territory_col = plan.col[h.TERRITORY]
        if const is not None:
            if plan.territory_col is not None:
                raise self.fail(
                    gettext_noop("the territory is given both as a column and as a constant")
                )
            plan.territory_const = const.strip()
        elif plan.territory_col is None:
            raise self.fail(
                gettext_noop(
                    "the file does not say which territory: no territory column (terytorium / "
                    "teryt / kod) and no 'constant: {territory: …}' in the mapping"
                )
            )
        if plan.format == "bdl" and spec.by == "auto" and spec.column is None:
            plan.territory_by = "bdl"
        if spec.by == "auto" and plan.territory_col is not None and spec.column is None:
            alias_kind = h.TERRITORY_KIND_BY_ALIAS.get(self.slugs[plan.territory_col])
            if alias_kind:
                plan.territory_by = alias_kind

    def _rest(self, plan: Plan) -> None:
        m = self.mapping
        if h.PERIOD not in plan.col and plan.format != "wide":
            period = m.constant.get("period")
            if period is None:
                raise self.fail(
                    gettext_noop(
                        "the file does not say which period: no period column (okres / rok / "
                        "period / date) and no 'constant: {period: …}' in the mapping"
                    )
                )
            plan.period_const = period
        elif "period" in m.constant:
            raise self.fail(gettext_noop("the period is given both as a column and as a constant"))
        plan.status_const = m.constant.get("status")
        plan.note_const = m.constant.get("note", "")
        plan.missing = m.missing | (bdl.DEFAULT_MISSING if plan.format == "bdl" else frozenset())
        plan.status_map = dict(m.status_map)
        plan.attribute_status = {**bdl.DEFAULT_ATTRIBUTE_STATUS, **m.attribute_status}
        plan.unit = m.unit
        if m.unit is not None and h.UNIT not in plan.col:
            raise self.fail(
                gettext_noop("the mapping states a unit but the file has no unit column")
            )


def make_plan(
    header: list[str], mapping: Mapping, *, file: str | os.PathLike[str], line: int
) -> Plan:
    """Resolve every column's role; raise :class:`ReadError` if the file cannot be read so."""
    return _Planner(header, mapping, file, line).plan()
