"""Tasks queued before the tasks moved to their apps (issue 15) still run: migration
jobs 0004 points the waiting ones at the new paths, and leaves finished ones as they ran.
(An export queued under the old path, run by the worker after the migration:
stradom/exports/tests/test_export_job.py.)"""

from __future__ import annotations

import importlib

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

moved = importlib.import_module("stradom.jobs.migrations.0004_tasks_moved_to_their_apps")

OLD = "stradom.jobs.services.run_report"
NEW = "stradom.reports.tasks.run_report"


def _task(path: str, status: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path=path,
        backend_name="default",
        run_after=timezone.now(),
        status=status,
    )


def test_every_new_path_is_the_task_the_worker_will_import():
    assert sorted(moved.MOVED) == [
        "stradom.jobs.services.run_export",
        "stradom.jobs.services.run_import",
        "stradom.jobs.services.run_report",
    ]
    for old, new in moved.MOVED.items():
        assert import_string(new).module_path == new
        assert old.rsplit(".", 1)[1] == new.rsplit(".", 1)[1]


def test_waiting_tasks_are_pointed_at_the_new_paths_and_back(db):
    waiting = _task(OLD, "READY")
    finished = _task(OLD, "SUCCESSFUL")
    other = _task("stradom.jobs.tests.tasks.run_steps", "READY")

    moved.forwards(apps, None)
    paths = dict(DBTaskResult.objects.values_list("pk", "task_path"))
    assert paths == {
        waiting.pk: NEW,
        finished.pk: OLD,  # as it ran: its history
        other.pk: "stradom.jobs.tests.tasks.run_steps",
    }

    moved.backwards(apps, None)
    assert DBTaskResult.objects.get(pk=waiting.pk).task_path == OLD
    assert DBTaskResult.objects.get(pk=finished.pk).task_path == OLD
