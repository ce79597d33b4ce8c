"""The floor under any importer: storing the rows alone, against COPY into a plain table.

This measures, in one run on the same database, what it costs PostgreSQL merely to
*store* the same values in the shape Stradom keeps them (issue 14: the observation
table keyed by its natural key, no other index, no foreign keys; a new value names
its change set on its own row, no history row) — with no reading, parsing,
validation, permission, rules or Python work at all: the indicator and territory
ids, period bounds, values and places in the change set are resolved beforehand by
the server (untimed), and each step below is one ``COPY … FROM STDIN`` of those
finished rows or one statement:

1. ``COPY`` of the CSV into a plain four-column table (the baseline);
2. ``COPY`` of the finished rows into a table shaped like ``catalog_observation``
   with no key (the columns that are the same for every row — status, note,
   flags, time, change set… — filled by column defaults rather than sent);
3. building its primary key afterwards, in bulk (the cheapest way to have a key,
   open only to a load into a new table);
4. ``COPY`` of the same rows into a copy of ``catalog_observation`` as it is, its
   primary key kept row by row — what any importer into the real table must do.
   **This is the floor** the importer is measured against (``run.py`` runs it in
   the same run and prints ``ratio importer / floor``).

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

from run import _setup, generate, prepare, server_cpu  # noqa: E402 - the sibling's helpers

SERVER_CPU: list[float] = []  # the server CPU seconds of each step of the last measure()

RESOLVED = """
    SELECT i.id, t.id, p.period, {bounds} p.value, row_number() OVER ()
    FROM bench_floor_plain p
    JOIN catalog_indicator i ON i.code = p.indicator
    JOIN territory_territory t ON t.code = p.territory
"""
OBSERVATION_COLUMNS = "indicator_id, territory_id, period, period_start, period_end, value, seq"
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
    "change_set_id": "1",
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
        """Wall seconds of ``step``; its server CPU seconds go to ``SERVER_CPU``."""
        cpu = server_cpu()
        started = time.perf_counter()
        step()
        raw.commit()
        seconds = time.perf_counter() - started
        SERVER_CPU.append(server_cpu() - cpu)
        return seconds

    SERVER_CPU.clear()

    cursor.execute("DROP TABLE IF EXISTS bench_floor_plain, bench_floor_obs, bench_floor_full")
    cursor.execute(
        "CREATE TABLE bench_floor_plain (indicator varchar(30), territory varchar(20), "
        "period varchar(10), value numeric(28, 10))"
    )
    cursor.execute("CREATE TABLE bench_floor_obs (LIKE catalog_observation INCLUDING DEFAULTS)")
    cursor.execute("CREATE TABLE bench_floor_full (LIKE catalog_observation INCLUDING ALL)")
    for table in ("bench_floor_obs", "bench_floor_full"):
        cursor.execute(
            f"ALTER TABLE {table} "
            + ", ".join(f"ALTER {c} SET DEFAULT {d}" for c, d in CONSTANT_COLUMNS.items())
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
    raw.commit()
    results.append(
        (
            "COPY of finished rows into an observation-shaped table, no key",
            timed(
                lambda: _copy_in(
                    cursor, f"COPY bench_floor_obs ({OBSERVATION_COLUMNS}) FROM STDIN", rows
                )
            ),
        )
    )
    results.append(
        (
            "building its primary key afterwards (ADD PRIMARY KEY)",
            timed(
                lambda: cursor.execute(
                    "ALTER TABLE bench_floor_obs ADD PRIMARY KEY "
                    "(indicator_id, territory_id, period, dimensions)"
                )
            ),
        )
    )
    results.append(
        (
            "floor: the same rows into catalog_observation's copy, key kept row by row",
            timed(
                lambda: _copy_in(
                    cursor, f"COPY bench_floor_full ({OBSERVATION_COLUMNS}) FROM STDIN", rows
                )
            ),
        )
    )
    cursor.execute("SELECT count(*) FROM bench_floor_full")
    stored = cursor.fetchone()[0]
    cursor.execute("DROP TABLE bench_floor_plain, bench_floor_obs, bench_floor_full")
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
    print(f"{'keyed rows built in bulk (2 + 3)':70}{keyed:>8.2f}{keyed / baseline:>8.2f}")


if __name__ == "__main__":
    main()
