"""The write path for batches of plain values given column by column.

Part of the one write path (:mod:`stradom.catalog.services.observations`): a large
import of plain values — final, the total, no interval, no note — hands the writer
whole columns (:class:`ObservationColumns`) instead of a Python object per value.
Everything is done once per distinct code or per batch:

* indicator, territory and period codes are resolved once per distinct code
  (permission, computed indicators, the indicator's frequency against the period's
  kind, all as :meth:`ObservationWriter._validate_one` checks them);
* duplicate keys are found with sorted integer arrays (bounded by the file's keys,
  8 bytes each, not a Python set of tuples);
* new rows go straight into the observation table (``COPY`` text built by pyarrow on
  PostgreSQL, ``executemany`` on SQLite) in the writer's transaction, in a savepoint:
  while the batches find nothing stored, a batch is written without looking first,
  and the primary key refusing it (a key stored after all) rolls back the savepoint
  and has the batch compared;
* stored values are compared set-wise, one statement per batch: on PostgreSQL the
  stored rows of the batch's indicators, territories and periods come out as one
  text (an index range scan, much cheaper than a probe per key) and
  are matched with sorted key arrays and compared as decimals by pyarrow; on SQLite
  a JSON array of the batch is joined on the key in the database.

It reports no problems of its own. Anything it does not take — an unknown or
refused code, an indicator with rules, a period of the wrong kind, a duplicate, a
stored value that differs (which needs a revision or a refusal) — makes
:meth:`ColumnWriter.add` answer ``False`` before it writes anything of the batch;
the caller then rolls back and gives every row to the per-row path, whose messages
and history are the ones users know.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import numpy as np
import psycopg
import pyarrow as pa
import pyarrow.compute as pc
from django.db import IntegrityError, connection, transaction
from pyarrow import csv as pa_csv

from stradom.catalog.models import Indicator, Observation
from stradom.catalog.models.observations import VALUE_DECIMAL_PLACES, VALUE_MAX_DIGITS
from stradom.catalog.services.observation_rows import (
    OBSERVATION_COLUMNS,
    Inserter,
    insert_rows,
    insert_sql,
)
from stradom.core.numbers import plain
from stradom.core.periods import Period, PeriodError, parse_period

# A key as one integer: indicator id, territory id, the period's place in this write.
_TERRITORY_BITS = 20
_PERIOD_BITS = 20
_INDICATOR_LIMIT = 1 << (63 - _TERRITORY_BITS - _PERIOD_BITS)
# SQLite keeps decimals as floating point: beyond 15 digits two different texts may be
# the same number there, so the comparison of such values is left to the per-row path.
_SQLITE_DIGITS = 15
_DECIMAL = pa.decimal128(VALUE_MAX_DIGITS, VALUE_DECIMAL_PLACES)
# What the COPY of new rows sends (PostgreSQL). The other columns hold the same for every
# plain new value and are left to the database: the total (no disaggregation), final, no
# note, source or flags by the columns' defaults (``db_default``), no interval, base or
# provenance (NULL), and the time the transaction's, which the change set records as its
# ``at``. Parsing those the same million times was a third of the COPY's server time.
_COPY_COLUMNS = (
    "indicator",
    "territory",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "value",
    "updated_by",
    "change_set",
    "seq",
)
_DEFAULTED = tuple(name for name in OBSERVATION_COLUMNS if name not in _COPY_COLUMNS)
_TIMED = tuple(name for name in _DEFAULTED if name != "updated_at")


class ObservationColumns(NamedTuple):
    """A batch of plain values: codes dictionary-encoded, values as decimal text
    (digits and at most one ``.``, never negative or empty)."""

    indicator: pa.DictionaryArray
    territory: pa.DictionaryArray
    period: pa.DictionaryArray
    value: pa.StringArray


class _Keys:
    """A set of int64 keys as a few sorted arrays (merged as they grow)."""

    def __init__(self) -> None:
        self.levels: list[np.ndarray] = []

    def any_of(self, keys: np.ndarray) -> bool:
        for level in self.levels:
            at = np.searchsorted(level, keys)
            np.minimum(at, len(level) - 1, out=at)
            if np.any(level[at] == keys):
                return True
        return False

    def add(self, keys: np.ndarray) -> None:
        """Add ``keys`` (sorted)."""
        self.levels.append(keys)
        while len(self.levels) > 1 and len(self.levels[-2]) <= 2 * len(self.levels[-1]):
            last = self.levels.pop()
            self.levels[-1] = np.sort(np.concatenate([self.levels[-1], last]), kind="stable")


class ColumnWriter:
    """The column-wise part of one :class:`ObservationWriter` (see the module docstring)."""

    def __init__(self, writer) -> None:
        self.writer = writer
        self.periods: list[Period] = []
        self.period_place: dict[str, int] = {}
        self.keys = _Keys()
        self.depended: set[int] | None = None
        self.wrote = False
        self.expect_stored = False  # did the last batch find stored keys?
        self.send_time = True  # does the COPY send the rows' time (see _change_set)?

    def add(self, batch: ObservationColumns) -> bool:
        """Take the batch (``True``) or nothing of it (``False``: give it to the row path)."""
        w = self.writer
        n = len(batch.value)
        if not n:
            return True
        indicator_codes = batch.indicator.dictionary.to_pylist()
        territory_codes = batch.territory.dictionary.to_pylist()
        w._prefetch_codes(set(indicator_codes), set(territory_codes))
        indicators = [self._indicator(code) for code in indicator_codes]
        territories = [w._territories.get(code) for code in territory_codes]
        places = [self._period(code) for code in batch.period.dictionary.to_pylist()]
        if None in indicators or None in territories or None in places:
            return False
        ind_ids = np.array([i.pk for i in indicators], dtype=np.int64)
        ter_ids = np.array([t.pk for t in territories], dtype=np.int64)
        if ind_ids.max() >= _INDICATOR_LIMIT or ter_ids.max() >= 1 << _TERRITORY_BITS:
            return False
        ind_at = batch.indicator.indices.to_numpy(zero_copy_only=False)
        per_at = np.array(places, dtype=np.int64)[
            batch.period.indices.to_numpy(zero_copy_only=False)
        ]
        ind = ind_ids[ind_at]
        ter = ter_ids[batch.territory.indices.to_numpy(zero_copy_only=False)]
        if not self._frequencies_fit(indicators, ind_at, per_at):
            return False
        row_keys = (ind << (_TERRITORY_BITS + _PERIOD_BITS)) | (ter << _PERIOD_BITS) | per_at
        keys = np.sort(row_keys)
        if np.any(keys[1:] == keys[:-1]) or self.keys.any_of(keys):
            return False  # the same key twice: the per-row path names both lines
        try:
            # Exactly ``_too_precise``: no digit beyond the column's places, and the
            # integer part within its digits (pyarrow refuses either as a loss).
            numbers = pc.cast(batch.value, _DECIMAL)
        except pa.ArrowInvalid:
            return False
        if (
            connection.vendor != "postgresql"
            and pc.any(pc.greater(pc.utf8_length(batch.value), _SQLITE_DIGITS)).as_py()
        ):
            return False
        period_codes = pa.array([p.code for p in self.periods], pa.string())
        per_text = period_codes.take(pa.array(per_at))
        values = batch.value
        report = w.report
        lock = (ind_ids, ter_ids)
        # A batch like the last, none of whose keys was stored: written straight away; the
        # primary key refuses it if some key is stored after all, and then (in a savepoint,
        # so nothing of it stays) the batch is compared first.
        if (
            not self.expect_stored
            and not report.dry_run
            and not _first_stored(ind, ter, per_text)
            and self._write(lock, ind, ter, per_at, per_text, values)
        ):
            self.keys.add(keys)
            report.created += n
            self._sample(ind_at, indicator_codes, batch, None, per_text, values)
            return True
        if connection.vendor == "postgresql":
            stored = self._stored(lock, batch.period.dictionary, row_keys, values, numbers)
        else:
            stored = _stored(ind, ter, per_text, values)
        if stored is None:
            return False  # a stored value differs: a revision, or the refusal to overwrite
        self.expect_stored = stored is not True
        self.keys.add(keys)
        new = None if stored is True else ~stored
        created = n if new is None else int(new.sum())
        report.unchanged += n - created
        report.created += created
        if not created:
            return True
        if new is not None:
            mask = pa.array(new)
            ind, ter, per_at = ind[new], ter[new], per_at[new]
            per_text = per_text.filter(mask)
            values = values.filter(mask)
            ind_at = ind_at[new]
        self._sample(ind_at, indicator_codes, batch, new, per_text, values)
        # False only if another write stored one of the keys since the comparison.
        return report.dry_run or self._write(lock, ind, ter, per_at, per_text, values)

    def _stored(
        self, lock, periods: pa.Array, row_keys: np.ndarray, values: pa.Array, numbers: pa.Array
    ):
        """As :func:`_stored`, on PostgreSQL: the stored rows of the batch's indicators,
        within its territories' and periods' bounds, come out as one text (an index range
        scan, see ``_PG_STORED_ROWS``), and are matched to the batch's keys and compared
        with sorted arrays."""
        indicator_ids, territory_ids = lock
        codes = sorted(periods.unique().to_pylist())
        query = _PG_STORED_ROWS.format(
            table=connection.ops.quote_name(Observation._meta.db_table),
            indicators=_pg_array(pa.array(np.unique(indicator_ids))),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                query,
                [int(territory_ids.min()), int(territory_ids.max()), codes[0], codes[-1]],
            )
            (text,) = cursor.fetchone()
        if not text:
            return True
        table = pa_csv.read_csv(
            pa.py_buffer(text.encode()),
            read_options=pa_csv.ReadOptions(column_names=list("itpvs"), use_threads=False),
            parse_options=pa_csv.ParseOptions(delimiter="\t", quote_char=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={
                    "i": pa.int64(),
                    "t": pa.int64(),
                    "p": pa.string(),
                    "v": pa.string(),
                    "s": pa.string(),
                },
                null_values=["\\N"],
                strings_can_be_null=True,
            ),
        )
        period = pc.dictionary_encode(table.column("p").combine_chunks())
        # A period this write has not seen (let through by the bounds) is no batch's key: -1.
        place = np.array(
            [self.period_place.get(c, -1) for c in period.dictionary.to_pylist()], np.int64
        )[period.indices.to_numpy(zero_copy_only=False)]
        stored_keys = np.where(
            place < 0,
            -1,
            (table.column("i").to_numpy() << (_TERRITORY_BITS + _PERIOD_BITS))
            | (table.column("t").to_numpy() << _PERIOD_BITS)
            | place,
        )
        order = np.argsort(stored_keys, kind="stable")
        stored_keys = stored_keys[order]
        at = np.minimum(np.searchsorted(stored_keys, row_keys), len(stored_keys) - 1)
        found = stored_keys[at] == row_keys
        if not found.any():
            return True
        rows = pa.array(order[at[found]])
        # The stored value's shortest text (``trim_scale``) is mostly the file's very text:
        # equal texts are equal numbers; only the others are compared as decimals.
        plain_rows = pc.equal(table.column("s").combine_chunks().take(rows), "t")
        if not pc.all(pc.fill_null(plain_rows, False)).as_py():
            return None
        found_rows = pa.array(found)
        stored_text = table.column("v").combine_chunks().take(rows)
        rest = pc.invert(pc.fill_null(pc.equal(stored_text, values.filter(found_rows)), False))
        if pc.any(rest).as_py():
            equal = pc.equal(
                pc.cast(stored_text.filter(rest), _DECIMAL),
                numbers.filter(found_rows).filter(rest),
            )
            if not pc.all(pc.fill_null(equal, False)).as_py():
                return None
        return found

    # -- codes ---------------------------------------------------------------------------
    def _indicator(self, code: str) -> Indicator | None:
        """The indicator if its values may be written here without the per-row checks."""
        indicator = self.writer._writable.get(code) or self.writer._writable_indicator(code)
        if indicator is None or indicator.rules:
            return None
        return indicator

    def _period(self, code: str) -> int | None:
        """The period's place in this write (``None``: not a period, or too many)."""
        place = self.period_place.get(code)
        if place is None:
            try:
                period = parse_period(code)
            except PeriodError:
                return None
            if period.code != code or len(self.periods) >= 1 << _PERIOD_BITS:
                return None
            place = self.period_place[code] = len(self.periods)
            self.periods.append(period)
        return place

    def _frequencies_fit(self, indicators, ind_at: np.ndarray, per_at: np.ndarray) -> bool:
        """Every row's period is of its indicator's frequency (or the indicator's is "I")."""
        kinds = sorted({p.kind.value for p in self.periods} | {i.frequency for i in indicators})
        number = {kind: k for k, kind in enumerate(kinds)}
        period_kind = np.array([number[p.kind.value] for p in self.periods], dtype=np.int64)
        wanted = np.array(
            [-1 if i.frequency == "I" else number[i.frequency] for i in indicators],
            dtype=np.int64,
        )[ind_at]
        return not np.any((wanted != -1) & (wanted != period_kind[per_at]))

    # -- writing -------------------------------------------------------------------------
    def _sample(self, ind_at, indicator_codes, batch, new, per_text, values) -> None:
        """The first new values, as the per-row path samples them (``new``: which of the
        batch's rows are new, ``None`` for all; the other arguments are of those rows)."""
        from stradom.catalog.services.observations import SAMPLE_SIZE

        samples = self.writer.report.samples
        room = SAMPLE_SIZE - len(samples)
        if room <= 0:
            return
        territory_at = batch.territory.indices.to_numpy(zero_copy_only=False)
        if new is not None:
            territory_at = territory_at[new]
        territory_codes = batch.territory.dictionary.to_pylist()
        for k in range(min(room, len(values))):
            samples.append(
                {
                    "change": "created",
                    "indicator": indicator_codes[ind_at[k]],
                    "territory": territory_codes[territory_at[k]],
                    "period": per_text[k].as_py(),
                    "dimensions": "",
                    "old": None,
                    "new": plain(Decimal(values[k].as_py())),
                }
            )

    def _write(self, lock, ind, ter, per_at, per_text, values) -> bool:
        """Insert the rows as new, in a savepoint; ``False`` (nothing written) if the
        primary key refuses one."""
        w = self.writer
        had_change_set = w._change_set is not None
        first = w._seq + 1
        n = len(values)
        at = pa.array(per_at)
        seq = pa.array(np.arange(first, first + n, dtype=np.int64)).cast(pa.string())
        try:
            with transaction.atomic():
                inserter = Inserter(change_set=self._change_set(), seq=first - 1)
                _lock(*lock)
                kinds, starts, ends = zip(
                    *(inserter._period_columns(p) for p in self.periods), strict=True
                )
                kind = pa.array(kinds, pa.string()).take(at)
                start = pa.array([str(s) for s in starts], pa.string()).take(at)
                end = pa.array([str(e) for e in ends], pa.string()).take(at)
                if connection.vendor == "postgresql":
                    self._copy(inserter, ind, ter, per_text, kind, start, end, values, seq)
                else:
                    self._insert(inserter, ind, ter, per_text, kind, start, end, values, first)
        except (IntegrityError, psycopg.IntegrityError):
            if not had_change_set:
                w._change_set = None  # made in the savepoint, so rolled back with it
            return False
        w._seq += n
        self.wrote = True
        self._remember(ind, ter, per_text)
        return True

    def _change_set(self):
        """The writer's change set. On PostgreSQL, when nothing was written yet in this
        transaction (the import's own), made with the transaction's time, which the rows
        the COPY stores take by their column's default; inside a transaction that wrote
        before (a caller's), with the time now, sent with every row as before, so the
        write still sorts after the earlier ones."""
        w = self.writer
        if w._change_set is None and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT CURRENT_TIMESTAMP, pg_current_xact_id_if_assigned() IS NULL")
                at, fresh = cursor.fetchone()
            self.send_time = not fresh
            return w.change_set(at=None if self.send_time else at)
        return w.change_set()

    def _insert(self, inserter, ind, ter, per_text, kind, start, end, values, first) -> None:
        """``executemany`` of the new rows (SQLite)."""
        user, cs, now = inserter.user_id, inserter.change_set.pk, inserter.db_now
        rows = zip(
            ind.tolist(),
            ter.tolist(),
            per_text.to_pylist(),
            kind.to_pylist(),
            start.to_pylist(),
            end.to_pylist(),
            values.to_pylist(),
            range(first, first + len(values)),
            strict=True,
        )
        insert_rows(
            Observation,
            OBSERVATION_COLUMNS,
            [
                (
                    i,
                    t,
                    p,
                    k,
                    s,
                    e,
                    "",
                    v,
                    "final",
                    None,
                    None,
                    None,
                    "",
                    "",
                    "[]",
                    None,
                    now,
                    user,
                    cs,
                    q,
                )
                for i, t, p, k, s, e, v, q in rows
            ],
        )

    def _copy(self, inserter, ind, ter, per_text, kind, start, end, values, seq) -> None:
        """One ``COPY`` of the new rows, its text joined column-wise by pyarrow and handed
        to psycopg as pyarrow's own buffer (no Python string per row or per batch). Only
        the columns in which rows differ are sent (``_COPY_COLUMNS``)."""
        user = "\\N" if inserter.user_id is None else str(inserter.user_id)
        lines = pc.binary_join_element_wise(
            pa.array(ind).cast(pa.string()),
            pa.array(ter).cast(pa.string()),
            per_text,
            kind,
            start,
            end,
            values,
            user,
            str(inserter.change_set.pk),
            pc.binary_join_element_wise(
                seq, f"\t{inserter.db_now}\n" if self.send_time else "\n", ""
            ),  # the time if sent, and the line's end
            "\t",
        )
        _validity, offsets, data = lines.buffers()
        bounds = np.frombuffer(offsets, np.int32)[[lines.offset, lines.offset + len(lines)]]
        text = memoryview(data)[bounds[0] : bounds[1]]  # the lines, one after another
        if self.send_time:
            table, columns = insert_sql(Observation, (*_COPY_COLUMNS, "updated_at"), _TIMED)
        else:
            table, columns = insert_sql(Observation, _COPY_COLUMNS, _DEFAULTED)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            copy.write(text)

    def _remember(self, ind, ter, per_text) -> None:
        """The new keys of indicators that computed ones depend on, for the recomputation."""
        if self.depended is None:
            from stradom.catalog.services.computed import depended_on

            self.depended = depended_on()
        if not self.depended:
            return
        wanted = np.isin(ind, np.array(sorted(self.depended), dtype=np.int64))
        if not wanted.any():
            return
        changed = self.writer._changed
        periods = per_text.filter(pa.array(wanted)).to_pylist()
        for i, t, p in zip(ind[wanted].tolist(), ter[wanted].tolist(), periods, strict=True):
            changed[i].add((t, p, ""))


