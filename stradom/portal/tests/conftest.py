import pytest
from django.core.cache import cache

from stradom.portal.testing import build_dashboard


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Assessments are cached by data version; each test starts from an empty cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dashboard(world):
    return build_dashboard(world)
