import pytest
from django.core.cache import cache

from stradom.strategy.queries import forget_assessments
from stradom.strategy.testing import build_dashboard


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Assessments are cached by data version; each test starts from an empty cache.
    cache.clear()
    forget_assessments()
    yield
    cache.clear()
    forget_assessments()


@pytest.fixture
def dashboard(world):
    return build_dashboard(world)
