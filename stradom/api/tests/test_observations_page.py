"""The observations list is written straight to JSON for speed; it must be the very
document ninja makes from the schema, and its count must be right on every page."""

from __future__ import annotations

from decimal import Decimal

from stradom.api.tests.reference import as_ninja_would
from stradom.catalog.models import Observation
from stradom.catalog.services import ObservationInput, write_observations
from stradom.core.numbers import plain


def test_the_page_is_the_document_ninja_would_make(client, stored):
    write_observations(
        [
            ObservationInput(
                "PM10_AVG",
                "1261011",
                "2021",
                Decimal("-0.50"),
                ci_low=Decimal("-1.25"),
                ci_high=Decimal("1E+1"),
                base_n=120,
                note="pomiar „zimowy”",
                source="WIOŚ",
            ),
            ObservationInput("PM10_AVG", "1261011", "2020", Decimal("1000.000")),
            ObservationInput("PM10_AVG", "1261011", "2019", Decimal("0")),
            ObservationInput("PM10_AVG", "1261011-02", "2024", Decimal("-12345678.0001")),
        ],
        actor=None,
        reason="test",
        channel="command",
    )
    client.force_login(stored.analyst)
    response = client.get("/api/observations", {"limit": 10_000})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    stored_rows = Observation.objects.select_related("indicator", "territory").order_by(
        "indicator__code", "territory__code", "period_start", "period_end", "dimensions", "pk"
    )
    assert body == as_ninja_would(stored_rows, 12, 10_000, 0)
    assert [o["value"] for o in body["items"][:2]] == ["0", "1000"]
    first = body["items"][2]
    assert (first["period"], first["value"], first["ci_low"], first["ci_high"]) == (
        "2021",
        "-0.5",
        "-1.25",
        "10",
    )
    assert first["updated_at"].endswith("Z")


def test_count_is_the_total_on_every_page(client, stored):
    pages = [
        client.get("/api/observations", {"limit": 3, "offset": offset}).json()
        for offset in (0, 3, 6)
    ]
    assert [p["count"] for p in pages] == [4, 4, 4]
    assert [len(p["items"]) for p in pages] == [3, 1, 0]
    assert [o["period"] for o in pages[0]["items"] + pages[1]["items"]] == [
        "2022",
        "2023",
        "2024",
        "2024",
    ]


def test_ten_thousand_is_the_largest_page(client, stored):
    assert client.get("/api/observations", {"limit": 10_000}).status_code == 200
    response = client.get("/api/observations", {"limit": 10_001})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "limit"


def test_public_reads_are_cached_per_data_version_and_token_reads_never(
    client, stored, token_for, django_capture_on_commit_callbacks
):
    from django.db import transaction

    first = client.get("/api/observations", {"indicator": "PM10_AVG"})
    assert first["Cache-Control"] == "public, max-age=300"
    assert [o["value"] for o in first.json()["items"]][:1] == ["35.2"]
    other = client.get("/api/observations", {"period_to": "2022"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200  # other content, other tag
    assert (
        client.get(
            "/api/observations", {"indicator": "PM10_AVG"}, HTTP_IF_NONE_MATCH=first["ETag"]
        ).status_code
        == 304
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        write_observations(
            [ObservationInput("PM10_AVG", "1261011", "2021", Decimal("40"))],
            actor=None,
            reason="test",
            channel="command",
        )
    again = client.get("/api/observations", {"indicator": "PM10_AVG"}).json()
    assert [o["value"] for o in again["items"]][:1] == ["40"]
    # With a token, an analyst reads the draft indicator: never from the public cache.
    headers = {"Authorization": f"Bearer {token_for(stored.analyst)}"}
    mine = client.get("/api/observations", headers=headers)
    assert "private" in mine["Cache-Control"]
    assert mine.json()["count"] == again["count"] + 4  # TRAM_SAT and POP's three
    assert client.get("/api/observations").json()["count"] == again["count"]


def test_postgresql_number_text_reads_as_plain_does():
    import random

    from stradom.api.routers.observations import _plain_text

    rng = random.Random(3)
    texts = ["0.0000000000", "-0.5000000000", "1000.0000000000", "12", "NaN"]
    texts += [
        f"{Decimal(rng.randint(-(10**15), 10**15)).scaleb(-rng.randint(0, 10)):.10f}"
        for _ in range(2000)
    ]
    for text in texts:  # numeric(28, 10) as PostgreSQL prints it
        assert _plain_text(text) == plain(Decimal(text)), text


def test_the_total_is_counted_once_per_data_version_and_again_after_a_write(
    client, stored, token_for, django_capture_on_commit_callbacks
):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    # With a token: never from the page cache, so every request runs the view.
    headers = {"Authorization": f"Bearer {token_for(stored.analyst)}"}
    first = client.get("/api/observations", {"limit": 2}, headers=headers).json()
    assert (first["count"], len(first["items"])) == (8, 2)
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/observations", {"limit": 2}, headers=headers).json()
    assert again["count"] == 8
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]  # kept, not counted
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        report = write_observations(
            [ObservationInput("PM10_AVG", "1261011", "2021", Decimal("40"))],
            actor=None,
            reason="a year more",
            channel="command",
        )
    assert report.created == 1
    after = client.get("/api/observations", {"limit": 2}, headers=headers).json()
    assert after["count"] == 9
    # Another selection has its own total, at the same version.
    pm10 = client.get(
        "/api/observations", {"limit": 2, "indicator": "PM10_AVG"}, headers=headers
    ).json()
    assert pm10["count"] == 5
    # The public sees its own total (no draft TRAM_SAT, no POP), not the analyst's.
    assert client.get("/api/observations", {"limit": 2}).json()["count"] == 5
