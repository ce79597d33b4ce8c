"""The floor under any importer: storing the rows alone, against COPY into a plain table.

Issue #3 asks for the importer to take at most 3× the time of PostgreSQL's ``COPY``
of the same file into a plain table of its four columns. This measures, in one run
on the same database, what it costs PostgreSQL merely to *store* the same million
values in the shape Stradom keeps them — with no reading, parsing, validation,
permission, rules or Python work at all: the indicator and territory ids, period
bounds and values are resolved beforehand by the server (untimed), and each step
below is one ``COPY … FROM STDIN`` of those finished rows or one statement:

1. ``COPY`` of the CSV into a plain four-column table (the issue's baseline);
2. ``COPY`` of the finished rows into a table shaped like ``catalog_observation``
   with no index and no constraint (the best case: a bulk load into an empty table),
   the columns that are the same for every row (status, note, flags, time…) filled
   by column defaults rather than sent;
3. building that table's unique key afterwards, in bulk (``ADD UNIQUE``), the
   cheapest way to have a key at all;
4. ``COPY`` of the same rows into a copy of ``catalog_observation`` with all its
   indexes maintained row by row (what a load into a table that already holds
   data must do; no foreign keys);
5. ``COPY`` of one history row per value into a table shaped like
   ``catalog_observationchange``, without its index and without the JSON snapshot
   — the leanest record of who created the value, when and why, which the design
   asks of every way in.

It prints each as a ratio to (1). Steps 2 + 3 are the floor of any importer that
stores a keyed row per value; 2 + 3 + 5 of one that also keeps a history row per
value.

    .venv/bin/python bench/ingest/floor.py --rows 1000000 \
        --database-url postgres://postgres@127.0.0.1:5432/stradom_bench

PostgreSQL only. Uses scratch tables ``bench_floor_*``, dropped at the end; the
benchmark database is prepared as ``run.py`` does (its observations deleted).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import _setup, generate, prepare  # noqa: E402 - the sibling benchmark's helpers

RESOLVED = """
    SELECT i.id, t.id, p.period, {bounds} p.value
    FROM bench_floor_plain p
    JOIN catalog_indicator i ON i.code = p.indicator
    JOIN territory_territory t ON t.code = p.territory
