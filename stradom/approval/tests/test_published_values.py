"""STRADOM_PUBLISH_APPROVED_ONLY: the published pages, the public API and reports show
only approved values; the workspace shows every value."""

from __future__ import annotations

import pytest

from stradom.approval import services


@pytest.fixture
def approved_2025(stored):
    """PM10 for 2025 approved; 2024 stays provisional."""
    w = stored
    services.submit(w.pm10, "2025", actor=w.provider)
    services.approve(w.pm10, "2025", actor=w.env_coordinator)
    return w


def _page(client):
    return client.get("/en/indicators/PM10_AVG/?territory=1261011").content.decode()


def _api(client):
    body = client.get("/api/observations?indicator=PM10_AVG&territory=1261011").json()
    return [(row["period"], row["value"]) for row in body["items"]]


def test_by_default_every_value_is_published(client, approved_2025):
    assert _api(client) == [("2024", "27.9"), ("2025", "25.1")]
    html = _page(client)
    assert "27.9" in html and "25.1" in html


def test_with_the_setting_only_approved_values_are_published(client, approved_2025, settings):
    settings.STRADOM_PUBLISH_APPROVED_ONLY = True
    assert _api(client) == [("2025", "25.1")]
    html = _page(client)
    assert "25.1" in html
    assert "27.9" not in html


def test_a_changed_value_leaves_the_published_pages_until_approved_again(
    client, approved_2025, settings
):
    from decimal import Decimal

    from stradom.catalog.services import ObservationInput, write_observations

    settings.STRADOM_PUBLISH_APPROVED_ONLY = True
    write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2025", Decimal("25.4"))],
        actor=None,
        reason="correction",
        channel="command",
        replace=True,
    )
    assert _api(client) == []


def test_the_workspace_shows_provisional_values_too(client, approved_2025, settings):
    settings.STRADOM_PUBLISH_APPROVED_ONLY = True
    client.force_login(approved_2025.env_coordinator)
    html = client.get("/en/panel/indicators/PM10_AVG/?territory=1261011").content.decode()
    assert "27.9" in html


def test_the_setting_is_read_strictly(monkeypatch):
    from stradom.env import ConfigurationError, env_bool

    monkeypatch.setenv("STRADOM_PUBLISH_APPROVED_ONLY", "yes")
    with pytest.raises(ConfigurationError, match="STRADOM_PUBLISH_APPROVED_ONLY"):
        env_bool("STRADOM_PUBLISH_APPROVED_ONLY")


def test_the_strategy_assessment_is_kept_apart_for_approved_values_only(world, settings):
    from stradom.approval.queries import published_values
    from stradom.strategy.queries.assessed import assessed, forget_assessments
    from stradom.strategy.testing import build_dashboard

    w = build_dashboard(world)
    forget_assessments()
    settings.STRADOM_PUBLISH_APPROVED_ONLY = True
    everything = assessed(w.strategy)
    with published_values():
        approved = assessed(w.strategy)
    assert approved is not everything
    assert assessed(w.strategy) is everything  # each kept for its own readers
