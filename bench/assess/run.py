"""Benchmark of the assessment engine: vectorised batch path vs a per-series Python loop.

Builds 100,000 series of 25 yearly points (2000-2024) and assesses them with every
method, twice: once through ``assess_batch`` (NumPy, all series at once) and once with
a plain loop calling the single-series ``assess`` for each series. Prints one table;
writes nothing.

    .venv/bin/python bench/assess/run.py [--series 100000] [--loop-series 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from stradom.assessment.engine import (  # noqa: E402
    METHODS,
    SeriesInput,
    assess,
    assess_batch,
)

YEARS = np.arange(2000, 2025)


def build(n: int, seed: int = 20240601) -> dict[str, np.ndarray]:
    """Random but plausible indicator series: a level, a yearly growth rate and noise,
    about 10 % of values missing, a few series negative, some zeros; half with a target
    for 2030, a tenth with a natural limit, a handful neutral."""
    rng = np.random.default_rng(seed)
    t = YEARS - YEARS[0]
    level = rng.lognormal(mean=3.0, sigma=1.5, size=n)
    growth = rng.normal(0.0, 0.03, size=n)
    noise = rng.normal(0.0, 0.02, size=(n, YEARS.size))
    values = level[:, None] * np.exp(growth[:, None] * t[None, :] + noise)
    values[rng.random(n) < 0.05] *= -1  # all-negative series (e.g. net migration)
    values[rng.random((n, YEARS.size)) < 0.10] = np.nan
    values[rng.random((n, YEARS.size)) < 0.002] = 0.0
    direction = rng.choice(np.array([1, -1, 0], dtype=np.int8), size=n, p=[0.55, 0.44, 0.01])
    latest = values[:, -1]
    with np.errstate(invalid="ignore"):
        target = np.where(
            rng.random(n) < 0.5,
            np.nan_to_num(latest, nan=level) * (1 + direction * rng.uniform(0.0, 0.5, n)),
            np.nan,
        )
    limit = np.where(rng.random(n) < 0.1, np.abs(level) * rng.uniform(1.0, 3.0, n), np.nan)
    base_year = np.where(rng.random(n) < 0.3, 2015.0, np.nan)
    return {
        "values": values,
        "direction": direction,
        "target_value": target,
        "target_year": np.where(np.isnan(target), np.nan, 2030.0),
        "limit": limit,
        "base_year": base_year,
    }


def to_series(data: dict[str, np.ndarray], count: int) -> list[SeriesInput]:
    names = {1: "higher_is_better", -1: "lower_is_better", 0: "neutral"}
    years = YEARS.tolist()
    out = []
    for i in range(count):
        row = data["values"][i]

        def opt(key: str, i: int = i) -> float | None:
            v = data[key][i]
            return None if np.isnan(v) else float(v)

        base = opt("base_year")
        target_year = opt("target_year")
        out.append(
            SeriesInput(
                points=tuple(
                    (y, float(v)) for y, v in zip(years, row.tolist(), strict=True) if v == v
                ),
                direction=names[int(data["direction"][i])],
                base_year=None if base is None else int(base),
                target_year=None if target_year is None else int(target_year),
                target_value=opt("target_value"),
                limit=opt("limit"),
            )
        )
    return out


def best_of(repeat: int, fn):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=100_000)
    parser.add_argument("--loop-series", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n, m = args.series, min(args.loop_series, args.series)

    start = time.perf_counter()
    data = build(n)
    built = time.perf_counter() - start
    start = time.perf_counter()
    series = to_series(data, m)
    converted = time.perf_counter() - start

    print(
        f"assessment engine benchmark: {n:,} series x {YEARS.size} yearly points; "
        f"loop over {m:,} series"
    )
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, "
        f"{platform.machine()}, {os.cpu_count()} cpu; arrays built in {built:.2f} s, "
        f"SeriesInput objects in {converted:.2f} s (not timed below)"
    )
    header = (
        f"{'method':<9} {'batch s':>8} {'batch series/s':>15} {'loop s':>8} "
        f"{'loop series/s':>14} {'speed-up':>9} {'agree':>15}"
    )
    print(header)
    print("-" * len(header))
    for name in METHODS:
        batch_time, result = best_of(
            args.repeat,
            lambda name=name: assess_batch(
                name,
                YEARS,
                data["values"],
                direction=data["direction"],
                base_year=data["base_year"],
                target_year=data["target_year"],
                target_value=data["target_value"],
                limit=data["limit"],
            ),
        )
        start = time.perf_counter()
        loop = [assess(name, s) for s in series]
        loop_time = time.perf_counter() - start
        statuses = result.statuses
        agree = sum(1 for r, b in zip(loop, statuses, strict=False) if r.status.value == b)
        batch_rate, loop_rate = n / batch_time, m / loop_time
        print(
            f"{name:<9} {batch_time:>8.3f} {batch_rate:>15,.0f} {loop_time:>8.2f} "
            f"{loop_rate:>14,.0f} {batch_rate / loop_rate:>8.0f}x {agree:>7,}/{m:<7,}"
        )
        counts = ", ".join(f"{s.value} {c:,}" for s, c in sorted(result.counts().items()))
        print(f"{'':<9} statuses: {counts}")


if __name__ == "__main__":
    main()
