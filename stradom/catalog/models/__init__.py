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
    ChangeSet,
    Observation,
    ObservationChange,
    ObservationRevision,
    ObservationStatus,
)

__all__ = [
    "MAX_PUBLICATION_LAG_DAYS",
    "ChangeAction",
    "ChangeSet",
    "Dimension",
    "DimensionValue",
    "Domain",
    "Frequency",
    "Indicator",
    "IndicatorChange",
    "IndicatorKind",
    "Observation",
    "ObservationChange",
    "ObservationRevision",
    "ObservationStatus",
    "Polarity",
    "PublicService",
    "PublicationStatus",
    "Theme",
]
