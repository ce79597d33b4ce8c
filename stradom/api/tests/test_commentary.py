"""/api/comments/…: a record's commentary (the office reads the thread, the public the
published comments), and the workspace's writes through the same services (channel
``api``); a refusal writes nothing."""

from __future__ import annotations

import json

import pytest

from stradom.commentary.models import Comment, CommentChange
from stradom.commentary.services import create_comment, reply


def send(client, method, token, path, body):
    return getattr(client, method)(
        path,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.fixture
def thread(strategy):
    w = strategy
    w.comment = create_comment(
        w.pm10, actor=w.env_coordinator, period="2025", text="Spadek.", actions="Kontrole.",
        public=True,
    )  # fmt: skip
    create_comment(w.pm10, actor=w.env_coordinator, period="2024", text="Robocze.")
    reply(w.comment, actor=w.analyst, text="Skąd dane?")
    return w


def test_the_public_reads_the_published_comments_only(client, thread):
    body = client.get("/api/comments/record/indicator/PM10_AVG").json()
    assert [(c["period"], c["text"], c["actions"], c["replies"]) for c in body] == [
        ("2025", "Spadek.", "Kontrole.", [])
    ]
    assert body[0]["author"] == ""


def test_the_office_reads_the_whole_thread(client, thread, token_for):
    token = token_for(thread.analyst)
    response = client.get(
        "/api/comments/record/indicator/PM10_AVG", headers={"Authorization": f"Bearer {token}"}
    )
    body = response.json()
    assert [(c["period"], c["text"], c["public"]) for c in body] == [
        ("2025", "Spadek.", True),
        ("2024", "Robocze.", False),
    ]
    assert [(r["text"], r["author"]) for r in body[0]["replies"]] == [("Skąd dane?", "daniel")]


def test_a_draft_indicator_the_caller_may_not_see_answers_404(client, thread):
    assert client.get("/api/comments/record/indicator/TRAM_SAT").status_code == 404
    assert client.get("/api/comments/record/goal/abc").status_code == 404


def test_a_coordinator_writes_replies_edits_and_deletes(client, thread, token_for):
    token = token_for(thread.env_coordinator)
    goal = thread.strategy.goals.get(code="I")
    response = send(client, "post", token, f"/api/comments/record/goal/{goal.pk}",
                    {"period": "2025h1", "text": "Cel idzie dobrze.", "public": True})  # fmt: skip
    assert response.status_code == 200, response.content
    made = response.json()
    assert (made["period"], made["text"], made["public"], made["author"]) == (
        "2025-H1", "Cel idzie dobrze.", True, "anna",
    )  # fmt: skip
    answer = send(client, "post", token_for(thread.provider), f"/api/comments/{made['id']}/replies",
                  {"text": "Dziękuję."})  # fmt: skip
    assert [r["text"] for r in answer.json()["replies"]] == ["Dziękuję."]
    edited = send(client, "patch", token, f"/api/comments/{made['id']}",
                  {"reason": "literówka", "text": "Cel idzie bardzo dobrze."})  # fmt: skip
    assert edited.json()["text"] == "Cel idzie bardzo dobrze."
    assert CommentChange.objects.filter(reason="literówka", channel="api").count() == 1
    gone = send(client, "post", token, f"/api/comments/{made['id']}/delete", {"reason": "dublet"})
    assert gone.status_code == 200
    assert not Comment.objects.filter(goal=goal).exists()


def test_refusals_write_nothing(client, thread, token_for):
    before = (Comment.objects.count(), CommentChange.objects.count())
    on_pm10 = "/api/comments/record/indicator/PM10_AVG"
    refused = send(
        client, "post", token_for(thread.analyst), on_pm10, {"period": "2025", "text": "Nie moje."}
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "Only a coordinator of the domain of PM10_AVG or an administrator may comment on it."
    )
    bad = send(
        client,
        "post",
        token_for(thread.env_coordinator),
        on_pm10,
        {"period": "2025-13", "text": "x"},
    )
    assert bad.status_code == 400
    assert "month 13" in bad.json()["error"]["message"]
    other = send(client, "patch", token_for(thread.admin), f"/api/comments/{thread.comment.pk}",
                 {"reason": "poprawiam", "text": "Cudze."})  # fmt: skip
    assert other.status_code == 403
    anonymous = send(client, "post", None, "/api/comments/record/indicator/PM10_AVG",
                     {"period": "2025", "text": "x"})  # fmt: skip
    assert anonymous.status_code == 401
    assert (Comment.objects.count(), CommentChange.objects.count()) == before
