"""Writes of the survey app: importing a wave's microdata, computing its estimates.

* :func:`import_microdata` reads a CSV, XLSX or ``.sav`` file (see
  :mod:`stradom.surveys.microdata`), checks every row against the questionnaire
  (answers outside the scale, unknown districts, bad weights, repeated ids —
  each reported with its line and column) and stores the respondents all or
  nothing. Only administrators and analysts may import.
* :func:`compute_wave` turns a wave's microdata into observations of every
  subjective indicator defined on the survey's questions: for the city, each
  district, and each value of the indicator's ``sex`` and ``age`` dimensions,
  weighted, with a 95 % interval and the unweighted base. Cells with fewer
  respondents than the minimum base are written as *not available*, with no
  number and no note: the provenance says ``suppressed`` and the minimum
  (``min_base``), and every page, report, export and the API say it in words in
  the reader's language (:func:`stradom.surveys.queries.note_shown`). Recomputing
  a wave clears the English note earlier versions stored. The writing goes through
  :func:`stradom.catalog.services.write_observations` (channel ``survey``),
  with the actor's own right to write the indicator's values.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from stradom.accounts.permissions import Action, can
from stradom.catalog.models import DimensionValue, ObservationStatus
from stradom.catalog.services import ObservationInput, WriteReport, write_observations
from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.ingest.readers.cells import slug
from stradom.ingest.readers.numbers import NumberReader
from stradom.ingest.readers.records import Limits, ReadError
from stradom.surveys import estimators
from stradom.surveys.microdata import (
    CellError,
    ColumnMapping,
    assign_columns,
    label_or_value,
    normalise_sex,
    open_table,
    read_code,
    read_number,
)
from stradom.surveys.models import Question, Respondent, SubjectiveIndicator, Wave
from stradom.territory.models import Territory, TerritoryKind

MAX_PROBLEMS = 1000
CONFIDENCE = 0.95
DIMENSIONS = ("sex", "age")  # the indicator dimensions a wave is broken down by
_PLACES = Decimal("0.0001")
# A wave is thousands of respondents, held in memory while checked; this is plenty.
SURVEY_LIMITS = Limits(max_rows=200_000)


def default_min_base() -> int:
    """The minimum unweighted base of a published estimate (``STRADOM_SURVEY_MIN_BASE``)."""
    return int(getattr(settings, "STRADOM_SURVEY_MIN_BASE", estimators.DEFAULT_MIN_BASE))


class MicrodataRefused(StradomError):
    """The actor may not read or write survey microdata."""


@dataclass(frozen=True)
class ImportProblem:
    line: int | None
    column: str
    message: Message

    def __str__(self) -> str:
        where = [f"line {self.line}"] if self.line else []
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else str(self.message)


@dataclass
class ImportReport:
    wave: str
    file: str
    container: str = ""
    respondents: int = 0
    replaced: int = 0
    weighted: bool = True
    questions: list[str] = field(default_factory=list)
    questions_not_in_file: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, line: int | None, column: str, template: str, **params: Any) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(line, column, Message(template, params)))

    def as_dict(self) -> dict:
        return {
            "wave": self.wave,
            "file": self.file,
            "container": self.container,
            "respondents": self.respondents,
            "replaced": self.replaced,
            "weighted": self.weighted,
            "questions": self.questions,
            "questions_not_in_file": self.questions_not_in_file,
            "ignored_columns": self.ignored_columns,
            "problems": [str(p) for p in self.problems],
        }


class _Districts:
    """Matches how a file names a district: its code, name, Roman numeral or number."""

    def __init__(self, city: Territory) -> None:
        self.city = city
        self.by_key: dict[str, Territory] = {}
        for t in Territory.objects.filter(parent=city, kind=TerritoryKind.SUBMUNICIPAL):
            self.by_key[t.code.casefold()] = t
            self.by_key[slug(t.name)] = t
            if t.number:
                self.by_key[t.number.strip().casefold()] = t
            suffix = t.code.rsplit("-", 1)[-1]
            if suffix.isdigit():
                self.by_key[str(int(suffix))] = t

    def find(self, text: str) -> Territory | None:
        key = text.strip()
        return (
            self.by_key.get(key.casefold())
            or self.by_key.get(slug(key))
            or (self.by_key.get(str(int(key))) if key.isdigit() else None)
        )


def import_microdata(
    wave: Wave,
    path: str | os.PathLike[str],
    *,
    actor,
    mapping: ColumnMapping | None = None,
    replace: bool = False,
    limits: Limits | None = None,
) -> ImportReport:
    """Read, check and store a wave's microdata, all or nothing; see the module docstring."""
    if not can(actor, Action.READ_MICRODATA, wave):
        raise MicrodataRefused(
            gettext_noop("only administrators and analysts may import microdata")
        )
    report = ImportReport(wave=wave.code, file=os.path.basename(os.fspath(path)))
    questions = list(wave.survey.questions.all())
    try:
        with open_table(path, mapping=mapping, limits=limits or SURVEY_LIMITS) as table:
            report.container = table.container
            roles, columns, ignored = assign_columns(
                table.header, [q.code for q in questions], mapping
            )
            report.questions = [q.code for q in questions if q.code in columns]
            report.questions_not_in_file = [q.code for q in questions if q.code not in columns]
            report.ignored_columns = ignored
            report.weighted = "weight" in roles
            if not columns:
                report.problem(
                    None,
                    "",
                    gettext_noop("the file has none of the questionnaire's questions (%(codes)s)"),
                    codes=", ".join(q.code for q in questions) or "—",
                )
                return report
            respondents = _check_rows(wave, table, roles, columns, questions, mapping, report)
    except ReadError as exc:
        report.problem(exc.line, "", exc.message.template, **exc.message.params)
        return report
    if report.problems:
        return report
    with transaction.atomic():
        # One import of a wave at a time: a second waits, then finds the first's microdata.
        Wave.objects.select_for_update().filter(pk=wave.pk).first()
        existing = Respondent.objects.filter(wave=wave)
        count = existing.count()
        if count and not replace:
            report.problem(
                None,
                "",
                gettext_noop(
                    "wave %(wave)s already holds %(count)s respondents; "
                    "say that you replace them (--replace)"
                ),
                wave=wave.code,
                count=count,
            )
            return report
        existing.delete()
        Respondent.objects.bulk_create(respondents, batch_size=2000)
        wave.sample_size = len(respondents)
        wave.imported_at = timezone.now()
        wave.imported_by = actor if actor is not None and actor.is_authenticated else None
        wave.source_file = report.file
        wave.save(update_fields=["sample_size", "imported_at", "imported_by", "source_file"])
    report.respondents = len(respondents)
    report.replaced = count
    return report


