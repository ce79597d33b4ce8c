"""Writes to the catalogue. Every change of values goes through ``write_observations``."""

from stradom.catalog.services.indicators import set_computation
from stradom.catalog.services.observations import (
    ObservationInput,
    ObservationWriter,
    WriteProblem,
    WriteReport,
    delete_observations,
    dimensions_key,
    parse_dimensions_key,
    write_observations,
)

__all__ = [
    "ObservationInput",
    "ObservationWriter",
    "WriteProblem",
    "WriteReport",
    "delete_observations",
    "dimensions_key",
    "parse_dimensions_key",
    "set_computation",
    "write_observations",
]
