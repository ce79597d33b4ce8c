"""What bench/web measures, shared by ``run.py`` (wrk) and ``cpu.py`` (in-process): the
pages and API pages, and the signed-in coordinator and API token they are read as."""

from __future__ import annotations

COORDINATOR = "bench-coordinator"


def public_pages(goal: int, middle: str) -> dict[str, str]:
    return {
        "public dashboard (home)": "/",
        "strategy tree (goal, 100 links)": f"/goals/{goal}/",
        "indicator list (1,000)": "/indicators/",
        "indicator page": f"/indicators/{middle}/",
        "indicator page (en)": "/en/indicators/B0001/",
        "series CSV": f"/indicators/{middle}/data.csv",
    }


def workspace_pages(goal_strategy: int, middle: str) -> dict[str, str]:
    """The coordinator's own pages (never cached; issue 16)."""
    return {
        "workspace home": "/panel/",
        "workspace domain page": "/panel/domains/d/",
        "workspace strategy": f"/panel/strategy/{goal_strategy}/",
        "workspace indicator": f"/panel/indicators/{middle}/",
    }


def api_pages(first_year: int) -> dict[str, str]:
    return {
        f"API 10,000 rows (city, {first_year}-2024)": (
            f"/api/observations?territory=1261011&period_from={first_year}&limit=10000"
        ),
        "API first 10,000 of all rows": "/api/observations?limit=10000",
    }


def coordinator_credentials() -> dict[str, str]:
    """A coordinator of the bench's domain ("d"), signed in: the session cookie a browser
    would send and a fresh API token of the same user. Made (or reused) in the database
    Django is set up with."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from stradom.api.services import create_token
    from stradom.catalog.models import Domain

    user, _ = User.objects.get_or_create(username=COORDINATOR)
    Domain.objects.get(code="d").coordinators.add(user)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    _, token = create_token(user, name="bench/web")
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}", "token": token}
