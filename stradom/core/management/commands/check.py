"""``stradom check``: is this installation fit to run? Settings, database, worker, backups.

Django's system checks with its deployment ones (``--deploy`` is always on) and
Stradom's own (``stradom.core.checks``), each problem in the operator's language with
what to do about it. The exit code is for people and for monitoring alike:

* ``0`` — nothing found at ``--fail-level`` or above (default ``WARNING``);
* ``1`` — warnings only (a secret key too short, no worker seen lately, an old backup…);
* ``2`` — at least one error (debug on, the development secret key, a database that
  cannot be opened or is not migrated).

``--fail-level ERROR`` lets warnings pass (exit 0). Django's options still work
(app labels, ``--tag stradom``, ``--list-tags``, ``--database``). Called from code
without ``deploy=True`` — as Django's test runner does before the tests — it is
Django's own ``check``, which must not fail on a missing worker or backup.
"""

import json

from django.apps import apps
from django.core import checks
from django.core.management.base import CommandError, SystemCheckError
from django.core.management.commands.check import Command as DjangoCheckCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core import checks as stradom_checks
from stradom.core.management.base import Command as StradomCommand


class Command(StradomCommand, DjangoCheckCommand):
    help = gettext_lazy(
        "Check the installation for problems: settings, database, migrations, the worker, "
        "backups (exit code 0 all well, 1 warnings, 2 errors)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(fail_level="WARNING")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *app_labels, **options):
        if not self._called_from_command_line and not options["deploy"]:
            return super().handle(*app_labels, **{**options, "fail_level": "ERROR"})
        if options["list_tags"]:
            return super().handle(*app_labels, **{**options, "deploy": True})
        tags = options["tags"]
        for tag in tags or ():
            if not checks.tag_exists(tag, include_deployment_checks=True):
                raise CommandError(_("There is no check with the tag “%(tag)s”.") % {"tag": tag})
        report = stradom_checks.run(
            app_configs=[apps.get_app_config(label) for label in app_labels] or None,
            tags=tags,
            databases=options["databases"],
        )
        fail_level = getattr(checks, options["fail_level"])
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "problems": [p.as_dict() for p in report.problems],
                        "silenced": report.silenced,
                        "exit_code": report.exit_code(fail_level),
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            self.write_table(report)
        code = report.exit_code(fail_level)
        if code:
            raise SystemCheckError(report.summary(), returncode=code)
        if options["format"] == "table":
            self.stdout.write(report.summary())

    def write_table(self, report) -> None:
        words = {"error": _("error"), "warning": _("warning"), "info": _("information")}
        rows = [(words[p.as_dict()["level"]], p) for p in report.problems]
        width = max((len(word) for word, _p in rows), default=0)
        for word, problem in rows:
            self.stdout.write(f"{word.ljust(width)}  {problem.message} [{problem.id}]")
            if problem.hint:
                self.stdout.write(f"{' ' * width}  {problem.hint}")
        if rows:
            self.stdout.write("")