def _first_stored(ind: np.ndarray, ter: np.ndarray, per_text: pa.Array) -> bool:
    """Is the batch's first key stored? (One probe, which spares a re-import the write
    that the primary key would refuse.)"""
    return Observation.objects.filter(
        indicator_id=int(ind[0]),
        territory_id=int(ter[0]),
        period=per_text[0].as_py(),
        dimensions="",
    ).exists()


def _lock(indicator_ids: np.ndarray, territory_ids: np.ndarray) -> None:
    """As ``_lock_referenced`` of the per-row path: the batch's indicators and territories,
    once per distinct id, against deletion until the commit (the table has no foreign
    keys; see ``Observation``)."""
    if connection.vendor != "postgresql":
        return
    from stradom.territory.models import Territory

    with connection.cursor() as cursor:
        for model, ids in ((Indicator, indicator_ids), (Territory, territory_ids)):
            cursor.execute(
                f"SELECT 1 FROM {model._meta.db_table} WHERE id = ANY(%s) FOR KEY SHARE",  # noqa: S608
                [sorted(set(ids.tolist()))],
            )


# A stored value is "the same" exactly as ``_same`` of the per-row path has it for a plain
# row: equal value, final, no interval, no n, no note or source, no flags, no provenance.
_SAME = (
    "o.value = k.v AND o.status = 'final' AND o.ci_low IS NULL AND o.ci_high IS NULL "
    "AND o.base_n IS NULL AND o.note = '' AND o.source = '' AND {flags} "
    "AND o.provenance IS NULL"
)
_PG_STORED = (
    "SELECT k.n, "  # noqa: S608 - fixed text; the values are parameters
    + _SAME.format(flags="o.flags = '[]'::jsonb")
    + " FROM unnest("
    "%s::integer[], %s::integer[], %s::text[], %s::numeric[]) WITH ORDINALITY AS k(i, t, p, v, n) "
    "JOIN {table} o ON o.indicator_id = k.i AND o.territory_id = k.t AND o.period = k.p "
    "AND o.dimensions = ''"
)
_SQLITE_STORED = (
    "SELECT k.n, "  # noqa: S608 - fixed text; the values are parameters
    + _SAME.format(flags="o.flags = '[]'")
    + " FROM (SELECT "
    "CAST(j.key AS INTEGER) + 1 AS n, json_extract(j.value, '$[0]') AS i, "
    "json_extract(j.value, '$[1]') AS t, json_extract(j.value, '$[2]') AS p, "
    "CAST(json_extract(j.value, '$[3]') AS NUMERIC) AS v FROM json_each(%s) j) k "
    "JOIN {table} o ON o.indicator_id = k.i AND o.territory_id = k.t AND o.period = k.p "
    "AND o.dimensions = ''"
)


