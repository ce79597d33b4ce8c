"""Benchmark of the importer against the database's own bulk load.

Generates a long-form CSV (indicator, territory, period, value) of ``--rows`` rows
(500 indicators × 20 territories × as many yearly periods as needed), prepares the
indicators and territories through the ORM, then:

1. imports it through the real importer (``stradom.ingest.services.import_file``:
   reading, validation, permission, rules, history rows, one transaction), in a
   child process so its peak memory (``ru_maxrss``) is its own;
2. re-imports the same file (nothing changes; the report must say so);
3. loads the same file into a plain table of the same four columns with
   PostgreSQL's ``COPY … FROM STDIN`` — on SQLite, which has no COPY, with
   ``csv.reader`` + ``executemany`` in one transaction, the fastest plain load
   the standard library offers.

Prints rows per second of each and the ratio importer / bulk load.

    .venv/bin/python bench/ingest/run.py --rows 1000000 \
        --database-url postgres://postgres@127.0.0.1:5432/stradom_bench
    .venv/bin/python bench/ingest/run.py --rows 200000   # SQLite in /tmp

The database named by ``--database-url`` is emptied of observations and used
for the benchmark only: never point it at a database you care about.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

INDICATORS = 500
TERRITORIES = 20
FIRST_YEAR = 1900


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("STRADOM_SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("STRADOM_DATA_DIR", "/tmp/stradom_bench")
    os.environ.setdefault("STRADOM_IMPORT_MAX_ROWS", "50000000")
    os.environ.setdefault("STRADOM_IMPORT_MAX_BYTES", str(4 * 1024**3))
    os.environ["DJANGO_SETTINGS_MODULE"] = "stradom.settings"
    Path(os.environ["STRADOM_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def shape(rows: int) -> tuple[int, int, int]:
    # Beyond a million rows, more indicators rather than more years (a century at most).
    indicators = max(min(INDICATORS, rows), -(-rows // (TERRITORIES * 100)))
    territories = max(1, min(TERRITORIES, rows // indicators))
    periods = -(-rows // (indicators * territories))
    return indicators, territories, periods


def generate(path: Path, rows: int, first_year: int = FIRST_YEAR) -> None:
    """Write the CSV: rows in file order indicator → territory → period, two decimals."""
    indicators, territories, periods = shape(rows)
    rng = random.Random(20240601 + first_year)  # noqa: S311 - test data, not security
    written = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("indicator,territory,period,value\n")
        for i in range(indicators):
            code = f"BENCH_{i:03d}"
            for t in range(territories):
                place = f"99{t:02d}011"
                lines = []
                for p in range(periods):
                    if written >= rows:
                        break
                    value = rng.randrange(0, 10_000_000) / 100
                    lines.append(f"{code},{place},{first_year + p},{value:.2f}\n")
                    written += 1
                fh.writelines(lines)


def prepare(rows: int) -> None:
    """Empty the benchmark database of values; create the indicators and territories."""
    from django.core.management import call_command
    from django.db import connection

    from stradom.catalog.models import ChangeSet, Indicator, Observation, ObservationRevision
    from stradom.territory.models import Territory, TerritoryKind

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        for model in (ObservationRevision, Observation, ChangeSet):
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {table} CASCADE")  # the scratch database only
            else:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - model table names
    indicators, territories, _ = shape(rows)
    country, _ = Territory.objects.get_or_create(
        code="PL", defaults={"name": "Polska", "kind": TerritoryKind.COUNTRY}
    )
    for t in range(territories):
        Territory.objects.get_or_create(
            code=f"99{t:02d}011",
            defaults={"name": f"Gmina {t}", "kind": TerritoryKind.GMINA, "parent": country},
        )
    existing = set(Indicator.objects.values_list("code", flat=True))
    Indicator.objects.bulk_create(
        Indicator(code=f"BENCH_{i:03d}", name_pl=f"Wskaźnik {i}", unit="-")
        for i in range(indicators)
        if f"BENCH_{i:03d}" not in existing
    )


def server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def child_import(path: Path, profile: str | None) -> None:
    """Run in a subprocess: one import, printed as JSON on stdout."""
    import pyarrow as pa

    from stradom.ingest.services import import_file

    # Once per process, as in the worker that runs imports: pyarrow loads its compute
    # kernels (and, where pandas is installed, pandas) on first use.
    pa.array([0]).cast(pa.string())
    server = server_cpu()

    started = time.perf_counter()
    cpu = time.process_time()
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        report = profiler.runcall(import_file, path, actor=None, reason="benchmark")
        profiler.dump_stats(profile)
    else:
        report = import_file(path, actor=None, reason="benchmark")
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    server = server_cpu() - server
    w = report.write
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu,
                "server_cpu_seconds": server,
                "rows": report.rows,
                "created": w.created,
                "updated": w.updated,
                "unchanged": w.unchanged,
                "problems": [str(p) for p in w.problems[:5]],
                "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


def run_importer(path: Path, database_url: str, profile: str | None = None) -> dict:
    command = [sys.executable, __file__, "--child-import", str(path)]
    command += ["--database-url", database_url]
    if profile:
        command += ["--profile", profile]
    out = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    return json.loads(out.stdout.strip().splitlines()[-1])


def bulk_load(path: Path) -> float:
    """The database's own load of the same file into a plain table; seconds."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain")
        cursor.execute(
            "CREATE TABLE bench_plain (indicator varchar(30), territory varchar(20), "
            "period varchar(10), value numeric(28, 10))"
        )
    server = server_cpu()
    started = time.perf_counter()
    cpu = time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with (
                path.open("rb") as fh,
                cursor.cursor.copy(
                    "COPY bench_plain FROM STDIN WITH (FORMAT csv, HEADER true)"
                ) as copy,
            ):
                while block := fh.read(1 << 20):
                    copy.write(block)
        else:
            with path.open(encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                next(reader)
                cursor.executemany(
                    "INSERT INTO bench_plain VALUES (%s, %s, %s, %s)",
                    ((a, b, c, Decimal(d)) for a, b, c, d in reader),
                )
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    server = server_cpu() - server
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_plain")
        loaded = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_plain")
    return {"seconds": seconds, "cpu_seconds": cpu, "server_cpu_seconds": server, "rows": loaded}


def _file(rows: int, first_year: int = FIRST_YEAR) -> Path:
    name = f"long_{rows}.csv" if first_year == FIRST_YEAR else f"long_{rows}_from_{first_year}.csv"
    path = Path(f"/tmp/stradom_bench/{name}")
    if not path.exists():
        t = time.perf_counter()
        generate(path, rows, first_year)
        size = path.stat().st_size / 1e6
        print(f"generated {path} ({size:.1f} MB) in {time.perf_counter() - t:.1f} s")
    return path


def _row(label: str, run: dict, rows: int) -> None:
    rss = f"{run['maxrss_mb']:>13.0f}" if "maxrss_mb" in run else ""
    print(
        f"{label:44}{run['seconds']:>8.1f}{rows / run['seconds']:>11,.0f}"
        f"{run['cpu_seconds']:>8.1f}{run['server_cpu_seconds']:>14.1f}{rss}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="sqlite:////tmp/stradom_bench/bench.sqlite3")
    parser.add_argument("--file", type=Path, help="reuse this CSV instead of generating one")
    parser.add_argument("--profile", help="write a cProfile of the first import here")
    parser.add_argument("--no-reimport", action="store_true")
    parser.add_argument(
        "--growth", type=int, metavar="ROWS", help="also import ROWS new rows (e.g. 5000000)"
    )
    parser.add_argument("--child-import", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    _setup(args.database_url)
    if args.child_import:
        child_import(args.child_import, args.profile)
        return

    from django.db import connection

    path = args.file or _file(args.rows)
    # Other periods of the same series: new values into a table that holds the first file's.
    periods = shape(args.rows)[2]
    later = _file(args.rows, FIRST_YEAR + periods)
    bigger = _file(args.growth) if args.growth else None
    prepare(max(args.rows, args.growth or 0))
    load_before = os.getloadavg()[0]
    vendor = connection.vendor
    connection.close()  # the child gets the database to itself

    def run(path: Path, profile: str | None = None) -> dict:
        result = run_importer(path, args.database_url, profile)
        if result["problems"]:
            sys.exit(f"the importer refused {path}: {result['problems']}")
        return result

    first = run(path, args.profile)
    again = None if args.no_reimport else run(path)
    more = run(later)
    plain = bulk_load(path)
    floor = None
    if vendor == "postgresql":
        from floor import SERVER_CPU, measure

        steps = ("copy", "no key", "key after", "floor")
        floor = dict(zip(steps, (seconds for _label, seconds in measure(path)), strict=True))
        floor["floor cpu"] = SERVER_CPU[3]
    grown = None
    if bigger:
        prepare(args.growth)
        connection.close()
        grown = run(bigger)
    rows = first["rows"]
    baseline = "COPY" if vendor == "postgresql" else "executemany"
    python = f"{platform.python_implementation()} {platform.python_version()}"
    load = os.getloadavg()[0]
    print(
        f"\n{python}, {vendor}, {rows:,} rows, load average {load_before:.1f} before, "
        f"{load:.1f} after, on {os.cpu_count()} CPUs"
    )
    print(f"{'':44}{'wall s':>8}{'rows/s':>11}{'CPU s':>8}{'server CPU s':>14}{'peak RSS MB':>13}")
    _row("importer, new values, empty table", first, rows)
    if again:
        _row("importer, the same file again", again, rows)
    _row(f"importer, new values, table holding {rows:,}", more, rows)
    _row(f"{baseline} into a plain table", plain, rows)
    if floor:
        print(
            f"{'floor (COPY of finished rows, key kept)':44}{floor['floor']:>8.1f}{'':>11}"
            f"{0:>8.1f}{floor['floor cpu']:>14.1f}"
        )
    if grown:
        _row(f"importer, {grown['rows']:,} new values, empty table", grown, grown["rows"])

    def ratio(label: str, seconds: float, base: float) -> None:
        print(f"ratio {label}, wall time: {seconds / base:.1f}×")

    ratio(f"importer / {baseline}", first["seconds"], plain["seconds"])
    if floor:
        ratio("importer / floor", first["seconds"], floor["floor"])
        ratio("floor / COPY (same run)", floor["floor"], floor["copy"])
    ratio(f"importer into a table holding {rows:,} / {baseline}", more["seconds"], plain["seconds"])
    if again:
        ratio(f"unchanged re-import / {baseline}", again["seconds"], plain["seconds"])
    total = first["cpu_seconds"] + first["server_cpu_seconds"]
    total_plain = plain["cpu_seconds"] + plain["server_cpu_seconds"]
    print(f"ratio importer / {baseline}, CPU time (client + server): {total / total_plain:.1f}×")
    if floor:
        floor_cpu = floor["floor cpu"]
        print(f"ratio importer / floor, CPU time (client + server): {total / floor_cpu:.1f}×")
    if grown:
        growth = grown["rows"] / rows
        print(
            f"growth {rows:,} → {grown['rows']:,} rows ({growth:.0f}× the rows), wall time: "
            f"{grown['seconds'] / first['seconds']:.2f}×; peak memory {grown['maxrss_mb']:.0f} MB"
        )
    print(
        f"first import: {first['created']:,} new; second: "
        + (f"{again['created']:,} new, {again['unchanged']:,} unchanged" if again else "skipped")
        + f"; into the filled table: {more['created']:,} new"
    )


if __name__ == "__main__":
    main()
