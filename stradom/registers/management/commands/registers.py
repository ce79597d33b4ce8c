"""``stradom registers import resolutions|civic-budget FILE``: a register from a file,
all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.i18n import localize
from stradom.core.management.base import Command as BaseCommand
from stradom.core.messages import StradomError
from stradom.ingest.readers import ReadError
from stradom.registers.imports import ImportRefused, import_projects, import_resolutions

REGISTERS = ("resolutions", "civic-budget")


class Command(BaseCommand):
    help = gettext_lazy(
        "Registers of the council's resolutions and of the civic-budget projects: import from "
        "CSV or XLSX (a file with any bad row is refused whole)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help=str(gettext_lazy("a register from a file")))
        load.add_argument("register", choices=REGISTERS)
        load.add_argument("file", type=Path)
        load.add_argument(
            "--term", default="", help=gettext_lazy("council term of rows without one")
        )
        load.add_argument(
            "--edition", type=int, help=gettext_lazy("civic-budget edition of rows without one")
        )
        load.add_argument("--reason", default="", help=gettext_lazy("why, kept in the history"))
        load.add_argument(
            "--user",
            help=gettext_lazy("import as this user, with their permissions (default: operator)"),
        )
        load.add_argument(
            "--illustrative",
            action="store_true",
            help=gettext_lazy("mark every entry as an illustrative example, not real"),
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": path})
        common = {
            "actor": self._actor(options["user"]),
            "reason": options["reason"],
            "illustrative": options["illustrative"],
        }
        try:
            if options["register"] == "resolutions":
                report = import_resolutions(path, term=options["term"], **common)
            else:
                report = import_projects(path, edition=options["edition"], **common)
        except ImportRefused as exc:
            for problem in exc.problems:
                self.stderr.write(_where(problem.line, problem.column) + localize(problem.message))
            raise CommandError(localize(exc)) from exc
        except ReadError as exc:
            line = ", " + _("line") + f" {exc.line}" if exc.line is not None else ""
            raise CommandError(f"{exc.file or path}{line}: {localize(exc)}") from exc
        except StradomError as exc:
            raise CommandError(localize(exc)) from exc
        self.stdout.write(
            _(
                "%(file)s: %(rows)d rows; new: %(created)d, changed: %(updated)d, "
                "unchanged: %(unchanged)d"
            )
            % {
                "file": report.file,
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            }
        )

    def _actor(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("no user %(name)r") % {"name": username}) from None


def _where(line: int, column: str) -> str:
    if column:
        return _("line %(line)d, column %(column)s: ") % {"line": line, "column": column}
    return _("line %(line)d: ") % {"line": line}
