"""Reading survey microdata files: CSV, XLSX and SPSS ``.sav``, one row per respondent.

Plain Python, no Django. CSV and XLSX are opened by the importer's
:func:`stradom.ingest.readers.table.open_table`, as registers and budget tasks are:
the same size and zip-bomb limits, the same detection of encoding (UTF-8,
Windows-1250…), separator and header line, and the same reading of numbers
written the Polish or the English way. A ``.sav``
file (told by its ``$FL2``/``$FL3`` signature, not its name) is read with
pyreadstat, keeping SPSS *user-missing* codes (such as 9 = "don't know") as
the codes they are, and keeping the file's value labels so a district coded
``1…18`` can be matched by its label.

What this module returns is a :class:`Table`: the header, the rows as
``(line, cells)`` with cells as the file holds them (text, number or None),
and the value labels. Checking the rows against a questionnaire is the
service's job (:mod:`stradom.surveys.services`).

A column mapping (``--mapping``, YAML) says which column is which when the
header names are not the usual ones::

    columns:              # role -> header in the file
      row_id: nr_ankiety
      weight: waga_kalibr
      district: dzielnica
      sex: m1
      age_group: m2_kat
    questions:            # question code -> header in the file
      TRANSPORT_SAT: p12
    sex_codes: {"1": F, "2": M}   # file value (or its label) -> F / M
    sheet: Dane           # XLSX: the sheet (default: the first)
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from stradom.core.messages import Message, gettext_noop
from stradom.ingest.readers.cells import slug
from stradom.ingest.readers.detect import check_size
from stradom.ingest.readers.mapping import _StrictLoader  # refuses duplicate keys
from stradom.ingest.readers.numbers import NumberError, NumberReader, decimal_from_float
from stradom.ingest.readers.records import Limits, ReadError
from stradom.ingest.readers.table import open_table as open_plain_table

SAV_MAGIC = (b"$FL2", b"$FL3")
ROLES = ("row_id", "weight", "district", "sex", "age_group")
# Header names recognised without a mapping (compared by slug: no case, no diacritics).
ROLE_ALIASES: dict[str, frozenset[str]] = {
    "row_id": frozenset({"id", "row_id", "respondent", "respondent_id", "nr", "id_resp", "lp"}),
    "weight": frozenset({"weight", "waga", "wt", "wagi"}),
    "district": frozenset({"district", "dzielnica", "nr_dzielnicy"}),
    "sex": frozenset({"sex", "plec", "gender"}),
    "age_group": frozenset({"age_group", "age", "wiek", "grupa_wieku", "kat_wieku"}),
}
SEX_CODES = {
    "f": "F",
    "k": "F",
    "kobieta": "F",
    "kobiety": "F",
    "female": "F",
    "woman": "F",
    "m": "M",
    "mezczyzna": "M",
    "mezczyzni": "M",
    "male": "M",
    "man": "M",
}
MAX_MAPPING_BYTES = 256 * 1024


@dataclass(frozen=True)
class ColumnMapping:
    columns: dict[str, str] = field(default_factory=dict)  # role -> header
    questions: dict[str, str] = field(default_factory=dict)  # question code -> header
    sex_codes: dict[str, str] = field(default_factory=dict)
    sheet: str | None = None


@dataclass
class Table:
    """A microdata file opened for reading; :meth:`rows` streams ``(line, cells)``."""

    path: str
    container: str  # "csv" | "xlsx" | "sav"
    header: list[str]
    labels: dict[str, dict[Any, str]]  # header -> {code: label} (SPSS value labels)
    _rows: Any
    _close: Any = None

    def rows(self) -> Iterator[tuple[int, list]]:
        return self._rows()

    def close(self) -> None:
        if self._close is not None:
            self._close()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def load_column_mapping(path: str | os.PathLike[str]) -> ColumnMapping:
    """Read a microdata column mapping (see the module docstring); refuse unknown keys."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_MAPPING_BYTES:
            raise ReadError(gettext_noop("the mapping file is too big"), file=p)
        data = yaml.load(p.read_text(encoding="utf-8-sig"), Loader=_StrictLoader)  # noqa: S506
    except OSError as exc:
        raise ReadError(
            gettext_noop("cannot open the mapping file: %(reason)s"), file=p, reason=exc.strerror
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ReadError(
            gettext_noop("the mapping file is not valid YAML: %(reason)s"), file=p, reason=str(exc)
        ) from None
    return column_mapping_from_dict(data or {}, origin=p)


def column_mapping_from_dict(data: Any, *, origin: str | os.PathLike[str] = "") -> ColumnMapping:
    def bad(template: str, **params: Any) -> ReadError:
        return ReadError(template, file=origin, **params)

    if not isinstance(data, dict):
        raise bad(gettext_noop("the mapping must be a set of keys"))
    unknown = set(data) - {"columns", "questions", "sex_codes", "sheet"}
    if unknown:
        raise bad(
            gettext_noop("unknown keys in the mapping: %(keys)s"), keys=", ".join(sorted(unknown))
        )
    columns = data.get("columns") or {}
    questions = data.get("questions") or {}
    sex_codes = data.get("sex_codes") or {}
    for key, value in (("columns", columns), ("questions", questions), ("sex_codes", sex_codes)):
        if not isinstance(value, dict) or not all(
            isinstance(k, str | int) and isinstance(v, str | int) for k, v in value.items()
        ):
            raise bad(gettext_noop("%(key)s must map names to names"), key=key)
    wrong_roles = set(columns) - set(ROLES)
    if wrong_roles:
        raise bad(
            gettext_noop("unknown column roles: %(roles)s; the roles are %(known)s"),
            roles=", ".join(sorted(wrong_roles)),
            known=", ".join(ROLES),
        )
    wrong_sex = {str(v) for v in sex_codes.values()} - {"F", "M"}
    if wrong_sex:
        raise bad(gettext_noop("sex_codes must map to F or M, not %(codes)s"), codes=wrong_sex)
    sheet = data.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        raise bad(gettext_noop("sheet must be a sheet name"))
    return ColumnMapping(
        columns={str(k): str(v) for k, v in columns.items()},
        questions={str(k): str(v) for k, v in questions.items()},
        sex_codes={str(k): str(v) for k, v in sex_codes.items()},
        sheet=sheet,
    )


def open_table(
    path: str | os.PathLike[str],
    *,
    mapping: ColumnMapping | None = None,
    limits: Limits | None = None,
) -> Table:
    """Open a CSV, XLSX or ``.sav`` file; raise :class:`ReadError` if it cannot be read."""
    limits = limits or Limits()
    check_size(path, limits.max_bytes)
    with open(path, "rb") as f:
        head = f.read(4)
    if head in SAV_MAGIC:
        return _open_sav(path, limits)
    # CSV and XLSX: read as every other table the importer reads; closed with the Table.
    opened = ExitStack()
    table = opened.enter_context(
        open_plain_table(path, limits, sheet=mapping.sheet if mapping else None)
    )
    return Table(os.fspath(path), table.container, table.header, {}, table.read_rows, opened.close)


def _open_sav(path: str | os.PathLike[str], limits: Limits) -> Table:
    import pyreadstat

    try:
        _, meta = pyreadstat.read_sav(os.fspath(path), metadataonly=True)
    except Exception as exc:  # pyreadstat raises its own error types for a broken file
        raise ReadError(
            gettext_noop("the SPSS file cannot be read: %(reason)s"), file=path, reason=str(exc)
        ) from None
    if meta.number_rows is not None and meta.number_rows > limits.max_rows:
        raise ReadError(
            gettext_noop("the file has more than %(limit)s rows, the limit"),
            file=path,
            limit=limits.max_rows,
        )
    if len(meta.column_names) > limits.max_columns:
        raise ReadError(
            gettext_noop("the file has %(count)s columns, more than the limit of %(limit)s"),
            file=path,
            count=len(meta.column_names),
            limit=limits.max_columns,
        )
    header = list(meta.column_names)
    labels = {
        name: {_label_key(k): str(v) for k, v in value_labels.items()}
        for name, value_labels in (meta.variable_value_labels or {}).items()
    }

    def rows() -> Iterator[tuple[int, list]]:
        # user_missing=True: SPSS "user-missing" codes (9 = don't know) stay codes.
        data, _ = pyreadstat.read_sav(os.fspath(path), output_format="dict", user_missing=True)
        columns = [data[name] for name in header]
        count = len(columns[0]) if columns else 0
        for i in range(count):
            yield i + 1, [_plain(col[i]) for col in columns]

    return Table(os.fspath(path), "sav", header, labels, rows)


def _label_key(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _plain(value: Any) -> Any:
    """A numpy scalar as a Python value; NaN (SPSS system-missing) as None."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def assign_columns(
    header: list[str], question_codes: list[str], mapping: ColumnMapping | None
) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """(role -> column index, question code -> column index, ignored headers).

    Raises :class:`ReadError` when a mapped header is not in the file or a header repeats.
    """
    mapping = mapping or ColumnMapping()
    by_slug: dict[str, int] = {}
    for i, name in enumerate(header):
        s = slug(name) if name else ""
        if s and s in by_slug:
            raise ReadError(gettext_noop("the column %(name)r appears twice"), name=name)
        if s:
            by_slug[s] = i

    def find(name: str) -> int:
        index = by_slug.get(slug(name))
        if index is None:
            raise ReadError(
                gettext_noop("the mapping names a column %(name)r that the file does not have"),
                name=name,
            )
        return index

    roles: dict[str, int] = {}
    for role in ROLES:
        if role in mapping.columns:
            roles[role] = find(mapping.columns[role])
            continue
        candidates = sorted(by_slug[a] for a in ROLE_ALIASES[role] if a in by_slug)
        if len(candidates) > 1:
            raise ReadError(
                gettext_noop(
                    "the columns %(names)s could each be the %(role)s; "
                    "name the right one in the mapping"
                ),
                names=", ".join(repr(header[i]) for i in candidates),
                role=role,
            )
        if candidates:
            roles[role] = candidates[0]
    questions: dict[str, int] = {}
    for code in question_codes:
        if code in mapping.questions:
            questions[code] = find(mapping.questions[code])
        elif slug(code) in by_slug:
            questions[code] = by_slug[slug(code)]
    used = set(roles.values()) | set(questions.values())
    ignored = [name for i, name in enumerate(header) if i not in used and name]
    return roles, questions, ignored


class CellError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def _err(template: str, **params: Any) -> CellError:
    return CellError(Message(template, params))


def read_number(cell: Any, numbers: NumberReader, line: int) -> Decimal | None:
    """A cell as a ``Decimal`` (never float), or None when it is empty."""
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise _err(gettext_noop("%(value)r is not a number"), value=str(cell))
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise _err(gettext_noop("%(value)r is not a number"), value=str(cell))
        return decimal_from_float(cell)
    text = str(cell).strip()
    if not text:
        return None
    try:
        return numbers.parse(text, line)
    except NumberError as exc:
        raise CellError(exc.message) from None


def read_code(cell: Any, numbers: NumberReader, line: int) -> int | None:
    """An answer code: a whole number, or None when the cell is empty."""
    number = read_number(cell, numbers, line)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise _err(gettext_noop("%(value)s is not a whole-number answer code"), value=str(number))
    return int(number)


def label_or_value(cell: Any, labels: dict[Any, str] | None) -> str:
    """The text a categorical cell stands for: its SPSS value label if it has one."""
    if cell is None:
        return ""
    key = _label_key(cell)
    if labels and key in labels:
        return labels[key].strip()
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    return str(key).strip()


def normalise_sex(text: str, codes: dict[str, str]) -> str | None:
    """``F`` or ``M`` (``""`` for an empty cell), or None when the value is not known."""
    if not text:
        return ""
    if text in codes:
        return codes[text]
    return SEX_CODES.get(slug(text))
