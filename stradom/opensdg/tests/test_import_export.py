import csv
import io
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from stradom.catalog.models import (
    Dimension,
    DimensionValue,
    Indicator,
    Observation,
    ObservationChange,
)
from stradom.catalog.services import ObservationInput, write_observations
from stradom.opensdg.exporter import export_repository
from stradom.opensdg.importer import import_repository

FIXTURES = Path(__file__).parent / "fixtures"


def values(code):
    return sorted(
        (o.territory.code, o.period, o.dimensions, o.value)
        for o in Observation.objects.filter(indicator__code=code).select_related("territory")
    )


def test_import_the_data_starter_creates_indicators_dimensions_and_values(world):
    report = import_repository(
        FIXTURES / "data-starter",
        territory="1261011",
        actor=world.admin,
        reason="moving from Open SDG",
        prefix="SDG-",
        language="en",
    )
    assert report.ok, [str(p) for p in report.problems]
    assert report.indicators_created == ["SDG-1-1-1", "SDG-1-2-1"]
    assert report.dimensions_created == ["area"]  # "Sex" is the world's dimension "sex"
    assert report.values_created == 16
    poverty = Indicator.objects.get(code="SDG-1-1-1")
    assert poverty.name_en.startswith("Proportion of population below the international")
    assert poverty.unit == "Percent"
    assert poverty.frequency == "Y"
    assert poverty.publication_status == "draft"
    assert values("SDG-1-1-1")[:3] == [
        ("1261011", "2016", "", Decimal("0.207433")),
        ("1261011", "2016", "area=Batken", Decimal("0.321124")),
        ("1261011", "2016", "area=Jalal-Abad", Decimal("0")),
    ]
    assert ("1261011", "2017", "area=Batken|sex=Female", Decimal("39.6")) in values("SDG-1-2-1")
    assert set(
        DimensionValue.objects.filter(dimension__code="sex").values_list("code", flat=True)
    ) == {"F", "M", "Male", "Female"}
    change = ObservationChange.objects.filter(indicator=poverty).first()
    assert (change.channel, change.reason, change.user) == (
        "import",
        "moving from Open SDG",
        world.admin,
    )


def test_import_classic_layout_keeps_blank_as_the_headline(world):
    report = import_repository(FIXTURES / "classic", territory="1261011", actor=None, reason="test")
    assert report.ok
    assert values("1-1-1") == [
        ("1261011", "2015", "", Decimal("2")),
        ("1261011", "2015", "group=A", Decimal("500")),
        ("1261011", "2015", "group=B", Decimal("34")),
        ("1261011", "2016", "", Decimal("2")),
        ("1261011", "2016", "group=A", Decimal("1")),
        ("1261011", "2016", "group=B", Decimal("3")),
    ]


def test_one_bad_file_imports_nothing_and_names_file_line_and_column(world, tmp_path):
    shutil.copytree(FIXTURES / "data-starter", tmp_path / "repo")
    (tmp_path / "repo/data/indicator_9-9-9.csv").write_text(
        "Year,GeoCode,Value\n2020,1261011-01,1\n2021,0000000,2\n2022,,x\n", "utf-8"
    )
    report = import_repository(tmp_path / "repo", territory="1261011", actor=None, reason="t")
    assert [str(p) for p in report.problems] == [
        "data/indicator_9-9-9.csv, line 4, Value: 'x' is not a number"
    ]
    (tmp_path / "repo/data/indicator_9-9-9.csv").write_text(
        "Year,GeoCode,Value\n2020,1261011-01,1\n2021,0000000,2\n", "utf-8"
    )
    report = import_repository(tmp_path / "repo", territory="1261011", actor=None, reason="t")
    assert [str(p) for p in report.problems] == [
        "data/indicator_9-9-9.csv, line 3, GeoCode: unknown territorial unit '0000000'"
    ]
    assert Indicator.objects.count() == 4  # the world's, nothing more
    assert Dimension.objects.count() == 1
    assert Observation.objects.count() == 0


def test_problems_from_the_write_path_name_the_file(world, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/indicator_2-1-1.csv").write_text(
        "Year,Value\n2020,1\n2020-Q5,2\n2020,3\n", "utf-8"
    )
    report = import_repository(tmp_path, territory="1261011", actor=None, reason="t")
    assert [(p.file, p.line, p.field) for p in report.problems] == [
        ("data/indicator_2-1-1.csv", 3, "period"),
        ("data/indicator_2-1-1.csv", 4, "period"),
    ]
    assert not Indicator.objects.filter(code="2-1-1").exists()


def test_only_an_administrator_may_import(world):
    report = import_repository(
        FIXTURES / "classic", territory="1261011", actor=world.env_coordinator, reason="t"
    )
    assert not report.ok
    assert Indicator.objects.count() == 4


def test_dry_run_reports_counts_and_keeps_nothing(world):
    report = import_repository(
        FIXTURES / "classic", territory="1261011", actor=None, reason="t", dry_run=True
    )
    assert report.ok
    assert report.values_created == 6
    assert not Indicator.objects.filter(code="1-1-1").exists()
    assert Observation.objects.count() == 0


@pytest.fixture
def published(world):
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2023", Decimal("30.1")),
            ObservationInput("PM10_AVG", "1261011", "2024", Decimal("27.9"), status="provisional"),
            ObservationInput("PM10_AVG", "1261011-01", "2024", Decimal("33.25")),
            ObservationInput("POP", "1261011", "2024", Decimal("804237")),
            ObservationInput("POP", "1261011", "2024", Decimal("425000"), (("sex", "F"),)),
        ],
        actor=None,
        reason="test",
        channel="command",
    )
    assert report.ok
    world.pop.publication_status = "published"
    world.pop.save()
    return world


