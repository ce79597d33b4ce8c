"""``stradom backup FILE``: one file holding a consistent copy of the database and of the
uploaded files (see ``stradom.core.backup``)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.backup import BackupError, create_backup
from stradom.core.management.base import Command as StradomCommand


class Command(StradomCommand):
    help = gettext_lazy(
        "Back up the whole installation (the database and the uploaded files) into one file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=str(gettext_lazy("the backup file to write")))

    def handle(self, *args, **options):
        try:
            result = create_backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(_("Backup written to %(file)s.") % {"file": result.path})
        rows = [
            (_("tables"), len(manifest["tables"])),
            (_("rows"), result.rows),
            (_("media files"), len(manifest["media"])),
            (_("bytes"), result.size),
        ]
        width = max(len(label) for label, _n in rows)
        for label, number in rows:
            self.stdout.write(f"  {label.ljust(width)}  {number}")