def _check_rows(
    wave: Wave,
    table,
    roles: dict[str, int],
    columns: dict[str, int],
    questions: list[Question],
    mapping: ColumnMapping | None,
    report: ImportReport,
) -> list[Respondent]:
    header = table.header
    labels = table.labels
    sex_codes = mapping.sex_codes if mapping else {}
    districts = _Districts(wave.survey.territory)
    numbers = NumberReader()
    by_code = {q.code: q for q in questions}
    seen: dict[str, int] = {}
    out: list[Respondent] = []

    def cell(cells: list, index: int | None) -> Any:
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        return None if isinstance(value, str) and not value.strip() else value

    for line, cells in table.rows():
        before = len(report.problems)
        # The respondent's id: the file's, or else the line it is on.
        raw_id = cell(cells, roles.get("row_id"))
        row_id = label_or_value(raw_id, None) if raw_id is not None else str(line)
        if row_id in seen:
            report.problem(
                line,
                header[roles["row_id"]] if "row_id" in roles else "",
                gettext_noop("respondent %(id)s appears twice (first on line %(first)s)"),
                id=row_id,
                first=seen[row_id],
            )
        seen.setdefault(row_id, line)
        weight = Decimal(1)
        if "weight" in roles:
            column = header[roles["weight"]]
            try:
                number = read_number(cell(cells, roles["weight"]), numbers, line)
            except CellError as exc:
                report.problem(line, column, exc.message.template, **exc.message.params)
                number = Decimal(1)
            if number is None:
                report.problem(line, column, gettext_noop("the weight is missing"))
            elif number <= 0:
                report.problem(
                    line, column, gettext_noop("the weight %(value)s is not positive"), value=number
                )
            elif number >= Decimal(10) ** 8 or number != number.quantize(Decimal("1e-8")):
                report.problem(
                    line,
                    column,
                    gettext_noop("the weight %(value)s has more than 8 decimal places or digits"),
                    value=number,
                )
            else:
                weight = number
        territory = None
        if "district" in roles:
            index = roles["district"]
            text = label_or_value(cell(cells, index), labels.get(header[index]))
            if text:
                territory = districts.find(text)
                if territory is None:
                    report.problem(
                        line,
                        header[index],
                        gettext_noop("%(value)r is not a district of %(city)s"),
                        value=text,
                        city=districts.city.name,
                    )
        sex = ""
        if "sex" in roles:
            index = roles["sex"]
            text = label_or_value(cell(cells, index), labels.get(header[index]))
            found = normalise_sex(text, sex_codes)
            if found is None:
                report.problem(
                    line,
                    header[index],
                    gettext_noop("%(value)r is not a known sex; map it to F or M in sex_codes"),
                    value=text,
                )
            else:
                sex = found
        age = ""
        if "age_group" in roles:
            index = roles["age_group"]
            age = label_or_value(cell(cells, index), labels.get(header[index]))
            age = age.replace("–", "-").replace(" ", "")
            if len(age) > 32:
                report.problem(line, header[index], gettext_noop("the age group is too long"))
        answers: dict[str, int | None] = {}
        for code, index in columns.items():
            q = by_code[code]
            try:
                value = read_code(cell(cells, index), numbers, line)
            except CellError as exc:
                report.problem(line, header[index], exc.message.template, **exc.message.params)
                continue
            if value is not None and not (
                q.scale_min <= value <= q.scale_max or value in q.missing_codes
            ):
                report.problem(
                    line,
                    header[index],
                    gettext_noop(
                        "%(value)s is outside the scale %(min)s–%(max)s of question %(code)s "
                        "(don't-know codes: %(missing)s)"
                    ),
                    value=value,
                    min=q.scale_min,
                    max=q.scale_max,
                    code=q.code,
                    missing=", ".join(str(c) for c in q.missing_codes) or "—",
                )
                continue
            answers[code] = value
        if len(report.problems) == before:
            out.append(
                Respondent(
                    wave=wave,
                    row_id=row_id[:64],
                    weight=weight,
                    territory=territory,
                    sex=sex,
                    age_group=age,
                    answers=answers,
                )
            )
    if not out and not report.problems:
        report.problem(None, "", gettext_noop("the file has no respondents"))
    return out


