"""How the write path puts rows into the observation and history tables.

Part of the one write path (:mod:`stradom.catalog.services.observations`): the
writer validates, checks rules and decides what is new or changed; this module
only writes what it decided, inside the writer's transaction.

New observations and their ``created`` history rows never become model
instances: ``bulk_create``'s per-field preparation cost several times what the
database did. The rows hold exactly what ``bulk_create`` would write (a test
holds the snapshots equal).

* **PostgreSQL:** a chunk of new observations is sent with one ``COPY … FROM
  STDIN`` (text built here, one line per value) into a temporary staging table
  without indexes or constraints, and from there two set-based statements write
  the observations and their history — the history row's snapshot built by the
  server (``jsonb_build_object``) from the same columns, so Python formats each
  value once, not twice.
* **Other databases (SQLite):** plain parameter tuples with ``executemany``.

Changed observations (rare in an import) go through ``bulk_update`` and their
history rows as tuples on both.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring_ascii as _encode_string
from typing import Any

from django.db import connection, transaction

from stradom.catalog.models import ChangeAction, Observation, ObservationChange
from stradom.core.numbers import plain
from stradom.core.periods import Period

STAGE = "stradom_observation_stage"

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
    """Writes one chunk's new and changed observations and their history rows."""

    def __init__(self, *, reason: str, channel: str, batch: str, user, now) -> None:
        self.reason = reason
        self.channel = channel
        self.batch = batch
        self.user = user
        self.user_id = user.pk if user is not None else None
        self.now = now
        self.db_now = Observation._meta.get_field("updated_at").get_db_prep_save(now, connection)
        self._dates: dict[str, tuple[Any, Any, Any]] = {}
        self._copy_periods: dict[str, str] = {}

    def write(self, creates: list, updates: list[tuple]) -> None:
        """``creates``: the writer's rows; ``updates``: (row, stored) pairs."""
        changes = []
        if updates:
            instances = []
            for row, current in updates:
                changes.append(self._change(row, current))
                obs = self._instance(row)
                obs.pk = current.pk
                instances.append(obs)
            Observation.objects.bulk_update(instances, WRITABLE_FIELDS, batch_size=1000)
        if creates and connection.vendor in ("postgresql", "sqlite"):
            self._create_staged(creates)
        else:
            changes[:0] = [self._change(row, None) for row in creates]
            insert_rows(Observation, OBSERVATION_COLUMNS, [self._observation(r) for r in creates])
        insert_rows(ObservationChange, CHANGE_COLUMNS, changes)

    # -- COPY (PostgreSQL) or executemany (SQLite) into a staging table, then two inserts --
    def _create_staged(self, creates: list) -> None:
        obs_table, obs_columns = insert_sql(Observation, OBSERVATION_COLUMNS)
        postgres = connection.vendor == "postgresql"
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            if postgres:
                # Lives until the end of the transaction (ON COMMIT DROP), so a later
                # schema never meets an old copy of it on a long-lived connection.
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} ON COMMIT DROP AS "  # noqa: S608
                    f"SELECT {obs_columns} FROM {obs_table} WITH NO DATA"
                )
                cursor.execute(f"TRUNCATE {STAGE}")
                tail = f"\t{_copy_text(str(self.db_now))}\t{_copy_value(self.user_id)}\n"
                text = "".join([self._copy_line(row) + tail for row in creates])
                with cursor.cursor.copy(f"COPY {STAGE} ({obs_columns}) FROM STDIN") as copy:
                    copy.write(text)
                snapshot_sql = _PG_SNAPSHOT
            else:
                # The numbers' snapshot text (``plain``) is staged with them: SQLite keeps
                # decimals as floating point and could not spell them back exactly.
                cursor.execute(f"DROP TABLE IF EXISTS temp.{STAGE}")
                cursor.execute(
                    f"CREATE TEMPORARY TABLE {STAGE} AS SELECT {obs_columns}, "  # noqa: S608
                    "NULL AS value_text, NULL AS ci_low_text, NULL AS ci_high_text "
                    f"FROM {obs_table} WHERE 0"
                )
                placeholders = ", ".join(["%s"] * (len(OBSERVATION_COLUMNS) + 3))
                cursor.executemany(
                    f"INSERT INTO {STAGE} VALUES ({placeholders})",  # noqa: S608
                    [
                        (
                            *self._observation(r),
                            plain(r.inp.value),
                            plain(r.inp.ci_low),
                            plain(r.inp.ci_high),
                        )
                        for r in creates
                    ],
                )
                snapshot_sql = _SQLITE_SNAPSHOT
            cursor.execute(
                f"INSERT INTO {obs_table} ({obs_columns}) "  # noqa: S608 - model names
                f"SELECT {obs_columns} FROM {STAGE}"
            )
            self._history_of_staged(cursor, snapshot_sql)
            if not postgres:
                cursor.execute(f"DROP TABLE temp.{STAGE}")

    def _history_of_staged(self, cursor, snapshot_sql: str) -> None:
        """One ``created`` history row per staged observation, snapshot built by the database."""
        change_table, change_columns = insert_sql(ObservationChange, CHANGE_COLUMNS)
        cursor.execute(
            f"INSERT INTO {change_table} ({change_columns}) "  # noqa: S608 - model names
            "SELECT indicator_id, territory_id, period, dimensions, %s, NULL, value, '', "
            f"status, NULL, {snapshot_sql}, %s, %s, %s, %s, %s FROM {STAGE}",
            [
                ChangeAction.CREATED.value,
                self.reason,
                self.channel,
                self.batch,
                self.user_id,
                self.db_now,
            ],
        )

    def _copy_line(self, row) -> str:
        """The COPY text of a new observation, without ``updated_at`` and ``updated_by``."""
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

    # -- tuples: history rows of changes, and everything on other databases ---------------
    def _period_columns(self, period: Period) -> tuple[Any, Any, Any]:
        columns = self._dates.get(period.code)
        if columns is None:
            adapt = connection.ops.adapt_datefield_value
            columns = (period.kind.value, adapt(period.start), adapt(period.end))
            self._dates[period.code] = columns
        return columns

    def _observation(self, row) -> tuple:
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
        )

    def _change(self, row, old) -> tuple:
        inp = row.inp
        indicator_id, territory_id, period_code, dims = row.key
        return (
            indicator_id,
            territory_id,
            period_code,
            dims,
            ChangeAction.UPDATED if old is not None else ChangeAction.CREATED,
            old.value if old is not None else None,
            inp.value,
            old.status if old is not None else "",
            inp.status,
            json.dumps(snapshot(old)) if old is not None else None,
            row_snapshot_json(row),
            self.reason,
            self.channel,
            self.batch,
            self.user_id,
            self.db_now,
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


def insert_sql(model, fields: Sequence[str]) -> tuple[str, str]:
    """The table and its quoted column list; refuses a model whose fields have moved on."""
    meta = model._meta
    concrete = {f.name for f in meta.concrete_fields if not f.primary_key}
    if concrete != set(fields):
        raise RuntimeError(f"{meta.label} fields changed: update the writer's column list")
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
# The history's snapshot of a staged observation: the same keys and values as ``snapshot``.
_PG_SNAPSHOT = (
    "jsonb_build_object('value', trim_scale(value)::text, 'status', status, "
    "'ci_low', trim_scale(ci_low)::text, 'ci_high', trim_scale(ci_high)::text, "
    "'base_n', base_n, 'note', note, 'source', source, 'flags', flags)"
)
_SQLITE_SNAPSHOT = (
    "json_object('value', value_text, 'status', status, 'ci_low', ci_low_text, "
    "'ci_high', ci_high_text, 'base_n', base_n, 'note', note, 'source', source, "
    "'flags', json(flags))"
)
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
