"""WPF versions: create from Annex 1 rows and Annex 2 undertakings, amend, compare."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.finance.core.money import ZERO
from stradom.finance.core.wpf import (
    ROW_LABELS_PL,
    ValueType,
    Wpf,
    WpfRow,
    check_row_code,
    check_wpf,
    standard_value_types,
)
from stradom.finance.models import (
    Undertaking,
    UndertakingLimit,
    Unit,
    WpfValue,
    WpfVersion,
    WpfYear,
)
from stradom.finance.models import WpfRow as WpfRowModel
from stradom.finance.services.common import (
    FinanceError,
    FinanceRefused,
    Problem,
    _check_admin,
    _check_reason,
    _History,
    money,
)


# -- WPF ------------------------------------------------------------------------------------
@dataclass
class UndertakingInput:
    """One line of Annex 2 as given to :func:`create_wpf_version`."""

    number: str
    name: str
    unit: Unit
    start_year: int
    end_year: int
    total_outlays: Decimal
    limits: Mapping[int, Decimal]
    obligations_limit: Decimal
    purpose: str = ""
    group: str = Undertaking.Group.OTHER
    kind: str = Undertaking.Kind.PROPERTY
    goals: tuple = ()
    instruments: tuple = ()


def _wpf_problems(
    table: Mapping[str, Mapping[int, Decimal]], value_types: Mapping[int, ValueType]
) -> tuple[Wpf, list[Problem]]:
    problems: list[Problem] = []
    rows = []
    for code, values in table.items():
        try:
            rows.append(WpfRow(code, dict(values)))
        except TypeError as exc:
            problems.append(Problem(Message(str(exc)), column=code))
        except StradomError as exc:
            problems.append(Problem(exc.message, column=code))
    if problems:
        return Wpf.from_rows([]), problems
    try:
        wpf = Wpf.from_rows(rows, value_types)
    except StradomError as exc:
        return Wpf.from_rows([]), [Problem(exc.message)]
    years = set(wpf.years)
    missing = sorted(years - set(value_types))
    for year in missing:
        problems.append(
            Problem(
                Message(
                    gettext_noop("Year %(year)s has no value type (execution, plan, forecast)."),
                    {"year": year},
                )
            )
        )
    for problem in check_wpf(wpf):
        problems.append(Problem(problem.message, column=problem.row or ""))
    return wpf, problems


def _undertaking_problems(
    items: Iterable[UndertakingInput], first_year: int, last_year: int
) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for item in items:
        where = item.number

        def refuse(template: str, where=where, **params: Any) -> None:
            problems.append(Problem(Message(template, {"number": where, **params}), column=where))

        for text, limit, name in ((item.number, 32, "number"), (item.name, 500, "name")):
            if len(text or "") > limit or not (text or "").strip():
                refuse(
                    gettext_noop(
                        "Undertaking %(number)s: its %(field)s is empty or longer than %(limit)s "
                        "characters."
                    ),
                    field=name,
                    limit=limit,
                )
        if item.number in seen:
            refuse(gettext_noop("Undertaking %(number)s appears twice."))
        seen.add(item.number)
        if item.end_year < item.start_year:
            refuse(
                gettext_noop("Undertaking %(number)s ends (%(end)s) before it starts (%(start)s)."),
                start=item.start_year,
                end=item.end_year,
            )
        try:
            total = money(item.total_outlays, "total_outlays")
            obligations = money(item.obligations_limit, "obligations_limit")
            limits = {int(y): money(a, f"limit {y}") for y, a in item.limits.items()}
        except FinanceError as exc:
            problems.append(Problem(exc.message, column=where))
            continue
        if total < ZERO or obligations < ZERO or any(a < ZERO for a in limits.values()):
            refuse(gettext_noop("Undertaking %(number)s has a negative amount."))
        for year in sorted(limits):
            if not item.start_year <= year <= item.end_year:
                refuse(
                    gettext_noop(
                        "Undertaking %(number)s has a limit for %(year)s, outside its period "
                        "%(start)s–%(end)s."
                    ),
                    year=year,
                    start=item.start_year,
                    end=item.end_year,
                )
        if sum(limits.values(), ZERO) > total:
            refuse(
                gettext_noop(
                    "The yearly limits of undertaking %(number)s add up to %(limits)s, more than "
                    "its total outlays of %(total)s."
                ),
                limits=sum(limits.values(), ZERO),
                total=total,
            )
    return problems


@transaction.atomic
def create_wpf_version(
    *,
    code: str,
    budget_year: int,
    rows: Mapping[str, Mapping[int, Decimal]],
    value_types: Mapping[int, str] | None = None,
    labels: Mapping[str, str] | None = None,
    undertakings: Iterable[UndertakingInput] = (),
    resolution: str = "",
    adopted_on: date | None = None,
    debt_window: int | None = None,
    debt_exclusion_rows: Iterable[str] = (),
    illustrative: bool = False,
    note: str = "",
    actor=None,
    reason: str,
    previous: WpfVersion | None = None,
    channel: str = "service",
) -> WpfVersion:
    """A new forecast (number 1), or the next version of ``previous`` when given.

    ``rows`` is Annex 1 as ``{"1.1": {2026: Decimal(...), …}, …}``; ``value_types``
    ``{year: "execution"|"q3_plan"|"plan"|"forecast"}`` (default: the usual columns
    around ``budget_year``). Refused as a whole (FinanceRefused) when a sum rule
    or the financing balance does not close in some year, or an undertaking's
    limits are outside its period.
    """
    _check_admin(actor)
    reason = _check_reason(reason)
    code = (code or "").strip()
    if not code:
        raise FinanceError(gettext_noop("A WPF version needs a code."), field="code")
    years = sorted({int(y) for values in rows.values() for y in values})
    if not years:
        raise FinanceError(gettext_noop("The forecast has no values."), field="rows")
    if value_types is None:
        types = standard_value_types(budget_year, years[-1], years[0])
    else:
        try:
            types = {int(y): ValueType(t) for y, t in value_types.items()}
        except ValueError as exc:
            raise FinanceError(
                gettext_noop("Unknown value type: %(reason)s."), field="value_types", reason=exc
            ) from None
    if budget_year not in years:
        raise FinanceError(
            gettext_noop("The forecast has no column for its budget year %(year)s."),
            field="budget_year",
            year=budget_year,
        )
    last_forecast = years[-1]
    if last_forecast < budget_year + 3:
        raise FinanceError(
            gettext_noop(
                "A WPF covers the budget year and at least three following years (art. 227 "
                "u.f.p.); this one ends in %(year)s."
            ),
            field="rows",
            year=last_forecast,
        )
    undertakings = list(undertakings)
    wpf, problems = _wpf_problems(rows, types)
    problems += _undertaking_problems(undertakings, years[0], years[-1])
    if debt_window is not None and debt_window not in (3, 7):
        problems.append(
            Problem(
                Message(
                    gettext_noop("The averaging window is 3 or 7 years, not %(window)s."),
                    {"window": debt_window},
                ),
                column="debt_window",
            )
        )
    exclusions = []
    for row in debt_exclusion_rows:
        try:
            exclusions.append(check_row_code(row))
        except StradomError as exc:
            problems.append(Problem(exc.message, column="debt_exclusion_rows"))
    if problems:
        raise FinanceRefused(problems, source=code)
    if previous is not None:
        number = WpfVersion.objects.filter(code=code).aggregate(n=Max("number"))["n"] + 1
    else:
        if WpfVersion.objects.filter(code=code).exists():
            raise FinanceError(
                gettext_noop("WPF %(code)s exists; amend it instead."), field="code", code=code
            )
        number = 1
    version = WpfVersion.objects.create(
        code=code,
        number=number,
        budget_year=budget_year,
        resolution=resolution,
        adopted_on=adopted_on,
        previous=previous,
        debt_window=debt_window,
        debt_exclusion_rows=exclusions,
        illustrative=illustrative,
        note=note,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    WpfYear.objects.bulk_create(
        WpfYear(version=version, year=year, value_type=types[year].value) for year in years
    )
    labels = labels or {}
    ordered = sorted(wpf.rows, key=row_sort_key)
    row_objects = WpfRowModel.objects.bulk_create(
        WpfRowModel(
            version=version,
            code=row_code,
            label_pl=(labels.get(row_code) or ROW_LABELS_PL.get(row_code, ""))[:500],
            order=index,
        )
        for index, row_code in enumerate(ordered)
    )
    WpfValue.objects.bulk_create(
        WpfValue(row=row_obj, year=year, amount=amount)
        for row_obj in row_objects
        for year, amount in wpf.rows[row_obj.code].values.items()
    )
    for item in undertakings:
        _create_undertaking(version, item)
    history = _History(actor, reason, channel)
    if previous is None:
        history.add(
            version, "version", None, f"{version.label}: {len(ordered)} rows, {len(years)} years"
        )
    else:
        for change in compare_tables(_table(previous), _table(version)):
            history.add(version, f"{change.row}/{change.year}", change.old, change.new)
        for item in compare_annex2(undertaking_inputs(previous), undertaking_inputs(version)):
            history.add(version, f"annex2:{item.number}:{item.field}", item.old, item.new)
        history.add(version, "version", previous.label, version.label)
    history.save()
    return version


def _create_undertaking(version: WpfVersion, item: UndertakingInput) -> Undertaking:
    undertaking = Undertaking.objects.create(
        version=version,
        number=item.number,
        name=item.name,
        purpose=item.purpose,
        unit=item.unit,
        group=item.group,
        kind=item.kind,
        start_year=item.start_year,
        end_year=item.end_year,
        total_outlays=money(item.total_outlays, "total_outlays"),
        obligations_limit=money(item.obligations_limit, "obligations_limit"),
    )
    UndertakingLimit.objects.bulk_create(
        UndertakingLimit(undertaking=undertaking, year=int(y), amount=money(a, f"limit {y}"))
        for y, a in sorted(item.limits.items())
    )
    if item.goals:
        undertaking.goals.set(item.goals)
    if item.instruments:
        if not hasattr(Undertaking, "instruments"):
            raise TypeError("undertakings cannot be linked to instruments yet")
        undertaking.instruments.set(item.instruments)
    return undertaking


def undertaking_inputs(version: WpfVersion) -> list[UndertakingInput]:
    """Annex 2 of a stored version as inputs (to copy into an amendment)."""
    items = []
    has_instruments = hasattr(Undertaking, "instruments")
    prefetch = ["limits", "goals"] + (["instruments"] if has_instruments else [])
    for u in version.undertakings.select_related("unit").prefetch_related(*prefetch):
        items.append(
            UndertakingInput(
                number=u.number,
                name=u.name,
                purpose=u.purpose,
                unit=u.unit,
                group=u.group,
                kind=u.kind,
                start_year=u.start_year,
                end_year=u.end_year,
                total_outlays=u.total_outlays,
                obligations_limit=u.obligations_limit,
                limits={lim.year: lim.amount for lim in u.limits.all()},
                goals=tuple(u.goals.all()),
                instruments=tuple(u.instruments.all()) if has_instruments else (),
            )
        )
    return items


def amend_wpf_version(
    version: WpfVersion,
    *,
    changes: Mapping[tuple[str, int], Decimal | None] | None = None,
    undertakings: Iterable[UndertakingInput] | None = None,
    resolution: str = "",
    adopted_on: date | None = None,
    actor=None,
    reason: str,
    channel: str = "service",
) -> WpfVersion:
    """A new version of ``version`` with cells changed (``{("1.1", 2026): amount}``;
    ``None`` removes a cell) and, if given, a new Annex 2. The amended forecast
    must close like any other; the old version is left as it was."""
    latest = WpfVersion.objects.filter(code=version.code).order_by("-number").first()
    if latest.pk != version.pk:
        raise FinanceError(
            gettext_noop("Only the latest version (%(latest)s) can be amended."),
            field="version",
            latest=latest.label,
        )
    table = {code: dict(values) for code, values in _table(version).items()}
    for (code, year), amount in (changes or {}).items():
        if amount is None:
            table.get(code, {}).pop(int(year), None)
        else:
            table.setdefault(code, {})[int(year)] = amount
    table = {code: values for code, values in table.items() if values}
    labels = dict(version.rows.values_list("code", "label_pl"))
    types = dict(version.years.values_list("year", "value_type"))
    for values in table.values():
        for year in values:
            types.setdefault(year, ValueType.FORECAST.value)
    return create_wpf_version(
        code=version.code,
        budget_year=version.budget_year,
        rows=table,
        value_types=types,
        labels=labels,
        undertakings=undertaking_inputs(version) if undertakings is None else undertakings,
        resolution=resolution,
        adopted_on=adopted_on,
        debt_window=version.debt_window,
        debt_exclusion_rows=version.debt_exclusion_rows,
        illustrative=version.illustrative,
        note=version.note,
        actor=actor,
        reason=reason,
        previous=version,
        channel=channel,
    )


def _table(version: WpfVersion) -> dict[str, dict[int, Decimal]]:
    table: dict[str, dict[int, Decimal]] = {}
    for code, year, amount in WpfValue.objects.filter(row__version=version).values_list(
        "row__code", "year", "amount"
    ):
        table.setdefault(code, {})[year] = amount
    return table


@dataclass(frozen=True)
class CellChange:
    row: str
    year: int
    old: Decimal | None
    new: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.new or ZERO) - (self.old or ZERO)


def compare_tables(
    old: Mapping[str, Mapping[int, Decimal]], new: Mapping[str, Mapping[int, Decimal]]
) -> list[CellChange]:
    """Every cell that differs between two Annex 1 tables, by row then year."""
    changes = []
    for code in sorted(set(old) | set(new), key=row_sort_key):
        before, after = old.get(code, {}), new.get(code, {})
        for year in sorted(set(before) | set(after)):
            if before.get(year) != after.get(year):
                changes.append(CellChange(code, year, before.get(year), after.get(year)))
    return changes


def row_sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


@dataclass(frozen=True)
class UndertakingChange:
    """One difference in Annex 2 between two versions (``field`` ``"*"``: added/removed)."""

    number: str
    field: str
    old: str
    new: str


def _annex2_fields(item: UndertakingInput) -> dict[str, str]:
    fields = {
        "name": item.name,
        "purpose": item.purpose,
        "unit": item.unit.code,
        "period": f"{item.start_year}-{item.end_year}",
        "total_outlays": format(item.total_outlays, "f"),
        "obligations_limit": format(item.obligations_limit, "f"),
        "goals": ", ".join(sorted(g.code for g in item.goals)),
        "instruments": ", ".join(sorted(i.code for i in item.instruments)),
    }
    for year, amount in sorted(item.limits.items()):
        fields[f"limit {year}"] = format(amount, "f")
    return fields


def compare_annex2(
    old: Iterable[UndertakingInput], new: Iterable[UndertakingInput]
) -> list[UndertakingChange]:
    """Every undertaking added, removed or changed (field by field) between two Annex 2s."""
    before = {item.number: item for item in old}
    after = {item.number: item for item in new}
    changes = []
    for number in sorted(set(before) | set(after), key=row_sort_key):
        if number not in after:
            changes.append(UndertakingChange(number, "*", before[number].name, ""))
        elif number not in before:
            changes.append(UndertakingChange(number, "*", "", after[number].name))
        else:
            old_fields, new_fields = _annex2_fields(before[number]), _annex2_fields(after[number])
            for name in sorted(set(old_fields) | set(new_fields)):
                if old_fields.get(name, "") != new_fields.get(name, ""):
                    changes.append(
                        UndertakingChange(
                            number, name, old_fields.get(name, ""), new_fields.get(name, "")
                        )
                    )
    return changes
