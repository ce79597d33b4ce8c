"""How the write path puts rows into the observation and history tables.

Part of the one write path (:mod:`stradom.catalog.services.observations`): the
writer validates, checks rules and decides what is new or changed; this module
only writes what it decided, inside the writer's transaction.

A new observation is one row naming its change set and its place in it
(``change_set``, ``seq``); its creation needs no history row (the history view
derives it). New observations never become model instances: ``bulk_create``'s
per-field preparation cost several times what the database did.

* **PostgreSQL:** a chunk of new observations is one ``COPY … FROM STDIN`` (text
  built here, one line per value) straight into the observation table, in the
  writer's transaction: a refused file still rolls it back.
* **Other databases (SQLite):** plain parameter tuples with ``executemany``.

Changed observations (rare in an import) go through ``bulk_update`` and their
revision rows (old and new snapshot, who, when, why) as tuples on both.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring_ascii as _encode_string
from typing import Any

from django.db import connection

from stradom.catalog.models import ChangeAction, Observation, ObservationRevision
from stradom.core.numbers import plain
from stradom.core.periods import Period

OBSERVATION_COLUMNS = (
    "indicator",
    "territory",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "dimensions",
    "value",
    "status",
    "ci_low",
    "ci_high",
    "base_n",
    "note",
    "source",
    "flags",
    "provenance",
    "updated_at",
    "updated_by",
    "change_set",
    "seq",
)
CHANGE_COLUMNS = (
    "indicator",
    "territory",
    "period",
    "dimensions",
    "action",
    "old_value",
    "new_value",
    "old_status",
    "new_status",
    "old",
    "new",
    "reason",
    "channel",
    "batch",
    "user",
    "at",
    "change_set",
    "seq",
    "created_in",
    "created_seq",
)
WRITABLE_FIELDS = [
    "value",
    "status",
    "ci_low",
    "ci_high",
    "base_n",
    "note",
    "source",
    "flags",
    "provenance",
    "updated_at",
    "updated_by",
]


class Inserter:
    """Writes one chunk's new and changed observations, and the revisions of the changed.

    ``change_set`` is the write's :class:`~stradom.catalog.models.ChangeSet`; ``seq`` is
    the last place in it given so far: new values first, then the chunk's changes, each
    the next number (the order the history lists them in).
    """

    def __init__(self, *, change_set, seq: int) -> None:
        self.change_set = change_set
        self.reason = change_set.reason
        self.channel = change_set.channel
        self.batch = change_set.batch
        self.user = change_set.user
        self.user_id = change_set.user_id
        self.now = change_set.at
        self.seq = seq
        self.db_now = Observation._meta.get_field("updated_at").get_db_prep_save(
            self.now, connection
        )
        self._dates: dict[str, tuple[Any, Any, Any]] = {}
        self._copy_periods: dict[str, str] = {}

    def write(self, creates: list, updates: list[tuple]) -> int:
        """``creates``: the writer's rows; ``updates``: (row, stored) pairs. Returns the
        last place in the change set now given."""
        first = self.seq + 1
        self.seq += len(creates)
        if creates and connection.vendor == "postgresql":
            self._copy_creates(creates, first)
        elif creates:
            insert_rows(
                Observation,
                OBSERVATION_COLUMNS,
                [self._observation(r, first + i) for i, r in enumerate(creates)],
            )
        if updates:
            changes = []
            instances = []
            for row, current in updates:
                self.seq += 1
                changes.append(self._change(row, current, self.seq))
                obs = self._instance(row)
                obs.pk = current.pk
                instances.append(obs)
            Observation.objects.bulk_update(instances, WRITABLE_FIELDS, batch_size=1000)
            insert_rows(ObservationRevision, CHANGE_COLUMNS, changes)
        return self.seq

    def _copy_creates(self, creates: list, first: int) -> None:
        """One ``COPY`` of the chunk's new observations into their table."""
        table, columns = insert_sql(Observation, OBSERVATION_COLUMNS)
        tail = (
            f"\t{_copy_text(str(self.db_now))}\t{_copy_value(self.user_id)}\t{self.change_set.pk}\t"
        )
        line = self._copy_line
        text = "".join([f"{line(row)}{tail}{first + i}\n" for i, row in enumerate(creates)])
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            copy.write(text)

    def _copy_line(self, row) -> str:
        """The COPY text of a new observation, up to its ``provenance``."""
        inp = row.inp
        indicator_id, territory_id, period_code, dims = row.key
        period = self._copy_periods.get(period_code)
        if period is None:
            kind, start, end = self._period_columns(row.period)
            period = f"{_copy_text(period_code)}\t{kind}\t{start}\t{end}"
            self._copy_periods[period_code] = period
        value = inp.value
        ci_low = inp.ci_low
        ci_high = inp.ci_high
        base_n = inp.base_n
        provenance = inp.provenance
        return (
            f"{indicator_id}\t{territory_id}\t{period}\t{_copy_text(dims) if dims else ''}\t"
            f"{NULL if value is None else value}\t{_copy_text(inp.status)}\t"
            f"{NULL if ci_low is None else ci_low}\t{NULL if ci_high is None else ci_high}\t"
            f"{NULL if base_n is None else int(base_n)}\t"
            f"{_copy_text(inp.note) if inp.note else ''}\t"
            f"{_copy_text(inp.source) if inp.source else ''}\t"
            f"{_copy_text(json.dumps(row.flags)) if row.flags else '[]'}\t"
            f"{NULL if provenance is None else _copy_text(json.dumps(provenance))}"
        )

    # -- tuples: revisions of changes, and new values on other databases ------------------
    def _period_columns(self, period: Period) -> tuple[Any, Any, Any]:
        columns = self._dates.get(period.code)
        if columns is None:
            adapt = connection.ops.adapt_datefield_value
            columns = (period.kind.value, adapt(period.start), adapt(period.end))
            self._dates[period.code] = columns
        return columns

    def _observation(self, row, seq: int) -> tuple:
        inp = row.inp
        indicator_id, territory_id, period_code, dims = row.key
        kind, start, end = self._period_columns(row.period)
        return (
            indicator_id,
            territory_id,
            period_code,
            kind,
            start,
            end,
            dims,
            inp.value,
            inp.status,
            inp.ci_low,
            inp.ci_high,
            inp.base_n,
            inp.note,
            inp.source,
            json.dumps(row.flags) if row.flags else "[]",
            None if inp.provenance is None else json.dumps(inp.provenance),
            self.db_now,
            self.user_id,
            self.change_set.pk,
            seq,
        )

    def _change(self, row, old, seq: int) -> tuple:
        """The revision row of an update of ``old`` (the stored value) to ``row``."""
        inp = row.inp
        indicator_id, territory_id, period_code, dims = row.key
        return (
            indicator_id,
            territory_id,
            period_code,
            dims,
            ChangeAction.UPDATED,
            old.value,
            inp.value,
            old.status,
            inp.status,
            json.dumps(snapshot(old)),
            row_snapshot_json(row),
            self.reason,
            self.channel,
            self.batch,
            self.user_id,
            self.db_now,
            self.change_set.pk,
            seq,
            old.change_set_id,
            old.seq,
        )

    def _instance(self, row) -> Observation:
        inp = row.inp
        return Observation(
            indicator=row.indicator,
            territory=row.territory,
            period=row.period.code,
            period_kind=row.period.kind.value,
            period_start=row.period.start,
            period_end=row.period.end,
            dimensions=row.dims,
            value=inp.value,
            status=inp.status,
            ci_low=inp.ci_low,
            ci_high=inp.ci_high,
            base_n=inp.base_n,
            note=inp.note,
            source=inp.source,
            flags=row.flags,
            provenance=inp.provenance,
            updated_at=self.now,
            updated_by=self.user,
        )


