"""The demo's register entries: all marked illustrative, and loading twice changes nothing."""

from stradom.demo.loader import DemoReport
from stradom.demo.registers import PROJECTS, RESOLUTIONS, load_registers
from stradom.registers.models import CivicBudgetProject, RegisterChange, Resolution
from stradom.territory.models import Territory, TerritoryKind


def test_demo_registers_are_illustrative_and_idempotent(registers):
    for number in range(3, 19):
        Territory.objects.create(
            code=f"1261011-{number:02d}",
            name=f"Dzielnica {number}",
            kind=TerritoryKind.SUBMUNICIPAL,
            parent=registers.city,
        )
    report = DemoReport()
    load_registers(None, report)
    assert Resolution.objects.count() == len(RESOLUTIONS)
    assert CivicBudgetProject.objects.count() == len(PROJECTS)
    assert not Resolution.objects.filter(illustrative=False).exists()
    assert not CivicBudgetProject.objects.filter(illustrative=False).exists()
    assert all(
        r.note.startswith("Przykład ilustracyjny / Illustrative example")
        for r in Resolution.objects.all()
    )
    strategy = Resolution.objects.get(number="XCIV/2449/18")
    assert strategy.adopted_on.isoformat() == "2018-02-07"
    assert CivicBudgetProject.objects.get(code="BO.2024/140").district is None
    history = RegisterChange.objects.count()
    rows = list(Resolution.objects.values()) + list(CivicBudgetProject.objects.values())

    load_registers(None, DemoReport())
    assert RegisterChange.objects.count() == history
    assert list(Resolution.objects.values()) + list(CivicBudgetProject.objects.values()) == rows
    assert "przykład ilustracyjny" in report.lines()[0][-1]
