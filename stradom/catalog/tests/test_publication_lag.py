"""The publication lag in the admin (shown, saved, a bad one refused with nothing changed)
and in the migration that adds it (existing indicators keep everything, lag unknown)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stradom.catalog.models import Indicator

BEFORE = [("catalog", "0002_lighter_observation_indexes")]
AFTER = [("catalog", "0003_indicator_publication_lag")]


def _form(indicator: Indicator, **changes) -> dict:
    data = {
        "code": indicator.code,
        "name_pl": indicator.name_pl,
        "name_en": indicator.name_en,
        "description_pl": "",
        "description_en": "",
        "calculation_pl": "",
        "calculation_en": "",
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "polarity": indicator.polarity,
        "kind": indicator.kind,
        "theme": indicator.theme,
        "frequency": indicator.frequency,
        "publication_lag_days": "",
        "source": "",
        "source_url": "",
        "responsible_unit": "",
        "publication_status": indicator.publication_status,
        "domain": indicator.domain_id or "",
        "formula": "",
        "aggregation_source": "",
        "aggregation": "null",
        "rules": "[]",
        "reason": "opóźnienie publikacji GUS",  # the admin asks why an indicator changes
    }
    data.update(changes)
    return data


def _url(indicator: Indicator, language: str = "") -> str:
    return f"{language}/admin/catalog/indicator/{indicator.pk}/change/"


def test_the_admin_shows_and_saves_the_lag(client, world):
    client.force_login(world.admin)
    page = client.get(_url(world.pm10, "/en")).content.decode()
    assert "Publication lag (days)" in page
    assert "181 for Statistics Poland's annual data" in page
    response = client.post(_url(world.pm10), _form(world.pm10, publication_lag_days="120"))
    assert response.status_code == 302, response.content.decode()[:2000]
    world.pm10.refresh_from_db()
    assert world.pm10.publication_lag_days == 120
    # Emptied again: not known.
    client.post(_url(world.pm10), _form(world.pm10, publication_lag_days=""))
    world.pm10.refresh_from_db()
    assert world.pm10.publication_lag_days is None


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("40000", "Ensure this value is less than or equal to 32767."),
        ("pół roku", "Enter a whole number."),
    ],
)
def test_a_bad_lag_is_refused_at_the_field_and_nothing_changes(client, world, bad, error):
    Indicator.objects.filter(pk=world.pm10.pk).update(publication_lag_days=120)
    world.pm10.refresh_from_db()
    before = world.pm10.updated_at
    client.force_login(world.admin)
    response = client.post(_url(world.pm10, "/en"), _form(world.pm10, publication_lag_days=bad))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"publication_lag_days": [error]}
    world.pm10.refresh_from_db()
    assert (world.pm10.publication_lag_days, world.pm10.updated_at) == (120, before)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_indicators_with_the_lag_unknown():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        Old = old.get_model("catalog", "Indicator")
        assert "publication_lag_days" not in {f.name for f in Old._meta.get_fields()}
        Old.objects.create(
            code="PM10_AVG",
            name_pl="Średnioroczne stężenie PM10",
            unit="µg/m3",
            frequency="Y",
            publication_status="published",
        )
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        New = executor.loader.project_state(AFTER).apps.get_model("catalog", "Indicator")
        kept = New.objects.get(code="PM10_AVG")
        assert (kept.name_pl, kept.unit, kept.frequency, kept.publication_status) == (
            "Średnioroczne stężenie PM10",
            "µg/m3",
            "Y",
            "published",
        )
        assert kept.publication_lag_days is None
        assert New.objects.count() == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
