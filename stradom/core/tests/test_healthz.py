"""``/healthz``: 200 ``ok`` while the database answers and is migrated, 503 otherwise;
nothing more in the answer, never cached, no sign-in, no CSRF, no language prefix,
whatever host the load balancer asks for; one query once migrations were found applied."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from stradom.core import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _not_yet_found_migrated():
    """Each test starts as a new process: migrations not yet found applied."""
    health._migrated.clear()
    yield
    health._migrated.clear()


def last_jobs_migration() -> MigrationRecorder.Migration:
    return MigrationRecorder.Migration.objects.filter(app="jobs").order_by("-name").first()


def test_ok_when_the_database_answers_and_is_migrated(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF or language cookie
    assert "Content-Language" not in response and "Vary" not in response
    assert reverse("healthz") == "/healthz"


def test_head_is_answered_too_and_a_post_needs_no_csrf_token(client):
    assert client.head("/healthz").status_code == 200
    csrf_client = client.__class__(enforce_csrf_checks=True)
    assert csrf_client.post("/healthz").status_code == 405  # not 403: no CSRF in the way


def test_whatever_host_the_probe_names(client, settings):
    settings.ALLOWED_HOSTS = ["strategia.example.gov.pl"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400  # pages are not


def test_not_behind_the_language_prefix_and_the_same_for_a_signed_in_user(client, world):
    assert client.get("/en/healthz").status_code == 404
    client.force_login(world.admin)
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.content) == (200, b"ok")


def test_one_query_once_the_migrations_were_found_applied(client, django_assert_num_queries):
    with django_assert_num_queries(3):  # the migrations table: is it there, what it holds
        assert client.get("/healthz").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200


def test_503_until_every_migration_is_applied_then_ok_for_good(client):
    recorded = last_jobs_migration()
    recorded.delete()
    for _ in range(2):  # not remembered while incomplete: looks again each time
        response = client.get("/healthz")
        assert (response.status_code, response.content) == (503, b"unavailable")
        assert "no-store" in response["Cache-Control"]
    MigrationRecorder(connection).record_applied(recorded.app, recorded.name)
    assert client.get("/healthz").status_code == 200
    last_jobs_migration().delete()  # migrations are not unapplied under a running process
    assert client.get("/healthz").status_code == 200


def test_503_on_a_database_never_migrated(client):
    MigrationRecorder.Migration.objects.all().delete()
    assert client.get("/healthz").status_code == 503


def test_503_when_the_database_does_not_answer_with_no_detail(client, monkeypatch, caplog):
    assert client.get("/healthz").status_code == 200

    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly (secret detail)")

    monkeypatch.setattr(connection, "cursor", gone)
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"unavailable")
    assert "secret detail" in caplog.text  # the log says why; the answer does not


def test_503_when_the_database_cannot_be_opened(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    assert client.get("/healthz").status_code == 503