"""
OBSERVATION_COLUMNS = "indicator_id, territory_id, period, period_start, period_end, value"
# The other columns are the same for every row of a plain import: the scratch tables get
# them as column defaults, the cheapest way to fill them (cheaper than sending them).
CONSTANT_COLUMNS = {
    "period_kind": "'Y'",
    "dimensions": "''",
    "status": "'final'",
    "note": "''",
    "source": "''",
    "flags": "'[]'",
    "updated_at": "now()",
}
HISTORY_COLUMNS = "indicator_id, territory_id, period, new_value"
# As above; the history row is the leanest one could keep: no JSON snapshot of the value.
HISTORY_CONSTANT_COLUMNS = {
    "dimensions": "''",
    "action": "'created'",
    "new_status": "'final'",
    "old_status": "''",
    "reason": "'import of long.csv'",
    "channel": "'import'",
    "batch": "'floor'",
    "at": "now()",
}


def _copy_in(cursor, sql: str, data: bytes) -> None:
    with cursor.copy(sql) as copy:
        view = memoryview(data)
        for start in range(0, len(view), 1 << 20):
            copy.write(view[start : start + (1 << 20)])


def _copy_out(cursor, query: str) -> bytes:
    out = io.BytesIO()
    with cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
        for block in copy:
            out.write(block)
    return out.getvalue()


def measure(path: Path) -> list[tuple[str, float]]:
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection  # psycopg 3, autocommit off inside each step's transaction
    cursor = raw.cursor()

    def timed(step) -> float:
        started = time.perf_counter()
        step()
        raw.commit()
        return time.perf_counter() - started

    cursor.execute("DROP TABLE IF EXISTS bench_floor_plain, bench_floor_obs, bench_floor_full")
    cursor.execute("DROP TABLE IF EXISTS bench_floor_history")
    cursor.execute(
        "CREATE TABLE bench_floor_plain (indicator varchar(30), territory varchar(20), "
        "period varchar(10), value numeric(28, 10))"
    )
    cursor.execute(
        "CREATE TABLE bench_floor_obs (LIKE catalog_observation INCLUDING DEFAULTS "
        "INCLUDING IDENTITY)"
    )
    cursor.execute("CREATE TABLE bench_floor_full (LIKE catalog_observation INCLUDING ALL)")
    for table in ("bench_floor_obs", "bench_floor_full"):
        cursor.execute(
            f"ALTER TABLE {table} "
            + ", ".join(f"ALTER {c} SET DEFAULT {d}" for c, d in CONSTANT_COLUMNS.items())
        )
    cursor.execute(
        "CREATE TABLE bench_floor_history (LIKE catalog_observationchange "
        "INCLUDING DEFAULTS INCLUDING IDENTITY)"
    )
    cursor.execute(
        "ALTER TABLE bench_floor_history "
        + ", ".join(f"ALTER {c} SET DEFAULT {d}" for c, d in HISTORY_CONSTANT_COLUMNS.items())
    )
    raw.commit()
    data = path.read_bytes()
    results = [
        (
            "COPY of the CSV into a plain 4-column table (baseline)",
            timed(
                lambda: _copy_in(
                    cursor, "COPY bench_floor_plain FROM STDIN WITH (FORMAT csv, HEADER true)", data
                )
            ),
        )
    ]
    # Untimed: the work an importer would have done before writing.
    bounds = "make_date(p.period::int, 1, 1), make_date(p.period::int, 12, 31),"
    rows = _copy_out(cursor, RESOLVED.format(bounds=bounds))
    history = _copy_out(cursor, RESOLVED.format(bounds=""))
    raw.commit()
    results.append(
        (
            "COPY of finished rows into an observation-shaped table, no index",
            timed(
                lambda: _copy_in(
                    cursor, f"COPY bench_floor_obs ({OBSERVATION_COLUMNS}) FROM STDIN", rows
                )
            ),
        )
    )
    results.append(
        (
            "building its unique key afterwards (ADD UNIQUE)",
            timed(
                lambda: cursor.execute(
                    "ALTER TABLE bench_floor_obs ADD UNIQUE "
                    "(indicator_id, territory_id, period, dimensions)"
                )
            ),
        )
    )
    results.append(
        (
            "COPY of the same rows into catalog_observation's copy, all indexes",
            timed(
                lambda: _copy_in(
                    cursor, f"COPY bench_floor_full ({OBSERVATION_COLUMNS}) FROM STDIN", rows
                )
            ),
        )
    )
    results.append(
        (
            "COPY of one history row per value, no index",
            timed(
                lambda: _copy_in(
                    cursor, f"COPY bench_floor_history ({HISTORY_COLUMNS}) FROM STDIN", history
                )
            ),
        )
    )
    cursor.execute("SELECT count(*) FROM bench_floor_obs")
    stored = cursor.fetchone()[0]
    cursor.execute(
        "DROP TABLE bench_floor_plain, bench_floor_obs, bench_floor_full, bench_floor_history"
    )
    raw.commit()
    if stored != len(rows.splitlines()):
        sys.exit(f"stored {stored} rows of {len(rows.splitlines())}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database to empty")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("the floor is measured on PostgreSQL only")
    _setup(args.database_url)
    path = Path(f"/tmp/stradom_bench/long_{args.rows}.csv")
    if not path.exists():
        generate(path, args.rows)
    prepare(args.rows)
    load_before = os.getloadavg()[0]
    results = measure(path)
    baseline = results[0][1]
    print(
        f"\n{args.rows:,} rows, load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs"
    )
    print(f"{'':70}{'wall s':>8}{'× COPY':>8}")
    for label, seconds in results:
        print(f"{label:70}{seconds:>8.2f}{seconds / baseline:>8.2f}")
    keyed = results[1][1] + results[2][1]
    print(f"{'keyed rows alone, no history (2 + 3)':70}{keyed:>8.2f}{keyed / baseline:>8.2f}")
    floor = keyed + results[4][1]
    print(
        f"{'floor: keyed rows + one history row per value (2 + 3 + 5)':70}"
        f"{floor:>8.2f}{floor / baseline:>8.2f}"
    )


if __name__ == "__main__":
    main()
