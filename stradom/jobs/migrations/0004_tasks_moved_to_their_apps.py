"""The tasks moved from ``stradom.jobs.services`` to the apps whose work they are
(issue 15). A task still waiting in the queue is found by the worker by its import
path, so the waiting ones are pointed at the new paths; the finished ones keep the
path they ran under, as their history. Backwards, the waiting ones are pointed back.
"""

from django.db import migrations

MOVED = {
    "stradom.jobs.services.run_report": "stradom.reports.tasks.run_report",
    "stradom.jobs.services.run_import": "stradom.ingest.tasks.run_import",
    "stradom.jobs.services.run_export": "stradom.exports.tasks.run_export",
}
WAITING = "READY"  # django-tasks-db's status of a task no worker has taken yet


def _repoint(apps, moves: dict[str, str]) -> None:
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in moves.items():
        results.objects.filter(task_path=old, status=WAITING).update(task_path=new)


def forwards(apps, schema_editor):
    _repoint(apps, MOVED)


def backwards(apps, schema_editor):
    _repoint(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_workerbeat"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
