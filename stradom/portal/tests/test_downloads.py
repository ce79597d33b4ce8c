"""The downloads on an indicator page: the series as CSV and the open-data files
(CSV for Polish Excel, XLSX, JSON-stat, SDMX-CSV) of published indicators only."""

from __future__ import annotations

import re

import pytest

from stradom.exports import FORMATS

OPEN_DATA = ("csv-pl", "xlsx", "jsonstat", "sdmx-csv")


def download_links(html: str) -> dict[str, str]:
    """The Downloads list: label → address."""
    part = html[html.index('<ul class="downloads">') :]
    part = part[: part.index("</ul>")]
    return {
        label: href.replace("&amp;", "&")
        for href, label in re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', part)
    }


def test_a_published_indicator_offers_each_open_data_format_with_its_label(client, dashboard):
    links = download_links(client.get("/indicators/PM10_AVG/").content.decode())
    assert links == {
        "Szereg w formacie CSV": "/indicators/PM10_AVG/data.csv?territory=1261011&dimensions=",
        "Wszystkie jednostki terytorialne i okresy: CSV dla polskiego Excela "
        "(średniki, przecinki dziesiętne)": ("/api/exports/indicators/PM10_AVG/csv-pl"),
        "Wszystkie jednostki terytorialne i okresy: skoroszyt Excela (XLSX)": (
            "/api/exports/indicators/PM10_AVG/xlsx"
        ),
        "Wszystkie jednostki terytorialne i okresy: JSON-stat (JSON)": (
            "/api/exports/indicators/PM10_AVG/jsonstat"
        ),
        "Wszystkie jednostki terytorialne i okresy: SDMX-CSV (wymiana danych statystycznych)": (
            "/api/exports/indicators/PM10_AVG/sdmx-csv"
        ),
    }


def test_the_english_page_labels_the_formats_in_english(client, dashboard):
    links = download_links(client.get("/en/indicators/PM10_AVG/").content.decode())
    assert links["All territorial units and periods: Excel workbook (XLSX)"] == (
        "/api/exports/indicators/PM10_AVG/xlsx"
    )
    assert len(links) == 5


@pytest.mark.parametrize("fmt", OPEN_DATA)
def test_each_link_answers_with_the_file_of_its_format(client, dashboard, fmt):
    links = download_links(client.get("/indicators/PM10_AVG/").content.decode())
    (url,) = [u for u in links.values() if u.endswith(f"/{fmt}")]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS[fmt][1]
    assert response["Content-Disposition"].startswith('attachment; filename="PM10_AVG')
    body = response.content
    if fmt == "xlsx":
        assert body[:2] == b"PK"  # a zip container, as every workbook is
    elif fmt == "jsonstat":
        assert b'"PM10_AVG"' in body
    else:
        assert b"PM10_AVG" in body
        assert b"1261011" in body  # the city's values are in it


@pytest.mark.parametrize("fmt", OPEN_DATA)
def test_an_unpublished_indicator_has_no_open_data_file(client, dashboard, fmt):
    assert client.get(f"/api/exports/indicators/TRAM_SAT/{fmt}").status_code == 404
    client.force_login(dashboard.transport_coordinator)  # even for its own coordinator
    assert client.get(f"/api/exports/indicators/TRAM_SAT/{fmt}").status_code == 404


def test_the_workspace_page_of_an_unpublished_indicator_offers_no_open_data_link(client, dashboard):
    client.force_login(dashboard.transport_coordinator)
    html = client.get("/panel/indicators/TRAM_SAT/").content.decode()
    links = download_links(html)
    assert not [u for u in links.values() if "/api/exports/" in u]
    assert "gdy wskaźnik zostanie opublikowany" in html
