from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError
from stradom.territory.services import load_teryt


class Command(StradomCommand):
    help = gettext_lazy("Load Statistics Poland's TERC register of territorial units from a file.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        try:
            report = load_teryt(options["file"])
        except (OSError, StradomError) as exc:
            raise CommandError(
                localize(exc) if isinstance(exc, StradomError) else str(exc)
            ) from exc
        self.stdout.write(
            _("TERC loaded: %(created)d new, %(updated)d changed, %(unchanged)d unchanged")
            % vars(report)
        )
