"""An Open SDG data repository into the catalogue: indicators, their disaggregation
dimensions, and their values — the values through ``write_observations``.

All or nothing: any problem in any file (a bad number, an unknown GeoCode, a value the
indicator's rules reject…) leaves the catalogue exactly as it was, and every problem is
reported with its file, line and column.

Mapping: the id ``1-2-1`` becomes the indicator code ``<prefix>1-2-1``; each
disaggregation column becomes a dimension (an existing one whose code or name matches
the column, else a new one) and each of its values a value of that dimension (matched by
code or name, else added); ``GeoCode`` picks the territorial unit (blank: the one given);
several ``Units`` (or ``Series``) in one file become a ``units`` (``series``) dimension,
a single one the indicator's unit. Rows with a blank ``Value`` are missing data and are
counted, not stored.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from stradom.accounts.permissions import is_administrator
from stradom.catalog.models import (
    MAX_PUBLICATION_LAG_DAYS,
    Dimension,
    DimensionValue,
    Indicator,
    PublicationStatus,
)
from stradom.catalog.services import ObservationInput, WriteReport, write_observations
from stradom.catalog.services.indicators import create_indicator, update_indicator
from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.core.periods import PeriodError, parse_period
from stradom.opensdg.tidy import LAG_FIELD, Problem, TidyIndicator, read_repository
from stradom.territory.models import Territory

UNITS_DIMENSION = "units"
SERIES_DIMENSION = "series"


@dataclass
class ImportReport:
    indicators_created: list[str] = field(default_factory=list)
    indicators_updated: list[str] = field(default_factory=list)
    dimensions_created: list[str] = field(default_factory=list)
    values_created: int = 0
    values_updated: int = 0
    values_unchanged: int = 0
    blank_values: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class _Rollback(Exception):
    pass


def import_repository(
    root: Path,
    *,
    territory: str,
    actor,
    reason: str,
    prefix: str = "",
    language: str = "pl",
    publish: bool = False,
    replace: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Import ``root`` (a checkout of an Open SDG data repository)."""
    report = ImportReport(dry_run=dry_run)
    if not is_administrator(actor):
        report.problems.append(
            Problem(
                str(root),
                None,
                "user",
                Message(
                    gettext_noop(
                        "only an administrator may import an Open SDG repository "
                        "(it creates indicators)"
                    )
                ),
            )
        )
        return report
    indicators, problems = read_repository(Path(root))
    report.problems += problems
    default = Territory.objects.filter(code=territory).first()
    if default is None:
        report.problems.append(
            Problem(
                "--territory",
                None,
                "territory",
                Message(gettext_noop("unknown territorial unit %(code)r"), {"code": territory}),
            )
        )
    if report.problems:
        return report
    report.blank_values = sum(i.blank_values for i in indicators)
    try:
        with transaction.atomic():
            inputs, files = _prepare(
                indicators, prefix, language, publish, default, report, actor, reason
            )
            if report.problems:
                raise _Rollback
            written = write_observations(
                inputs, actor=actor, reason=reason, channel="import", replace=replace
            )
            _take(written, files, report)
            if report.problems or dry_run:
                raise _Rollback
    except _Rollback:
        if report.problems:
            report.values_created = report.values_updated = report.values_unchanged = 0
            report.indicators_created, report.indicators_updated = [], []
            report.dimensions_created = []
    return report


def _take(written: WriteReport, files: dict[str, str], report: ImportReport) -> None:
    report.values_created = written.created
    report.values_updated = written.updated
    report.values_unchanged = written.unchanged
    for p in written.problems:
        report.problems.append(
            Problem(files.get(p.indicator, p.indicator), p.line, p.field, p.message)
        )


def _prepare(indicators, prefix, language, publish, default, report, actor, reason):
    geocodes = {r.geocode for i in indicators for r in i.rows if r.geocode}
    territories = {t.code: t for t in Territory.objects.filter(code__in=geocodes)}
    inputs: list[ObservationInput] = []
    files: dict[str, str] = {}
    value_codes: dict[tuple[int, str], str] = {}
    for tidy in indicators:
        code = f"{prefix}{tidy.id}"
        files[code] = tidy.file
        units = sorted({r.units for r in tidy.rows if r.units})
        series = sorted({r.series for r in tidy.rows if r.series})
        columns = list(tidy.categories)
        extra = {}
        if len(units) > 1:
            extra[UNITS_DIMENSION] = "Units"
        if len(series) > 1:
            extra[SERIES_DIMENSION] = "Series"
        dims = {col: _dimension(col, report) for col in columns}
        dims.update({col: _dimension(label, report, code=col) for col, label in extra.items()})
        kinds = set()
        for row in tidy.rows:
            with contextlib.suppress(PeriodError):  # the write path reports it, with its line
                kinds.add(parse_period(row.year).kind.value)
        frequency = kinds.pop() if len(kinds) == 1 else "I"
        indicator = _indicator(
            code,
            tidy,
            language,
            publish,
            units,
            list(dims.values()),
            frequency,
            report,
            actor,
            reason,
        )
        if indicator is None:
            continue
        for row in tidy.rows:
            place = default
            if row.geocode:
                place = territories.get(row.geocode)
                if place is None:
                    report.problems.append(
                        Problem(
                            tidy.file,
                            row.line,
                            "GeoCode",
                            Message(
                                gettext_noop("unknown territorial unit %(code)r"),
                                {"code": row.geocode},
                            ),
                        )
                    )
                    continue
            values = {col: row.categories[col] for col in columns if col in row.categories}
            if UNITS_DIMENSION in extra and row.units:
                values[UNITS_DIMENSION] = row.units
            if SERIES_DIMENSION in extra and row.series:
                values[SERIES_DIMENSION] = row.series
            key = []
            for col, text in values.items():
                value_code = _dimension_value(
                    dims[col], text, (tidy.file, row.line, col), report, value_codes
                )
                if value_code is not None:
                    key.append((dims[col].code, value_code))
            inputs.append(
                ObservationInput(
                    indicator=code,
                    territory=place.code,
                    period=row.year,
                    value=row.value,
                    dimensions=tuple(sorted(key)),
                    status=row.status,
                    note=row.comment,
                    source=str(tidy.meta.get("source_organisation_1", ""))[:500],
                    line=row.line,
                )
            )
    return inputs, files


