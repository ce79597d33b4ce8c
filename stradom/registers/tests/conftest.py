import pytest


@pytest.fixture
def registers(world):
    """The world with two units (environment, transport) for resolutions to name."""
    from stradom.finance.models import Unit

    w = world
    w.district2.number = "II"
    w.district2.save()
    w.env_unit = Unit.objects.create(
        code="wks", name_pl="Wydział Kształtowania Środowiska", domain=w.environment
    )
    w.road_unit = Unit.objects.create(code="zdmk", name_pl="Zarząd Dróg", domain=w.transport)
    return w
