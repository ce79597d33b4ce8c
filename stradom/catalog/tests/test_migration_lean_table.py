"""catalog.0007 (the observation table keyed by its natural key): every value and its
history read the same after it, after going back to 0006, and after coming forward again;
the write path works at each end."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from stradom.core.tests.migrating import latest_migrations, migrate_to

KEYED = [("catalog", "0006_change_sets")]
OBSERVATION = (
    "indicator_id", "territory_id", "period", "dimensions", "value", "status", "note",
    "change_set_id", "seq", "updated_at",
)  # fmt: skip
HISTORY = ("id", "indicator_id", "period", "action", "old_value", "new_value", "reason")


def _observations(apps) -> list[tuple]:
    model = apps.get_model("catalog", "Observation")
    return list(model.objects.order_by("period", "dimensions").values_list(*OBSERVATION))


def _history(apps) -> list[tuple]:
    model = apps.get_model("catalog", "ObservationChange")
    return list(model.objects.order_by("id").values_list(*HISTORY))


@pytest.mark.django_db(transaction=True)
def test_values_and_history_survive_going_back_to_the_keyed_table_and_forward(world):
    from django.apps import apps as current

    from stradom.catalog.services import ObservationInput, write_observations

    def write(period, value, reason, **extra):
        report = write_observations(
            [ObservationInput("PM10_AVG", world.city.code, period, value, **extra)],
            actor=world.admin, reason=reason, channel="form", replace=True,
        )  # fmt: skip
        assert report.ok, report.problems

    try:
        write("2019", Decimal("41.5"), "pomiar")
        write("2020", Decimal("39"), "pomiar", note="szacunek")
        write("2020", Decimal("38"), "korekta")
        values, history = _observations(current), _history(current)
        assert len(values) == 2 and len(history) == 3

        executor = migrate_to(KEYED)
        keyed = executor.loader.project_state(KEYED).apps
        assert _observations(keyed) == values
        assert _history(keyed) == history
        assert "id" in {c.name for c in connection.introspection.get_table_description(
            connection.cursor(), "catalog_observation")}  # fmt: skip

        migrate_to(latest_migrations())
        assert _observations(current) == values
        assert _history(current) == history
        write("2021", Decimal("35"), "pomiar")  # the write path at the far end
        assert len(_observations(current)) == 3 and len(_history(current)) == 4
    finally:
        migrate_to(latest_migrations())
