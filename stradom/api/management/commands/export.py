from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.exports import FORMATS, build
from stradom.exports.dcat import catalogue, write_dcat


class Command(BaseCommand):
    help = gettext_lazy("Export published indicators as open data (CSV, XLSX, JSON-stat…).")

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # argparse wraps the description with a regex, which a lazy string breaks.
        parser.description = str(parser.description) if parser.description else None
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--indicator", help=gettext_lazy("one indicator's code"))
        parser.add_argument("--format", required=True, choices=[*FORMATS, "dcat"])
        parser.add_argument("-o", "--output", required=True, help=gettext_lazy("file to write"))
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help=gettext_lazy("public address of this Stradom, for the DCAT catalogue"),
        )

    def handle(self, *args, **options):
        fmt, code = options["format"], options["indicator"]
        chosen = build.datasets(code, with_rows=fmt != "dcat")
        if code and not chosen:
            raise CommandError(_("No published indicator %(code)s.") % {"code": code})
        if fmt == "dcat":
            base = options["base_url"].rstrip("/")
            body = write_dcat(
                catalogue(
                    chosen,
                    catalogue_url=f"{base}/api/dcat.jsonld",
                    download_url=lambda c, f: f"{base}/api/exports/indicators/{c}/{f}",
                    page_url=lambda c: f"{base}/api/indicators/{c}",
                    publisher=build.publisher(),
                    license_url=build.license_url(),
                )
            )
        else:
            body = build.render(fmt, chosen, whole=code is None)
        Path(options["output"]).write_bytes(body)
        self.stdout.write(
            ngettext(
                "%(count)d indicator written to %(file)s",
                "%(count)d indicators written to %(file)s",
                len(chosen),
            )
            % {"count": len(chosen), "file": options["output"]}
        )
