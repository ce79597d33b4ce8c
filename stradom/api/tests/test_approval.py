"""/api/approval/…: locking and unlocking, submitting, approving and returning values,
through the same services as the workspace (channel ``api``)."""

from __future__ import annotations

import json
from decimal import Decimal

from stradom.approval.models import ApprovalEvent, PeriodLock, PeriodLockEvent
from stradom.approval.services import status_of
from stradom.catalog.models import Observation


def post(client, token, path, body):
    return client.post(
        path,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_an_administrator_locks_and_unlocks_a_period(client, stored, token_for):
    token = token_for(stored.admin)
    response = post(
        client,
        token,
        "/api/approval/locks",
        {"period": "2024", "domain": "srodowisko", "reason": "closed"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["period"], body["domain"], body["reason"], body["locked_by"]) == (
        "2024",
        "srodowisko",
        "closed",
        "admin",
    )
    assert client.get("/api/approval/locks").json()[0]["period"] == "2024"
    refused = post(
        client,
        token_for(stored.provider),
        "/api/observations",
        {
            "reason": "fix",
            "replace": True,
            "observations": [
                {"indicator": "PM10_AVG", "territory": "1261011", "period": "2024", "value": "1"}
            ],
        },
    )
    assert refused.status_code == 422
    assert Observation.objects.get(
        indicator=stored.pm10, territory=stored.city, period="2024"
    ).value == Decimal("27.9")
    lock_id = body["id"]
    assert (
        post(client, token, f"/api/approval/locks/{lock_id}/unlock", {"reason": "ok"}).status_code
        == 200
    )
    assert list(PeriodLockEvent.objects.values_list("action", "channel")) == [
        ("locked", "api"),
        ("unlocked", "api"),
    ]


def test_a_coordinator_may_not_lock(client, stored, token_for):
    response = post(
        client,
        token_for(stored.env_coordinator),
        "/api/approval/locks",
        {"period": "2024", "domain": "srodowisko", "reason": "closed"},
    )
    assert response.status_code == 403
    assert not PeriodLock.objects.exists()


def test_values_are_submitted_approved_and_listed_while_awaiting(client, stored, token_for):
    provider, coordinator = token_for(stored.provider), token_for(stored.env_coordinator)
    response = post(client, provider, "/api/approval/PM10_AVG/2023/submit", {"comment": "ok"})
    assert response.json() == {"indicator": "PM10_AVG", "period": "2023", "status": "submitted"}
    awaiting = client.get(
        "/api/approval/awaiting", headers={"Authorization": f"Bearer {coordinator}"}
    ).json()
    assert [(a["indicator"], a["period"], a["submitted_by"], a["comment"]) for a in awaiting] == [
        ("PM10_AVG", "2023", "celina", "ok")
    ]
    assert post(client, provider, "/api/approval/PM10_AVG/2023/approve", {}).status_code == 403
    assert post(client, coordinator, "/api/approval/PM10_AVG/2023/return", {}).status_code == 400
    ok = post(client, coordinator, "/api/approval/PM10_AVG/2023/approve", {})
    assert ok.json()["status"] == "approved"
    assert status_of(stored.pm10, "2023") == "approved"
    assert list(ApprovalEvent.objects.values_list("action", "channel")) == [
        ("submitted", "api"),
        ("approved", "api"),
    ]
    assert client.get("/api/approval/awaiting").json() == []  # the public awaits nothing
