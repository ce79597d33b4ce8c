"""Stradom's progress-assessment engine: published methods as plain Python + NumPy.

Dependencies point inward: Django code (models, services, views) calls this package;
nothing here imports Django or any other part of Stradom except the plain
``stradom.core.messages``. Inputs and results are plain data (``types``), so the
engine is tested and benchmarked on its own.

Methods (``METHODS``), each in its own module with its source in the docstring:

* ``opensdg`` - Open SDG / Statistics Canada, exactly as sdg-build's ProgressMeasure;
* ``eurostat`` - Eurostat's EU SDG monitoring method, short and long term;
* ``unsd`` - UN Statistics Division's progress-chart trend method;
* ``linear`` - linear attainment of a baseline -> target line.

Single series: ``assess(method, SeriesInput(...), config)``. Many series: ``assess_batch``
(vectorised, same results). Values are floats (measurements, not money; the published
methods compute in binary floating point), years are ints.
"""

from .batch import assess_arrays, assess_batch, assess_many
from .common import arrays_from_series, make_arrays
from .opensdg import indicator_progress
from .registry import METHODS, Method, assess, get_method
from .types import (
    RANKS,
    REASON_TABLE,
    STATUS_TABLE,
    Assessment,
    BatchResult,
    Direction,
    EurostatConfig,
    LinearConfig,
    OpenSDGConfig,
    Reason,
    SeriesArrays,
    SeriesInput,
    Status,
    UNSDConfig,
)

__all__ = [
    "METHODS",
    "RANKS",
    "REASON_TABLE",
    "STATUS_TABLE",
    "Assessment",
    "BatchResult",
    "Direction",
    "EurostatConfig",
    "LinearConfig",
    "Method",
    "OpenSDGConfig",
    "Reason",
    "SeriesArrays",
    "SeriesInput",
    "Status",
    "UNSDConfig",
    "arrays_from_series",
    "assess",
    "assess_arrays",
    "assess_batch",
    "assess_many",
    "get_method",
    "indicator_progress",
    "make_arrays",
]
