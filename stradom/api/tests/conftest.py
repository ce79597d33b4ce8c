from decimal import Decimal

import pytest

from stradom.catalog.services import ObservationInput, write_observations


@pytest.fixture
def stored(world):
    """Values in the world: PM10 (published) for the city and a district, trams (draft)."""
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2022", Decimal("35.2")),
            ObservationInput("PM10_AVG", "1261011", "2023", Decimal("30.1")),
            ObservationInput("PM10_AVG", "1261011", "2024", Decimal("27.9"), status="provisional"),
            ObservationInput("PM10_AVG", "1261011-01", "2024", Decimal("33")),
            ObservationInput("TRAM_SAT", "1261011", "2024", Decimal("71.5")),
            ObservationInput("POP", "1261011", "2024", Decimal("804237")),
            ObservationInput("POP", "1261011", "2024", Decimal("425000"), (("sex", "F"),)),
            ObservationInput("POP", "1261011", "2024", Decimal("379237"), (("sex", "M"),)),
        ],
        actor=None,
        reason="test data",
        channel="command",
    )
    assert report.ok, report.problems
    return world


@pytest.fixture
def token_for():
    from stradom.api.services import create_token

    def make(user):
        return create_token(user)[1]

    return make
