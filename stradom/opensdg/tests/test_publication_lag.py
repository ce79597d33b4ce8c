"""The publication lag travels with an indicator's metadata to and from Open SDG
(``publication_lag_days`` in ``meta/<id>.md``); a bad one is refused with its file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from stradom.catalog.models import Indicator, Observation
from stradom.catalog.services import ObservationInput, write_observations
from stradom.opensdg.exporter import export_repository
from stradom.opensdg.importer import import_repository


@pytest.fixture
def published(world):
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2023", Decimal("30.1")),
            ObservationInput("POP", "1261011", "2024", Decimal("804237")),
        ],
        actor=None,
        reason="test",
        channel="command",
    )
    assert report.ok
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)
    Indicator.objects.filter(code="POP").update(publication_status="published")
    return world


def _meta(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---")[1])


def test_export_writes_the_lag_when_there_is_one(published, tmp_path):
    export_repository(tmp_path)
    assert _meta(tmp_path / "meta/pm10-avg.md")["publication_lag_days"] == 120
    assert "publication_lag_days" not in _meta(tmp_path / "meta/pop.md")


def test_the_lag_imports_back(published, tmp_path):
    export_repository(tmp_path)
    report = import_repository(
        tmp_path, territory="1261011", actor=None, reason="round trip", prefix="RT-"
    )
    assert report.ok, [str(p) for p in report.problems]
    assert Indicator.objects.get(code="RT-pm10-avg").publication_lag_days == 120
    assert Indicator.objects.get(code="RT-pop").publication_lag_days is None


def test_metadata_without_a_lag_leaves_the_stored_one(published, tmp_path):
    export_repository(tmp_path)
    import_repository(tmp_path, territory="1261011", actor=None, reason="first", prefix="RT-")
    meta = tmp_path / "meta/pm10-avg.md"
    meta.write_text(meta.read_text("utf-8").replace("publication_lag_days: 120\n", ""), "utf-8")
    report = import_repository(
        tmp_path, territory="1261011", actor=None, reason="again", prefix="RT-"
    )
    assert report.ok
    assert Indicator.objects.get(code="RT-pm10-avg").publication_lag_days == 120


@pytest.mark.parametrize("bad", ["'pół roku'", "-3", "40000", "1.5", "true"])
def test_a_bad_lag_imports_nothing_and_names_the_file_and_field(world, tmp_path, bad):
    (tmp_path / "data").mkdir()
    (tmp_path / "meta").mkdir()
    (tmp_path / "data/indicator_1-1-1.csv").write_text("Year,Value\n2020,1\n", "utf-8")
    (tmp_path / "meta/1-1-1.md").write_text(
        f"---\nindicator_name: Test\npublication_lag_days: {bad}\n---\n", "utf-8"
    )
    before = Indicator.objects.count()
    report = import_repository(tmp_path, territory="1261011", actor=None, reason="t")
    assert [(p.file, p.line, p.field) for p in report.problems] == [
        ("meta/1-1-1.md", None, "publication_lag_days")
    ]
    assert "is not a publication lag: write a whole number of days from 0 to 32767" in str(
        report.problems[0]
    )
    assert Indicator.objects.count() == before
    assert Observation.objects.count() == 0
