"""bench/report: the annual monitoring report of a strategy with 300 linked indicators,
as PDF and as DOCX: wall time and peak memory of each.

Seeds a scratch SQLite database (in a temporary folder, or ``--data-dir``) with a
SYNTHETIC strategy shaped like Kraków's (6 strategic goals x 3 operational goals), N
synthetic indicators ("Wskaźnik syntetyczny …", values invented for the benchmark, never
shown anywhere else) with Y yearly values for the city, linked to the operational
goals (half with a target), a few survey-based ones with intervals and 18 districts
(two suppressed), and budget tasks (illustrative) serving the goals. Then it makes
each report in a fresh process through ``stradom.reports.services.generate_report``
and prints its time and the process's peak resident memory.

    .venv/bin/python bench/report/run.py                    # 300 indicators x 12 years
    .venv/bin/python bench/report/run.py --indicators 50    # quick

Targets (issue 7): PDF <= 60 s, DOCX <= 20 s, peak memory <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"pdf": 60.0, "docx": 20.0}
TARGET_MB = 1536
YEAR = 2024


def seed(n_indicators: int, n_years: int, n_surveys: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from stradom.catalog.models import Domain, Indicator
    from stradom.catalog.services import ObservationInput, write_observations
    from stradom.finance.models import Unit
    from stradom.finance.services import create_budget_task
    from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel
    from stradom.territory.models import Territory, TerritoryKind

    city = Territory.objects.create(code="1261011", name="Kraków", kind=TerritoryKind.GMINA)
    districts = [
        Territory.objects.create(
            code=f"1261011-{i:02d}",
            name=f"Dzielnica {i}",
            number=str(i),
            kind=TerritoryKind.SUBMUNICIPAL,
            parent=city,
        )
        for i in range(1, 19)
    ]
    domain = Domain.objects.create(code="syn", name_pl="dziedzina syntetyczna")
    indicators = Indicator.objects.bulk_create(
        Indicator(
            code=f"SYN{i:04d}",
            name_pl=f"Wskaźnik syntetyczny {i}",
            unit="%",
            domain=domain,
            polarity="higher_is_better" if i % 3 else "lower_is_better",
            publication_status="published",
            kind="subjective" if i < n_surveys else "objective",
        )
        for i in range(n_indicators)
    )
    strategy = Strategy.objects.create(
        code="SYN", name_pl="Strategia syntetyczna (benchmark)", start_year=2018, end_year=2030
    )
    StrategyLevel.objects.create(strategy=strategy, depth=1, name_pl="cel strategiczny")
    StrategyLevel.objects.create(strategy=strategy, depth=2, name_pl="cel operacyjny")
    leaves = []
    for s in range(1, 7):
        root = Goal.objects.create(
            strategy=strategy, code=f"{s}", name_pl=f"Cel strategiczny {s}", depth=1, order=s
        )
        for o in range(1, 4):
            leaves.append(
                Goal.objects.create(
                    strategy=strategy,
                    code=f"{s}.{o}",
                    name_pl=f"Cel operacyjny {s}.{o}",
                    parent=root,
                    depth=2,
                    order=o,
                )
            )
    years = range(YEAR - n_years + 1, YEAR + 1)

    def inputs():
        for k, ind in enumerate(indicators):
            trend = (k % 7 - 3) / 2
            for j, y in enumerate(years):
                value = Decimal(50 + trend * j + (k % 5)).quantize(Decimal("0.1"))
                if k < n_surveys:
                    if y % 2:
                        continue
                    yield ObservationInput(
                        ind.code,
                        city.code,
                        str(y),
                        value,
                        ci_low=value - 3,
                        ci_high=value + 3,
                        base_n=1000,
                    )
                    if y == YEAR:
                        for d, unit in enumerate(districts):
                            small = d < 2
                            yield ObservationInput(
                                ind.code,
                                unit.code,
                                str(y),
                                None if small else value + d % 4,
                                status="not_available" if small else "final",
                                ci_low=None if small else value + d % 4 - 8,
                                ci_high=None if small else value + d % 4 + 8,
                                base_n=20 if small else 55,
                                provenance={"suppressed": small, "min_base": 30},
                            )
                else:
                    yield ObservationInput(ind.code, city.code, str(y), value)

    report = write_observations(inputs(), actor=None, reason="bench", channel="command")
    assert report.ok, report.problems[:5]
    GoalIndicator.objects.bulk_create(
        GoalIndicator(
            goal=leaves[k % len(leaves)],
            indicator=ind,
            territory=city,
            baseline_year=years[0],
            target_year=2030 if k % 2 else None,
            target_value=Decimal(70) if k % 2 else None,
            target_source="benchmark" if k % 2 else "",
            order=k,
        )
        for k, ind in enumerate(indicators)
    )
    unit = Unit.objects.create(code="syn", name_pl="Jednostka syntetyczna", domain=domain)
    for t, goal in enumerate(leaves * 3):
        create_budget_task(
            year=YEAR,
            code=f"T{t:03d}",
            name_pl=f"Zadanie syntetyczne {t}",
            unit=unit,
            classification="900-90005-4300",
            plan=Decimal(100000 + 1000 * t),
            execution=Decimal(50000 + 500 * t),
            goal_shares={goal: Decimal(100)},
            illustrative=True,
            reason="bench",
        )
    print(f"seeded {report.created:,} observations, {n_indicators} links, {len(leaves)} leaves")


def measure(fmt: str, out_dir: str) -> None:
    import django

    django.setup()
    from stradom.reports.services import generate_report

    started = time.perf_counter()
    path = generate_report("monitoring", fmt, user=None, out_dir=Path(out_dir), year=YEAR)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"format": fmt, "seconds": seconds, "peak_mb": peak_mb, "bytes": path.stat().st_size}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--years", type=int, default=12)
    parser.add_argument("--surveys", type=int, default=10)
    parser.add_argument("--data-dir", help="keep the scratch database here (default: temporary)")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--measure", choices=sorted(TARGETS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="stradom-bench-report-")
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "STRADOM_DATA_DIR": data_dir,
        "STRADOM_SECRET_KEY": "bench-only",
        "STRADOM_DEBUG": "False",
        "DJANGO_SETTINGS_MODULE": "stradom.settings",
    }
    env.pop("DATABASE_URL", None)
    os.environ.update(env)
    os.environ.pop("DATABASE_URL", None)
    if args.measure:
        measure(args.measure, data_dir)
        return
    try:
        if not args.skip_seed:
            started = time.perf_counter()
            seed(args.indicators, args.years, args.surveys)
            print(f"seeding took {time.perf_counter() - started:.0f} s")
        failed = False
        for fmt in ("pdf", "docx"):
            out = subprocess.run(  # noqa: S603 - our own script
                [sys.executable, __file__, "--measure", fmt, "--data-dir", data_dir],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            ok = r["seconds"] <= TARGETS[fmt] and r["peak_mb"] <= TARGET_MB
            failed |= not ok
            print(
                f"{fmt:5} {r['seconds']:7.1f} s (target {TARGETS[fmt]:.0f})  "
                f"peak {r['peak_mb']:7.0f} MB (target {TARGET_MB})  "
                f"{r['bytes'] / 1e6:.1f} MB file  {'meets' if ok else 'MISSES'}"
            )
        print("all targets met" if not failed else "some target missed")
    finally:
        if not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
