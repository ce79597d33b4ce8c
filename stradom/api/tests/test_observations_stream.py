"""Observation pages longer than one chunk are streamed to token (and signed-in) readers,
the same bytes as the document ninja would make; public reads stay whole, cached and
tagged; errors are answered before anything is sent."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from stradom.api.routers import observations as router
from stradom.api.tests.reference import as_ninja_would
from stradom.catalog.models import Observation
from stradom.catalog.services import ObservationInput, write_observations
from stradom.exports import build
from stradom.exports import csv as csv_export

ORDER = ("indicator__code", "territory__code", "period_start", "period_end", "dimensions", "pk")


@pytest.fixture
def chunks_of_three(monkeypatch):
    """A chunk of three rows: the fixture's eight values (and more) are several chunks."""
    monkeypatch.setattr(router, "CHUNK_ROWS", 3)


@pytest.fixture
def varied(stored):
    """Values with what each part of an item writes: notes, bounds, bases, negative and
    whole numbers."""
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
    return stored


@pytest.fixture
def computed_note(varied):
    """PM10's 2019 value says why in words, in the reader's language (its provenance)."""
    Observation.objects.filter(indicator__code="PM10_AVG", period="2019").update(
        provenance={"unavailable": "input"}
    )
    return varied


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _reference(limit=10_000, offset=0) -> bytes:
    rows = Observation.objects.select_related("indicator", "territory").order_by(*ORDER)
    count = rows.count()
    document = as_ninja_would(rows[offset : offset + limit], count, limit, offset)
    return json.dumps(document).encode()  # as ninja renders it


@pytest.mark.parametrize("kept_parts", [4096, 1])
def test_a_page_of_several_chunks_is_streamed_as_the_document_ninja_would_make(
    client, varied, token_for, chunks_of_three, monkeypatch, kept_parts
):
    monkeypatch.setattr(router, "_KEPT_PARTS", kept_parts)  # 1: parts forgotten and rewritten
    headers = {"Authorization": f"Bearer {token_for(varied.analyst)}"}
    response = client.get("/api/observations", {"limit": 10_000}, headers=headers)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/json"
    assert "private" in response["Cache-Control"]
    body = _body(response)
    assert body == _reference()
    assert len(json.loads(body)["items"]) == 12
    # Every window of pages across chunk boundaries, the row past the page included.
    for limit, offset in [(5, 0), (6, 2), (7, 5), (4, 8), (3, 9), (6, 10), (3, 12)]:
        response = client.get(
            "/api/observations", {"limit": limit, "offset": offset}, headers=headers
        )
        assert _body(response) == _reference(limit, offset), (limit, offset)