# -- estimates --------------------------------------------------------------------------


@dataclass
class ComputeReport:
    wave: str
    indicators: list[str] = field(default_factory=list)
    estimates: int = 0
    suppressed: int = 0
    dimension_values_added: list[str] = field(default_factory=list)
    write: WriteReport | None = None
    problems: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and (self.write is None or self.write.ok)

    def as_dict(self) -> dict:
        return {
            "wave": self.wave,
            "indicators": self.indicators,
            "estimates": self.estimates,
            "suppressed": self.suppressed,
            "dimension_values_added": self.dimension_values_added,
            "write": self.write.as_dict() if self.write else None,
            "problems": [str(p) for p in self.problems],
        }


@dataclass
class _Microdata:
    weights: np.ndarray
    territory: np.ndarray  # territory ids, 0 for none
    sex: np.ndarray
    age: np.ndarray
    answers: list[dict]

    def answer_array(self, code: str) -> np.ndarray:
        return np.array(
            [math.nan if (v := a.get(code)) is None else float(v) for a in self.answers],
            dtype=float,
        )


def _load(wave: Wave) -> _Microdata:
    rows = list(
        Respondent.objects.filter(wave=wave)
        .order_by("id")
        .values_list("weight", "territory_id", "sex", "age_group", "answers")
    )
    return _Microdata(
        weights=np.array([float(r[0]) for r in rows], dtype=float),
        territory=np.array([r[1] or 0 for r in rows], dtype=np.int64),
        sex=np.array([r[2] for r in rows], dtype=object),
        age=np.array([r[3] for r in rows], dtype=object),
        answers=[r[4] for r in rows],
    )


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x))).quantize(_PLACES)


