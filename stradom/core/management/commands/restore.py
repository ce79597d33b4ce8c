"""``stradom restore FILE [--force]``: put back the database and the uploaded files from a
file written by ``stradom backup`` (see ``stradom.core.backup``)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core.backup import BackupError, restore_backup
from stradom.core.management.base import Command as StradomCommand


class Command(StradomCommand):
    help = gettext_lazy(
        "Restore the database and the uploaded files from a file written by `stradom backup`."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=str(gettext_lazy("the backup file")))
        parser.add_argument(
            "--force",
            action="store_true",
            help=str(gettext_lazy("replace a database and media files that already hold data")),
        )

    def handle(self, *args, **options):
        try:
            result = restore_backup(options["file"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            _("Restored the backup %(file)s, made %(created)s by Stradom %(version)s.")
            % {
                "file": result.path,
                "created": manifest["created"],
                "version": manifest["stradom_version"],
            }
        )
        rows = [
            (_("tables"), len(manifest["tables"])),
            (_("rows"), result.rows),
            (_("media files"), len(manifest["media"])),
        ]
        width = max(len(label) for label, _n in rows)
        for label, number in rows:
            self.stdout.write(f"  {label.ljust(width)}  {number}")
        pending = len(result.pending_migrations)
        if pending:
            self.stdout.write(
                ngettext(
                    "%(n)d database migration of this Stradom is not applied in the restored "
                    "database; run `stradom migrate`.",
                    "%(n)d database migrations of this Stradom are not applied in the restored "
                    "database; run `stradom migrate`.",
                    pending,
                )
                % {"n": pending}
            )
        self.stdout.write(
            _("Restart the web server and the worker so that they start from the restored data.")
        )
