import pytest
from django.core.cache import cache

from stradom.strategy.queries import forget_assessments, forget_views
from stradom.strategy.testing import build_dashboard
from stradom.workspace.queries import forget_shared


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Assessments are cached by data version; each test starts from an empty cache.
    cache.clear()
    forget_assessments()
    forget_views()
    forget_shared()
    yield
    cache.clear()
    forget_assessments()
    forget_views()
    forget_shared()


@pytest.fixture
def dashboard(world):
    return build_dashboard(world)