def _text(meta: dict, *keys: str) -> str:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return ""


def _indicator(
    code,
    tidy: TidyIndicator,
    language,
    publish,
    units,
    dimensions,
    frequency,
    report,
    actor,
    why: str,
) -> Indicator | None:
    """The indicator ``code`` created or brought to the file's metadata through the
    catalogue's services (its history says what the import set, with the channel
    ``import``); None, with the problem reported, when the metadata is refused."""
    meta = tidy.meta
    indicator = Indicator.objects.filter(code=code).first()
    values = {}
    for key, value in {
        "unit": (units[0] if len(units) == 1 else _text(meta, "computation_units"))[:64],
        "source": _text(meta, "source_organisation_1", "data_source")[:500],
        "source_url": _text(meta, "source_url_1")[:500],
    }.items():
        if value:
            values[key] = value
    name = tidy.name[:300]
    description = _text(meta, "indicator_definition", "target")
    calculation = _text(meta, "computation_definitions", "computation_calculations")
    suffix = "en" if language == "en" else "pl"
    values[f"name_{suffix}"] = name
    if description:
        values[f"description_{suffix}"] = description
    if calculation:
        values[f"calculation_{suffix}"] = calculation
    if LAG_FIELD in meta:
        lag = _lag(meta[LAG_FIELD], tidy, report)
        if lag is not None:
            values["publication_lag_days"] = lag
    if publish:
        values["publication_status"] = PublicationStatus.PUBLISHED
    # The frequency follows the file's periods until the indicator has values of its own.
    if indicator is None or not indicator.observations.exists():
        values["frequency"] = frequency
    try:
        if indicator is None:
            values.setdefault("name_pl", name)
            saved = create_indicator(
                actor=actor,
                reason=why,
                channel="import",
                code=code,
                dimensions=dimensions,
                **values,
            )
            report.indicators_created.append(code)
        else:
            known = list(indicator.dimensions.all())
            links = [*known, *(d for d in dimensions if d not in known)]
            saved = update_indicator(
                indicator, actor=actor, reason=why, channel="import", dimensions=links, **values
            )
            report.indicators_updated.append(code)
    except (StradomError, ValidationError) as exc:
        report.problems.append(Problem(tidy.file, None, "metadata", _refusal(exc)))
        return None
    return saved.indicator


def _refusal(exc: StradomError | ValidationError) -> Message:
    """What the catalogue said when it refused an indicator's metadata."""
    if isinstance(exc, StradomError):
        return exc.message
    if hasattr(exc, "error_dict"):
        parts = [f"{name}: {' '.join(errors)}" for name, errors in exc.message_dict.items()]
    else:
        parts = list(exc.messages)
    return Message(
        gettext_noop("the indicator's metadata is refused: %(errors)s"),
        {"errors": "; ".join(parts)},
    )


def _lag(value, tidy: TidyIndicator, report: ImportReport) -> int | None:
    """The publication lag of the metadata: a whole number of days, 0–32767; anything else
    is a problem of the metadata file (and nothing is imported)."""
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and 0 <= value <= MAX_PUBLICATION_LAG_DAYS
    ):
        return value
    report.problems.append(
        Problem(
            tidy.meta_files.get(LAG_FIELD, tidy.file),
            None,
            LAG_FIELD,
            Message(
                gettext_noop(
                    "%(value)r is not a publication lag: write a whole number of days "
                    "from 0 to %(max)s"
                ),
                {"value": value, "max": MAX_PUBLICATION_LAG_DAYS},
            ),
        )
    )
    return None


def _dimension(label: str, report: ImportReport, *, code: str | None = None) -> Dimension:
    code = code or slugify(label)[:64] or "dimension"
    found = Dimension.objects.filter(
        Q(code=code) | Q(name_pl__iexact=label) | Q(name_en__iexact=label)
    ).order_by("id")
    exact = next((d for d in found if d.code == code), None)
    dimension = exact or next(iter(found), None)
    if dimension is None:
        dimension = Dimension.objects.create(code=code, name_pl=label, name_en=label)
        report.dimensions_created.append(code)
    return dimension


def _dimension_value(dimension, text, where, report, cache) -> str | None:
    """The code of ``text`` in ``dimension``: a value with that code, else with that
    name, else a new value."""
    if "|" in text or "=" in text or len(text) > 64:
        report.problems.append(
            Problem(
                *where,
                Message(
                    gettext_noop(
                        "%(value)r cannot be a disaggregation value "
                        "(at most 64 characters, no '|' or '=')"
                    ),
                    {"value": text},
                ),
            )
        )
        return None
    key = (dimension.pk, text)
    if key not in cache:
        values = DimensionValue.objects.filter(dimension=dimension)
        match = values.filter(code=text).first() or (
            values.filter(Q(name_pl__iexact=text) | Q(name_en__iexact=text)).order_by("id").first()
        )
        if match is None:
            match = DimensionValue.objects.create(
                dimension=dimension, code=text, name_pl=text, name_en=text
            )
        cache[key] = match.code
    return cache[key]