def insert_sql(model, fields: Sequence[str], defaulted: Sequence[str] = ()) -> tuple[str, str]:
    """The table and its quoted column list; refuses a model whose fields have moved on.

    ``defaulted``: the fields left to the database (each has a ``db_default`` or is
    nullable), not in the column list."""
    meta = model._meta
    concrete = {f.name for f in meta.concrete_fields if not f.primary_key}
    left = {meta.get_field(name) for name in defaulted}
    if concrete != set(fields) | set(defaulted) or set(fields) & set(defaulted):
        raise RuntimeError(f"{meta.label} fields changed: update the writer's column list")
    if any(not f.has_db_default() and not f.null for f in left):
        raise RuntimeError(f"{meta.label}: a column left to the database has no default")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    return quote(meta.db_table), columns


def insert_rows(model, fields: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    table, columns = insert_sql(model, fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY in the writer's transaction: a refused file still rolls it back.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )


NULL = "\\N"  # COPY text for NULL
_COPY_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(text: str) -> str:
    """``text`` as a field of PostgreSQL's COPY text format."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_COPY_SPECIAL)
    return text


def _copy_value(value) -> str:
    return NULL if value is None else _copy_text(str(value))


def row_snapshot_json(row) -> str:
    """``json.dumps`` of the history's snapshot of a new value, built without the encoder.

    The same text ``json.dumps(snapshot(observation))`` gives (a test holds them
    equal); spelled out because it is built once per value of every import.
    """
    inp = row.inp
    return (
        f'{{"value": {_json_text(plain(inp.value))}, "status": {_json_text(inp.status)}, '
        f'"ci_low": {_json_text(plain(inp.ci_low))}, "ci_high": {_json_text(plain(inp.ci_high))}, '
        f'"base_n": {"null" if inp.base_n is None else int(inp.base_n)}, '
        f'"note": {_json_text(inp.note)}, "source": {_json_text(inp.source)}, '
        f'"flags": {json.dumps(row.flags) if row.flags else "[]"}}}'
    )


def _json_text(text: str | None) -> str:
    return "null" if text is None else _encode_string(str(text))


def snapshot(obs) -> dict:
    """The history's picture of an observation (a model instance or a stored tuple)."""
    return {
        "value": plain(obs.value),
        "status": obs.status,
        "ci_low": plain(obs.ci_low),
        "ci_high": plain(obs.ci_high),
        "base_n": obs.base_n,
        "note": obs.note,
        "source": obs.source,
        "flags": obs.flags,
    }