# The stored rows of a batch's indicators (ids as an array literal) whose territory and
# period lie between the batch's least and greatest (parameters), with whether each is
# "the same" but for its value (see _SAME). One text, a line per row (one message rather
# than a row at a time to Python). The bounds, not lists: the index is searched once per
# indicator (an array for each of three key columns had it search once for every
# combination) and a bound costs a comparison per row where a list of a hundred periods
# cost a search; a row of another territory or period the bounds let through matches no
# key of the batch and is left aside. Periods compare as bytes (``COLLATE "C"``), the
# order Python's ``min`` and ``max`` of the codes follow.
_PG_STORED_ROWS = (
    "SELECT string_agg(concat_ws(E'\\t', indicator_id, territory_id, period, "
    "coalesce(trim_scale(value)::text, '\\N'), status = 'final' "
    "AND ci_low IS NULL AND ci_high IS NULL AND base_n IS NULL AND note = '' "
    "AND source = '' AND flags = '[]'::jsonb AND provenance IS NULL), E'\\n') FROM {table} "
    "WHERE indicator_id = ANY('{indicators}'::integer[]) "
    "AND territory_id BETWEEN %s AND %s "
    "AND period COLLATE \"C\" BETWEEN %s AND %s AND dimensions = ''"
)


def _stored(ind, ter, per_text, values):
    """Which rows are stored already: ``True`` when none is, a boolean array when some
    are (all unchanged), ``None`` when a stored value differs."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    n = len(values)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT count(*), count(*) FILTER (WHERE same IS NOT TRUE) FROM ("  # noqa: S608
                f"{_PG_STORED.format(table=table)}) s(n, same)",
                [
                    _pg_array(pa.array(ind)),
                    _pg_array(pa.array(ter)),
                    _pg_array(per_text),
                    _pg_array(values),
                ],
            )
            found, differ = cursor.fetchone()
            if differ:
                return None
            if not found:
                return True
            cursor.execute(
                f"{_PG_STORED.format(table=table)}",
                [
                    _pg_array(pa.array(ind)),
                    _pg_array(pa.array(ter)),
                    _pg_array(per_text),
                    _pg_array(values),
                ],
            )
        else:
            items = pc.binary_join_element_wise(
                "[",
                pa.array(ind).cast(pa.string()),
                ",",
                pa.array(ter).cast(pa.string()),
                ',"',
                per_text,
                '","',
                values,
                '"]',
                "",
            )
            cursor.execute(
                _SQLITE_STORED.format(table=table), ["[" + ",".join(items.to_pylist()) + "]"]
            )
        rows = cursor.fetchall()
    if not rows:
        return True
    if not all(same for _n, same in rows):
        return None
    stored = np.zeros(n, dtype=bool)
    stored[np.array([k for k, _same in rows], dtype=np.int64) - 1] = True
    return stored


def _pg_array(column: pa.Array) -> str:
    """A PostgreSQL array literal of plain texts (ids, period codes, digits): ``{a,b}``."""
    texts = column.cast(pa.string())
    joined = pc.binary_join(
        pa.ListArray.from_arrays(pa.array([0, len(texts)], pa.int32()), texts), ","
    )
    return "{" + joined[0].as_py() + "}"
