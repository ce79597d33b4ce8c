"""``stradom jobs prune [--days N]``: delete finished background jobs and their files,
and the import uploads nobody confirmed, older than N days."""

from argparse import ArgumentTypeError
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core.formatting import day
from stradom.core.management.base import Command as StradomCommand
from stradom.jobs.services import prune_jobs, remove_abandoned_uploads, uploads_removed_message


def _days(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise ArgumentTypeError(
            _("“%(value)s” is not a whole number of days (0 or more)") % {"value": text}
        )
    return number


class Command(StradomCommand):
    help = gettext_lazy("Background jobs: delete finished ones and their files.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        prune = sub.add_parser(
            "prune",
            help=str(
                gettext_lazy(
                    "delete finished jobs (and their files) requested more than N days ago, "
                    "never queued or running ones, and import uploads nobody confirmed"
                )
            ),
        )
        prune.add_argument(
            "--days",
            type=_days,
            default=None,
            help=str(gettext_lazy("age in days (default: STRADOM_JOB_KEEP_DAYS, 30)")),
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is None:
            days = settings.STRADOM_JOB_KEEP_DAYS
        removed = prune_jobs(days)
        for job in removed:
            self.stdout.write(
                _("removed job #%(id)s (%(kind)s, %(status)s, requested %(when)s)")
                % {
                    "id": job.pk,
                    "kind": job.get_kind_display(),
                    "status": job.get_status_display(),
                    "when": day(job.created_at),  # 26.10.2026, as the pages write it
                }
                + (f": {job.file}" if job.file else "")
            )
        self.stdout.write(
            ngettext(
                "%(count)s finished job requested before %(date)s removed.",
                "%(count)s finished jobs requested before %(date)s removed.",
                len(removed),
            )
            # A date, not "N days": no "1 days" in either language.
            % {"count": len(removed), "date": day(timezone.now() - timedelta(days=days))}
        )
        uploads = remove_abandoned_uploads(days * 24 * 3600)
        self.stdout.write(uploads_removed_message(len(uploads), days))
