import pytest
from django.core.cache import cache

from stradom.instruments.services import create_instrument
from stradom.strategy.models import Goal
from stradom.strategy.queries import forget_assessments
from stradom.strategy.testing import build_dashboard


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    forget_assessments()
    yield
    cache.clear()
    forget_assessments()


@pytest.fixture
def office(world):
    """The dashboard (goal 1 → 1.1 with PM10_AVG of the environment and TRAM_SAT of
    transport), a goal with no indicator, and two projects: one of the environment
    domain, one of transport."""
    w = build_dashboard(world)
    w.lonely = Goal.objects.create(
        strategy=w.strategy, code="2", name_pl="Kultura", name_en="Culture", depth=1
    )
    w.env_project = create_instrument(
        actor=None,
        code="P-ENV",
        kind="project",
        name_pl="Program Czyste Powietrze",
        domain=w.environment,
        reason="nowy instrument",
    )
    w.tram_project = create_instrument(
        actor=None,
        code="P-TRAM",
        kind="project",
        name_pl="Nowe tramwaje",
        domain=w.transport,
        reason="nowy instrument",
    )
    return w
