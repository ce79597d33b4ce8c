"""Signing in and out: Argon2, lockout after repeated failures, CSRF, expiring sessions."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.test import Client

from stradom.catalog.models import Observation, ObservationChange


def test_sign_in_page_has_a_csrf_protected_form(client, world):
    response = client.get("/panel/login/")
    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content


def test_signing_in_leads_to_the_workspace(client, world):
    response = client.post("/panel/login/", {"username": "anna", "password": "x"})
    assert response.status_code == 302
    assert response["Location"] == "/panel/"
    assert client.get("/panel/").status_code == 200


def test_wrong_password_says_so_and_signs_nobody_in(client, world):
    response = client.post("/en/panel/login/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert client.get("/panel/").status_code == 302


def test_sign_in_is_locked_after_five_failures_even_with_the_right_password(client, world):
    for _ in range(5):
        client.post("/panel/login/", {"username": "anna", "password": "wrong"})
    response = client.post("/en/panel/login/", {"username": "anna", "password": "x"})
    assert response.status_code in (403, 429)
    assert b"too many unsuccessful attempts" in response.content
    assert client.get("/panel/").status_code == 302  # still not signed in


def test_signing_out_needs_a_post_and_ends_the_session(client, world):
    client.force_login(world.analyst)
    assert client.get("/panel/logout/").status_code == 405
    response = client.post("/panel/logout/")
    assert response.status_code == 302
    assert client.get("/panel/").status_code == 302


def test_a_write_without_the_csrf_token_is_refused_and_changes_nothing(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    before = (Observation.objects.count(), ObservationChange.objects.count())
    response = client.post(
        "/panel/indicators/PM10_AVG/enter/",
        {"territory": "1261011", "period": "2024", "value": "1", "status": "final", "reason": "r"},
    )
    assert response.status_code == 403
    assert (Observation.objects.count(), ObservationChange.objects.count()) == before


def test_production_hashes_passwords_with_argon2_first(settings):
    import stradom.settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = make_password("hasło", hasher="argon2")
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("hasło", encoded)


def test_sessions_expire():
    import stradom.settings as production

    assert production.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert production.SESSION_COOKIE_AGE <= 8 * 3600
    assert production.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.parametrize(
    "url", ["/panel/", "/panel/indicators/PM10_AVG/", "/panel/domains/srodowisko/"]
)
def test_workspace_pages_send_the_anonymous_to_sign_in(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/panel/login/?next=")
