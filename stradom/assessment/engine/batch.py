"""Vectorised assessment of many series at once (NumPy).

Series share one grid of years: ``values`` is (N, T) with NaN where a series has no
value. Each method's ``assess_arrays`` applies exactly the rules of its single-series
``assess_series`` in the same order (the first decision for a series wins), so
``assess_batch(...).assessment(i) == assess(...)`` for every series; the tests check it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .common import arrays_from_series, make_arrays
from .registry import get_method
from .types import BatchResult, SeriesArrays, SeriesInput


def assess_batch(
    method: str,
    years: Any,
    values: Any,
    *,
    direction: Any,
    base_year: Any = None,
    target_year: Any = None,
    target_value: Any = None,
    limit: Any = None,
    as_of_year: Any = None,
    config: Any = None,
) -> BatchResult:
    """Assess N series with one method.

    ``years`` (T,) strictly increasing ints; ``values`` (N, T) floats, NaN = no value;
    ``direction`` (N,) or scalar: +1 higher is better, -1 lower is better, 0 neutral;
    ``base_year``, ``target_year``, ``target_value``, ``limit``, ``as_of_year``: (N,)
    floats, scalars or None, NaN meaning "not given" for that series.
    """
    arrays = make_arrays(
        years,
        values,
        direction=direction,
        base_year=base_year,
        target_year=target_year,
        target_value=target_value,
        limit=limit,
        as_of_year=as_of_year,
    )
    return assess_arrays(method, arrays, config)


def assess_arrays(method: str, arrays: SeriesArrays, config: Any = None) -> BatchResult:
    m = get_method(method)
    return m.assess_arrays(arrays, m.config(config))


def assess_many(method: str, series: Sequence[SeriesInput], config: Any = None) -> BatchResult:
    """``SeriesInput`` objects through the vectorised path (they must not repeat a year)."""
    return assess_arrays(method, arrays_from_series(series), config)
