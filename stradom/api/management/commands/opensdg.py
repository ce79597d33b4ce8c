from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.opensdg.exporter import export_repository
from stradom.opensdg.importer import import_repository


class Command(StradomCommand):
    help = gettext_lazy("Import an Open SDG data repository, or export the catalogue as one.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import", help=str(gettext_lazy("read data/ and meta/ of a repository"))
        )
        imp.add_argument("directory")
        imp.add_argument(
            "--territory", required=True, help=gettext_lazy("unit of rows without GeoCode")
        )
        imp.add_argument("--reason", required=True)
        imp.add_argument("--prefix", default="", help=gettext_lazy("before each indicator id"))
        imp.add_argument("--language", choices=["pl", "en"], default="pl")
        imp.add_argument("--publish", action="store_true")
        imp.add_argument("--replace", action="store_true")
        imp.add_argument("--dry-run", action="store_true")
        exp = sub.add_parser("export", help=str(gettext_lazy("write published indicators")))
        exp.add_argument("directory")
        exp.add_argument("--indicator")

    def handle(self, *args, **options):
        if options["action"] == "export":
            report = export_repository(options["directory"], code=options["indicator"])
            for rel in report.files:
                self.stdout.write(rel)
            return
        report = import_repository(
            options["directory"],
            territory=options["territory"],
            actor=None,
            reason=options["reason"],
            prefix=options["prefix"],
            language=options["language"],
            publish=options["publish"],
            replace=options["replace"],
            dry_run=options["dry_run"],
        )
        if not report.ok:
            for p in report.problems:
                where = f"{p.file}, {p.line}" if p.line else p.file
                self.stderr.write(f"{where}, {p.field}: {localize(p.message)}")
            raise CommandError(
                ngettext(
                    "%(count)d problem; nothing was imported.",
                    "%(count)d problems; nothing was imported.",
                    len(report.problems),
                )
                % {"count": len(report.problems)}
            )
        self.stdout.write(
            _(
                "indicators: %(indicators)d; values created: %(created)d, updated: %(updated)d, "
                "unchanged: %(unchanged)d, blank skipped: %(blank)d%(dry)s"
            )
            % {
                "indicators": len(report.indicators_created) + len(report.indicators_updated),
                "created": report.values_created,
                "updated": report.values_updated,
                "unchanged": report.values_unchanged,
                "blank": report.blank_values,
                "dry": _(" (dry run: nothing kept)") if report.dry_run else "",
            }
        )
