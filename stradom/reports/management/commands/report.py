"""``stradom report KIND`` — make one report file and print where it is.

Thin: it turns the options into :func:`stradom.reports.services.generate_report`
arguments and shows a progress bar on the terminal. Reports are made with the
permissions of ``--user`` (a user name); without it, as the public sees the
data (published indicators only), so a file made from the terminal never shows
more than its reader is meant to see unless the operator says whose view it is.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError
from stradom.core.progress import TerminalProgress
from stradom.reports.services import generate_report

# option name → the builders' param name
PARAMS = ("strategy", "year", "indicator", "domain", "territory")


class Command(StradomCommand):
    help = gettext_lazy(
        "Make a report file: monitoring (the annual strategy-monitoring report), "
        "municipality (the report on the state of the municipality), indicator "
        "(an indicator sheet) or domain (a domain report)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help=gettext_lazy("monitoring, municipality, indicator or domain")
        )
        parser.add_argument(
            "--format",
            dest="fmt",
            metavar="FORMAT",
            help=gettext_lazy("pdf, docx or xlsx (default: the kind's first)"),
        )
        parser.add_argument("--language", default="pl", help=gettext_lazy("pl (default) or en"))
        parser.add_argument(
            "--output", default=".", help=gettext_lazy("folder to write to (default: current)")
        )
        parser.add_argument("--strategy", type=int, help=gettext_lazy("strategy id"))
        parser.add_argument("--year", type=int, help=gettext_lazy("year reported on"))
        parser.add_argument("--indicator", help=gettext_lazy("indicator code"))
        parser.add_argument("--domain", help=gettext_lazy("management domain code"))
        parser.add_argument("--territory", help=gettext_lazy("territorial unit code"))
        parser.add_argument(
            "--user",
            help=gettext_lazy("make the report as this user sees the data (default: the public)"),
        )

    def handle(self, *args, **options):
        from stradom.reports.kinds import kinds

        user = AnonymousUser()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("There is no user “%(name)s”.") % {"name": options["user"]})
        kind = kinds().get(options["kind"])
        fmt = options["fmt"] or (kind.formats[0] if kind else "")
        progress = TerminalProgress()
        try:
            path = generate_report(
                options["kind"],
                fmt,
                user=user,
                language=options["language"],
                progress=progress,
                out_dir=Path(options["output"]),
                **{name: options[name] for name in PARAMS},
            )
        except StradomError as error:
            raise CommandError(localize(error)) from None
        finally:
            progress.close()
        self.stdout.write(str(path))