def test_export_writes_the_open_sdg_layout(published, tmp_path):
    report = export_repository(tmp_path)
    assert report.ids == {"PM10_AVG": "pm10-avg", "POP": "pop"}
    assert sorted(report.files) == [
        "data/indicator_pm10-avg.csv",
        "data/indicator_pop.csv",
        "meta/pm10-avg.md",
        "meta/pop.md",
    ]
    rows = list(csv.reader(io.StringIO((tmp_path / "data/indicator_pm10-avg.csv").read_text())))
    assert rows == [
        ["Year", "Territory", "Observation status", "Units", "GeoCode", "Value"],
        ["2023", "", "Normal value", "µg/m3", "1261011", "30.1"],
        ["2024", "", "Provisional value", "µg/m3", "1261011", "27.9"],
        ["2024", "Stare Miasto", "Normal value", "µg/m3", "1261011-01", "33.25"],
    ]
    assert (tmp_path / "data/indicator_pop.csv").read_text().splitlines() == [
        "Year,sex,Units,GeoCode,Value",
        "2024,,osoby,1261011,804237",
        "2024,F,osoby,1261011,425000",
    ]
    text = (tmp_path / "meta/pm10-avg.md").read_text("utf-8")
    meta = yaml.safe_load(text.split("---")[1])
    assert meta["indicator_number"] == "PM10_AVG"
    assert meta["indicator_name"] == "Średnioroczne stężenie PM10"
    assert meta["reporting_status"] == "complete"


def test_exported_files_import_back_to_the_same_values(published, tmp_path):
    call_command("opensdg", "export", str(tmp_path), stdout=StringIO())
    call_command(
        "opensdg",
        "import",
        str(tmp_path),
        "--territory",
        "1261011",
        "--reason",
        "round trip",
        "--prefix",
        "RT-",
        stdout=StringIO(),
    )
    assert values("RT-pm10-avg") == values("PM10_AVG")
    assert values("RT-pop") == values("POP")
    statuses = dict(
        Observation.objects.filter(indicator__code="RT-pm10-avg").values_list("period", "status")
    )
    assert statuses["2023"] == "final"
    assert (
        Observation.objects.get(
            indicator__code="RT-pm10-avg", territory__code="1261011", period="2024"
        ).status
        == "provisional"
    )
    assert Indicator.objects.get(code="RT-pm10-avg").unit == "µg/m3"


def test_import_command_refuses_with_every_problem(world, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/indicator_3-1-1.csv").write_text("Year,Value\n2020,a\n2021,b\n", "utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "opensdg",
            "import",
            str(tmp_path),
            "--territory",
            "1261011",
            "--reason",
            "x",
            stdout=StringIO(),
            stderr=err,
        )
    assert len(err.getvalue().strip().splitlines()) == 2
    assert not Indicator.objects.filter(code="3-1-1").exists()


def test_the_import_keeps_each_indicators_metadata_in_its_history(world, tmp_path):
    from stradom.catalog.models import IndicatorChange

    shutil.copytree(FIXTURES / "data-starter", tmp_path / "repo")
    report = import_repository(
        tmp_path / "repo", territory="1261011", actor=world.admin, reason="z Open SDG"
    )
    assert report.ok, [str(p) for p in report.problems]
    poverty = Indicator.objects.get(code="1-1-1")
    first = IndicatorChange.objects.filter(object_id=poverty.pk)
    assert set(first.values_list("reason", "channel", "actor")) == {
        ("z Open SDG", "import", world.admin.pk)
    }
    assert ("code", "", "1-1-1") in first.values_list("field", "old", "new")
    assert ("frequency", "", "Y") in first.values_list("field", "old", "new")
    known = IndicatorChange.objects.count()

    # The same files again record nothing; a definition added to the metadata is a change.
    import_repository(tmp_path / "repo", territory="1261011", actor=world.admin, reason="again")
    assert IndicatorChange.objects.count() == known
    meta = tmp_path / "repo/meta/1-1-1.md"
    meta.write_text(
        meta.read_text("utf-8").replace(
            "layout:", "indicator_definition: Odsetek ubogich\nlayout:"
        ),
        "utf-8",
    )
    report = import_repository(tmp_path / "repo", territory="1261011", actor=None, reason="korekta")
    assert report.ok, [str(p) for p in report.problems]
    latest = IndicatorChange.objects.filter(object_id=poverty.pk).exclude(reason="z Open SDG")
    assert list(latest.values_list("field", "new", "reason", "channel", "actor")) == [
        ("description_pl", "Odsetek ubogich", "korekta", "import", None)
    ]


def test_metadata_the_catalogue_refuses_imports_nothing(world, tmp_path):
    from stradom.catalog.models import IndicatorChange

    shutil.copytree(FIXTURES / "data-starter", tmp_path / "repo")
    meta = tmp_path / "repo/meta/1-1-1.md"
    meta.write_text(
        meta.read_text("utf-8").replace("layout:", "source_url_1: not an address\nlayout:"),
        "utf-8",
    )
    report = import_repository(tmp_path / "repo", territory="1261011", actor=None, reason="t")
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert (problem.file, problem.line, problem.field) == ("data/indicator_1-1-1.csv", None,
                                                           "metadata")  # fmt: skip
    assert "source_url" in str(problem.message)
    assert Indicator.objects.count() == 4  # the world's, nothing more
    assert IndicatorChange.objects.count() == 0
    assert Observation.objects.count() == 0
