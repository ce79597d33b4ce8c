"""Import of the registers from CSV or XLSX, all or nothing.

The file is read with the importer's readers (:mod:`stradom.ingest.readers.table`):
UTF-8 or Windows-1250, ``;`` ``,`` or tab, decimal comma or point, an XLSX checked
against the size limits first. Columns by Polish or English name, in any order.

Council resolutions (key: term and number):

=========================================  ===========================================
``kadencja`` / ``term``                    council term (or ``--term`` for the file)
``numer`` / ``number``                     ``XCIV/2449/18`` (required)
``data podjęcia`` / ``date``               ``2018-02-07`` or ``07.02.2018``
``tytuł`` / ``w sprawie`` / ``title``      title
``jednostka`` / ``unit``                   responsible unit, by code or name
``dziedzina`` / ``domain``                 management domain, by code or name
``stan realizacji`` / ``status``           code or name of the status, Polish or English
``uwagi`` / ``note``                       note
=========================================  ===========================================

Civic-budget projects (key: edition and project number): ``edycja`` / ``edition``
(or ``--edition``), ``numer`` / ``code``, ``tytuł`` / ``title``, ``dzielnica`` /
``district`` (code, name or Roman number; empty or ``ogólnomiejski`` for a
city-wide project), ``dziedzina`` / ``domain``, ``koszt`` / ``cost`` (zł),
``głosy`` / ``votes``, ``status``, ``uwagi`` / ``note``.

A row whose key is in the register changes that entry (only the columns the file
has); any other row adds one. Every row goes through the register's write path
(:mod:`stradom.registers.services`); any problem in any row — line, column,
reason — refuses the whole file and nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from stradom.catalog.models import Domain
from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.finance.models import Unit
from stradom.ingest.readers.cells import PeriodReader, PeriodTextError, period_text_of, text_of
from stradom.ingest.readers.numbers import NumberError, NumberReader, decimal_from_float
from stradom.ingest.readers.records import Limits, RowError
from stradom.ingest.readers.table import assign_columns, cells_of, open_table
from stradom.registers.models import (
    CivicBudgetProject,
    ProjectStatus,
    Resolution,
    ResolutionStatus,
)
from stradom.registers.services import (
    RegisterError,
    normalise_number,
    save_project,
    save_resolution,
)
from stradom.territory.models import Territory, TerritoryKind

RESOLUTION_COLUMNS = {
    "term": {"kadencja", "term", "council_term"},
    "number": {"numer", "numer_uchwaly", "nr", "nr_uchwaly", "number", "uchwala"},
    "adopted_on": {"data", "data_podjecia", "data_uchwalenia", "date", "adopted_on", "adopted"},
    "title": {"tytul", "w_sprawie", "tytul_uchwaly", "title"},
    "unit": {"jednostka", "jednostka_odpowiedzialna", "komorka", "unit", "responsible_unit"},
    "domain": {"dziedzina", "dziedzina_zarzadzania", "domain"},
    "status": {"stan_realizacji", "status", "stan", "execution_status"},
    "note": {"uwagi", "notatka", "note", "notes"},
}
PROJECT_COLUMNS = {
    "edition": {"edycja", "rok", "edition", "year"},
    "code": {"numer", "numer_projektu", "nr", "kod", "code", "number", "project_number"},
    "title": {"tytul", "nazwa", "nazwa_projektu", "title", "name"},
    "district": {"dzielnica", "district", "obszar"},
    "domain": {"dziedzina", "dziedzina_zarzadzania", "domain"},
    "cost": {"koszt", "koszt_zl", "szacunkowy_koszt", "cost", "cost_zl", "kwota"},
    "votes": {"glosy", "liczba_glosow", "votes"},
    "status": {"status", "stan"},
    "note": {"uwagi", "notatka", "note", "notes"},
}
CITY_WIDE = {"", "-", "—", "ogólnomiejski", "ogolnomiejski", "cała gmina", "city-wide", "city"}


@dataclass
class RegisterImport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ImportRefused(StradomError):
    """A file refused as a whole; ``problems`` lists every reason (line, column, message)."""

    def __init__(self, problems: list[RowError], source: str) -> None:
        self.problems = sorted(problems, key=lambda p: p.line)
        self.source = source
        super().__init__(
            gettext_noop("%(file)s: %(count)d problem(s); nothing was written."),
            file=source,
            count=len(problems),
        )
        self.args = ("\n".join([str(self.message), *(str(p) for p in self.problems)]),)


def _limits() -> Limits:
    return Limits(
        max_bytes=settings.STRADOM_IMPORT_MAX_BYTES, max_rows=settings.STRADOM_IMPORT_MAX_ROWS
    )


class _Cells:
    """Reads one row's cells into the services' values, noting each problem where it is."""

    def __init__(self, problems: list[RowError], headers: dict[str, str]) -> None:
        self.problems = problems
        self.headers = headers  # role -> the header as the file writes it
        self.numbers = NumberReader()
        self.days = PeriodReader()
        self.line = 0

    def fail(self, role: str, template: str, **params) -> None:
        column = self.headers.get(role, role)
        self.problems.append(RowError(self.line, column, Message(template, params)))

    def day(self, value, role: str) -> date | None:
        text = period_text_of(value)
        if not text.strip():
            return None
        try:
            code = self.days.code(text)
            return date.fromisoformat(code)
        except (PeriodTextError, ValueError):
            self.fail(role, gettext_noop("%(value)r is not a date (e.g. 2018-02-07)."), value=text)
        return None

    def amount(self, value, role: str) -> Decimal | None:
        if isinstance(value, float):
            return decimal_from_float(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        text = text_of(value).removesuffix("zł").strip()
        if not text:
            return None
        try:
            return self.numbers.parse(text, self.line)
        except NumberError as exc:
            self.problems.append(RowError(self.line, self.headers.get(role, role), exc.message))
        return None

    def whole(self, value, role: str) -> int | None:
        text = text_of(value).replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if text.isdigit():
            return int(text)
        self.fail(role, gettext_noop("%(value)r is not a whole number."), value=text)
        return None

    def lookup(self, value, table: dict, role: str, template: str):
        text = text_of(value)
        if not text:
            return None
        found = table.get(text.casefold())
        if found is None:
            self.fail(role, template, value=text)
        return found


# Shorter words offices write for a status (case-folded), beside the full names.
ALIASES = {
    "w realizacji": "in_progress",
    "realizowana": "in_progress",
    "częściowo wykonana": "partly_executed",
    "ciągła": "ongoing",
    "nieważna": "annulled",
    "wybrany": "selected",
    "odrzucony": "rejected",
    "w głosowaniu": "voting",
    "niewybrany": "not_selected",
    "anulowany": "cancelled",
}


def _status_table(choices) -> dict[str, str]:
    """Every status by its code and by its Polish and English names (case-folded), and
    the shorter words of :data:`ALIASES` that name one of them."""
    table = {word: code for word, code in ALIASES.items() if code in choices.values}
    for choice in choices:
        table[choice.value] = choice.value
        for language in ("pl", "en"):
            with translation.override(language):
                table[str(choice.label).casefold()] = choice.value
    return table


def _domains() -> dict:
    table = {}
    for d in Domain.objects.all():
        for key in (d.code, d.name_pl, d.name_en):
            if key:
                table[key.casefold()] = d
    return table


def _run(
    path: Path,
    columns: dict[str, set[str]],
    required: tuple[str, ...],
    read_row: Callable[[_Cells, dict[str, Any]], tuple[tuple, dict[str, Any]] | None],
    existing: dict,
    save: Callable,
    *,
    actor,
    reason: str,
) -> RegisterImport:
    report = RegisterImport(file=path.name)
    problems: list[RowError] = []
    reason = reason.strip() or f"import of {path.name}"
    with open_table(path, _limits()) as table:
        roles, header_problems = assign_columns(table.header, table.header_line, columns, required)
        if header_problems:
            raise ImportRefused(header_problems, path.name)
        headers = {role: table.header[index] for index, role in roles.items()}
        cells = _Cells(problems, headers)
        seen: dict[tuple, int] = {}
        try:
            with transaction.atomic():
                for line, values in table.rows:
                    report.rows += 1
                    cells.line = line
                    before = len(problems)
                    read = read_row(cells, cells_of(values, roles))
                    if read is None or len(problems) > before:
                        continue
                    key, data = read
                    if key in seen:
                        cells.fail(
                            "number" if "number" in headers else "code",
                            gettext_noop("the same entry is on line %(first)s too."),
                            first=seen[key],
                        )
                        continue
                    seen[key] = line
                    instance = existing.get(key)
                    try:
                        saved = save(
                            data, instance=instance, actor=actor, reason=reason, channel="import"
                        )
                    except RegisterError as exc:
                        column = headers.get(exc.field, "" if exc.field == "actor" else exc.field)
                        problems.append(RowError(line, column, exc.message))
                        continue
                    if saved.created:
                        report.created += 1
                    elif saved.changed:
                        report.updated += 1
                    else:
                        report.unchanged += 1
                if problems:
                    raise ImportRefused(problems, path.name)
        except ImportRefused:
            report.created = report.updated = report.unchanged = 0
            raise
    return report


def import_resolutions(
    path: str | os.PathLike[str],
    *,
    term: str = "",
    illustrative: bool = False,
    actor=None,
    reason: str = "",
) -> RegisterImport:
    """Add or change council resolutions from a file; refuse the whole file on any problem."""
    path = Path(path)
    statuses = _status_table(ResolutionStatus)
    units = {}
    for unit in Unit.objects.select_related("domain"):
        units[unit.code.casefold()] = unit
        units[unit.name_pl.casefold()] = unit
    domains = _domains()
    existing = {(r.term, r.number): r for r in Resolution.objects.select_related("domain")}

    def read_row(cells: _Cells, row: dict[str, Any]):
        data: dict[str, Any] = {"illustrative": illustrative} if illustrative else {}
        row_term = text_of(row.get("term")) or term
        number = normalise_number(text_of(row.get("number")))
        data["term"], data["number"] = row_term, number
        if "adopted_on" in row:
            data["adopted_on"] = cells.day(row["adopted_on"], "adopted_on")
        for name in ("title", "note"):
            if name in row:
                data[name] = text_of(row[name])
        if "unit" in row:
            data["unit"] = cells.lookup(
                row["unit"], units, "unit", gettext_noop("unit %(value)r is not known.")
            )
        if text_of(row.get("domain")):  # an empty cell keeps the domain (or the unit's)
            data["domain"] = cells.lookup(
                row["domain"], domains, "domain", gettext_noop("domain %(value)r is not known.")
            )
        if "status" in row:
            data["status"] = cells.lookup(
                row["status"], statuses, "status", _UNKNOWN_RESOLUTION_STATUS
            )
        return (row_term, number), data

    return _run(
        path,
        RESOLUTION_COLUMNS,
        ("number",) if term else ("number", "term"),
        read_row,
        existing,
        save_resolution,
        actor=actor,
        reason=reason,
    )


_UNKNOWN_RESOLUTION_STATUS = gettext_noop(
    "%(value)r is not an execution status (e.g. wykonana, w trakcie realizacji, executed)."
)
_UNKNOWN_PROJECT_STATUS = gettext_noop(
    "%(value)r is not a project status (e.g. wybrany, zrealizowany, selected)."
)


def import_projects(
    path: str | os.PathLike[str],
    *,
    edition: int | None = None,
    illustrative: bool = False,
    actor=None,
    reason: str = "",
) -> RegisterImport:
    """Add or change civic-budget projects from a file; refuse the whole file on any problem."""
    path = Path(path)
    statuses = _status_table(ProjectStatus)
    districts = {}
    for t in Territory.objects.filter(kind=TerritoryKind.SUBMUNICIPAL):
        for key in (t.code, t.name, t.number):
            if key:
                districts.setdefault(key.casefold(), t)
    domains = _domains()
    existing = {(p.edition, p.code): p for p in CivicBudgetProject.objects.select_related("domain")}

    def read_row(cells: _Cells, row: dict[str, Any]):
        data: dict[str, Any] = {"illustrative": illustrative} if illustrative else {}
        year = cells.whole(row.get("edition"), "edition") if "edition" in row else None
        data["edition"] = year if year is not None else edition
        data["code"] = text_of(row.get("code"))
        for name in ("title", "note"):
            if name in row:
                data[name] = text_of(row[name])
        if "district" in row:
            text = text_of(row["district"])
            data["district"] = (
                None
                if text.casefold() in CITY_WIDE
                else cells.lookup(
                    text, districts, "district", gettext_noop("district %(value)r is not known.")
                )
            )
        if text_of(row.get("domain")):  # an empty cell keeps the domain (or the unit's)
            data["domain"] = cells.lookup(
                row["domain"], domains, "domain", gettext_noop("domain %(value)r is not known.")
            )
        if "cost" in row:
            data["cost"] = cells.amount(row["cost"], "cost")
        if "votes" in row:
            data["votes"] = cells.whole(row["votes"], "votes")
        if "status" in row:
            data["status"] = cells.lookup(
                row["status"], statuses, "status", _UNKNOWN_PROJECT_STATUS
            )
        return (data["edition"], data["code"]), data

    return _run(
        path,
        PROJECT_COLUMNS,
        ("code",) if edition else ("code", "edition"),
        read_row,
        existing,
        save_project,
        actor=actor,
        reason=reason,
    )
