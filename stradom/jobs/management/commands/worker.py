"""``stradom worker``: run the background jobs (reports, imports, exports) as they come.

A thin wrapper over django-tasks-db's ``db_worker``: the queue is a table in
Stradom's own database, so nothing else needs to run. Ctrl+C (or SIGTERM) stops it
after the job in hand; a second Ctrl+C stops at once (that job is marked failed and
its half-made file removed). While a job runs, a heartbeat shows it alive every
minute whatever step it is on (``services.Heartbeat``), so as it starts, it can mark
failed the jobs left "running" by a worker that was killed (no sign of life for
``STRADOM_JOB_STALE_MINUTES``) without mistaking a slow one for them; it also removes
the import uploads nobody confirmed that are older than ``STRADOM_JOB_KEEP_DAYS``.

The worker itself shows it is alive every minute too, idle or busy, in a row of its own
(``services.WorkerHeartbeat``), so ``stradom check`` can say when no worker has been
seen for ``STRADOM_JOB_STALE_MINUTES``; rows of runs not seen for
``STRADOM_JOB_KEEP_DAYS`` are deleted as it starts.

As it starts and on each of those beats it also queues the day's scheduled work whose
hour has come (``stradom.jobs.schedule``: the reminders' digest from
``STRADOM_REMINDERS_HOUR``), once a day whatever the number of workers.
"""

from argparse import ArgumentTypeError

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core.management.base import Command as StradomCommand
from stradom.jobs import schedule
from stradom.jobs.services import (
    WorkerHeartbeat,
    interrupt_stale_jobs,
    prune_worker_beats,
    remove_abandoned_uploads,
    uploads_removed_message,
)


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise ArgumentTypeError(_("“%(value)s” is not a whole number above 0") % {"value": text})
    return number


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise ArgumentTypeError(
            _("“%(value)s” is not a number of seconds from 0 to 3600") % {"value": text}
        )
    return seconds


class Command(StradomCommand):
    help = gettext_lazy(
        "Run the background jobs (reports, imports, exports) as they are requested; Ctrl+C stops."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help=gettext_lazy("run the jobs waiting now, then stop"),
        )
        parser.add_argument(
            "--max-jobs",
            type=_positive,
            default=None,
            help=gettext_lazy("stop after this many jobs"),
        )
        parser.add_argument(
            "--interval",
            type=_seconds,
            default=1.0,
            help=gettext_lazy("seconds between looks at an empty queue (default 1)"),
        )

    def handle(self, *args, **options):
        stale = interrupt_stale_jobs()
        if stale:
            self.stderr.write(
                ngettext(
                    "Marked failed %(count)s job left running by a stopped worker: %(ids)s",
                    "Marked failed %(count)s jobs left running by a stopped worker: %(ids)s",
                    len(stale),
                )
                % {"count": len(stale), "ids": ", ".join(f"#{j.pk}" for j in stale)}
            )
        days = settings.STRADOM_JOB_KEEP_DAYS
        uploads = remove_abandoned_uploads(days * 24 * 3600)
        if uploads:
            self.stderr.write(uploads_removed_message(len(uploads), days))
        worker_options = {
            "queue_name": "*",
            "interval": options["interval"],
            "batch": options["batch"],
            "reload": False,
            "verbosity": options["verbosity"],
            "stdout": self.stdout,
            "stderr": self.stderr,
        }
        if options["max_jobs"] is not None:
            worker_options["max_tasks"] = options["max_jobs"]
        prune_worker_beats(days)
        # `stradom check` sees it alive, idle or busy; on each beat the day's scheduled
        # work (the reminders) is queued when its hour has come (stradom.jobs.schedule).
        with WorkerHeartbeat(on_beat=schedule.queue_due):
            call_command("db_worker", **worker_options)
