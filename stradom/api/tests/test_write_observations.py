import json
from decimal import Decimal

from stradom.catalog.models import Observation, ObservationChange


def post(client, token, body):
    return client.post(
        "/api/observations",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_data_provider_writes_values_with_history(client, world, token_for):
    response = post(
        client,
        token_for(world.provider),
        {
            "reason": "GIOŚ annual report",
            "observations": [
                {
                    "indicator": "PM10_AVG",
                    "territory": "1261011",
                    "period": "2024",
                    "value": "27.9",
                },
                {
                    "indicator": "PM10_AVG",
                    "territory": "1261011-01",
                    "period": "2024",
                    "value": 33.25,
                    "status": "provisional",
                },
            ],
        },
    )
    assert response.status_code == 200, response.json()
    report = response.json()
    assert (report["created"], report["updated"], report["unchanged"]) == (2, 0, 0)
    assert report["problems"] == []
    stored = Observation.objects.get(territory__code="1261011-01")
    assert stored.value == Decimal("33.25")
    assert stored.status == "provisional"
    assert stored.updated_by == world.provider
    change = ObservationChange.objects.get(territory__code="1261011")
    assert (change.channel, change.reason, change.user) == (
        "api",
        "GIOŚ annual report",
        world.provider,
    )


def test_writing_needs_a_token(client, world):
    client.force_login(world.admin)  # a session is not enough: writes use tokens
    response = post(client, None, {"reason": "x", "observations": []})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_revoked_token_is_refused(client, world):
    from stradom.api.services import create_token, revoke_token

    token, plain = create_token(world.admin)
    revoke_token(token)
    body = {
        "reason": "x",
        "observations": [
            {"indicator": "PM10_AVG", "territory": "1261011", "period": "2024", "value": "1"}
        ],
    }
    assert post(client, plain, body).status_code == 401
    assert Observation.objects.count() == 0


def test_an_analyst_may_not_write_and_nothing_changes(client, world, token_for):
    body = {
        "reason": "x",
        "observations": [
            {"indicator": "PM10_AVG", "territory": "1261011", "period": "2024", "value": "1"}
        ],
    }
    response = post(client, token_for(world.analyst), body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert Observation.objects.count() == 0


def test_one_bad_row_refuses_the_batch_and_reports_every_problem_by_index(client, world, token_for):
    response = post(
        client,
        token_for(world.transport_coordinator),
        {
            "reason": "survey 2024",
            "observations": [
                {
                    "indicator": "TRAM_SAT",
                    "territory": "1261011",
                    "period": "2024",
                    "value": "71.5",
                },
                {"indicator": "TRAM_SAT", "territory": "1261011", "period": "2023", "value": "171"},
                {"indicator": "PM10_AVG", "territory": "1261011", "period": "2024", "value": "30"},
                {"indicator": "TRAM_SAT", "territory": "9999", "period": "2022", "value": "70"},
            ],
        },
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "refused"
    assert error["message"] == "3 problems; nothing was written."
    assert sorted((d["line"], d["field"]) for d in error["details"]) == [
        (1, "value"),
        (2, "indicator"),
        (3, "territory"),
    ]
    messages = {d["line"]: d["message"] for d in error["details"]}
    assert messages[2] == "you may not enter values of indicator PM10_AVG"
    assert messages[3] == "unknown territorial unit '9999'"
    assert Observation.objects.count() == 0
    assert ObservationChange.objects.count() == 0


def test_a_stored_value_is_replaced_only_when_asked_with_a_reason(client, world, token_for):
    token = token_for(world.env_coordinator)
    row = {"indicator": "PM10_AVG", "territory": "1261011", "period": "2024", "value": "27.9"}
    assert post(client, token, {"reason": "first", "observations": [row]}).status_code == 200
    changed = dict(row, value="28.1")
    refused = post(client, token, {"reason": "fix", "observations": [changed]})
    assert refused.status_code == 422
    assert Observation.objects.get().value == Decimal("27.9")
    ok = post(client, token, {"reason": "correction", "replace": True, "observations": [changed]})
    assert ok.json()["updated"] == 1
    assert Observation.objects.get().value == Decimal("28.1")
    assert ObservationChange.objects.filter(action="updated").get().reason == "correction"


def test_a_dry_run_reports_without_writing(client, world, token_for):
    row = {"indicator": "PM10_AVG", "territory": "1261011", "period": "2024", "value": "27.9"}
    response = post(
        client, token_for(world.admin), {"reason": "try", "dry_run": True, "observations": [row]}
    )
    assert response.json()["created"] == 1
    assert response.json()["dry_run"] is True
    assert Observation.objects.count() == 0


def test_a_missing_reason_is_a_validation_error_in_the_error_shape(client, world, token_for):
    row = {"indicator": "PM10_AVG", "territory": "1261011", "period": "2024", "value": "1"}
    response = post(client, token_for(world.admin), {"reason": "", "observations": [row]})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["details"][0]["field"] == "reason"
    assert Observation.objects.count() == 0


def test_disaggregated_values_are_written_with_their_dimensions(client, world, token_for):
    response = post(
        client,
        token_for(world.admin),
        {
            "reason": "census",
            "observations": [
                {
                    "indicator": "POP",
                    "territory": "1261011",
                    "period": "2024",
                    "value": "425000",
                    "dimensions": {"sex": "F"},
                },
                {
                    "indicator": "POP",
                    "territory": "1261011",
                    "period": "2024",
                    "value": "1",
                    "dimensions": {"sex": "X"},
                },
            ],
        },
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {"field": "sex", "line": 1, "message": "'X' is not an allowed value of sex"}
    ]


def test_a_nul_character_in_a_written_field_is_refused(client, world, token_for):
    row = {"indicator": "PM10\x00", "territory": "1261011", "period": "2024", "value": "1"}
    response = post(client, token_for(world.admin), {"reason": "x", "observations": [row]})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "observations.0.indicator"
    assert Observation.objects.count() == 0


def test_token_writes_need_no_csrf_token(world, token_for):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    row = {"indicator": "PM10_AVG", "territory": "1261011", "period": "2024", "value": "27.9"}
    response = post(strict, token_for(world.provider), {"reason": "x", "observations": [row]})
    assert response.status_code == 200
    assert Observation.objects.count() == 1
