"""Every published file in stradom/demo/data/found imports with one ``stradom import`` each.

The database is prepared as an office would prepare it: the territory register
with the BDL units, the indicators and dimension values the files use (the
demo's own definitions, ``stradom.demo.found``). Then each file goes through the
command with its shipped mapping, and a second pass changes nothing.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from stradom.catalog.models import Dimension, Observation, ObservationChange
from stradom.demo import found
from stradom.demo.loader import DemoReport, load_domains, load_territories, upsert_indicator

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
    for code, (
        name_pl,
        name_en,
        unit,
        polarity,
        _variable,
        decimals,
    ) in found.BDL_INDICATORS.items():
        indicator = upsert_indicator(
            code, name_pl=name_pl, name_en=name_en, unit=unit, polarity=polarity, decimals=decimals
        )
        if code == "BDL_POP":
            indicator.dimensions.set(Dimension.objects.filter(code__in=["sex", "age"]))
    for code, (name_pl, name_en) in found.PM_DAILY.items():
        indicator = upsert_indicator(
            code, name_pl=name_pl, name_en=name_en, unit="µg/m³", frequency="D"
        )
        indicator.dimensions.set(Dimension.objects.filter(code="station"))
    for name in found.FILES:
        found.add_dimension_values(
            demo_data / "found" / name, found.MAPPINGS / name.replace(".csv", ".yaml")
        )
    return demo_data / "found"


def test_every_found_file_imports_with_one_command_and_again_changes_nothing(office):
    files = sorted(p for p in office.glob("*.csv") if not p.name.startswith("DERIVED_"))
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
