"""The indicator catalogue and the observation store.

Dependencies point one way: ``domains`` ← ``indicators`` ← ``observations``.
Writes go through ``stradom.catalog.services``; reads through ``stradom.catalog.queries``.
"""

from stradom.catalog.models.domains import Domain, PublicService
from stradom.catalog.models.indicators import (
    MAX_PUBLICATION_LAG_DAYS,
    Dimension,
    DimensionValue,
    Frequency,
    Indicator,
    IndicatorChange,
    IndicatorKind,
    Polarity,
    PublicationStatus,
    Theme,
)
from stradom.catalog.models.observations import (
    ChangeAction,
    Observation,
    ObservationChange,
    ObservationStatus,
)

__all__ = [
    "MAX_PUBLICATION_LAG_DAYS",
    "ChangeAction",
    "Dimension",
    "DimensionValue",
    "Domain",
    "Frequency",
    "Indicator",
    "IndicatorChange",
    "IndicatorKind",
    "Observation",
    "ObservationChange",
    "ObservationStatus",
    "Polarity",
    "PublicService",
    "PublicationStatus",
    "Theme",
]
