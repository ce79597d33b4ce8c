"""bench/web: the public pages and the observations API under gunicorn on PostgreSQL,
measured with wrk.

Seeds a database with N indicators x Y yearly values x T territories (the city and its
districts, with boundaries), a strategy linking every indicator to a goal, starts
``stradom serve`` (gunicorn) and runs wrk against each page type (16 connections), a
static file (the same run's baseline) and the observations API with 10,000 rows
(8 connections); prints req/s, p50/p95/p99 and each page's throughput against the
static file's.

    .venv/bin/python bench/web/run.py                       # 1,000 x 25 x 19, 15 s per page
    .venv/bin/python bench/web/run.py --indicators 50 --duration 5   # quick
    .venv/bin/python bench/web/run.py --skip-seed          # re-measure the same database
    .venv/bin/python bench/web/run.py --skip-seed --no-page-cache   # every request renders

Needs PostgreSQL (``--db``, default postgres://postgres@127.0.0.1:5432/stradom_bench_web;
the database is dropped and created unless --skip-seed) and ``wrk`` on the PATH.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))
import pages as bench_pages  # noqa: E402 - bench/web's own module, beside this script

LUA = Path(__file__).with_name("percentiles.lua")
TARGET_P95_MS = 150.0  # dynamic pages, 16 connections
TARGET_API_P95_MS = 300.0  # 10,000 observations as JSON, 8 connections
TARGET_STATIC_RATIO = 8.0  # every page's p95 against the static file's, same run (issue 16)


def recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def square(i: int) -> dict:
    x, y = 19.80 + 0.04 * (i % 6), 50.00 + 0.03 * (i // 6)
    ring = [[x, y], [x + 0.04, y], [x + 0.04, y + 0.03], [x, y + 0.03], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def seed(n_indicators: int, n_years: int, n_districts: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from stradom.catalog.models import Domain, Indicator
    from stradom.catalog.services import ObservationInput, write_observations
    from stradom.strategy.models import Goal, GoalIndicator, Strategy
    from stradom.territory.models import Territory, TerritoryKind

    city = Territory.objects.create(code="1261011", name="Kraków", kind=TerritoryKind.GMINA)
    districts = [
        Territory.objects.create(
            code=f"1261011-{i:02d}",
            name=f"Dzielnica {i}",
            kind=TerritoryKind.SUBMUNICIPAL,
            parent=city,
            number=str(i),
            geometry=square(i),
        )
        for i in range(1, n_districts + 1)
    ]
    domain = Domain.objects.create(code="d", name_pl="dziedzina")
    indicators = Indicator.objects.bulk_create(
        Indicator(
            code=f"B{i:04d}",
            name_pl=f"Wskaźnik {i}",
            unit="%",
            domain=domain,
            polarity="higher_is_better",
            publication_status="published",
        )
        for i in range(1, n_indicators + 1)
    )
    strategy = Strategy.objects.create(
        code="S", name_pl="Strategia", start_year=2000, end_year=2030
    )
    roots = [
        Goal.objects.create(strategy=strategy, code=str(g), name_pl=f"Cel {g}", depth=1, order=g)
        for g in range(1, 11)
    ]
    years = range(2025 - n_years, 2025)
    units = [city, *districts]

    def inputs():
        for k, ind in enumerate(indicators):
            for t, unit in enumerate(units):
                for j, y in enumerate(years):
                    yield ObservationInput(
                        ind.code, unit.code, str(y), Decimal(100 + k % 50 + t + j) / 4
                    )

    started = time.perf_counter()
    report = write_observations(inputs(), actor=None, reason="bench", channel="command")
    assert report.ok, report.problems[:5]
    GoalIndicator.objects.bulk_create(
        GoalIndicator(
            goal=roots[k % len(roots)],
            indicator=ind,
            territory=city,
            baseline_year=years[0],
            baseline_value=Decimal(25),
            order=k,
        )
        for k, ind in enumerate(indicators)
    )
    print(
        f"seeded {report.created:,} observations "
        f"({n_indicators} x {n_years} x {len(units)}) in {time.perf_counter() - started:.0f} s"
    )
    return {"goal": roots[0].pk, "strategy": strategy.pk}


def wait_for(url: str, seconds: float = 600) -> None:  # collectstatic compresses first
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=120) as r:  # noqa: S310 - local
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer at {url}")


def wrk(
    url: str, connections: int, duration: int, headers: dict[str, str] | None = None
) -> dict[str, float]:
    sent = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(  # noqa: S603 - our own command
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(LUA), *sent, url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", out.split("RESULT", 1)[1])}


def _error_kinds(m: dict[str, float]) -> str:
    """`` (read 16)``: what wrk counted as errors, by kind (status: a 4xx or 5xx)."""
    kinds = [f"{k} {int(m[k])}" for k in ("connect", "read", "write", "status", "timeout")]
    found = [k for k in kinds if not k.endswith(" 0")]
    return f" ({', '.join(found)})" if found else ""


def prepare_existing() -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a database seeded by an older version
    from stradom.strategy.models import Goal

    goal = Goal.objects.filter(depth=1).order_by("order").first()
    return {"goal": goal.pk, "strategy": goal.strategy_id}


def analyze(url: str) -> None:
    """Planner statistics, as autovacuum would have them on a database in use: without
    them PostgreSQL sorts all 475,000 rows for the first page of the API."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/stradom_bench_web")
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--years", type=int, default=25)
    parser.add_argument("--districts", type=int, default=18)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--api-connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)  # as README's production example
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument(
        "--only", default="", help="measure only the pages whose names contain this text"
    )
    parser.add_argument(
        "--as",
        dest="who",
        choices=["anonymous", "coordinator"],
        default="anonymous",
        help="read as the public, or as a signed-in coordinator (session cookie; the API "
        "with the coordinator's token) who also opens the workspace",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="STRADOM_PAGE_CACHE_SECONDS=0: every request renders its page",
    )
    parser.add_argument("--server-log", help="write gunicorn's log to this file (default: none)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    data_dir = tempfile.mkdtemp(prefix="stradom-bench-web-")
    env = {
        **os.environ,
        "DATABASE_URL": args.db,
        "STRADOM_SECRET_KEY": "bench-only",
        "STRADOM_DATA_DIR": data_dir,
        "STRADOM_DEBUG": "False",
        "DJANGO_SETTINGS_MODULE": "stradom.settings",
        "STRADOM_PAGE_CACHE_SECONDS": "0" if args.no_page_cache else "600",
    }
    os.environ.update(env)
    if not args.skip_seed:
        recreate_database(args.db)
        ids = seed(args.indicators, args.years, args.districts)
    else:
        ids = prepare_existing()
    analyze(args.db)
    middle = f"B{max(1, args.indicators // 2):04d}"
    pages = bench_pages.public_pages(ids["goal"], middle)
    api = bench_pages.api_pages(2025 - min(args.years, 10))
    headers: dict[str, dict[str, str]] = {}
    if args.who == "coordinator":
        who = bench_pages.coordinator_credentials()
        pages.update(bench_pages.workspace_pages(ids["strategy"], middle))
        headers = {path: {"Cookie": who["cookie"]} for path in pages.values()}
        headers.update({path: {"Authorization": f"Bearer {who['token']}"} for path in api.values()})
    pages = {name: path for name, path in pages.items() if args.only in name}
    api = {name: path for name, path in api.items() if args.only in name}
    base = f"http://127.0.0.1:{args.port}"
    log = open(args.server_log, "w") if args.server_log else subprocess.DEVNULL  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 - our own command
        [
            sys.executable,
            "-m",
            "stradom.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    try:
        wait_for(base + "/indicators/")
        with urllib.request.urlopen(base + "/", timeout=120) as r:  # noqa: S310 - local
            css = re.search(r'href="(/static/[^"]+\.css)"', r.read().decode()).group(1)
        for path in [*pages.values(), *api.values()]:  # warm each worker
            warm = urllib.request.Request(base + path, headers=headers.get(path, {}))  # noqa: S310
            for _ in range(args.workers * 3):
                with urllib.request.urlopen(warm, timeout=120) as r:  # noqa: S310 - local
                    assert r.status == 200 and "/panel/login/" not in r.url, path
                    r.read()
        cache = "off" if args.no_page_cache else "on"
        print(
            f"as {args.who}; page cache {cache}; {args.workers} gunicorn workers; "
            f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        static = wrk(base + css, args.connections, args.duration)
        header = f"{'page':34} {'conn':>4} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        print(f"{header} {'/static':>8}  errors")

        def show(name: str, m: dict[str, float], connections: int) -> None:
            print(
                f"{name:34} {connections:4d} {m['rps']:8.1f} {m['p50']:8.1f} {m['p95']:8.1f} "
                f"{m['p99']:8.1f} {m['rps'] / static['rps']:8.3f}  {int(m['errors'])}"
                + _error_kinds(m)
            )

        show(f"static file ({css.rsplit('/', 1)[1]})", static, args.connections)
        worst_page = worst_api = 0.0
        for name, path in pages.items():
            m = wrk(base + path, args.connections, args.duration, headers.get(path))
            worst_page = max(worst_page, m["p95"])
            show(name, m, args.connections)
        for name, path in api.items():
            m = wrk(base + path, args.api_connections, args.duration, headers.get(path))
            worst_api = max(worst_api, m["p95"])
            show(name, m, args.api_connections)
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        for what, measured, worst, target in (
            ("pages", pages, worst_page, TARGET_P95_MS),
            ("API", api, worst_api, TARGET_API_P95_MS),
        ):
            if not measured:  # --only left none of them: no verdict on nothing
                print(f"worst p95 of the {what}: none measured")
                continue
            verdict = "meets" if worst <= target else "misses"
            print(f"worst p95 of the {what}: {worst:.1f} ms, {verdict} the {target:.0f} ms target")
        if pages:
            print(
                f"worst p95 of the pages / the static file's p95: "
                f"{worst_page / static['p95']:.1f}x (target: at most {TARGET_STATIC_RATIO:.0f}x)"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