def _num(x: float | None) -> str | None:
    return None if x is None or not math.isfinite(x) else f"{x:.6g}"


def _cells(
    micro: _Microdata, city: Territory, dims: set[str]
) -> list[tuple[Territory, tuple[tuple[str, str], ...], np.ndarray]]:
    """(territory, dimensions, mask) of every cell a wave is estimated for."""
    n = micro.weights.shape[0]
    out = [(city, (), np.ones(n, dtype=bool))]
    if (micro.territory != 0).any():
        for district in Territory.objects.filter(
            parent=city, kind=TerritoryKind.SUBMUNICIPAL
        ).order_by("code"):
            out.append((district, (), micro.territory == district.pk))
    for dim, column in (("sex", micro.sex), ("age", micro.age)):
        if dim not in dims:
            continue
        for value in sorted({v for v in column if v}):
            out.append((city, ((dim, value),), column == value))
    return out


def _ensure_dimension_values(definition: SubjectiveIndicator, micro: _Microdata) -> list[str]:
    """Add the sex and age-group codes found in the microdata to the indicator's dimensions."""
    added = []
    for dimension in definition.indicator.dimensions.all():
        if dimension.code not in DIMENSIONS:
            continue
        column = micro.sex if dimension.code == "sex" else micro.age
        for order, value in enumerate(sorted({v for v in column if v})):
            _, created = DimensionValue.objects.get_or_create(
                dimension=dimension, code=value, defaults={"name_pl": value, "order": order}
            )
            if created:
                added.append(f"{dimension.code}={value}")
    return added


def _valid(definition: SubjectiveIndicator, answers: np.ndarray) -> np.ndarray:
    """Who is in the base: answers on the scale, plus don't-know for a share that keeps them."""
    q = definition.question
    on_scale = (answers >= q.scale_min) & (answers <= q.scale_max)
    if definition.statistic == estimators.SHARE and not definition.exclude_dont_know:
        return on_scale | np.isin(answers, q.missing_codes)
    return on_scale


