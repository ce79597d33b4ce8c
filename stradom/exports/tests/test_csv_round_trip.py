"""The open-data CSV files read back through the importer: the plain CSV and the Polish
Excel file (Polish headers and statuses, decimal commas, days as 15.07.2024). Imported
into the database they came from, every value is unchanged; imported into one that lost
them, the same values come back (value, status, interval, note, source). The
Polish-Excel file is Polish whoever downloads it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from stradom.catalog.models import Indicator, Observation
from stradom.catalog.services import (
    ObservationInput,
    delete_observations,
    set_computation,
    write_observations,
)
from stradom.exports import build
from stradom.ingest.services import import_file

FIELDS = (
    "indicator__code",
    "territory__code",
    "period",
    "dimensions",
    "value",
    "status",
    "ci_low",
    "ci_high",
    "note",
    "source",
)


@pytest.fixture
def published(world):
    daily = Indicator.objects.create(
        code="PM10_D", name_pl="Stężenie PM10 (dobowe)", frequency="D", unit="µg/m³"
    )
    Indicator.objects.filter(code__in=["POP", "PM10_AVG", "PM10_D"]).update(
        publication_status="published"
    )
    city, district = world.city.code, world.district1.code
    report = write_observations(
        [
            ObservationInput("POP", city, "2024", Decimal("804237.5"), status="provisional"),
            ObservationInput(
                "POP",
                city,
                "2024",
                Decimal("425120"),
                (("sex", "F"),),
                ci_low=Decimal("420000.25"),
                ci_high=Decimal("430000"),
                source="GUS, BDL",
            ),
            ObservationInput("POP", district, "2024", None, status="not_available"),
            ObservationInput(
                "PM10_AVG", city, "2023", Decimal("-1.5"), status="estimated", note='a; "b"'
            ),
            ObservationInput("PM10_D", city, "2024-07-15", Decimal("40.8"), source="GIOŚ"),
            ObservationInput("PM10_D", city, "2024-02-29", Decimal("0.0000000001")),
        ],
        actor=None,
        reason="test",
        channel="command",
    )
    assert report.ok, report.problems
    return daily


def stored() -> list[tuple]:
    return sorted(Observation.objects.values_list(*FIELDS))


def export(tmp_path, fmt: str):
    path = tmp_path / f"export-{fmt}.csv"
    path.write_bytes(build.render(fmt, build.datasets(), whole=True))
    return path


@pytest.mark.parametrize("fmt", ["csv", "csv-pl"])
def test_an_export_imported_where_it_came_from_changes_nothing(tmp_path, world, published, fmt):
    before = stored()
    report = import_file(export(tmp_path, fmt), actor=world.admin, reason="round trip")
    assert report.ok, [str(p) for p in report.problems]
    w = report.write
    assert (report.rows, w.created, w.updated, w.unchanged) == (6, 0, 0, 6)
    assert stored() == before


@pytest.mark.parametrize("fmt", ["csv", "csv-pl"])
def test_an_export_brings_back_the_values_a_database_lost(tmp_path, world, published, fmt):
    before = stored()
    path = export(tmp_path, fmt)
    deleted = delete_observations(
        [(o[0], o[1], o[2], tuple(sorted(_dims(o[3]).items()))) for o in before],
        actor=None,
        reason="lost",
        channel="command",
    )
    assert deleted.ok and Observation.objects.count() == 0
    report = import_file(path, actor=world.admin, reason="restored from the open data")
    assert report.ok, [str(p) for p in report.problems]
    assert report.write.created == 6
    assert stored() == before


def _dims(key: str) -> dict:
    return dict(part.split("=", 1) for part in key.split("|")) if key else {}


def test_the_polish_excel_file_is_polish_and_the_plain_one_keeps_machine_names(
    client, world, published
):
    for language in ("pl", "en"):
        body = client.get("/api/exports/catalogue/csv-pl", HTTP_ACCEPT_LANGUAGE=language).content
        rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        day = next(r for r in rows if r["wskaźnik"] == "PM10_D" and r["okres"] == "15.07.2024")
        assert (day["wartość"], day["status wartości"], day["źródło"]) == (
            "40,8",
            "ostateczna",
            "GIOŚ",
        )
        woman = next(r for r in rows if r["sex"] == "F")
        assert (woman["dolna granica przedziału ufności"], woman["wartość"]) == (
            "420000,25",
            "425120",
        )
        assert {r["status wartości"] for r in rows} == {
            "ostateczna",
            "wstępna",
            "szacunkowa",
            "brak danych",
        }
        plain = client.get("/api/exports/catalogue/csv", HTTP_ACCEPT_LANGUAGE=language).content
        machine = list(csv.DictReader(io.StringIO(plain.decode())))
        assert list(machine[0])[:4] == ["indicator", "territory", "territory_name", "period"]
        day = next(r for r in machine if r["period"] == "2024-07-15")
        assert (day["value"], day["status"], day["source"]) == ("40.8", "final", "GIOŚ")


def test_a_computed_note_in_the_polish_excel_file_is_polish_for_an_english_reader(
    client, world, published
):
    annual = Indicator.objects.create(
        code="PM10_Y", name_pl="Średnia roczna PM10", publication_status="published"
    )
    set_computation(
        annual,
        aggregation_source=published,
        aggregation={"function": "mean", "min_coverage": "0.9"},
        actor=None,
        reason="definicja wskaźnika",
    )
    body = client.get("/api/exports/indicators/PM10_Y/csv-pl", HTTP_ACCEPT_LANGUAGE="en").content
    [row] = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert (row["okres"], row["status wartości"]) == ("2024", "szacunkowa")
    assert row["uwagi"] == "niepełne: 2 z 366 wartości źródłowych (1%)"
    plain = client.get("/api/exports/indicators/PM10_Y/csv", HTTP_ACCEPT_LANGUAGE="en").content
    [english] = list(csv.DictReader(io.StringIO(plain.decode())))
    assert (english["status"], english["note"]) == (
        "estimated",
        "incomplete: 2 of 366 source values (1%)",
    )
