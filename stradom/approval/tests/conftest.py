from decimal import Decimal

import pytest

from stradom.catalog.models import ChangeSet, Observation, ObservationChange
from stradom.catalog.services import ObservationInput, write_observations


@pytest.fixture
def stored(world):
    """PM10 (environment) for 2024 and 2025 in Kraków and one district; trams (transport)
    for 2025."""
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2024", Decimal("27.9")),
            ObservationInput("PM10_AVG", "1261011", "2025", Decimal("25.1")),
            ObservationInput("PM10_AVG", "1261011-01", "2025", Decimal("30.2")),
            ObservationInput("TRAM_SAT", "1261011", "2025", Decimal("71")),
        ],
        actor=None,
        reason="test data",
        channel="command",
    )
    assert report.ok, report.problems
    return world


def database():
    """Everything the write path writes: the values, their history, the change sets."""
    return (
        sorted(
            Observation.objects.values_list(
                "indicator__code", "territory__code", "period", "dimensions", "value", "status"
            )
        ),
        ObservationChange.objects.count(),
        ChangeSet.objects.count(),
    )
