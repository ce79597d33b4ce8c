"""Helpers shared by the methods: picking points, growth rates, building results.

Two families live side by side: scalar helpers for the single-series path (plain
Python, easy to read against the published formulas) and array helpers for the
vectorised path (NumPy, many series at once). Each method module uses both and the
tests check that they agree series by series.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .types import (
    RANK_BY_CODE,
    RANKS,
    REASON_CODE,
    STATUS_CODE,
    Assessment,
    BatchResult,
    Reason,
    SeriesArrays,
    SeriesInput,
    Status,
    reason_message,
)

# --------------------------------------------------------------------------- scalar path


@dataclass(frozen=True)
class Points:
    """A series' usable points, sorted by year (NaN/None dropped, ``as_of`` applied)."""

    years: tuple[int, ...]
    values: tuple[float, ...]
    duplicate_year: int | None


def clean_points(series: SeriesInput) -> Points:
    kept = [
        (y, v)
        for y, v in series.points
        if v is not None
        and not math.isnan(v)
        and (series.as_of_year is None or y <= series.as_of_year)
    ]
    kept.sort(key=lambda p: p[0])
    duplicate = next((a[0] for a, b in zip(kept, kept[1:], strict=False) if a[0] == b[0]), None)
    return Points(
        years=tuple(y for y, _ in kept),
        values=tuple(v for _, v in kept),
        duplicate_year=duplicate,
    )


def first_at_or_after(years: Sequence[int], year: int | float) -> int | None:
    """Index of the first year >= ``year`` (sdg-build: the base year if present, else the
    first year after it), or None."""
    i = bisect_left(years, year)
    return i if i < len(years) else None


def cagr(v1: float, v0: float, t1: int | float, t0: int | float) -> float:
    """Compound annual growth rate, written exactly as sdg-build's ``growth_calculation``:
    ``((val1 / val2) ** (1 / (t1 - t2))) - 1``. Callers make sure the ratio is positive
    (or the latest value is zero) and ``t1 != t0``."""
    return ((v1 / v0) ** (1 / (t1 - t0))) - 1


def is_stale(latest_year: int, as_of_year: int | None, max_age_years: int | None) -> bool:
    return (
        as_of_year is not None
        and max_age_years is not None
        and as_of_year - latest_year > max_age_years
    )


def opposite_signs(a: float, b: float) -> bool:
    return (a > 0 and b < 0) or (a < 0 and b > 0)


def blank_inputs(keys: Iterable[str], **known: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = dict.fromkeys(keys)
    inputs.update(known)
    return inputs


def not_assessable(
    method: str, reason: Reason, inputs: Mapping[str, Any], labels: Mapping[Status, str]
) -> Assessment:
    return Assessment(
        method=method,
        status=Status.NOT_ASSESSABLE,
        label=labels[Status.NOT_ASSESSABLE],
        rank=RANKS[Status.NOT_ASSESSABLE],
        score=None,
        reason=reason_message(reason, inputs),
        reason_code=reason,
        inputs=dict(inputs),
    )


def assessed(
    method: str,
    status: Status,
    score: float | None,
    inputs: Mapping[str, Any],
    labels: Mapping[Status, str],
) -> Assessment:
    return Assessment(
        method=method,
        status=status,
        label=labels[status],
        rank=RANKS[status],
        score=None if score is None else float(score),
        reason=None,
        reason_code=None,
        inputs=dict(inputs),
    )


def band(value: float, cuts: Sequence[tuple[float, Status]], below: Status) -> Status:
    """The status of the first cut-off ``value`` reaches (cuts from highest to lowest)."""
    for cut, status in cuts:
        if value >= cut:
            return status
    return below


# --------------------------------------------------------------------------- array path

NAN = float("nan")


def as_float_array(x: Any, n: int, name: str) -> np.ndarray:
    """A per-series float array of length ``n`` (None -> all NaN; a scalar is broadcast)."""
    if x is None:
        return np.full(n, np.nan)
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim == 0:
        return np.full(n, float(arr))
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), not {arr.shape}")
    return arr


def make_arrays(
    years: Any,
    values: Any,
    *,
    direction: Any,
    base_year: Any = None,
    target_year: Any = None,
    target_value: Any = None,
    limit: Any = None,
    as_of_year: Any = None,
) -> SeriesArrays:
    years_arr = np.asarray(years)
    if years_arr.ndim != 1 or not np.issubdtype(years_arr.dtype, np.integer):
        raise ValueError("years must be a 1-D array of integers")
    if years_arr.size > 1 and not np.all(np.diff(years_arr) > 0):
        raise ValueError("years must be strictly increasing")
    values_arr = np.asarray(values, dtype=np.float64)
    if values_arr.ndim != 2 or values_arr.shape[1] != years_arr.size:
        raise ValueError(f"values must have shape (N, {years_arr.size})")
    n = values_arr.shape[0]
    if years_arr.size == 0:  # no year at all: one column without values, same results
        years_arr = np.zeros(1, dtype=np.int64)
        values_arr = np.full((n, 1), np.nan)
    direction_arr = np.asarray(direction)
    if direction_arr.ndim == 0:
        direction_arr = np.full(n, int(direction_arr))
    direction_arr = direction_arr.astype(np.int8)
    if direction_arr.shape != (n,) or not np.isin(direction_arr, (-1, 0, 1)).all():
        raise ValueError(f"direction must be ({n},) of +1, -1 or 0")
    return SeriesArrays(
        years=years_arr.astype(np.int64),
        values=values_arr,
        direction=direction_arr,
        base_year=as_float_array(base_year, n, "base_year"),
        target_year=as_float_array(target_year, n, "target_year"),
        target_value=as_float_array(target_value, n, "target_value"),
        limit=as_float_array(limit, n, "limit"),
        as_of_year=as_float_array(as_of_year, n, "as_of_year"),
    )


