"""Open SDG's files as plain data: tidy CSV rows and YAML metadata. No Django."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from stradom.core.messages import Message, gettext_noop

YEAR = "Year"
VALUE = "Value"
GEOCODE = "GeoCode"
UNITS = ("Units", "Unit measure")
SERIES = "Series"
STATUS = ("Observation status", "OBS_STATUS")
COMMENT = ("COMMENT_OBS", "Comment")
MULTIPLIER = "Unit multiplier"
# With GeoCode, a column of that name holds the unit's label, not a disaggregation.
TERRITORY = "Territory"
# Metadata field of Stradom's own: the indicator's publication lag in days.
LAG_FIELD = "publication_lag_days"

# Observation status as Open SDG sites write it (SDMX's labels and codes) ↔ Stradom.
STATUS_IN = {
    "": "final",
    "normal value": "final",
    "a": "final",
    "provisional value": "provisional",
    "provisional": "provisional",
    "p": "provisional",
    "estimated value": "estimated",
    "estimated": "estimated",
    "e": "estimated",
}
STATUS_OUT = {
    "final": "Normal value",
    "provisional": "Provisional value",
    "estimated": "Estimated value",
}

_ID = re.compile(r"^indicator_(.+)\.csv$")
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(\n|\Z)", re.S)
_TRANSLATION_KEY = re.compile(r"^[a-z_]+\.[A-Za-z0-9_.-]+$")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: Message

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}, {self.field}: {self.message}"


@dataclass
class TidyRow:
    line: int
    year: str
    value: Decimal | None
    categories: dict[str, str]  # disaggregation column → value (blank ones left out)
    units: str = ""
    series: str = ""
    geocode: str = ""
    status: str = "final"
    comment: str = ""


@dataclass
class TidyIndicator:
    id: str
    file: str
    categories: list[str] = field(default_factory=list)  # disaggregation columns, in order
    rows: list[TidyRow] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    meta_files: dict[str, str] = field(default_factory=dict)  # metadata key → file it came from
    blank_values: int = 0

    @property
    def number(self) -> str:
        return str(self.meta.get("indicator_number") or self.id.replace("-", "."))

    @property
    def name(self) -> str:
        for key in ("indicator_name", "graph_title", "indicator_number"):
            value = self.meta.get(key)
            if value and not _TRANSLATION_KEY.match(str(value)):
                return str(value).strip()
        return self.number


def _first(header: list[str], names: tuple[str, ...]) -> str | None:
    return next((n for n in names if n in header), None)


def read_data(text: str, *, indicator_id: str, file: str) -> tuple[TidyIndicator, list[Problem]]:
    """One ``indicator_<id>.csv``; problems name the file, line and column."""
    problems: list[Problem] = []
    indicator = TidyIndicator(id=indicator_id, file=file)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return indicator, [
            Problem(file, None, "header", Message(gettext_noop("the file is empty")))
        ]
    except csv.Error as exc:
        return indicator, [Problem(file, 1, "header", Message("%(error)s", {"error": str(exc)}))]
    for required in (YEAR, VALUE):
        if required not in header:
            problems.append(
                Problem(
                    file,
                    1,
                    required,
                    Message(gettext_noop("the column %(name)s is missing"), {"name": required}),
                )
            )
    if len(set(header)) != len(header):
        problems.append(
            Problem(file, 1, "header", Message(gettext_noop("a column name appears twice")))
        )
    if problems:
        return indicator, problems
    units_col, status_col, comment_col = (
        _first(header, UNITS),
        _first(header, STATUS),
        _first(header, COMMENT),
    )
    special = {YEAR, VALUE, GEOCODE, SERIES, MULTIPLIER, units_col, status_col, comment_col}
    if GEOCODE in header:
        special.add(TERRITORY)
    indicator.categories = [h for h in header if h not in special and h]
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(
                        file,
                        line,
                        "row",
                        Message(
                            gettext_noop("%(found)d cells where the header has %(expected)d"),
                            {"found": len(cells), "expected": len(header)},
                        ),
                    )
                )
                continue
            record = {h: c.strip() for h, c in zip(header, cells, strict=True)}
            row = _row(
                record,
                line,
                file,
                indicator.categories,
                units_col,
                status_col,
                comment_col,
                problems,
            )
            if row is None:
                continue
            if row.value is None:
                indicator.blank_values += 1
                continue
            indicator.rows.append(row)
    except csv.Error as exc:
        problems.append(
            Problem(file, reader.line_num, "row", Message("%(error)s", {"error": str(exc)}))
        )
    return indicator, problems


def _row(record, line, file, categories, units_col, status_col, comment_col, problems):
    before = len(problems)
    year = record[YEAR]
    if not year:
        problems.append(Problem(file, line, YEAR, Message(gettext_noop("the year is empty"))))
    text = record[VALUE]
    value = None
    if text:
        try:
            value = Decimal(text)
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems.append(
                Problem(
                    file,
                    line,
                    VALUE,
                    Message(gettext_noop("%(value)r is not a number"), {"value": text}),
                )
            )
    status_text = record.get(status_col, "") if status_col else ""
    status = STATUS_IN.get(status_text.lower())
    if status is None:
        problems.append(
            Problem(
                file,
                line,
                status_col or "status",
                Message(
                    gettext_noop("unknown observation status %(value)r"), {"value": status_text}
                ),
            )
        )
    multiplier = record.get(MULTIPLIER, "")
    if multiplier not in ("", "Units", "units", "0"):
        problems.append(
            Problem(
                file,
                line,
                MULTIPLIER,
                Message(
                    gettext_noop("unit multiplier %(value)r is not supported; give plain units"),
                    {"value": multiplier},
                ),
            )
        )
    if len(problems) > before:
        return None
    return TidyRow(
        line=line,
        year=year,
        value=value,
        categories={c: record[c] for c in categories if record[c]},
        units=record.get(units_col, "") if units_col else "",
        series=record.get(SERIES, ""),
        geocode=record.get(GEOCODE, ""),
        status=status,
        comment=record.get(comment_col, "") if comment_col else "",
    )


def read_yaml_meta(text: str, *, file: str) -> tuple[dict, list[Problem]]:
    """The YAML of an ``indicator-config/*.yml`` or the front matter of a ``meta/*.md``."""
    if file.endswith(".md"):
        match = _FRONT_MATTER.match(text.lstrip("\ufeff"))
        if match is None:
            return {}, []
        text = match.group(1)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        return {}, [Problem(file, None, "yaml", Message("%(error)s", {"error": str(exc)}))]
    if not isinstance(data, dict):
        return {}, [Problem(file, None, "yaml", Message(gettext_noop("not a mapping of fields")))]
    return data, []


def read_repository(root: Path) -> tuple[list[TidyIndicator], list[Problem]]:
    """Every ``data/indicator_*.csv`` with its metadata (``indicator-config`` first,
    ``meta`` over it; a value that is only a translation key never hides a real one)."""
    root = Path(root)
    problems: list[Problem] = []
    indicators: list[TidyIndicator] = []
    files = sorted((root / "data").glob("indicator_*.csv"))
    if not files:
        problems.append(
            Problem(
                "data", None, "data", Message(gettext_noop("no data/indicator_*.csv files found"))
            )
        )
    for path in files:
        indicator_id = _ID.match(path.name).group(1)
        rel = f"data/{path.name}"
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(
                Problem(rel, None, "file", Message(gettext_noop("the file is too large")))
            )
            continue
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            problems.append(
                Problem(rel, None, "file", Message(gettext_noop("the file is not UTF-8")))
            )
            continue
        indicator, found = read_data(text, indicator_id=indicator_id, file=rel)
        problems += found
        meta: dict = {}
        for folder, suffix in (("indicator-config", ".yml"), ("meta", ".md"), ("meta", ".yml")):
            meta_path = root / folder / f"{indicator_id}{suffix}"
            if meta_path.is_file():
                meta_file = f"{folder}/{meta_path.name}"
                data, found = read_yaml_meta(meta_path.read_text("utf-8"), file=meta_file)
                problems += found
                for key, value in data.items():
                    if value in (None, "", []):
                        continue
                    if isinstance(value, str) and _TRANSLATION_KEY.match(value) and key in meta:
                        continue
                    meta[key] = value
                    indicator.meta_files[key] = meta_file
        indicator.meta = meta
        indicators.append(indicator)
    return indicators, problems


def write_data(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def write_front_matter(meta: dict) -> str:
    body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{body}---\n"
