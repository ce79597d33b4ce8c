import io
import json

import openpyxl
import pandas as pd
from pyjstat import pyjstat


def test_indicator_export_as_jsonstat_reads_back(client, stored):
    response = client.get("/api/exports/indicators/PM10_AVG/jsonstat")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    frame = pyjstat.Dataset.read(response.content.decode()).write("dataframe", naming="id")
    got = {(r.territory, r.period): r.value for r in frame.itertuples() if not pd.isna(r.value)}
    assert got == {
        ("1261011", "2022"): 35.2,
        ("1261011", "2023"): 30.1,
        ("1261011", "2024"): 27.9,
        ("1261011-01", "2024"): 33.0,
    }


def test_an_unpublished_indicator_is_not_exported(client, stored):
    client.force_login(stored.admin)  # open data is what is published, whoever asks
    assert client.get("/api/exports/indicators/TRAM_SAT/csv").status_code == 404


def test_unknown_export_format_is_a_422_in_the_error_shape(client, stored):
    response = client.get("/api/exports/indicators/PM10_AVG/pdf")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_catalogue_export_holds_only_published_indicators(client, stored):
    response = client.get("/api/exports/catalogue/sdmx-csv")
    frame = pd.read_csv(io.BytesIO(response.content), dtype=str)
    assert set(frame["INDICATOR"]) == {"PM10_AVG"}
    assert len(frame) == 4
    assert 'filename="stradom-sdmx.csv"' in response["Content-Disposition"]


def test_catalogue_as_xlsx_and_polish_csv(client, stored):
    book = openpyxl.load_workbook(io.BytesIO(client.get("/api/exports/catalogue/xlsx").content))
    values = [r[-7] for r in book["data"].iter_rows(min_row=2, values_only=True)]
    assert values == [35.2, 30.1, 27.9, 33]
    polish = client.get("/api/exports/catalogue/csv-pl").content
    assert polish.startswith("\ufeff".encode())
    assert ";27,9;" in polish.decode("utf-8-sig")


def test_dcat_catalogue_lists_published_datasets_with_a_distribution_per_format(client, stored):
    response = client.get("/api/dcat.jsonld")
    assert response["Content-Type"] == "application/ld+json"
    doc = json.loads(response.content)
    assert doc["@type"] == "dcat:Catalog"
    assert doc["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    [dataset] = doc["dcat:dataset"]
    assert dataset["@type"] == "dcat:Dataset"
    assert dataset["dct:identifier"] == "PM10_AVG"
    assert dataset["dct:temporal"] == {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": "2022",
        "dcat:endDate": "2024",
    }
    urls = [d["dcat:downloadURL"]["@id"] for d in dataset["dcat:distribution"]]
    assert urls == [
        f"http://testserver/api/exports/indicators/PM10_AVG/{fmt}"
        for fmt in ("csv", "csv-pl", "xlsx", "jsonstat", "sdmx-csv")
    ]
    for url in urls:  # every advertised download works
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_export_command_writes_the_file(stored, tmp_path):
    from django.core.management import call_command

    target = tmp_path / "pm10.json"
    call_command(
        "export",
        "--indicator",
        "PM10_AVG",
        "--format",
        "jsonstat",
        "-o",
        str(target),
        stdout=io.StringIO(),
    )
    raw = json.loads(target.read_text("utf-8"))
    assert raw["extension"]["indicator"] == "PM10_AVG"
    assert sorted(v for v in raw["value"] if v is not None) == [27.9, 30.1, 33, 35.2]
    dcat = tmp_path / "dcat.jsonld"
    call_command(
        "export",
        "--format",
        "dcat",
        "-o",
        str(dcat),
        "--base-url",
        "https://bip.example.pl",
        stdout=io.StringIO(),
    )
    doc = json.loads(dcat.read_text("utf-8"))
    assert doc["@id"] == "https://bip.example.pl/api/dcat.jsonld"


def test_export_command_refuses_an_unpublished_indicator(stored, tmp_path):
    import pytest
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command(
            "export", "--indicator", "TRAM_SAT", "--format", "csv", "-o", str(tmp_path / "x")
        )
    assert not (tmp_path / "x").exists()
