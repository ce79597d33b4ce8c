"""bench/web/cpu.py: CPU and wall time of one uncached render of each page of
``run.py`` and of the observations API, in this process (Django's test client, no
gunicorn, no page cache), with the number of queries — steadier than wrk's latencies
on a shared machine, and what a signed-in user's or an API token's request costs.

    .venv/bin/python bench/web/cpu.py --db postgres://postgres@127.0.0.1:5432/stradom_bench_web

Run it on a database ``run.py`` has seeded. Prints the median and the lowest of
``--repeat`` renders; ``--only domain --profile /tmp/domain.prof`` profiles the pages
whose names contain "domain".
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/stradom_bench_web")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--as",
        dest="who",
        choices=["anonymous", "coordinator"],
        default="anonymous",
        help="read as the public, or as a signed-in coordinator (session cookie; the API "
        "with the coordinator's token) who also opens the workspace",
    )
    parser.add_argument("--only", default="", help="render only the pages whose names contain this")
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="profile the timed renders (cProfile) into FILE and print the 30 functions "
        "of most own time",
    )
    args = parser.parse_args()
    os.environ.update(
        {
            "DATABASE_URL": args.db,
            "STRADOM_SECRET_KEY": "bench-only",
            "STRADOM_DEBUG": "False",
            "STRADOM_PAGE_CACHE_SECONDS": "0",
            "DJANGO_SETTINGS_MODULE": "stradom.settings",
        }
    )
    os.environ.setdefault("STRADOM_DATA_DIR", str(Path("/tmp") / "stradom-bench-web-cpu"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from stradom.strategy.models import Goal

    sys.path.insert(0, str(Path(__file__).parent))
    import pages as bench_pages

    # Static URLs without a collected manifest (the pages name the style sheet).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    goal = Goal.objects.filter(depth=1).order_by("order").first()
    pages = bench_pages.public_pages(goal.pk, "B0500")
    headers: dict[str, dict[str, str]] = {}
    if args.who == "coordinator":
        who = bench_pages.coordinator_credentials()
        pages.update(bench_pages.workspace_pages(goal.strategy_id, "B0500"))
        headers = {path: {"Cookie": who["cookie"]} for path in pages.values()}
        for path in bench_pages.api_pages(2015).values():
            headers[path] = {"Authorization": f"Bearer {who['token']}"}
    pages.update(bench_pages.api_pages(2015))
    pages = {name: path for name, path in pages.items() if args.only in name}
    profile = cProfile.Profile() if args.profile else None
    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"as {args.who}; load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"{args.repeat} renders each"
    )
    print(f"{'page':34} {'cpu ms':>7} {'min':>6} {'wall ms':>8} {'min':>6} {'queries':>7}")
    for name, path in pages.items():
        sent = headers.get(path, {})
        for _ in range(3):  # warm: templates, the assessment, the API's count
            response = client.get(path, headers=sent)
            assert response.status_code == 200, path
            # Read to the end, as a server does (and closes it): a streamed page left
            # unread holds a server-side cursor, which the garbage collector would close
            # in the middle of another query on the same connection, and wait forever.
            _read(response)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            _read(client.get(path, headers=sent))
        cpu, wall = [], []
        for _ in range(args.repeat):
            if profile:
                profile.enable()
            t, c = time.perf_counter(), time.process_time()
            _read(client.get(path, headers=sent))
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            if profile:
                profile.disable()
        print(
            f"{name:34} {statistics.median(cpu):7.1f} {min(cpu):6.1f} "
            f"{statistics.median(wall):8.1f} {min(wall):6.1f} {len(queries):7d}"
        )
    if profile:  # the times above include the profiler's own cost
        profile.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("tottime").print_stats(30)


def _read(response) -> bytes:
    """The whole body: a streamed one (the API with a token) is made as it is read."""
    return b"".join(response) if response.streaming else response.content


if __name__ == "__main__":
    main()