def test_a_streamed_page_is_written_in_the_language_of_the_request(
    client, computed_note, token_for, chunks_of_three
):
    headers = {"Authorization": f"Bearer {token_for(computed_note.analyst)}"}
    for language, note in [
        ("en", "an input is not available"),
        ("pl", "jedna z danych wejściowych jest niedostępna"),
    ]:
        response = client.get(
            "/api/observations", {"limit": 100}, headers=headers, HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.streaming
        assert response["Content-Language"] == language
        items = json.loads(_body(response))["items"]
        assert [o["note"] for o in items if o["period"] == "2019"] == [note]


def test_the_same_bytes_whole_and_streamed_on_this_database(varied, chunks_of_three):
    from stradom.catalog import queries
    from stradom.catalog.models import Indicator

    selected = queries.observations(Indicator.objects.all())
    whole = router.observations_json(selected, 100, 1)
    streamed = router.observations_json(selected, 100, 1, stream=True)
    assert not whole.streaming and streamed.streaming
    assert whole.content == _body(streamed) == _reference(100, 1)


def test_outside_a_transaction_too(transactional_db, varied, client, token_for, chunks_of_three):
    """As gunicorn serves it (autocommit): on PostgreSQL the cursor is then ``WITH HOLD``,
    and the page is read from what the server kept, after the view has returned."""
    from django.db import connection

    assert not connection.in_atomic_block
    headers = {"Authorization": f"Bearer {token_for(varied.analyst)}"}
    response = client.get("/api/observations", {"limit": 11, "offset": 1}, headers=headers)
    assert response.streaming
    assert _body(response) == _reference(11, 1)
    assert not connection.in_atomic_block


def test_public_reads_of_several_chunks_stay_whole_cached_and_tagged(
    client, stored, chunks_of_three, django_assert_max_num_queries
):
    first = client.get("/api/observations", {"limit": 100})
    assert not first.streaming  # the page cache keeps whole bodies
    assert first["Cache-Control"] == "public, max-age=300"
    assert json.loads(first.content)["count"] == 4  # the published PM10 values
    with django_assert_max_num_queries(1):  # the data version: the page is kept
        again = client.get("/api/observations", {"limit": 100})
    assert again.content == first.content
    assert (
        client.get(
            "/api/observations", {"limit": 100}, HTTP_IF_NONE_MATCH=first["ETag"]
        ).status_code
        == 304
    )


def test_errors_are_answered_before_anything_is_streamed(
    client, stored, token_for, chunks_of_three
):
    headers = {"Authorization": f"Bearer {token_for(stored.analyst)}", "Accept-Language": "en"}
    bad_period = client.get("/api/observations", {"period_from": "2024-02-30"}, headers=headers)
    assert (bad_period.status_code, bad_period.streaming) == (400, False)
    error = bad_period.json()["error"]
    assert (error["code"], error["message"]) == ("bad_request", "Not a period.")
    assert error["details"][0]["field"] == "period_from"
    unknown = client.get("/api/observations", {"indicator": "NOPE"}, headers=headers)
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
    too_long = client.get("/api/observations", {"limit": 10_001}, headers=headers)
    assert too_long.status_code == 422
    assert too_long.json()["error"]["details"][0]["field"] == "limit"
    wrong_token = client.get("/api/observations", headers={"Authorization": "Bearer nope"})
    assert wrong_token.status_code == 401


def test_a_kept_total_that_a_page_shows_wrong_is_counted_again(
    client, stored, token_for, chunks_of_three
):
    headers = {"Authorization": f"Bearer {token_for(stored.analyst)}"}
    assert json.loads(_body(client.get("/api/observations", headers=headers)))["count"] == 8
    # A change outside the write paths: the data version does not move.
    Observation.objects.filter(indicator__code="POP", dimensions="sex=M").delete()
    stale = json.loads(_body(client.get("/api/observations", headers=headers)))
    assert (stale["count"], len(stale["items"])) == (8, 7)  # the kept total, once
    again = json.loads(_body(client.get("/api/observations", headers=headers)))
    assert (again["count"], len(again["items"])) == (7, 7)


def test_a_csv_of_several_chunks_is_streamed_with_every_dimension_in_its_header(
    client, stored, token_for, chunks_of_three
):
    from stradom.catalog import queries
    from stradom.catalog.models import Indicator

    headers = {"Authorization": f"Bearer {token_for(stored.analyst)}"}
    response = client.get("/api/observations.csv", headers=headers)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="observations.csv"'
    body = _body(response)
    rows = [row for _pk, row in build.rows_of(queries.observations(Indicator.objects.all()))]
    assert body == csv_export.write_csv(rows)  # what the whole file was
    lines = body.decode().splitlines()
    # The disaggregated values come in the last chunk; the header has their column.
    assert lines[0].split(",")[:5] == ["indicator", "territory", "territory_name", "period", "sex"]
    assert len(lines) == 9
    assert [line.split(",")[4] for line in lines[1:] if line.startswith("POP")] == ["", "F", "M"]


def test_the_csv_in_pieces_is_the_csv_whole():
    from stradom.exports.dataset import Row

    def row(period, dims=(), value=Decimal("1.5")):
        return Row("X", "1261011", "Kraków", period, dims, value, "final", "%", None, None, "", "")

    rows = [row("2022"), row("2023", (("sex", "F"),)), row("2024", (("age", "0-17"),))]
    for polish in (False, True):
        whole = csv_export.write_csv(rows, polish=polish)
        dims = ["age", "sex"]
        pieces = list(csv_export.csv_parts([rows[:1], rows[1:2], rows[2:]], dims, polish=polish))
        assert len(pieces) == 3
        assert b"".join(pieces) == whole
    header = b"indicator,territory,territory_name,period,age,sex,value,unit,status,ci_low,"
    assert list(csv_export.csv_parts([], ["age", "sex"])) == [header + b"ci_high,note,source\n"]
