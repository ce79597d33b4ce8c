"""catalog.0006 (change sets): a database made before it keeps every value and history row.

The database is built by the migrations before 0006, filled through the models as they
were (observations, and their history rows: created, updated, deleted), and migrated to
the latest state. Every history row then reads the same through ``ObservationChange``,
id included; every observation is there; and the history of a value written before the
migration goes on: its old ``created`` row, then the update written by today's code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection

from stradom.core.tests.migrating import latest_migrations, migrate_empty_database_to, migrate_to

BEFORE = [("catalog", "0005_indicator_history"), ("territory", "0001_initial")]
AT = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
LATER = datetime(2025, 6, 1, 10, 0, tzinfo=UTC)
HISTORY_FIELDS = (
    "id",
    "indicator_id",
    "territory_id",
    "period",
    "dimensions",
    "action",
    "old_value",
    "new_value",
    "old_status",
    "new_status",
    "old",
    "new",
    "reason",
    "channel",
    "batch",
    "user_id",
    "at",
)


def _fill(apps) -> tuple[list[tuple], list[tuple]]:
    Indicator = apps.get_model("catalog", "Indicator")
    Territory = apps.get_model("territory", "Territory")
    Observation = apps.get_model("catalog", "Observation")
    Change = apps.get_model("catalog", "ObservationChange")
    User = apps.get_model("auth", "User")
    ewa = User.objects.create(username="ewa")
    pm10 = Indicator.objects.create(code="PM10_AVG", name_pl="PM10")
    city = Territory.objects.create(code="1261011", name="Kraków", kind="gmina")

    def observation(period, value, status="final"):
        return Observation.objects.create(
            indicator=pm10, territory=city, period=period, period_kind="Y",
            period_start=date(int(period), 1, 1), period_end=date(int(period), 12, 31),
            value=value, status=status, updated_at=AT,
        )  # fmt: skip

    def change(period, action, old_value, new_value, at, user=None, **extra):
        return Change.objects.create(
            indicator=pm10, territory=city, period=period, action=action, old_value=old_value,
            new_value=new_value, reason=f"{action} {period}", channel="import", batch="b-old",
            user=user, at=at, **extra,
        )  # fmt: skip

    observation("2019", Decimal("41.5"))
    change("2019", "created", None, Decimal("41.5"), AT, ewa, new_status="final",
           new={"value": "41.5", "status": "final"})  # fmt: skip
    observation("2020", Decimal("38"), "provisional")
    change("2020", "created", None, Decimal("39"), AT, new_status="final")
    change("2020", "updated", Decimal("39"), Decimal("38"), LATER, ewa, old_status="final",
           new_status="provisional", old={"value": "39"}, new={"value": "38"})  # fmt: skip
    change("2018", "created", None, Decimal("50"), AT, new_status="final")
    change("2018", "deleted", Decimal("50"), None, LATER, old_status="final",
           old={"value": "50"})  # fmt: skip
    observations = list(
        Observation.objects.order_by("period").values_list("period", "value", "status")
    )
    history = list(Change.objects.order_by("id").values_list(*HISTORY_FIELDS))
    return observations, history


@pytest.mark.django_db(transaction=True)
def test_history_and_values_written_before_change_sets_read_the_same_after():
    try:
        executor = migrate_empty_database_to(BEFORE)
        observations, history = _fill(executor.loader.project_state(BEFORE).apps)
        migrate_to(latest_migrations())

        from stradom.catalog.models import Observation, ObservationChange, ObservationRevision
        from stradom.catalog.services import ObservationInput, write_observations

        assert (
            list(Observation.objects.order_by("period").values_list("period", "value", "status"))
            == observations
        )
        assert list(ObservationChange.objects.order_by("id").values_list(*HISTORY_FIELDS)) == (
            history
        )
        assert ObservationRevision.objects.count() == 5  # every row kept as a row
        assert set(Observation.objects.values_list("change_set", "seq")) == {(None, None)}

        # The value of 2019 changes now: its old 'created' row stays, the update follows.
        report = write_observations(
            [ObservationInput("PM10_AVG", "1261011", "2019", Decimal("40"))],
            actor=None,
            reason="korekta",
            channel="form",
            replace=True,
        )
        assert report.ok and report.updated == 1, report.problems
        timeline = list(
            ObservationChange.objects.filter(period="2019")
            .order_by("at", "id")
            .values_list("action", "old_value", "new_value", "reason", "channel")
        )
        assert timeline == [
            ("created", None, Decimal("41.5"), "created 2019", "import"),
            ("updated", Decimal("41.5"), Decimal("40"), "korekta", "form"),
        ]
        assert ObservationChange.objects.count() == 6
    finally:
        migrate_to(latest_migrations())
        with connection.cursor() as cursor:  # the next tests start from empty tables
            for table in ("catalog_observationrevision", "catalog_observation"):
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - constants
