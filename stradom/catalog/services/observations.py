"""The one write path of observations.

Every value — typed in a form, imported from a file, fetched from BDL, computed
from a formula — enters through :class:`ObservationWriter` (or the
:func:`write_observations` shortcut). It checks permission, validates, applies the
indicator's rules, refuses silent overwrites, writes in bulk, records history
(who, when, old value, new value, reason) and recomputes the indicators that
depend on what changed.

Each writer that writes anything is one :class:`~stradom.catalog.models.ChangeSet`
(who, when, channel, reason, for an import the file): a new value names it on its
own row, an update or a deletion keeps a revision row besides; the history view
(``ObservationChange``) shows both as the value's timeline.

All-or-nothing: a writer that has met one problem writes nothing more, and
:func:`write_observations` rolls back everything it wrote. Writers take
chunks, so an import of a million rows streams through in bounded memory while
still being one transaction.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils import timezone

from stradom.accounts.permissions import ValuePermissions
from stradom.approval.guard import WriteGuard
from stradom.catalog.models import (
    ChangeAction,
    ChangeSet,
    Indicator,
    Observation,
    ObservationRevision,
    ObservationStatus,
)
from stradom.catalog.models.observations import VALUE_DECIMAL_PLACES, VALUE_MAX_DIGITS
from stradom.catalog.rules import RuleViolation, SeriesStats, check_value, rule_from_dict
from stradom.catalog.services.observation_columns import ColumnWriter, ObservationColumns
from stradom.catalog.services.observation_rows import Inserter
from stradom.catalog.services.observation_rows import row_snapshot_json as _row_snapshot_json  # noqa: F401
from stradom.catalog.services.observation_rows import snapshot as _snapshot
from stradom.core import data_version
from stradom.core.messages import Message, Number, StradomError, gettext_noop
from stradom.core.numbers import plain
from stradom.core.periods import Period, PeriodError, parse_period
from stradom.territory.models import Territory

Dims = tuple[tuple[str, str], ...]
Key = tuple[int, int, str, str]  # indicator id, territory id, period code, dimensions key

CHANNELS = ("form", "import", "api", "computed", "command", "demo", "survey")
_STATUSES = {s.value for s in ObservationStatus}


def dimensions_key(dims: Dims | dict[str, str]) -> str:
    """The canonical text of a disaggregation: ``age=15-19|sex=F``; empty for the total."""
    items = dims.items() if isinstance(dims, dict) else dims
    return "|".join(f"{k}={v}" for k, v in sorted(items))


def parse_dimensions_key(key: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in key.split("|")) if key else {}


class ObservationInput(NamedTuple):
    """One value to write. A ``NamedTuple`` (immutable, cheap to build: an import makes
    a million of them); give the fields by name."""

    indicator: str
    territory: str
    period: str
    value: Decimal | None
    dimensions: Dims = ()
    status: str = ObservationStatus.FINAL
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    base_n: int | None = None
    note: str = ""
    source: str = ""
    line: int | None = None  # where it came from in a file, for messages
    provenance: dict | None = None


@dataclass(frozen=True)
class WriteProblem:
    line: int | None
    field: str
    message: Message
    indicator: str = ""
    territory: str = ""
    period: str = ""

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line else ""
        return f"{where}{self.field}: {self.message}"


@dataclass
class WriteReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    flagged: int = 0
    recomputed: int = 0
    problems: list[WriteProblem] = field(default_factory=list)
    samples: list[dict] = field(default_factory=list)
    batch: str = ""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "flagged": self.flagged,
            "recomputed": self.recomputed,
            "problems": [str(p) for p in self.problems],
            "batch": self.batch,
            "dry_run": self.dry_run,
        }


@dataclass(frozen=True)
class FileInfo:
    """The file a write comes from, kept on its change set: name, size in bytes, SHA-256."""

    name: str
    size: int
    sha256: str


class WriteRefused(StradomError):
    """Raised inside a transaction to roll it back; carries the report."""

    def __init__(self, report: WriteReport) -> None:
        self.report = report
        super().__init__(
            gettext_noop("problems found: %(count)d; nothing was written"),
            count=len(report.problems),
        )


_PERIOD_CACHE = 100_000  # parsed periods kept per writer (a century of days fits)
MAX_PROBLEMS = 10_000  # enough to fix a file; beyond that the report says how many more
SAMPLE_SIZE = 10


@dataclass(slots=True)
class _Row:
    inp: ObservationInput
    indicator: Indicator
    territory: Territory
    period: Period
    dims: str
    flags: list[dict]
    key: Key  # (indicator id, territory id, period code, dims), worked out once


class _Stored(NamedTuple):
    """What the writer needs of a stored observation (see ``_existing``).

    ``flags`` and ``provenance`` are read as JSON *text* (``None`` for SQL NULL)
    and decoded only when needed (:func:`_same`, :meth:`decoded`): a re-import of
    a million unchanged values would otherwise decode two million documents.
    """

    pk: int
    territory_id: int
    period: str
    dimensions: str
    value: Decimal | None
    status: str
    ci_low: Decimal | None
    ci_high: Decimal | None
    base_n: int | None
    note: str
    source: str
    change_set_id: int | None
    seq: int | None
    flags: Any
    provenance: Any

    def decoded(self) -> _Stored:
        """With ``flags`` and ``provenance`` as Python values, for the history snapshot."""
        return self._replace(flags=_json_or(self.flags, []), provenance=_json_or(self.provenance))


_STORED_FIELDS = _Stored._fields[:-2]


def _json_or(text: str | None, default=None):
    return default if text is None else json.loads(text)


class ObservationWriter:
    """Validates and writes observations chunk by chunk; see the module docstring.

    ``replace=False`` refuses to change a stored value (a *silent overwrite*): the
    caller must say it means to replace, and every change records ``reason``.
    """

    def __init__(
        self,
        *,
        actor,
        reason: str,
        channel: str,
        replace: bool = False,
        dry_run: bool = False,
        batch: str = "",
        file: FileInfo | None = None,
    ) -> None:
        if not reason or not reason.strip():
            raise StradomError(gettext_noop("a reason is required for every change of values"))
        if channel not in CHANNELS:
            raise StradomError(gettext_noop("unknown channel %(channel)r"), channel=channel)
        self.actor = actor
        self.reason = reason.strip()
        self.channel = channel
        self.replace = replace
        self.report = WriteReport(batch=batch or uuid.uuid4().hex[:16], dry_run=dry_run)
        self._permissions = ValuePermissions.for_user(actor)
        self._indicators: dict[str, Indicator | None] = {}
        self._territories: dict[str, Territory | None] = {}
        self._allowed_dims: dict[int, dict[str, set[str]]] = {}
        self._seen: set[Key] = set()
        self._periods: dict[str, Period] = {}
        self._writable: dict[str, Indicator] = {}
        self._period_kinds: dict[str, str] = {}  # period text → its kind's code
        self._changed: dict[int, set[tuple[int, str, str]]] = defaultdict(set)
        self._file = file
        self._change_set: ChangeSet | None = None
        self._seq = 0  # the last place given in the change set
        self._columns: ColumnWriter | None = None
        self._guard_: WriteGuard | None = None

    @property
    def _guard(self) -> WriteGuard:
        """Locked periods and approvals (``stradom.approval.guard``), read when first asked."""
        if self._guard_ is None:
            self._guard_ = WriteGuard()
        return self._guard_

    # -- public -------------------------------------------------------------------------
    def add(self, inputs: Sequence[ObservationInput]) -> None:
        rows = self._validate(inputs)
        if not rows:
            return
        existing = self._existing(rows)
        self._apply_rules(rows, existing)
        if self.report.problems:
            return
        self._write(rows, existing)

    def add_columns(self, batch: ObservationColumns) -> bool:
        """Write a batch of plain values given column by column, or nothing of it.

        ``False`` when some row needs the per-row checks (see
        :mod:`~stradom.catalog.services.observation_columns`): the caller then rolls
        back what this writer wrote and gives every row to a new writer's :meth:`add`.
        """
        if self._guard.columns_need_rows(self, batch):
            return False  # a locked period or approved values: the rows say which
        if self._columns is None:
            if self._seen:
                return False  # rows given one by one before: their keys are not in the arrays
            self._columns = ColumnWriter(self)
        return self._columns.add(batch)

    def delete(self, keys: Iterable[tuple[str, str, str, Dims]]) -> None:
        """Delete by (indicator, territory, period, dims); the history keeps a tombstone."""
        for code, territory_code, period, dims in keys:
            indicator = self._indicator(code)
            territory = self._territory(territory_code)
            if indicator is None or territory is None:
                self._problem(None, "indicator", gettext_noop("no such observation"), {})
                continue
            if not self._permissions.allows(indicator):
                self._refuse_permission(None, indicator)
                continue
            obs = Observation.objects.filter(
                indicator=indicator,
                territory=territory,
                period=parse_period(period).code,
                dimensions=dimensions_key(dims),
            ).first()
            if obs is None:
                continue
            if self._guard.refuse_locked_delete(self, indicator, parse_period(period)):
                continue
            if not self.report.dry_run and not self.report.problems:
                change_set = self.change_set()
                self._seq += 1
                ObservationRevision.objects.create(
                    **self._change_key(obs),
                    action=ChangeAction.DELETED,
                    old_value=obs.value,
                    old_status=obs.status,
                    old=_snapshot(obs),
                    reason=self.reason,
                    channel=self.channel,
                    batch=self.report.batch,
                    user_id=change_set.user_id,
                    at=change_set.at,
                    change_set=change_set,
                    seq=self._seq,
                    created_in_id=obs.change_set_id,
                    created_seq=obs.seq,
                )
                key = (territory.pk, obs.period, obs.dimensions)
                obs.delete()  # which empties the key's fields: it is the primary key
                self._changed[indicator.pk].add(key)
                self._guard.values_changed(self, [(indicator.pk, *key)])
            self.report.deleted += 1

    def change_set(self, at: datetime | None = None) -> ChangeSet:
        """This write's change set, made when it first writes something (a write that
        changes nothing, a dry run or a refused one leaves none); ``at`` its time, if not
        now."""
        if self._change_set is None:
            file = self._file
            self._change_set = ChangeSet.objects.create(
                at=at or timezone.now(),
                user=self._user(),
                channel=self.channel,
                reason=self.reason,
                batch=self.report.batch,
                file_name=file.name if file else "",
                file_size=file.size if file else None,
                file_sha256=file.sha256 if file else "",
            )
        return self._change_set

    def finish(self) -> WriteReport:
        """Recompute what depends on the changed values, and return the report."""
        report = self.report
        if self._change_set is not None and report.ok:
            ChangeSet.objects.filter(pk=self._change_set.pk).update(
                created=report.created, updated=report.updated, deleted=report.deleted
            )
        wrote_columns = self._columns is not None and self._columns.wrote
        if (
            not self.report.problems
            and not self.report.dry_run
            and (self._changed or wrote_columns)
        ):
            if self._changed:
                from stradom.catalog.services.computed import recompute_dependents

                self.report.recomputed += recompute_dependents(
                    dict(self._changed), batch=self.report.batch
                )
            data_version.changed()  # cached public pages are rebuilt after the commit
        return self.report

    # -- validation ---------------------------------------------------------------------
    def _problem(self, line, field_name, template, params, inp: ObservationInput | None = None):
        if len(self.report.problems) >= MAX_PROBLEMS:
            return
        self.report.problems.append(
            WriteProblem(
                line=line,
                field=field_name,
                message=Message(template, params),
                indicator=inp.indicator if inp else "",
                territory=inp.territory if inp else "",
                period=inp.period if inp else "",
            )
        )

    def _refuse_permission(self, line, indicator: Indicator) -> None:
        self._problem(
            line,
            "indicator",
            gettext_noop("you may not enter values of indicator %(code)s"),
            {"code": indicator.code},
        )

    def _indicator(self, code: str) -> Indicator | None:
        if code not in self._indicators:
            self._indicators[code] = Indicator.objects.filter(code=code).first()
        return self._indicators[code]

    def _territory(self, code: str) -> Territory | None:
        if code not in self._territories:
            self._territories[code] = Territory.objects.filter(code=code).first()
        return self._territories[code]

    def _prefetch(self, inputs: Sequence[ObservationInput]) -> None:
        self._prefetch_codes({i.indicator for i in inputs}, {i.territory for i in inputs})

    def _prefetch_codes(self, indicators: set[str], territories: set[str]) -> None:
        codes = indicators - self._indicators.keys()
        if codes:
            found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
            for code in codes:
                self._indicators[code] = found.get(code)
            new_ids = [i.pk for i in found.values()]
            for ind_id, dim_code, value_code in Indicator.dimensions.through.objects.filter(
                indicator_id__in=new_ids
            ).values_list("indicator_id", "dimension__code", "dimension__values__code"):
                allowed = self._allowed_dims.setdefault(ind_id, {})
                allowed.setdefault(dim_code, set())
                if value_code is not None:
                    allowed[dim_code].add(value_code)
        places = territories - self._territories.keys()
        if places:
            found_t = {t.code: t for t in Territory.objects.filter(code__in=places)}
            for code in places:
                self._territories[code] = found_t.get(code)

    def _validate(self, inputs: Sequence[ObservationInput]) -> list[_Row]:
        """The rows that pass every check; a problem for each one that does not.

        The common case of a file — a final, plain value of the total, for an
        indicator, territory and period seen before — is accepted in a few dict
        look-ups (``_writable`` caches an indicator's verdict). Everything else, and
        every row that fails a check, goes through :meth:`_validate_one`, which
        makes every check and reports; the quick path only accepts rows
        ``_validate_one`` would accept.
        """
        self._prefetch(inputs)
        rows: list[_Row] = []
        append = rows.append
        writable = self._writable
        territories = self._territories
        periods = self._periods
        seen = self._seen
        final = ObservationStatus.FINAL.value
        kinds = self._period_kinds
        for inp in inputs:
            value = inp.value
            if (
                inp.status == final
                and not inp.dimensions
                and value.__class__ is Decimal
                and inp.ci_low is None
                and inp.ci_high is None
            ):
                indicator = writable.get(inp.indicator)
                if indicator is None:
                    indicator = self._writable_indicator(inp.indicator)
                territory = territories.get(inp.territory)
                period = periods.get(inp.period)
                if (
                    indicator is not None
                    and territory is not None
                    and period is not None
                    and indicator.frequency in ("I", kinds.get(inp.period))
                    and value.is_finite()
                    and not _too_precise(value)
                ):
                    key = (indicator.id, territory.id, period.code, "")
                    if key not in seen:
                        seen.add(key)
                        append(_Row(inp, indicator, territory, period, "", [], key))
                        continue
            row = self._validate_one(inp)
            if row is not None:
                append(row)
        return rows

    def _writable_indicator(self, code: str) -> Indicator | None:
        """The indicator if this writer may enter its values, cached; else ``None``."""
        indicator = self._indicators.get(code)
        if (
            indicator is None
            or not self._permissions.allows(indicator)
            or (indicator.is_computed and self.channel != "computed")
        ):
            return None
        self._writable[code] = indicator
        return indicator

    def _validate_one(self, inp: ObservationInput) -> _Row | None:
        line = inp.line
        problems_before = len(self.report.problems)
        indicator = self._indicators.get(inp.indicator)
        if indicator is None:
            self._problem(
                line,
                "indicator",
                gettext_noop("unknown indicator %(code)r"),
                {"code": inp.indicator},
                inp,
            )
        elif not self._permissions.allows(indicator):
            self._refuse_permission(line, indicator)
        elif indicator.is_computed and self.channel != "computed":
            self._problem(
                line,
                "indicator",
                gettext_noop("indicator %(code)s is computed; its values cannot be entered"),
                {"code": indicator.code},
                inp,
            )
        territory = self._territories.get(inp.territory)
        if territory is None:
            self._problem(
                line,
                "territory",
                gettext_noop("unknown territorial unit %(code)r"),
                {"code": inp.territory},
                inp,
            )
        period = self._periods.get(inp.period)
        if period is None:
            try:
                period = parse_period(inp.period)
            except PeriodError as exc:
                self._problem(line, "period", "%(error)s", {"error": str(exc)}, inp)
            else:
                if len(self._periods) < _PERIOD_CACHE:
                    self._periods[inp.period] = period
                    self._period_kinds[inp.period] = period.kind.value
        if (
            period is not None
            and indicator is not None
            and indicator.frequency not in ("I", period.kind.value)
        ):
            self._problem(
                line,
                "period",
                gettext_noop(
                    "indicator %(code)s is %(frequency)s; %(period)s is a different period"
                ),
                {
                    "code": indicator.code,
                    "frequency": indicator.get_frequency_display(),
                    "period": period.code,
                },
                inp,
            )
        dims = self._check_dimensions(inp, indicator)
        self._check_value(inp)
        if len(self.report.problems) > problems_before:
            return None
        key = (indicator.pk, territory.pk, period.code, dims)
        if key in self._seen:
            self._problem(
                line,
                "period",
                gettext_noop(
                    "the same indicator, territory, period and disaggregation appear twice"
                ),
                {},
                inp,
            )
            return None
        self._seen.add(key)
        return _Row(inp, indicator, territory, period, dims, [], key)

    def _check_dimensions(self, inp: ObservationInput, indicator: Indicator | None) -> str:
        if not inp.dimensions:
            return ""
        if indicator is None:
            return dimensions_key(inp.dimensions)
        allowed = self._allowed_dims.get(indicator.pk, {})
        for dim, value in inp.dimensions:
            if dim not in allowed:
                self._problem(
                    inp.line,
                    dim,
                    gettext_noop("indicator %(code)s has no disaggregation by %(dimension)r"),
                    {"code": indicator.code, "dimension": dim},
                    inp,
                )
            elif value not in allowed[dim]:
                self._problem(
                    inp.line,
                    dim,
                    gettext_noop("%(value)r is not an allowed value of %(dimension)s"),
                    {"value": value, "dimension": dim},
                    inp,
                )
        if len({d for d, _ in inp.dimensions}) != len(inp.dimensions):
            self._problem(
                inp.line, "dimensions", gettext_noop("a dimension is given twice"), {}, inp
            )
        return dimensions_key(inp.dimensions)

    def _check_value(self, inp: ObservationInput) -> None:
        if inp.status not in _STATUSES:
            self._problem(
                inp.line,
                "status",
                gettext_noop("unknown status %(status)r"),
                {"status": inp.status},
                inp,
            )
        if inp.value is None:
            if inp.status != ObservationStatus.NOT_AVAILABLE:
                self._problem(
                    inp.line,
                    "value",
                    gettext_noop(
                        "a value is missing; mark the status 'not available' if there is none"
                    ),
                    {},
                    inp,
                )
            return
        for name in ("value", "ci_low", "ci_high"):
            number = getattr(inp, name)
            if number is None:
                continue
            if not isinstance(number, Decimal) or not number.is_finite():
                self._problem(
                    inp.line,
                    name,
                    gettext_noop("%(value)r is not a finite number"),
                    {"value": str(number)},
                    inp,
                )
                continue
            if _too_precise(number):
                self._problem(
                    inp.line,
                    name,
                    gettext_noop(
                        "%(value)s has more than %(places)d decimal places or "
                        "%(digits)d digits and would be rounded"
                    ),
                    {
                        "value": str(number),
                        "places": VALUE_DECIMAL_PLACES,
                        "digits": VALUE_MAX_DIGITS,
                    },
                    inp,
                )
        if inp.status == ObservationStatus.NOT_AVAILABLE:
            self._problem(
                inp.line,
                "status",
                gettext_noop("a value marked 'not available' must be empty"),
                {},
                inp,
            )
        if (inp.ci_low is None) != (inp.ci_high is None):
            self._problem(
                inp.line,
                "ci_low",
                gettext_noop("give both bounds of the confidence interval or neither"),
                {},
                inp,
            )
        elif inp.ci_low is not None and not (inp.ci_low <= inp.value <= inp.ci_high):
            self._problem(
                inp.line,
                "ci_low",
                gettext_noop(
                    "the confidence interval %(low)s–%(high)s does not contain the value %(value)s"
                ),
                {"low": str(inp.ci_low), "high": str(inp.ci_high), "value": str(inp.value)},
                inp,
            )

    # -- existing values and rules -------------------------------------------------------
    def _existing(self, rows: list[_Row]) -> dict[Key, _Stored]:
        """Stored observations for the rows' keys and previous periods; a query per indicator.

        Plain tuples rather than model instances: a re-import of a million unchanged
        rows compares a million of them.
        """
        wanted: dict[int, tuple[set[int], set[str]]] = defaultdict(lambda: (set(), set()))
        for row in rows:
            ind_id, territory_id, period_code, _dims = row.key
            territories, periods = wanted[ind_id]
            territories.add(territory_id)
            periods.add(period_code)
            if row.indicator.rules:
                periods.add(row.period.previous().code)
        existing: dict[Key, _Stored] = {}
        for ind_id, (territories, periods) in wanted.items():
            for values in Observation.objects.filter(
                indicator_id=ind_id, territory_id__in=territories, period__in=periods
            ).values_list(
                *_STORED_FIELDS,
                Cast("flags", TextField()),
                Cast("provenance", TextField()),
            ):
                stored = _Stored._make(values)
                existing[(ind_id, stored.territory_id, stored.period, stored.dimensions)] = stored
        return existing

    def _apply_rules(self, rows: list[_Row], existing: dict[Key, _Stored]) -> None:
        if not any(row.indicator.rules for row in rows):
            return
        in_batch = {r.key: r.inp.value for r in rows}
        stats_cache: dict[tuple[int, int, str], tuple[list[Decimal], SeriesStats]] = {}
        for row in rows:
            if not row.indicator.rules or row.inp.value is None:
                continue
            rules = self._rules(row.indicator)
            prev_key = (row.indicator.pk, row.territory.pk, row.period.previous().code, row.dims)
            previous = in_batch.get(prev_key)
            if previous is None and prev_key in existing:
                previous = existing[prev_key].value
            series_key = (row.indicator.pk, row.territory.pk, row.dims)
            if series_key not in stats_cache:
                values = list(
                    Observation.objects.filter(
                        indicator_id=row.indicator.pk,
                        territory_id=row.territory.pk,
                        dimensions=row.dims,
                        value__isnull=False,
                    ).values_list("value", flat=True)
                )
                stats_cache[series_key] = (values, SeriesStats.from_values(values))
            history, stats = stats_cache[series_key]
            violations: list[RuleViolation] = check_value(
                rules, row.inp.value, previous, history, stats=stats
            )
            for violation in violations:
                if violation.action == "reject":
                    self._problem(
                        row.inp.line,
                        "value",
                        violation.message.template,
                        violation.message.params,
                        row.inp,
                    )
                else:
                    row.flags.append(
                        {
                            "rule": violation.rule,
                            "message": violation.message.template,
                            "params": {k: str(v) for k, v in violation.message.params.items()},
                        }
                    )

    def _rules(self, indicator: Indicator):
        try:
            return [rule_from_dict(d) for d in indicator.rules]
        except StradomError as exc:
            raise StradomError(
                gettext_noop("indicator %(code)s has a broken validation rule: %(error)s"),
                code=indicator.code,
                error=str(exc),
            ) from exc

    # -- writing ------------------------------------------------------------------------
    def _user(self):
        return self.actor if self.actor is not None and self.actor.is_authenticated else None

    @staticmethod
    def _change_key(obs: Observation) -> dict:
        return {
            "indicator_id": obs.indicator_id,
            "territory_id": obs.territory_id,
            "period": obs.period,
            "dimensions": obs.dimensions,
        }

    def _write(self, rows: list[_Row], existing: dict[Key, _Stored]) -> None:
        report = self.report
        report.flagged += sum(1 for row in rows if row.flags)
        creates: list[_Row] = []
        updates: list[tuple[_Row, _Stored]] = []
        if existing:
            stored = existing.get
            olds = [row for row in rows if stored(row.key) is not None]
            creates = [row for row in rows if stored(row.key) is None] if olds else rows
        else:
            olds = []
            creates = rows
        report.created += len(creates)
        for row in creates[: max(0, SAMPLE_SIZE - len(report.samples))]:
            self._sample("created", row, None)
        for row in olds:
            current = existing[row.key]
            if _same(current, row):
                self.report.unchanged += 1
                continue
            if not self.replace and current.value != row.inp.value:
                self._problem(
                    row.inp.line,
                    "value",
                    gettext_noop(
                        "%(value)s is already stored for this period; to replace it "
                        "with %(new)s, say that you replace it and why"
                    ),
                    {"value": _number(current.value), "new": _number(row.inp.value)},
                    row.inp,
                )
                continue
            updates.append((row, current.decoded()))
            self.report.updated += 1
            self._sample("updated", row, current.value)
        self._guard.refuse_locked(self, [*creates, *(row for row, _current in updates)])
        if self.report.problems or self.report.dry_run:
            return
        if not creates and not updates:
            return
        _lock_referenced(rows)
        self._seq = Inserter(change_set=self.change_set(), seq=self._seq).write(creates, updates)
        changed = self._changed
        for ind_id, territory_id, period_code, dims in [row.key for row in creates]:
            changed[ind_id].add((territory_id, period_code, dims))
        for row, _current in updates:
            ind_id, territory_id, period_code, dims = row.key
            changed[ind_id].add((territory_id, period_code, dims))
        self._guard.values_changed(
            self, [*(row.key for row in creates), *(row.key for row, _current in updates)]
        )

    def _sample(self, what: str, row: _Row, old) -> None:
        if len(self.report.samples) < SAMPLE_SIZE:
            self.report.samples.append(
                {
                    "change": what,
                    "indicator": row.indicator.code,
                    "territory": row.territory.code,
                    "period": row.period.code,
                    "dimensions": row.dims,
                    "old": plain(old),
                    "new": plain(row.inp.value),
                }
            )


def _lock_referenced(rows: list[_Row]) -> None:
    """Lock the chunk's indicators and territories against deletion until the commit.

    The observation table has no foreign-key constraints (see ``Observation``): this
    takes, once per chunk and distinct id, the lock a constraint's check would take for
    every row (PostgreSQL; SQLite writes one transaction at a time anyway)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model, ids in (
            (Indicator, {row.key[0] for row in rows}),
            (Territory, {row.key[1] for row in rows}),
        ):
            cursor.execute(
                f"SELECT 1 FROM {model._meta.db_table} WHERE id = ANY(%s) FOR KEY SHARE",  # noqa: S608
                [sorted(ids)],
            )


def _number(value: Decimal | None) -> Number | str:
    """A value in a message: in the reader's number format when shown (``40,8``)."""
    return "—" if value is None else Number(value)


def _same(stored: _Stored, row: _Row) -> bool:
    """Would writing ``row`` leave the stored observation as it is?"""
    inp = row.inp
    return (
        stored.value == inp.value
        and stored.status == inp.status
        and stored.ci_low == inp.ci_low
        and stored.ci_high == inp.ci_high
        and stored.base_n == inp.base_n
        and stored.note == inp.note
        and stored.source == inp.source
        and (stored.flags == "[]" if not row.flags else _json_or(stored.flags) == row.flags)
        and (
            stored.provenance is None
            if inp.provenance is None
            else _json_or(stored.provenance) == inp.provenance
        )
    )


_QUANTUM = Decimal(1).scaleb(-VALUE_DECIMAL_PLACES)


def _too_precise(number: Decimal) -> bool:
    """More integer digits than the column holds, or decimals that would be rounded away."""
    try:
        if number.adjusted() >= VALUE_MAX_DIGITS - VALUE_DECIMAL_PLACES:
            return True
        # Equal when no digit lies beyond the last place kept (trailing zeros may).
        return number != number.quantize(_QUANTUM)
    except (InvalidOperation, ValueError):
        return True


def write_observations(
    inputs: Iterable[ObservationInput],
    *,
    actor,
    reason: str,
    channel: str,
    replace: bool = False,
    dry_run: bool = False,
    batch: str = "",
    chunk_size: int = 5000,
    file: FileInfo | None = None,
) -> WriteReport:
    """Validate and write ``inputs`` all-or-nothing; see :class:`ObservationWriter`."""
    writer = ObservationWriter(
        actor=actor,
        reason=reason,
        channel=channel,
        replace=replace,
        dry_run=dry_run,
        batch=batch,
        file=file,
    )
    try:
        with transaction.atomic():
            chunk: list[ObservationInput] = []
            for inp in inputs:
                chunk.append(inp)
                if len(chunk) >= chunk_size:
                    writer.add(chunk)
                    chunk = []
            if chunk:
                writer.add(chunk)
            report = writer.finish()
            if not report.ok:
                raise WriteRefused(report)
    except WriteRefused as refused:
        report = refused.report
        report.created = report.updated = report.deleted = report.recomputed = 0
    return report


def delete_observations(
    keys: Iterable[tuple[str, str, str, Dims]], *, actor, reason: str, channel: str
) -> WriteReport:
    writer = ObservationWriter(actor=actor, reason=reason, channel=channel)
    try:
        with transaction.atomic():
            writer.delete(keys)
            report = writer.finish()
            if not report.ok:
                raise WriteRefused(report)
    except WriteRefused as refused:
        report = refused.report
        report.deleted = 0
    return report
