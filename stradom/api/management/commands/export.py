from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core.management.base import Command as StradomCommand
from stradom.exports import FORMATS, build
from stradom.exports.dcat import catalogue, write_dcat


class Command(StradomCommand):
    help = gettext_lazy("Export published indicators as open data (CSV, XLSX, JSON-stat…).")

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
