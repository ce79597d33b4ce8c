"""A town for the tests of the report on the state of the municipality, on the shared
``world`` fixture.

The monitoring world (strategy SRK, a budget task of 2024, project P-AIR), two
resolutions of 2024 and one of 2023, three civic-budget projects of 2024, a population
series (POP, 2019–2024) with age groups by sex in 2023, births, a density of the two
districts (DENS, a draft, with boundaries) and a multi-year financial forecast WPF2024
whose sums close. The profile the tests set is :data:`PROFILE` (NOPE is no indicator).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from stradom.catalog.models import Dimension, DimensionValue, Indicator
from stradom.catalog.services import ObservationInput, write_observations
from stradom.finance.services import create_wpf_version
from stradom.finance.tests.conftest import small_wpf
from stradom.registers.services import save_project, save_resolution
from stradom.reports.tests import monitoring_world

PROFILE = ("POP", "BIRTHS", "DENS", "NOPE")


def square(x: float, y: float) -> dict:
    ring = [[x, y], [x + 0.05, y], [x + 0.05, y + 0.05], [x, y + 0.05], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _registers(w) -> None:
    save_resolution(
        {
            "term": "2024–2029",
            "number": "XII/345/24",
            "adopted_on": date(2024, 5, 22),
            "title": "w sprawie programu ochrony powietrza — żółta łąka",
            "unit": w.unit,
            "status": "partly_executed",
            "note": "Etap II przesunięty.",
        },
        reason="test",
    )
    save_resolution(
        {
            "term": "2024–2029",
            "number": "XV/400/24",
            "adopted_on": date(2024, 9, 4),
            "title": "w sprawie rozkładu jazdy tramwajów",
            "domain": w.transport,
            "status": "executed",
            "illustrative": True,
        },
        reason="test",
    )
    save_resolution(
        {
            "term": "2018–2024",
            "number": "C/1/23",
            "adopted_on": date(2023, 12, 1),
            "title": "uchwała z innego roku",
            "domain": w.transport,
        },
        reason="test",
    )
    for code, district, domain, cost, votes, status in (
        ("BO/1", w.district1, w.environment, "250000.00", 1200, "completed"),
        ("BO/2", None, w.transport, "900000.00", 5000, "in_progress"),
        ("BO/3", w.district1, w.environment, "10000.00", None, "rejected"),
    ):
        save_project(
            {
                "edition": 2024,
                "code": code,
                "title": f"Projekt {code}",
                "district": district,
                "domain": domain,
                "cost": D(cost),
                "votes": votes,
                "status": status,
            },
            reason="test",
        )


def _profile(w) -> None:
    age = Dimension.objects.create(code="age", name_pl="wiek", name_en="age")
    for order, code in enumerate(("15-19", "20-24"), start=1):
        DimensionValue.objects.create(dimension=age, code=code, name_pl=code, order=order)
    w.pop.dimensions.add(age)
    w.pop.publication_status = "published"
    w.pop.save()
    w.density = Indicator.objects.create(
        code="DENS", name_pl="Gęstość zaludnienia dzielnicy", name_en="District density",
        unit="osoby/km²", decimals=0,
    )  # fmt: skip
    w.district1.geometry = square(19.90, 50.05)
    w.district1.save()
    w.district2.geometry = square(19.95, 50.05)
    w.district2.save()
    people = (770000, 772000, 775000, 778000, 780000, 781000)
    inputs = [
        ObservationInput("POP", "1261011", str(year), D(n))
        for year, n in zip(range(2019, 2025), people, strict=True)
    ]
    for group, women, men in (("15-19", 13000, 14000), ("20-24", 21000, 19000)):
        inputs += [
            ObservationInput(
                "POP", "1261011", "2023", D(women + men), dimensions=(("age", group),)
            ),
            ObservationInput(
                "POP", "1261011", "2023", D(women), dimensions=(("age", group), ("sex", "F"))
            ),
            ObservationInput(
                "POP", "1261011", "2023", D(men), dimensions=(("age", group), ("sex", "M"))
            ),
        ]
    inputs += [
        ObservationInput("DENS", "1261011-01", "2023", D(5498)),
        ObservationInput("DENS", "1261011-02", "2023", D(5088)),
    ]
    report = write_observations(inputs, actor=None, reason="test", channel="command")
    assert report.ok, report.problems


def _forecast():
    return create_wpf_version(
        code="WPF2024",
        budget_year=2024,
        rows=small_wpf(2017, 2028),
        resolution="Uchwała nr XC/1234/23",
        debt_window=7,
        reason="test",
    )


def build(world):
    w = monitoring_world.build(world)
    _registers(w)
    _profile(w)
    w.wpf = _forecast()
    return w
