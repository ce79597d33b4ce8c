"""catalog.0008 (database defaults of the observation's constant columns): a database made
before it keeps every value and history row, going forward and back again; a plain import
after it stores what it stored before."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from stradom.core.tests.migrating import latest_migrations, migrate_to

BEFORE = [("catalog", "0007_lean_observation_table")]
OBSERVATION = (
    "indicator_id", "territory_id", "period", "dimensions", "value", "status", "note",
    "source", "flags", "change_set_id", "seq", "updated_at",
)  # fmt: skip
HISTORY = ("id", "indicator_id", "period", "action", "old_value", "new_value", "reason", "at")


def _observations(apps) -> list[tuple]:
    model = apps.get_model("catalog", "Observation")
    return list(model.objects.order_by("period", "dimensions").values_list(*OBSERVATION))


def _history(apps) -> list[tuple]:
    model = apps.get_model("catalog", "ObservationChange")
    return list(model.objects.order_by("id").values_list(*HISTORY))


@pytest.mark.django_db(transaction=True)
def test_values_and_history_survive_the_defaults_going_and_coming_back(world, tmp_path):
    from django.apps import apps as current

    from stradom.catalog.services import ObservationInput, write_observations
    from stradom.ingest.services import import_file

    try:
        executor = migrate_to(BEFORE)
        before = executor.loader.project_state(BEFORE).apps
        report = write_observations(
            [ObservationInput("PM10_AVG", world.city.code, "2019", Decimal("41.5"), note="x")],
            actor=world.admin, reason="pomiar", channel="form",
        )  # fmt: skip
        assert report.ok, report.problems
        values, history = _observations(before), _history(before)
        assert len(values) == 1 and len(history) == 1

        migrate_to(latest_migrations())
        assert _observations(current) == values
        assert _history(current) == history
        path = tmp_path / "pm.csv"
        path.write_text(
            "indicator,territory,period,value\n"
            f"PM10_AVG,{world.city.code},2020,39.25\nPM10_AVG,{world.city.code},2021,38\n",
            encoding="utf-8",
        )
        report = import_file(path, actor=world.admin, reason="roczny")
        assert report.ok, report.problems
        assert report.write.created == 2
        imported = [v for v in _observations(current) if v[2] in ("2020", "2021")]
        assert [v[2:9] for v in imported] == [
            ("2020", "", Decimal("39.25"), "final", "", "", []),
            ("2021", "", Decimal("38"), "final", "", "", []),
        ]
        change_set = current.get_model("catalog", "ChangeSet").objects.get(pk=imported[0][9])
        assert {v[11] for v in imported} == {change_set.at}
        assert change_set.file_name == "pm.csv"
        values, history = _observations(current), _history(current)
        assert len(values) == 3 and len(history) == 3

        executor = migrate_to(BEFORE)
        assert _observations(executor.loader.project_state(BEFORE).apps) == values
        assert _history(executor.loader.project_state(BEFORE).apps) == history
        with connection.cursor() as cursor:
            columns = connection.introspection.get_table_description(cursor, "catalog_observation")
        if connection.vendor == "postgresql":
            assert {c.name: c.default for c in columns}["status"] is None
    finally:
        migrate_to(latest_migrations())
