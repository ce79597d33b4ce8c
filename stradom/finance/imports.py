"""Import of budget tasks' plan and execution from CSV or XLSX, all or nothing.

The file is read with the importer's readers (:func:`stradom.ingest.readers.table.open_table`):
encoding (UTF-8, Windows-1250, ISO-8859-2) and separator (``;``, ``,``, tab)
are detected, numbers may be written the Polish way (``1 234,56``), an XLSX
is checked against the size limits before it is opened. One row per task (or
per task and month). Columns, by Polish or English name (any order):

=====================================  =============================================
``rok`` / ``year``                     budget year (or ``--year`` for the whole file)
``kod`` / ``code``                     task code (required)
``nazwa`` / ``name``                   name (required for a new task)
``jednostka`` / ``unit``               responsible unit, by code or name (new task)
``klasyfikacja`` / ``classification``  ``900-90005-4300`` (or ``dział``, ``rozdział``,
                                       ``paragraf`` columns)
``plan``                               adopted plan (required for a new task)
``plan po zmianach``                   plan after changes
``zaangażowanie`` / ``commitments``    commitments
``wykonanie`` / ``execution``          execution (of the month when ``miesiąc`` is given)
``miesiąc`` / ``month``                1-12
``cele`` / ``goals``                   ``IV.3:70; VI.1:30`` (shares in %, summing to 100)
``instrument``                         instrument code
=====================================  =============================================

Every row goes through the same services as a form would
(:mod:`stradom.finance.services`); any problem in any row (line, column,
reason) refuses the whole file and nothing is written.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.finance.models import BudgetTask, Unit
from stradom.finance.services import (
    FinanceError,
    FinanceRefused,
    Problem,
    create_budget_task,
    money,
    record_execution,
    update_budget_task,
)
from stradom.ingest.readers.cells import slug, text_of
from stradom.ingest.readers.numbers import NumberError, NumberReader, decimal_from_float
from stradom.ingest.readers.records import Limits
from stradom.ingest.readers.table import Table, cells_of, open_table

COLUMNS = {
    "year": {"rok", "year", "rok_budzetowy"},
    "code": {"kod", "kod_zadania", "code", "task", "task_code", "zadanie", "nr_zadania"},
    "name": {"nazwa", "nazwa_zadania", "name"},
    "unit": {"jednostka", "jednostka_organizacyjna", "dysponent", "unit"},
    "classification": {"klasyfikacja", "klasyfikacja_budzetowa", "classification"},
    "section": {"dzial", "section"},
    "chapter": {"rozdzial", "chapter"},
    "paragraph": {"paragraf", "paragraph"},
    "plan": {"plan", "plan_pierwotny", "plan_uchwalony", "adopted_plan"},
    "plan_after_changes": {"plan_po_zmianach", "plan_after_changes"},
    "commitments": {"zaangazowanie", "commitments"},
    "execution": {"wykonanie", "execution"},
    "month": {"miesiac", "month"},
    "goals": {"cele", "cele_strategii", "goals"},
    "instrument": {"instrument", "kod_instrumentu"},
    "note": {"uwagi", "note", "notes"},
}
_ROLE = {name: role for role, names in COLUMNS.items() for name in names}
AMOUNTS = ("plan", "plan_after_changes", "commitments", "execution")


@dataclass
class BudgetImport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    warnings: list[tuple[int, Message]] = field(default_factory=list)


class _Reader:
    def __init__(self, problems: list[Problem]) -> None:
        self.numbers = NumberReader()
        self.problems = problems

    def problem(self, line: int, column: str, template: str, **params) -> None:
        self.problems.append(Problem(Message(template, params), line=line, column=column))

    def amount(self, value, line: int, column: str) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            if isinstance(value, float):
                number = decimal_from_float(value)
            elif isinstance(value, int) and not isinstance(value, bool):
                number = Decimal(value)
            else:
                number = self.numbers.parse(str(value).strip(), line)
            return money(number, column)
        except (NumberError, FinanceError) as exc:
            self.problems.append(Problem(exc.message, line=line, column=column))
        return None

    def integer(self, value, line: int, column: str) -> int | None:
        text = text_of(value)
        if not text:
            return None
        if text.isdigit():
            return int(text)
        self.problem(line, column, gettext_noop("%(value)r is not a whole number."), value=text)
        return None


def _limits() -> Limits:
    from django.conf import settings

    return Limits(
        max_bytes=settings.STRADOM_IMPORT_MAX_BYTES, max_rows=settings.STRADOM_IMPORT_MAX_ROWS
    )


def import_budget_file(
    path: str | os.PathLike[str],
    *,
    year: int | None = None,
    strategy=None,
    illustrative: bool = False,
    actor=None,
    reason: str = "",
) -> BudgetImport:
    """Create or update budget tasks from a file; refuse the whole file on any problem."""
    path = Path(path)
    reason = reason.strip() or f"import of {path.name}"
    problems: list[Problem] = []
    reader = _Reader(problems)
    report = BudgetImport(file=path.name)
    with open_table(path, _limits()) as table:
        roles = _check_header(table, year, reader)
        if problems:
            raise FinanceRefused(problems, source=path.name)
        if strategy is None:
            from stradom.finance.queries import default_strategy

            strategy = default_strategy()
        goals = {g.code: g for g in strategy.goals.all()} if strategy is not None else {}
        units = {u.code.casefold(): u for u in Unit.objects.all()}
        units |= {u.name_pl.casefold(): u for u in Unit.objects.all()}
        instruments = _instruments()
        seen: set[tuple[int, str, int | None]] = set()
        try:
            with transaction.atomic():
                for line, values in table.rows:
                    report.rows += 1
                    _import_row(
                        line, cells_of(values, roles), reader, report, year=year, goals=goals,
                        units=units, instruments=instruments, seen=seen,
                        illustrative=illustrative, actor=actor, reason=reason,
                    )  # fmt: skip
                if problems:
                    raise FinanceRefused(problems, source=path.name)
        except FinanceRefused:
            report.created = report.updated = 0
            raise
    return report


def _check_header(table: Table, year: int | None, reader: _Reader) -> dict[int, str]:
    """``{column index: role}``; a problem for every unknown, repeated or missing column."""
    roles: dict[int, str] = {}
    for index, name in enumerate(table.header):
        if not name:
            continue
        role = _ROLE.get(slug(name))
        if role is None:
            reader.problem(
                table.header_line, name, gettext_noop("Unknown column %(name)r."), name=name
            )
        elif role in roles.values():
            reader.problem(
                table.header_line, name, gettext_noop("Column %(name)r is given twice."), name=name
            )
        else:
            roles[index] = role
    present = set(roles.values())
    if "code" not in present:
        reader.problem(table.header_line, "", gettext_noop("The file has no task code column."))
    if "year" not in present and year is None:
        reader.problem(
            table.header_line, "", gettext_noop("The file has no year column; give the year.")
        )
    return roles


def _instruments() -> dict:
    from stradom.instruments.models import Instrument

    return {i.code: i for i in Instrument.objects.all()}


def _import_row(line, cells, reader, report, *, year, goals, units, instruments, seen,
                illustrative, actor, reason) -> None:  # fmt: skip
    problem = reader.problem
    code = text_of(cells.get("code"))
    task_year = reader.integer(cells.get("year"), line, "year") if "year" in cells else year
    if task_year is None:
        task_year = year
    month = reader.integer(cells.get("month"), line, "month")
    if not code:
        problem(line, "code", gettext_noop("The task code is empty."))
        return
    if task_year is None:
        problem(line, "year", gettext_noop("The year is empty."))
        return
    key = (task_year, code, month)
    if key in seen:
        problem(line, "code", gettext_noop("Task %(task)s appears twice for %(year)s."),
                task=code, year=task_year)  # fmt: skip
        return
    seen.add(key)
    amounts = {name: reader.amount(cells.get(name), line, name) for name in AMOUNTS}
    changes: dict = {name: value for name, value in amounts.items() if value is not None}
    classification = text_of(cells.get("classification"))
    parts = [text_of(cells.get(p)) for p in ("section", "chapter", "paragraph")]
    if any(parts):
        classification = "-".join(parts)
    if classification:
        changes["classification"] = classification
    if text_of(cells.get("name")):
        changes["name_pl"] = text_of(cells.get("name"))
    if text_of(cells.get("note")):
        changes["note"] = text_of(cells.get("note"))
    unit_text = text_of(cells.get("unit"))
    if unit_text:
        unit = units.get(unit_text.casefold())
        if unit is None:
            problem(line, "unit", gettext_noop("Unit %(unit)r is not known."), unit=unit_text)
            return
        changes["unit"] = unit
    instrument_code = text_of(cells.get("instrument"))
    if instrument_code:
        if instrument_code not in instruments:
            problem(line, "instrument", gettext_noop("Instrument %(code)s is not known."),
                    code=instrument_code)  # fmt: skip
            return
        changes["instrument"] = instruments[instrument_code]
    goals_text = text_of(cells.get("goals"))
    if goals_text:
        shares = _shares(goals_text, goals, line, reader)
        if shares is None:
            return
        changes["goal_shares"] = shares
    try:
        _apply(task_year, code, month, changes, report, line, illustrative, actor, reason)
    except FinanceError as exc:
        reader.problems.append(Problem(exc.message, line=line, column=exc.field))
    except StradomError as exc:
        reader.problems.append(Problem(exc.message, line=line))


def _shares(text: str, goals: dict, line: int, reader: _Reader) -> dict | None:
    shares = {}
    for part in re.split(r"[;,]", text):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(\S+?)\s*[:=]\s*([\d\s.,]+)\s*%?", part)
        if not match:
            template = gettext_noop("Goal shares are written as IV.3:70; VI.1:30, not %(text)r.")
            reader.problem(line, "goals", template, text=part)
            return None
        code, share_text = match.groups()
        if code not in goals:
            reader.problem(line, "goals", gettext_noop("Goal %(code)s is not known."), code=code)
            return None
        try:
            share = Decimal(share_text.strip().replace(",", ".").replace(" ", ""))
        except ArithmeticError:
            reader.problem(
                line, "goals", gettext_noop("%(value)r is not a share."), value=share_text
            )
            return None
        shares[goals[code]] = share
    return shares


def _apply(year, code, month, changes, report, line, illustrative, actor, reason) -> None:
    task = BudgetTask.objects.filter(year=year, code=code).first()
    execution = changes.pop("execution", None) if month is not None or task else None
    if task is None:
        missing = [n for n in ("name_pl", "unit", "classification", "plan") if n not in changes]
        if missing:
            raise FinanceError(
                gettext_noop("Task %(task)s is new; it needs %(fields)s."),
                field=missing[0],
                task=code,
                fields=", ".join(missing),
            )
        if month is not None:
            changes.pop("execution", None)
        result = create_budget_task(
            year=year, code=code, illustrative=illustrative, actor=actor, reason=reason,
            channel="import", goal_shares=changes.pop("goal_shares", {}), **changes,
        )  # fmt: skip
        task = result.task
        report.created += 1
        report.warnings += [(line, w) for w in result.warnings]
    elif changes:
        result = update_budget_task(task, actor=actor, reason=reason, channel="import", **changes)
        report.updated += 1
        report.warnings += [(line, w) for w in result.warnings]
    if execution is not None:
        result = record_execution(
            task, execution=execution, month=month, actor=actor, reason=reason, channel="import"
        )
        if not changes:
            report.updated += 1
        report.warnings += [(line, w) for w in result.warnings]
