"""WPF Annexes 1 and 2 as an XLSX workbook, in the layout of the Minister of Finance's template.

What is followed (docs/polish_finance.md §1.2-1.3, rozporządzenie MF z 10 stycznia
2013 r., Dz.U. 2013 poz. 86): Annex 1 ("Wieloletnia Prognoza Finansowa") lists the
template's numbered positions ("1", "1.1", "1.1.3.1"…) with their names and one
column per year, each year headed by what it holds (Wykonanie, Plan 3 kw., Plan,
Prognoza); Annex 2 ("Wykaz przedsięwzięć do WPF") has the columns Lp., Nazwa i cel,
Jednostka odpowiedzialna lub koordynująca, Okres realizacji od / do, Łączne
nakłady finansowe, Limit per year, Limit zobowiązań, with the group lines 1, 1.a,
1.b, 1.1 (EU funds, art. 5 ust. 1 pkt 2 i 3), 1.2 (PPP), 1.3 (other), each split
into .1 current and .2 property expenditure, and one line per undertaking under
its group (1.3.2.1, 1.3.2.2…).

What is approximated: the template's exact cell formatting, merged headings and
footnotes are not reproduced; the positions are in rows and the years in columns
(the template allows either orientation); the name and purpose share one cell as
"name" + new line + "Cel: purpose"; two columns after Limit zobowiązań carry
Stradom's links (goal and instrument codes), which the template does not have.
Reading accepts the layout written here (group lines are recomputed, not read);
the Besti@ XML is out of reach (no public schema).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from stradom.core.messages import Message, gettext_noop
from stradom.finance.core.money import ZERO
from stradom.finance.core.wpf import ROW_CODE, ValueType
from stradom.finance.models import Undertaking, Unit, WpfVersion
from stradom.finance.queries import wpf_table
from stradom.finance.services import (
    FinanceError,
    FinanceRefused,
    Problem,
    UndertakingInput,
    amend_wpf_version,
    create_wpf_version,
    money,
    undertaking_inputs,
)
from stradom.ingest.readers.detect import check_size, sniff_container
from stradom.ingest.readers.numbers import NumberError, NumberReader, decimal_from_float
from stradom.ingest.readers.records import Limits, ReadError
from stradom.ingest.readers.xlsx_reader import check_zip

ANNEX1 = "Załącznik nr 1"
ANNEX2 = "Załącznik nr 2"
ILLUSTRATIVE = "Przykład ilustracyjny / Illustrative example"
VALUE_TYPE_HEADINGS = {
    ValueType.EXECUTION: "Wykonanie",
    ValueType.Q3_PLAN: "Plan 3 kw.",
    ValueType.PLAN: "Plan",
    ValueType.FORECAST: "Prognoza",
}
_HEADING_TYPES = {text.casefold(): vt for vt, text in VALUE_TYPE_HEADINGS.items()}
_HEADING_TYPES |= {vt.value: vt for vt in ValueType}
GROUPS = [  # (line, label, group, kind)
    ("1", "Wydatki na przedsięwzięcia - ogółem", None, None),
    ("1.a", "- wydatki bieżące", None, Undertaking.Kind.CURRENT),
    ("1.b", "- wydatki majątkowe", None, Undertaking.Kind.PROPERTY),
    (
        "1.1",
        "Wydatki na programy, projekty lub zadania związane z programami realizowanymi "
        "z udziałem środków, o których mowa w art. 5 ust. 1 pkt 2 i 3",
        Undertaking.Group.EU,
        None,
    ),
    ("1.1.1", "- wydatki bieżące", Undertaking.Group.EU, Undertaking.Kind.CURRENT),
    ("1.1.2", "- wydatki majątkowe", Undertaking.Group.EU, Undertaking.Kind.PROPERTY),
    (
        "1.2",
        "Wydatki na programy, projekty lub zadania związane z umowami partnerstwa "
        "publiczno-prywatnego",
        Undertaking.Group.PPP,
        None,
    ),
    ("1.2.1", "- wydatki bieżące", Undertaking.Group.PPP, Undertaking.Kind.CURRENT),
    ("1.2.2", "- wydatki majątkowe", Undertaking.Group.PPP, Undertaking.Kind.PROPERTY),
    ("1.3", "Wydatki na programy, projekty lub zadania pozostałe", Undertaking.Group.OTHER, None),
    ("1.3.1", "- wydatki bieżące", Undertaking.Group.OTHER, Undertaking.Kind.CURRENT),
    ("1.3.2", "- wydatki majątkowe", Undertaking.Group.OTHER, Undertaking.Kind.PROPERTY),
]
_GROUP_DIGIT = {Undertaking.Group.EU: "1", Undertaking.Group.PPP: "2", Undertaking.Group.OTHER: "3"}
_KIND_DIGIT = {Undertaking.Kind.CURRENT: "1", Undertaking.Kind.PROPERTY: "2"}
_ITEM = re.compile(r"1\.([123])\.([12])\.(\d+)")
ANNEX2_FIXED = [
    "Lp.",
    "Nazwa i cel",
    "Jednostka odpowiedzialna lub koordynująca",
    "Okres realizacji od",
    "Okres realizacji do",
    "Łączne nakłady finansowe",
]
OBLIGATIONS = "Limit zobowiązań"
GOALS = "Cele strategii (Stradom)"
INSTRUMENTS = "Instrumenty (Stradom)"
MONEY_FORMAT = "#,##0.00"


# -- writing --------------------------------------------------------------------------------
def write_wpf_workbook(version: WpfVersion, path: str | os.PathLike[str]) -> Path:
    """Annex 1 and Annex 2 of ``version`` as an XLSX file."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ANNEX1
    table = wpf_table(version)
    labels = dict(version.rows.values_list("code", "label_pl"))
    types = dict(version.years.values_list("year", "value_type"))
    years = sorted(types)
    sheet.append([f"Wieloletnia Prognoza Finansowa {version.label}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([ILLUSTRATIVE if version.illustrative else (version.resolution or "")])
    sheet.append([])
    sheet.append(["Lp.", "Wyszczególnienie", *years])
    sheet.append(["", "", *(VALUE_TYPE_HEADINGS[ValueType(types[y])] for y in years)])
    for code, values in table.items():
        sheet.append([code, labels.get(code, ""), *(values.get(y) for y in years)])
    _format_money(sheet, first_row=6, first_column=3)
    sheet.column_dimensions["B"].width = 60

    sheet = workbook.create_sheet(ANNEX2)
    items = undertaking_inputs(version)
    limit_years = sorted({y for item in items for y in item.limits}) or [version.budget_year]
    sheet.append([f"Wykaz przedsięwzięć do WPF {version.label}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append([ILLUSTRATIVE if version.illustrative else (version.resolution or "")])
    sheet.append([])
    sheet.append(
        [*ANNEX2_FIXED, *(f"Limit {y}" for y in limit_years), OBLIGATIONS, GOALS, INSTRUMENTS]
    )
    for line, label, group, kind in GROUPS:
        members = [
            i
            for i in items
            if (group is None or i.group == group) and (kind is None or i.kind == kind)
        ]
        sheet.append(
            [
                line,
                label,
                "",
                "",
                "",
                sum((i.total_outlays for i in members), ZERO),
                *(sum((i.limits.get(y, ZERO) for i in members), ZERO) for y in limit_years),
                sum((i.obligations_limit for i in members), ZERO),
            ]
        )
        if group is not None and kind is not None:
            for item in sorted(members, key=lambda i: _item_order(i.number)):
                name = item.name + (f"\nCel: {item.purpose}" if item.purpose else "")
                sheet.append(
                    [
                        item.number,
                        name,
                        item.unit.name_pl,
                        item.start_year,
                        item.end_year,
                        item.total_outlays,
                        *(item.limits.get(y) for y in limit_years),
                        item.obligations_limit,
                        ", ".join(g.code for g in item.goals),
                        ", ".join(i.code for i in item.instruments),
                    ]
                )
    _format_money(sheet, first_row=5, first_column=6)
    sheet.column_dimensions["B"].width = 60
    path = Path(path)
    workbook.save(path)
    return path


def _format_money(sheet, *, first_row: int, first_column: int) -> None:
    for row in sheet.iter_rows(min_row=first_row, min_col=first_column):
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = MONEY_FORMAT


def _item_order(number: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))


# -- reading --------------------------------------------------------------------------------
@dataclass
class WpfWorkbook:
    rows: dict[str, dict[int, Decimal]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    value_types: dict[int, str] = field(default_factory=dict)
    undertakings: list[UndertakingInput] = field(default_factory=list)
    illustrative: bool = False  # the workbook says it is an illustrative example


def _limits() -> Limits:
    return Limits(
        max_bytes=settings.STRADOM_IMPORT_MAX_BYTES, max_rows=settings.STRADOM_IMPORT_MAX_ROWS
    )


class _Cells:
    """Turns typed cells into Decimal amounts and integers, collecting problems."""

    def __init__(self, sheet: str, problems: list[Problem]) -> None:
        self.sheet = sheet
        self.problems = problems
        self.numbers = NumberReader()

    def problem(self, line: int, column: str, template: str, **params) -> None:
        self.problems.append(
            Problem(Message(template, params), line=line, column=f"{self.sheet}, {column}")
        )

    def amount(self, value, line: int, column: str) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            if isinstance(value, bool):
                raise NumberError(Message(gettext_noop("a true/false cell is not an amount")))
            if isinstance(value, float):
                number = decimal_from_float(value)
            elif isinstance(value, int | Decimal):
                number = Decimal(value)
            else:
                number = self.numbers.parse(str(value), line)
            return money(number, column)
        except NumberError as exc:
            self.problems.append(Problem(exc.message, line=line, column=f"{self.sheet}, {column}"))
        except FinanceError as exc:
            self.problems.append(Problem(exc.message, line=line, column=f"{self.sheet}, {column}"))
        return None

    def year(self, value, line: int, column: str) -> int | None:
        text = str(int(value)) if isinstance(value, int | float) else str(value or "").strip()
        if re.fullmatch(r"\d{4}", text):
            return int(text)
        self.problem(line, column, gettext_noop("%(value)r is not a year."), value=value)
        return None


def read_wpf_workbook(path: str | os.PathLike[str], *, strategy=None) -> WpfWorkbook:
    """Annexes 1 and 2 from a workbook in the layout of :func:`write_wpf_workbook`.

    Raises FinanceRefused listing every problem (sheet, row, column, reason)."""
    import openpyxl

    limits = _limits()
    check_size(path, limits.max_bytes)
    if sniff_container(path) != "xlsx":
        raise ReadError(gettext_noop("this is not an Excel workbook (.xlsx)"), file=path)
    check_zip(path, limits)
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    problems: list[Problem] = []
    result = WpfWorkbook()
    try:
        if ANNEX1 not in workbook.sheetnames:
            raise FinanceRefused(
                [
                    Problem(
                        Message(
                            gettext_noop("The workbook has no sheet %(sheet)r."), {"sheet": ANNEX1}
                        )
                    )
                ],
                source=os.path.basename(path),
            )
        annex1 = list(workbook[ANNEX1].iter_rows(values_only=True))
        result.illustrative = any(
            row and isinstance(row[0], str) and row[0].strip() == ILLUSTRATIVE for row in annex1[:3]
        )
        _read_annex1(annex1, result, problems)
        if ANNEX2 in workbook.sheetnames:
            rows = list(workbook[ANNEX2].iter_rows(values_only=True))
            _read_annex2(rows, result, problems, strategy)
    finally:
        workbook.close()
    if problems:
        raise FinanceRefused(problems, source=os.path.basename(path))
    return result


def _header_index(rows: list[tuple], first: str) -> int | None:
    for index, row in enumerate(rows):
        if row and isinstance(row[0], str) and row[0].strip() == first:
            return index
    return None


def _read_annex1(rows: list[tuple], result: WpfWorkbook, problems: list[Problem]) -> None:
    cells = _Cells(ANNEX1, problems)
    header = _header_index(rows, "Lp.")
    if header is None:
        cells.problem(1, "A", gettext_noop("No header row starting with 'Lp.' was found."))
        return
    years: dict[int, int] = {}
    for column, value in enumerate(rows[header][2:], start=2):
        if value is None or value == "":
            continue
        year = cells.year(value, header + 1, _letter(column))
        if year is not None:
            years[column] = year
    types_row = rows[header + 1] if header + 1 < len(rows) else ()
    for column, year in years.items():
        raw = types_row[column] if column < len(types_row) else None
        text = str(raw or "").strip()
        value_type = _HEADING_TYPES.get(text.casefold())
        if value_type is None:
            cells.problem(
                header + 2,
                _letter(column),
                gettext_noop(
                    "Year %(year)s is headed %(text)r; expected Wykonanie, Plan 3 kw., Plan or "
                    "Prognoza."
                ),
                year=year,
                text=text,
            )
        else:
            result.value_types[year] = value_type.value
    for index in range(header + 2, len(rows)):
        row = rows[index]
        line = index + 1
        if not row or all(v is None or v == "" for v in row):
            continue
        code = str(row[0] if row[0] is not None else "").strip()
        if isinstance(row[0], float | int):
            code = str(row[0])  # "1" or "2.1" typed as a number
        if not ROW_CODE.fullmatch(code):
            cells.problem(line, "A", gettext_noop("%(code)r is not a WPF row number."), code=code)
            continue
        if code in result.rows:
            cells.problem(line, "A", gettext_noop("Row %(code)s appears twice."), code=code)
            continue
        result.labels[code] = str(row[1] or "").strip() if len(row) > 1 else ""
        values = {}
        for column, year in years.items():
            value = row[column] if column < len(row) else None
            amount = cells.amount(value, line, f"{_letter(column)} ({year})")
            if amount is not None:
                values[year] = amount
        if values:
            result.rows[code] = values


def _read_annex2(rows: list[tuple], result: WpfWorkbook, problems: list[Problem], strategy):
    cells = _Cells(ANNEX2, problems)
    header = _header_index(rows, "Lp.")
    if header is None:
        return
    names = [str(v or "").strip() for v in rows[header]]
    limit_columns = {}
    for column, name in enumerate(names):
        match = re.fullmatch(r"Limit (\d{4})", name)
        if match:
            limit_columns[column] = int(match.group(1))
    position = {name: column for column, name in enumerate(names)}
    missing = [n for n in [*ANNEX2_FIXED, OBLIGATIONS] if n not in position]
    if missing:
        cells.problem(
            header + 1,
            "",
            gettext_noop("Columns missing: %(columns)s."),
            columns=", ".join(missing),
        )
        return
    units = {u.name_pl.casefold(): u for u in Unit.objects.all()}
    units |= {u.code.casefold(): u for u in Unit.objects.all()}
    if strategy is None:
        from stradom.finance.queries import default_strategy

        strategy = default_strategy()
    goals = {g.code: g for g in strategy.goals.all()} if strategy is not None else {}
    from stradom.instruments.models import Instrument

    for index in range(header + 1, len(rows)):
        row = rows[index]
        line = index + 1

        def cell(name, row=row):
            column = position.get(name)
            return row[column] if column is not None and column < len(row) else None

        number = str(cell("Lp.") or "").strip()
        match = _ITEM.fullmatch(number)
        if not match:
            if number not in {g[0] for g in GROUPS} and any(v not in (None, "") for v in row):
                cells.problem(
                    line, "A", gettext_noop("%(code)r is not a line of Annex 2."), code=number
                )
            continue
        group = {v: k for k, v in _GROUP_DIGIT.items()}[match.group(1)]
        kind = {v: k for k, v in _KIND_DIGIT.items()}[match.group(2)]
        text = str(cell("Nazwa i cel") or "").strip()
        name, _, purpose = text.partition("\nCel: ")
        unit_name = str(cell(ANNEX2_FIXED[2]) or "").strip()
        unit = units.get(unit_name.casefold())
        if unit is None:
            cells.problem(line, "C", gettext_noop("Unit %(unit)r is not known."), unit=unit_name)
        start = cells.year(cell(ANNEX2_FIXED[3]), line, "D")
        end = cells.year(cell(ANNEX2_FIXED[4]), line, "E")
        total = cells.amount(cell(ANNEX2_FIXED[5]), line, "F")
        obligations = cells.amount(cell(OBLIGATIONS), line, OBLIGATIONS)
        limits = {}
        for column, year in limit_columns.items():
            value = row[column] if column < len(row) else None
            amount = cells.amount(value, line, f"Limit {year}")
            if amount is not None:
                limits[year] = amount
        linked_goals = []
        for code in _codes(cell(GOALS)):
            if code not in goals:
                cells.problem(line, GOALS, gettext_noop("Goal %(code)s is not known."), code=code)
            else:
                linked_goals.append(goals[code])
        instrument_codes = _codes(cell(INSTRUMENTS))
        found = {i.code: i for i in Instrument.objects.filter(code__in=instrument_codes)}
        for code in instrument_codes:
            if code not in found:
                cells.problem(
                    line, INSTRUMENTS, gettext_noop("Instrument %(code)s is not known."), code=code
                )
        if None in (unit, start, end, total, obligations):
            if total is None or obligations is None:
                cells.problem(
                    line, "F", gettext_noop("Total outlays and the obligations limit are required.")
                )
            continue
        result.undertakings.append(
            UndertakingInput(
                number=number,
                name=name.strip(),
                purpose=purpose.strip(),
                unit=unit,
                group=group,
                kind=kind,
                start_year=start,
                end_year=end,
                total_outlays=total,
                obligations_limit=obligations,
                limits=limits,
                goals=tuple(linked_goals),
                instruments=tuple(found[c] for c in instrument_codes if c in found),
            )
        )


def _codes(value) -> list[str]:
    return [c.strip() for c in re.split(r"[,;]", str(value or "")) if c.strip()]


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column + 1)


def import_wpf_workbook(
    path: str | os.PathLike[str],
    *,
    code: str,
    budget_year: int | None = None,
    amend: WpfVersion | None = None,
    strategy=None,
    resolution: str = "",
    illustrative: bool = False,
    actor=None,
    reason: str,
) -> WpfVersion:
    """A new WPF (or an amendment of ``amend``) from a workbook; all or nothing."""
    book = read_wpf_workbook(path, strategy=strategy)
    if amend is not None:
        old = wpf_table(amend)
        changes: dict[tuple[str, int], Decimal | None] = {}
        for row_code in set(old) | set(book.rows):
            for year in set(old.get(row_code, {})) | set(book.rows.get(row_code, {})):
                new_value = book.rows.get(row_code, {}).get(year)
                if old.get(row_code, {}).get(year) != new_value:
                    changes[(row_code, year)] = new_value
        return amend_wpf_version(
            amend,
            changes=changes,
            undertakings=book.undertakings,
            resolution=resolution,
            actor=actor,
            reason=reason,
            channel="import",
        )
    if budget_year is None:
        planned = [y for y, t in book.value_types.items() if t == ValueType.PLAN.value]
        if len(planned) != 1:
            raise FinanceError(
                gettext_noop("Say which is the budget year: the workbook has no single Plan year."),
                field="budget_year",
            )
        budget_year = planned[0]
    return create_wpf_version(
        code=code,
        budget_year=budget_year,
        rows=book.rows,
        value_types=book.value_types,
        labels=book.labels,
        undertakings=book.undertakings,
        resolution=resolution,
        illustrative=illustrative or book.illustrative,
        actor=actor,
        reason=reason,
        channel="import",
    )
