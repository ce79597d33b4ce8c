"""The demo's indicators refuse what cannot be true, through the importer an office uses.

The indicators are defined by the demo's own code (``stradom.demo.found``), rules
included; the values are typed into a small file as a data provider would.
"""

from decimal import Decimal

from django.utils import translation

from stradom.catalog.models import Dimension, DimensionValue, Observation, ObservationChange
from stradom.core.i18n import localize
from stradom.demo import found
from stradom.demo.loader import DemoReport, load_domains
from stradom.ingest.services import import_file


def define(demo_data):
    load_domains(demo_data, DemoReport())  # the demo files its indicators under its domains
    found.define_dimensions()
    found.define_indicators()
    DimensionValue.objects.create(
        dimension=Dimension.objects.get(code="station"), code="MpKrakBujaka", name_pl="Bujaka"
    )


def problems(path, world):
    with translation.override("en"):
        report = import_file(path, actor=world.admin)
        listed = [(p.line, p.field, localize(p.message)) for p in report.problems]
    assert not report.ok
    assert (Observation.objects.count(), ObservationChange.objects.count()) == (0, 0)
    return listed


def test_a_negative_pm25_concentration_is_refused_with_its_line_and_column(
    world, demo_data, tmp_path
):
    define(demo_data)
    path = tmp_path / "pm25.csv"
    path.write_text(
        "indicator;territory;period;station;value\n"
        "PM25_DAILY;1261011;2016-01-01;MpKrakBujaka;31,5\n"
        "PM25_DAILY;1261011;2016-01-02;MpKrakBujaka;-5\n",
        encoding="utf-8",
    )
    # The reader's number format: a minus sign, not a hyphen.
    assert problems(path, world) == [(3, "value", "value \u22125 is below the allowed minimum 0")]


def test_half_a_person_and_a_share_above_100_are_refused(world, demo_data, tmp_path):
    define(demo_data)
    path = tmp_path / "bdl.csv"
    path.write_text(
        "indicator;territory;period;value\n"
        "BDL_POP;1261011;2019;779115,5\n"
        "BDL_UNEMP_RATE;1261011;2019;101\n"
        "BDL_UNEMP_RATE;1261011;2018;2,6\n",
        encoding="utf-8",
    )
    assert problems(path, world) == [
        (2, "value", "value 779,115.5 is not a whole number"),
        (3, "value", "value 101 is above the allowed maximum 100"),
    ]


def test_an_implausible_but_possible_value_is_stored_and_flagged(world, demo_data, tmp_path):
    define(demo_data)
    path = tmp_path / "pm10.csv"
    path.write_text(
        "indicator;territory;period;station;value\nPM10_DAILY;1261011;2016-01-01;MpKrakBujaka;1200\n",
        encoding="utf-8",
    )
    report = import_file(path, actor=world.admin)
    assert report.ok, report.problems
    stored = Observation.objects.get(indicator__code="PM10_DAILY")
    assert stored.value == Decimal("1200")
    assert [f["rule"] for f in stored.flags] == ["range"]
