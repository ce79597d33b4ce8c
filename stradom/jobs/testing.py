"""For tests: run the queued jobs in this process, through the real worker loop.

Tests enqueue through the real backend (``django_tasks_db``, the same as in
production) and then call :func:`run_jobs`, which runs django-tasks-db's
``Worker`` in batch mode — claim, run, record — exactly as ``stradom worker
--batch`` would, without touching the process's signal handlers.
"""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker


def run_jobs(max_tasks: int | None = None) -> int:
    """Run every task waiting in the queue (or ``max_tasks`` of them); how many ran."""
    worker = db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="tests",
        excluded_queue_names=[],
    )
    # Between tasks the worker closes "stale" connections; inside a test's transaction
    # that would drop the connection the test is using.
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()
    return worker._run_tasks
