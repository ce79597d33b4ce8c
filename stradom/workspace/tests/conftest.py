import pytest

from stradom.portal.testing import build_dashboard


@pytest.fixture
def dashboard(world):
    return build_dashboard(world)