def arrays_from_series(series: Sequence[SeriesInput]) -> SeriesArrays:
    """Put single series on a common grid of years (for tests and small batches).
    Series with a duplicated year cannot be represented and are refused."""
    grid = sorted({y for s in series for y, _ in s.points})
    col = {y: j for j, y in enumerate(grid)}
    values = np.full((len(series), len(grid)), np.nan)
    for i, s in enumerate(series):
        seen: set[int] = set()
        for y, v in s.points:
            if v is None or math.isnan(v):
                continue
            if y in seen:
                raise ValueError(f"series {i} has two values for {y}")
            seen.add(y)
            values[i, col[y]] = v

    def opt(name: str) -> list[float]:
        return [NAN if getattr(s, name) is None else float(getattr(s, name)) for s in series]

    return make_arrays(
        np.array(grid, dtype=np.int64),
        values,
        direction=[s.direction.sign for s in series],
        base_year=opt("base_year"),
        target_year=opt("target_year"),
        target_value=opt("target_value"),
        limit=opt("limit"),
        as_of_year=opt("as_of_year"),
    )


def usable_mask(a: SeriesArrays) -> np.ndarray:
    mask = ~np.isnan(a.values)
    as_of = a.as_of_year
    if not np.isnan(as_of).all():
        mask &= ~(a.years[None, :] > as_of[:, None])  # NaN as_of compares False: keep
    return mask


def last_true(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the last True per row and whether there is one."""
    t = mask.shape[1]
    idx = t - 1 - np.argmax(mask[:, ::-1], axis=1)
    return idx, np.asarray(mask.any(axis=1))


def first_true(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.argmax(mask, axis=1), np.asarray(mask.any(axis=1))


def take(values: np.ndarray, idx: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """values[i, idx[i]] where ok, NaN elsewhere."""
    out = values[np.arange(values.shape[0]), idx]
    return np.where(ok, out, np.nan)


def take_year(years: np.ndarray, idx: np.ndarray, ok: np.ndarray) -> np.ndarray:
    return np.where(ok, years[idx].astype(np.float64), np.nan)


def count_between(
    mask: np.ndarray, years: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    inside = mask & (years[None, :] >= lo[:, None]) & (years[None, :] <= hi[:, None])
    return inside.sum(axis=1).astype(np.float64)


def cagr_array(v1: np.ndarray, v0: np.ndarray, t1: np.ndarray, t0: np.ndarray) -> np.ndarray:
    """Same expression as ``cagr``; invalid rows give NaN/inf silently (callers mask)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.power(v1 / v0, 1 / (t1 - t0)) - 1


def stale_array(latest_year: np.ndarray, as_of: np.ndarray, max_age: int | None) -> np.ndarray:
    if max_age is None:
        return np.zeros(latest_year.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        return (as_of - latest_year) > max_age  # NaN -> False


def opposite_signs_array(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return ((a > 0) & (b < 0)) | ((a < 0) & (b > 0))


class Outcome:
    """Collects per-series status and reason codes in check order: the first decision
    for a series wins, exactly like the early returns of the scalar path."""

    def __init__(self, n: int) -> None:
        self.status = np.full(n, STATUS_CODE[Status.NOT_ASSESSABLE], dtype=np.int8)
        self.reason = np.zeros(n, dtype=np.int8)
        self.open = np.ones(n, dtype=bool)

    def fail(self, where: np.ndarray, reason: Reason) -> None:
        hit = self.open & where
        self.reason[hit] = REASON_CODE[reason]
        self.open &= ~hit

    def decide(self, where: np.ndarray, status: Status) -> None:
        hit = self.open & where
        self.status[hit] = STATUS_CODE[status]
        self.open &= ~hit

    def bands(
        self,
        where: np.ndarray,
        value: np.ndarray,
        cuts: Sequence[tuple[float, Status]],
        below: Status,
    ) -> None:
        """Decide ``where`` by the same rule as ``band``."""
        for cut, status in cuts:
            with np.errstate(invalid="ignore"):
                self.decide(where & (value >= cut), status)
        self.decide(where, below)


def batch_result(
    method: str,
    config: Any,
    outcome: Outcome,
    score: np.ndarray,
    inputs: Mapping[str, np.ndarray],
    input_keys: tuple[str, ...],
    int_keys: Iterable[str],
    bool_keys: Iterable[str] = (),
    constants: Mapping[str, Any] | None = None,
) -> BatchResult:
    if outcome.open.any():  # a programming error: every series must be decided
        raise AssertionError(f"{method}: {int(outcome.open.sum())} series left undecided")
    return BatchResult(
        method=method,
        config=config,
        status_code=outcome.status,
        rank=RANK_BY_CODE[outcome.status],
        score=score,
        reason_code=outcome.reason,
        inputs=dict(inputs),
        input_keys=input_keys,
        int_keys=frozenset(int_keys),
        bool_keys=frozenset(bool_keys),
        constants=dict(constants or {}),
    )


def masked(where: np.ndarray, x: np.ndarray) -> np.ndarray:
    """x where ``where``, NaN elsewhere."""
    return np.where(where, x, np.nan)