def estimate_inputs(
    wave: Wave, definition: SubjectiveIndicator, micro: _Microdata, *, min_base: int
) -> list[ObservationInput]:
    """The observations of one indicator for one wave (estimated or suppressed cells)."""
    q = definition.question
    answers = micro.answer_array(q.code)
    valid = _valid(definition, answers)
    dims = {d.code for d in definition.indicator.dimensions.all()}
    base_provenance = {
        "survey": wave.survey.code,
        "wave": wave.code,
        "question": q.code,
        "statistic": definition.statistic,
        "categories": list(definition.categories),
        "exclude_dont_know": definition.exclude_dont_know,
        "confidence": CONFIDENCE,
        "min_base": min_base,
        "comparable_with_previous": wave.comparable_with_previous,
        "comparability_note": wave.comparability_note,
    }
    scale = 100 if definition.statistic == estimators.SHARE else 1
    out = []
    for territory, cell_dims, mask in _cells(micro, wave.survey.territory, dims):
        e = estimators.estimate(
            definition.statistic,
            answers,
            micro.weights,
            valid & mask,
            categories=definition.categories,
            bounds=(q.scale_min, q.scale_max),
            min_base=min_base,
        )
        provenance = {
            **base_provenance,
            "ci_method": e.ci_method,
            "base_n": e.base_n,
            "n_eff_kish": _num(e.n_eff_kish),
        }
        common = {
            "indicator": definition.indicator.code,
            "territory": territory.code,
            "period": str(wave.year),
            "dimensions": cell_dims,
            "base_n": e.base_n,
            "source": f"{wave.survey.name_pl}, {wave.code}",
        }
        if e.suppressed:
            out.append(
                ObservationInput(
                    **common,
                    value=None,
                    status=ObservationStatus.NOT_AVAILABLE,
                    provenance={**provenance, "suppressed": True},
                )
            )
            continue
        # No weighted base is published: with the city's and the other districts'
        # weighted bases, a suppressed district's estimate could be recovered by difference.
        provenance.update(
            suppressed=False,
            se=_num(e.se * scale),
            deff=_num(e.deff),
        )
        out.append(
            ObservationInput(
                **common,
                value=_dec(e.value * scale),
                ci_low=_dec(e.ci_low * scale),
                ci_high=_dec(e.ci_high * scale),
                status=ObservationStatus.FINAL,
                provenance=provenance,
            )
        )
    return out


def compute_wave(
    wave: Wave,
    *,
    actor,
    reason: str = "",
    indicators: Iterable[str] | None = None,
    min_base: int | None = None,
) -> ComputeReport:
    """Estimate every subjective indicator of the wave's survey and write the observations.

    Recomputing replaces the wave's earlier estimates (the history keeps them).
    ``min_base`` overrides both the indicator's and the default minimum base.
    """
    if not can(actor, Action.READ_MICRODATA, wave):
        raise MicrodataRefused(
            gettext_noop("only administrators and analysts may compute estimates from microdata")
        )
    report = ComputeReport(wave=wave.code)
    definitions = list(
        SubjectiveIndicator.objects.filter(question__survey=wave.survey)
        .select_related("indicator", "question")
        .prefetch_related("indicator__dimensions")
        .order_by("indicator__code")
    )
    if indicators is not None:
        wanted = set(indicators)
        unknown = wanted - {d.indicator.code for d in definitions}
        if unknown:
            report.problems.append(
                Message(
                    gettext_noop("indicators without a survey definition: %(codes)s"),
                    {"codes": ", ".join(sorted(unknown))},
                )
            )
            return report
        definitions = [d for d in definitions if d.indicator.code in wanted]
    if not definitions:
        report.problems.append(
            Message(gettext_noop("no subjective indicator is defined on this survey's questions"))
        )
        return report
    micro = _load(wave)
    if micro.weights.shape[0] == 0:
        report.problems.append(Message(gettext_noop("the wave has no microdata; import it first")))
        return report
    inputs: list[ObservationInput] = []
    with transaction.atomic():
        for definition in definitions:
            report.dimension_values_added += _ensure_dimension_values(definition, micro)
            base = min_base or definition.min_base or default_min_base()
            rows = estimate_inputs(wave, definition, micro, min_base=base)
            inputs += rows
            report.indicators.append(definition.indicator.code)
        report.write = write_observations(
            inputs,
            actor=actor,
            reason=reason or gettext("survey estimates of wave %(wave)s") % {"wave": wave.code},
            channel="survey",
            replace=True,
        )
        if not report.write.ok:
            transaction.set_rollback(True)
            report.dimension_values_added = []
            return report
    report.estimates = sum(1 for i in inputs if i.value is not None)
    report.suppressed = sum(1 for i in inputs if i.value is None)
    return report
