"""Turning rows into records, with one precompiled converter per column.

:func:`compile_rows` takes a :class:`~stradom.ingest.readers.columns.Plan` and
returns ``build(line, cells)``, giving one :class:`Record` (long and BDL forms)
or a list of them (wide form). Every lookup that repeats
(period texts, dimension values, indicator and territory maps) is cached, so a
row costs a few dictionary hits plus one ``Decimal``. Cells are ``str`` (CSV, or
XLSX text) or, in value places, an already exact ``Decimal`` (XLSX numbers).

Problems with a row never raise: they become :class:`RowError` entries on the
record, and the fields they concern are left empty.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from stradom.core.messages import Message, gettext_noop
from stradom.ingest.readers import headers as h
from stradom.ingest.readers.cells import PeriodReader, PeriodTextError, lookup_key
from stradom.ingest.readers.columns import Plan
from stradom.ingest.readers.lookups import (
    Miss,
    dimension_lookup,
    indicator_lookup,
    status_lookup,
    territory_lookup,
)
from stradom.ingest.readers.mapping import TOTAL
from stradom.ingest.readers.numbers import NumberError, NumberReader
from stradom.ingest.readers.records import FINAL, NOT_AVAILABLE, ReadError, Record, RowError

Build = Callable[[int, Sequence], Record | list[Record]]


def _error(line: int, column: str, template: str, **params: object) -> RowError:
    return RowError(line, column, Message(template, params))


_EMPTY_VALUE = gettext_noop(
    "the value is empty; if an empty cell means 'no data' in this file, "
    "add \"\" under 'missing' in the mapping"
)
_NO_HEADER = gettext_noop("this row has a value (%(value)r) in a column with no header")
_new_record = tuple.__new__  # Record(...) without the Python-level __new__ frame


def compile_rows(
    plan: Plan, numbers: NumberReader, periods: PeriodReader, *, file: str = ""
) -> Build:
    """The function that turns one row of this plan into its records.

    For long and BDL layouts ``build(line, row)`` returns one :class:`Record`;
    for wide tables, a list of them.
    """
    header = plan.header
    width = len(header)
    col = plan.col
    named_width = max((i for i, n in enumerate(header) if n), default=-1) + 1
    unnamed = plan.unnamed

    ind_col = col.get(h.INDICATOR)
    ind_name = header[ind_col] if ind_col is not None else ""
    ind_const = plan.indicator or ""
    ind_lookup = indicator_lookup(plan)
    ind_get = ind_lookup.good.get

    ter_col = plan.territory_col
    ter_name = header[ter_col] if ter_col is not None else ""
    ter_lookup = territory_lookup(plan)
    ter_get = ter_lookup.good.get
    ter_const = ter_const_kind = ""
    if ter_col is None:
        try:
            ter_const_kind, _, ter_const = ter_lookup(plan.territory_const or "").partition("\0")
        except Miss as miss:
            raise ReadError(
                gettext_noop("the mapping's constant territory is wrong: %(reason)s"),
                file=file,
                reason=str(miss.message),
            ) from None

    per_col = col.get(h.PERIOD)
    per_name = header[per_col] if per_col is not None else ""
    per_const = plan.period_const or ""
    period_code = periods.code
    period_get = periods.cached

    val_col = col.get(h.VALUE)
    val_name = header[val_col] if val_col is not None else ""
    missing = plan.missing
    empty_is_missing = "" in missing
    parse = numbers.parse

    st_col = col.get(h.STATUS)
    st_name = header[st_col] if st_col is not None else ""
    st_lookup = status_lookup(plan)
    st_const = plan.status_const or FINAL
    st_const_given = st_const != FINAL

    note_col = col.get(h.NOTE)
    note_const = plan.note_const
    source_col = col.get(h.SOURCE)
    bounds = [(col[r], header[col[r]]) for r in (h.CI_LOW, h.CI_HIGH) if r in col]
    ci_low_col = col.get(h.CI_LOW)
    ci_high_col = col.get(h.CI_HIGH)
    unit = plan.unit
    unit_col = col[h.UNIT] if unit is not None else -1  # make_plan: no unit without its column
    attr_col = col.get(h.ATTRIBUTE)
    attr_status = plan.attribute_status
    dims = [(i, header[i], dimension_lookup(spec), spec.code) for i, spec in plan.dims]
    dims_fast = [(i, lookup.good.get, code) for i, _, lookup, code in dims]
    wide = [(i, header[i], code) for i, code in plan.wide]

    def fit(line: int, row: Sequence, errors: list[RowError]) -> list:
        """Pad a short row, drop empty trailing cells; report what does not fit."""
        n = len(row)
        if n < named_width:
            errors.append(
                _error(
                    line,
                    "",
                    gettext_noop(
                        "this row has %(found)s cells, the header has %(expected)s columns"
                    ),
                    found=n,
                    expected=named_width,
                )
            )
        cells = list(row[:width])
        cells.extend([""] * (width - len(cells)))
        for extra in row[width:]:
            if extra.__class__ is not str or extra.strip():
                errors.append(_error(line, "", _NO_HEADER, value=str(extra)[:100]))
                break
        return cells

    def read_value(raw: Any, line: int, errors: list[RowError], name: str) -> tuple[Any, bool]:
        """(value, is_missing); (None, False) when unreadable, with the error added."""
        if raw.__class__ is not str:
            return raw, False
        text = raw.strip()
        if not text:
            if empty_is_missing:
                return None, True
            errors.append(_error(line, name, _EMPTY_VALUE))
            return None, False
        if missing and lookup_key(text) in missing:
            return None, True
        try:
            return parse(text, line), False
        except NumberError as exc:
            errors.append(RowError(line, name, exc.message))
            return None, False

    def interval(line: int, row: Sequence, errors: list[RowError]) -> tuple[Any, Any]:
        """(ci_low, ci_high) of a long row; an empty cell is no bound."""
        low = high = None
        for i, name in bounds:
            raw = row[i]
            if raw.__class__ is str:
                text = raw.strip()
                if not text:
                    continue
                try:
                    number = parse(text, line)
                except NumberError as exc:
                    errors.append(RowError(line, name, exc.message))
                    continue
            else:
                number = raw
            if i == ci_low_col:
                low = number
            else:
                high = number
        return low, high

    def value_and_status(
        raw: Any, line: int, errors: list[RowError], name: str, status: str, status_given: bool
    ) -> tuple[Any, str]:
        if status == NOT_AVAILABLE and status_given:
            # The status (or a BDL flag) says there is no value; "." or 0 stand in for it.
            if attr_col is None and (raw.__class__ is not str or raw.strip()):
                errors.append(
                    _error(
                        line,
                        name,
                        gettext_noop(
                            "the status says no value is available, yet the row has %(value)r"
                        ),
                        value=str(raw).strip(),
                    )
                )
            return None, NOT_AVAILABLE
        value, is_missing = read_value(raw, line, errors, name)
        if is_missing:
            if status_given:
                errors.append(
                    _error(
                        line,
                        name,
                        gettext_noop("the row has no value but its status is %(status)r"),
                        status=status,
                    )
                )
            return None, NOT_AVAILABLE
        return value, status

    def keys(
        line: int, row: Sequence, errors: list[RowError]
    ) -> tuple[str, str, str, str, tuple[tuple[str, str], ...], str, bool, str, str]:
        """Everything but the value: (indicator, territory, kind, period, dimensions,
        status, status_given, note, attribute)."""
        for i in unnamed:
            cell = row[i]
            if cell.__class__ is not str or cell.strip():
                errors.append(_error(line, "", _NO_HEADER, value=str(cell)[:100]))
        indicator: str | None
        if ind_col is None:
            indicator = ind_const
        else:
            raw = row[ind_col]
            indicator = ind_get(raw)
            if indicator is None:
                try:
                    indicator = ind_lookup(raw)
                except Miss as miss:
                    indicator = ""
                    errors.append(RowError(line, ind_name, miss.message))
        if ter_col is None:
            territory, kind = ter_const, ter_const_kind
        else:
            raw = row[ter_col]
            both = ter_get(raw)
            if both is None:
                try:
                    both = ter_lookup(raw)
                except Miss as miss:
                    both = "\0"
                    errors.append(RowError(line, ter_name, miss.message))
            kind, _, territory = both.partition("\0")
        if per_col is None:
            period = per_const
        else:
            try:
                period = period_code(row[per_col])
            except PeriodTextError as exc:
                period = ""
                errors.append(RowError(line, per_name, exc.message))
        if dims:
            pairs = []
            for i, name, lookup, code in dims:
                raw = row[i]
                value_code = lookup.good.get(raw)
                if value_code is None:
                    try:
                        value_code = lookup(raw)
                    except Miss as miss:
                        errors.append(RowError(line, name, miss.message))
                        continue
                if value_code != TOTAL:
                    pairs.append((code, value_code))
            dimensions = tuple(pairs)
        else:
            dimensions = ()
        if st_col is None:
            status, status_given = st_const, st_const_given
        else:
            try:
                status = st_lookup(row[st_col])
            except Miss as miss:
                status = FINAL
                errors.append(RowError(line, st_name, miss.message))
            status_given = status != FINAL
        note = row[note_col].strip() if note_col is not None else note_const
        attribute = ""
        if attr_col is not None:
            attribute = row[attr_col].strip()
            flagged = attr_status.get(attribute)
            if flagged is not None:
                status, status_given = flagged, True
        if unit is not None and row[unit_col].strip() != unit:
            errors.append(
                _error(
                    line,
                    header[unit_col],
                    gettext_noop("the unit is %(found)r, but the mapping expects %(expected)r"),
                    found=row[unit_col].strip(),
                    expected=unit,
                )
            )
        return (
            indicator,
            territory,
            kind,
            period,
            dimensions,
            status,
            status_given,
            note,
            attribute,
        )

    def build_wide(line: int, row: Sequence) -> list[Record]:
        errors: list[RowError] = []
        if len(row) != width:
            row = fit(line, row, errors)
        ind, ter, kind, period, dimensions, status, given, note, attr = keys(line, row, errors)
        source = row[source_col].strip() if source_col is not None else ""
        records = []
        for i, name, cell_period in wide:
            raw = row[i]
            if raw.__class__ is str and not empty_is_missing and not raw.strip():
                continue  # a blank cell of a wide table: no observation for that period
            cell_errors = list(errors)
            value, cell_status = value_and_status(raw, line, cell_errors, name, status, given)
            records.append(
                Record(
                    line,
                    ind,
                    ter,
                    kind,
                    cell_period,
                    dimensions,
                    value,
                    cell_status,
                    note,
                    tuple(cell_errors),
                    attr,
                    source=source,
                )
            )
        if errors and not records:
            records.append(
                Record(
                    line, ind, ter, kind, "", dimensions, None, status, note, tuple(errors), attr
                )
            )
        return records

    if wide:
        return build_wide
    assert val_col is not None  # make_plan refuses a long table with no value column

    # The long form's common case, kept flat: a row of the header's width whose
    # indicator, territory and dimensions were seen before, whose status,
    # attribute and unnamed cells are empty and whose value is a plain number.
    # Anything else (and every problem) goes through ``keys`` / ``value_and_status``.
    # A missing-value marker with digits in it ("0", "0,0") must not be read as a number.
    fast = not st_const_given and not any(c.isdigit() for marker in missing for c in marker)
    must_be_empty = [
        *unnamed,
        *(c for c in (st_col, attr_col, ci_low_col, ci_high_col) if c is not None),
    ]

    def build_long(line: int, row: Sequence) -> Record:
        if fast and len(row) == width:
            for i in must_be_empty:
                if row[i]:
                    break
            else:
                indicator = ind_get(row[ind_col]) if ind_col is not None else ind_const
                both = ter_get(row[ter_col]) if ter_col is not None else "\0"
                if indicator is not None and both is not None:
                    if unit is not None and row[unit_col] != unit:
                        both = None
                    pairs = []
                    for i, get, code in dims_fast:
                        value_code = get(row[i])
                        if value_code is None:
                            both = None
                            break
                        if value_code != TOTAL:
                            pairs.append((code, value_code))
                    raw = row[val_col]
                    value = None
                    if raw.__class__ is not str:
                        value = raw
                    elif raw.isdigit() and raw.isascii():
                        value = Decimal(raw)
                    else:
                        mark = numbers.decimal
                        if mark is not None:
                            head, sep, frac = raw.partition(mark)
                            if sep and frac.isdigit() and head.isdigit() and raw.isascii():
                                value = Decimal(f"{head}.{frac}")
                    if value is not None and both is not None:
                        period = period_get(row[per_col]) if per_col is not None else per_const
                        if period.__class__ is str:
                            if ter_col is None:
                                territory, kind = ter_const, ter_const_kind
                            else:
                                kind, _, territory = both.partition("\0")
                            note = row[note_col].strip() if note_col is not None else note_const
                            source = row[source_col].strip() if source_col is not None else ""
                            return _new_record(
                                Record,
                                (
                                    line,
                                    indicator,
                                    territory,
                                    kind,
                                    period,
                                    tuple(pairs),
                                    value,
                                    FINAL,
                                    note,
                                    (),
                                    "",
                                    None,
                                    None,
                                    source,
                                ),
                            )
        errors: list[RowError] = []
        if len(row) != width:
            row = fit(line, row, errors)
        ind, ter, kind, period, dimensions, status, given, note, attr = keys(line, row, errors)
        value, status = value_and_status(row[val_col], line, errors, val_name, status, given)
        low, high = interval(line, row, errors) if bounds else (None, None)
        source = row[source_col].strip() if source_col is not None else ""
        return _new_record(
            Record,
            (
                line,
                ind,
                ter,
                kind,
                period,
                dimensions,
                value,
                status,
                note,
                tuple(errors),
                attr,
                low,
                high,
                source,
            ),
        )

    return build_long
