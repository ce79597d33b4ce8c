"""Every published file in stradom/demo/data/found imports with one ``stradom import`` each.

The database is prepared as an office would prepare it: the territory register
with the BDL units, the indicators (with their validation rules, so every
published value is checked against them) and dimension values the files use (the
demo's own definitions, ``stradom.demo.found``). Then each file goes through the
command with its shipped mapping, and a second pass changes nothing.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from stradom.catalog.models import Observation, ObservationChange
from stradom.demo import found, stations
from stradom.demo.loader import DemoReport, load_domains, load_territories

# Rows (records) of each file as the reader yields them, so a lost row shows here.
EXPECTED_NEW = {
    "bdl_cities_unemployment_rate.csv": 114,
    "gios_pm_daily_2000-2016_krakow.csv": 17929,
}


@pytest.fixture
def office(db, demo_data):
    report = DemoReport()
    load_territories(demo_data, report)
    load_domains(demo_data, report)
    found.define_dimensions()
    found.define_indicators()
    for name in found.FILES:
        found.add_dimension_values(
            demo_data / "found" / name, found.MAPPINGS / name.replace(".csv", ".yaml")
        )
    return demo_data / "found"


def test_every_found_file_imports_with_one_command_and_again_changes_nothing(office):
    files = sorted(
        p
        for p in office.glob("*.csv")
        if not p.name.startswith("DERIVED_") and p.name != stations.STATIONS
    )
    assert [p.name for p in files] == sorted(found.FILES)
    with translation.override("en"):
        for path in files:
            out = io.StringIO()
            call_command("import", str(path), "--mapping", path.stem, "--no-progress", stdout=out)
            text = out.getvalue()
            assert "written" in text, text
            if path.name in EXPECTED_NEW:
                assert f"new: {EXPECTED_NEW[path.name]}," in text, text
        stored = Observation.objects.count(), ObservationChange.objects.count()
        assert stored[0] > 80_000
        assert stored[0] == stored[1]
        for path in files[:3]:
            out = io.StringIO()
            call_command("import", str(path), "--mapping", path.stem, stdout=out)
            assert "new: 0, changed: 0, unchanged: " in out.getvalue()
        assert (Observation.objects.count(), ObservationChange.objects.count()) == stored
