"""Fixtures shared by every app's tests: a small world to work in.

A city with two districts, two domains with a coordinator each, a data provider,
an analyst, and a few indicators — built fresh for each test that asks for it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language, whatever a request switched to."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Rendered public pages are kept per process (stradom.core.page_cache); each test
    starts without those of the test before."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _nothing_kept():
    """Read models kept per data version (stradom.core.kept); a test's database may give
    the version and the ids of the test before, so each test starts without its parts."""
    from stradom.core.kept import forget_all

    forget_all()
    yield
    forget_all()


@pytest.fixture
def english(_default_language):
    """For a test that checks English text: English is active, and reverse() gives /en/ URLs."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def demo_data() -> Path:
    """The public data the demo loads, shipped in the package (``stradom/demo/data``)."""
    from django.conf import settings

    return Path(settings.DEMO_DATA_DIR)


@pytest.fixture
def world(db):
    from django.contrib.auth.models import Group, User

    from stradom.accounts.permissions import ANALYSTS
    from stradom.catalog.models import Dimension, DimensionValue, Domain, Indicator
    from stradom.territory.models import Territory, TerritoryKind

    class World:
        pass

    w = World()
    w.country = Territory.objects.create(code="PL", name="Polska", kind=TerritoryKind.COUNTRY)
    w.voivodeship = Territory.objects.create(
        code="12", name="MAŁOPOLSKIE", kind=TerritoryKind.VOIVODESHIP, parent=w.country
    )
    w.city = Territory.objects.create(
        code="1261011", name="Kraków", kind=TerritoryKind.GMINA, parent=w.voivodeship
    )
    w.district1 = Territory.objects.create(
        code="1261011-01", name="Stare Miasto", kind=TerritoryKind.SUBMUNICIPAL, parent=w.city
    )
    w.district2 = Territory.objects.create(
        code="1261011-02", name="Grzegórzki", kind=TerritoryKind.SUBMUNICIPAL, parent=w.city
    )
    w.environment = Domain.objects.create(
        code="srodowisko", name_pl="ochrona środowiska", name_en="Environment", order=1
    )
    w.transport = Domain.objects.create(
        code="transport", name_pl="transport", name_en="Transport", order=2
    )
    w.env_coordinator = User.objects.create_user("anna", password="x")
    w.transport_coordinator = User.objects.create_user("bartek", password="x")
    w.provider = User.objects.create_user("celina", password="x")
    w.analyst = User.objects.create_user("daniel", password="x")
    w.analyst.groups.add(Group.objects.get_or_create(name=ANALYSTS)[0])
    w.admin = User.objects.create_superuser("admin", password="x")
    w.environment.coordinators.add(w.env_coordinator)
    w.transport.coordinators.add(w.transport_coordinator)

    w.sex = Dimension.objects.create(code="sex", name_pl="płeć", name_en="sex")
    for code, name in (("F", "kobiety"), ("M", "mężczyźni")):
        DimensionValue.objects.create(dimension=w.sex, code=code, name_pl=name)

    w.pm10 = Indicator.objects.create(
        code="PM10_AVG",
        name_pl="Średnioroczne stężenie PM10",
        unit="µg/m3",
        polarity="lower_is_better",
        domain=w.environment,
        publication_status="published",
    )
    w.trams = Indicator.objects.create(
        code="TRAM_SAT",
        name_pl="Zadowolenie z komunikacji tramwajowej",
        unit="%",
        polarity="higher_is_better",
        kind="subjective",
        domain=w.transport,
        rules=[{"kind": "range", "min": "0", "max": "100", "action": "reject"}],
    )
    w.pop = Indicator.objects.create(
        code="POP", name_pl="Liczba ludności", unit="osoby", decimals=0
    )
    w.pop.dimensions.add(w.sex)
    w.births = Indicator.objects.create(
        code="BIRTHS", name_pl="Urodzenia żywe", unit="osoby", decimals=0
    )
    w.pm10.data_providers.add(w.provider)
    return w


def money(text: str) -> Decimal:
    return Decimal(text)
