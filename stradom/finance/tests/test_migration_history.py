"""The money history became a ``core.ChangeRecord`` (migration 0003): rows written before
it are all still there, and the services go on writing and reading history after it."""

from decimal import Decimal

import pytest

from stradom.core.tests.migrating import latest_migrations, migrate_to
from stradom.finance.models import MoneyChange
from stradom.finance.queries import money_history
from stradom.finance.services import update_budget_task

BEFORE = [("finance", "0002_instrument_links")]


@pytest.mark.django_db(transaction=True)
def test_history_written_before_the_change_record_migration_is_kept_whole(world):
    latest = latest_migrations()
    executor = migrate_to(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        OldChange = old_apps.get_model("finance", "MoneyChange")
        ContentType = old_apps.get_model("contenttypes", "ContentType")
        User = old_apps.get_model("auth", "User")
        kind = ContentType.objects.get(app_label="finance", model="budgettask")
        OldChange.objects.create(
            content_type=kind, object_id=7, object_repr="2026 NE-1 Niska emisja",
            field="plan", old="", new="1250000.50", reason="uchwała XII/1/2026",
            channel="import", actor=User.objects.get(pk=world.admin.pk),
        )  # fmt: skip
        OldChange.objects.create(
            content_type=kind, object_id=7, object_repr="2026 NE-1 Niska emisja",
            field="share:IV.3.1", old="70", new="", reason="korekta", channel="admin",
        )  # fmt: skip
        written = list(OldChange.objects.order_by("pk").values())
    finally:
        migrate_to(latest)
    kept = list(MoneyChange.objects.order_by("pk").values())
    assert kept == written
    # and they read as the history shows them now: the record and the field in words
    assert [str(c) for c in MoneyChange.objects.order_by("pk")] == [
        "2026 NE-1 Niska emisja: plan uchwalony",
        "2026 NE-1 Niska emisja: udział celu IV.3.1 (%)",
    ]


@pytest.mark.django_db
def test_services_write_and_read_history_on_the_migrated_table(world, make_task):
    task = make_task("NE-1", plan="100.00")
    update_budget_task(task, actor=world.admin, reason="autopoprawka", plan=Decimal("120.00"))
    history = [(c.field, c.old, c.new, c.actor, c.reason) for c in money_history(task)]
    assert history == [  # newest first
        ("plan", "100.00", "120.00", world.admin, "autopoprawka"),
        ("execution", "", "0.00", None, "test"),
        ("commitments", "", "0.00", None, "test"),
        ("plan_after_changes", "", "100.00", None, "test"),
        ("plan", "", "100.00", None, "test"),
    ]
