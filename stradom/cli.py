"""The ``stradom`` command: one entry point for everything an operator does.

It wraps Django's management commands (``stradom migrate``, ``stradom demo``…).
``stradom --help`` lists the commands with one-line descriptions in Polish or
English, chosen by ``STRADOM_LANGUAGE`` or else the locale (``LANG``); Polish
is the default.

Before a command that works on Stradom's data runs, the database is looked at (one
connection, two small queries and a read of the migration files, some 30 ms): one
that cannot be opened, was never migrated, or has migrations not applied yet is said
in one line on stderr, with what to do, and the command is not run (exit code 2) —
instead of a traceback half way through. Which commands need what is below.
"""

from __future__ import annotations

import os
import sys

from stradom.core.messages import gettext_noop

# Commands shown in ``stradom --help``, grouped; Django's own ones get our descriptions.
_DJANGO_COMMANDS = {
    "migrate": gettext_noop("Create or update the database tables."),
    "createsuperuser": gettext_noop("Create an administrator account."),
    "changepassword": gettext_noop("Change a user's password."),
    "shell": gettext_noop("Open a Python shell with Stradom loaded."),
    "dbshell": gettext_noop("Open the database's own command line."),
    "collectstatic": gettext_noop("Gather static files for the web server."),
}
# Commands that need no database, or say themselves what is wrong with it (check): run
# without looking at the database first.
_ANY_DATABASE = {
    "check",
    "collectstatic",
    "compilemessages",
    "diffsettings",
    "findstatic",
    "makemessages",
    "makemigrations",
    "optimizemigration",
    "sendtestemail",
    "shell",
    "squashmigrations",
    "startapp",
    "startproject",
    "test",
    "testserver",
    "version",
}
# Commands that need the database open but not migrated: they make, fill or show its
# tables (restore fills an empty one), or say themselves that there is nothing to back
# up (backup, which is also what to run before `stradom migrate` upgrades a database).
_EMPTY_DATABASE = {
    "backup",
    "createcachetable",
    "dbshell",
    "inspectdb",
    "migrate",
    "restore",
    "showmigrations",
    "sqlflush",
    "sqlmigrate",
    "sqlsequencereset",
}
# Commands that work while migrations are pending: status counts what is there and says
# how many are pending.
_PENDING_MIGRATIONS = {"status"}
_HIDDEN_APPS = {
    "django.core",
    "django.contrib.staticfiles",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "whitenoise",
}


def _language_from_environment() -> str:
    explicit = os.environ.get("STRADOM_LANGUAGE")
    if explicit:
        return explicit
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value.startswith("en"):
            return "en"
        if value.startswith("pl"):
            return "pl"
    return "pl"


def _help_text() -> str:
    import django
    from django.core.management import get_commands, load_command_class
    from django.utils import translation
    from django.utils.translation import gettext as _

    django.setup()
    translation.activate(_language_from_environment())
    ours: list[tuple[str, str]] = []
    for name, app in sorted(get_commands().items()):
        if not app.startswith("stradom"):
            continue
        command = load_command_class(app, name)
        ours.append((name, str(command.help).strip().splitlines()[0] if command.help else ""))
    general = [(name, _(text)) for name, text in _DJANGO_COMMANDS.items()]
    width = max(len(n) for n, _ in ours + general)
    lines = [
        _("Usage: stradom <command> [options]"),
        "",
        _("Stradom commands:"),
        *(f"  {n.ljust(width)}  {d}" for n, d in ours),
        "",
        _("Database and administration:"),
        *(f"  {n.ljust(width)}  {d}" for n, d in general),
        "",
        _("'stradom <command> --help' describes a command's options."),
    ]
    return "\n".join(lines)


def _database_problem(command: str, args: list[str]) -> str | None:
    """What keeps ``command`` from running on the database as it is, in words; None when
    nothing does (or the command does not need it). See the module docstring."""
    from django.core.management import get_commands
    from django.db import connections

    from stradom.core.checks import pending_message
    from stradom.core.health import (
        DatabaseUnavailable,
        never_migrated,
        open_database,
        pending_migrations,
    )
    from stradom.core.i18n import localize

    if command in _ANY_DATABASE or command not in get_commands():
        return None  # an unknown command is Django's to refuse
    if {"-h", "--help"} & set(args):
        return None
    try:
        if command in _EMPTY_DATABASE:
            open_database()
            return None
        pending = pending_migrations()
    except DatabaseUnavailable as exc:
        return localize(exc)
    finally:
        # Not one connection shared by the processes `stradom serve` forks.
        connections.close_all()
    if pending is None:
        return localize(never_migrated())
    if pending and command not in _PENDING_MIGRATIONS:
        return pending_message(len(pending))
    return None


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stradom.settings")
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        sys.stdout.write(_help_text() + "\n")
        return
    import django
    from django.core.management import execute_from_command_line
    from django.utils import translation

    from stradom.env import ConfigurationError

    try:
        django.setup()
    except ConfigurationError as exc:
        sys.stderr.write(f"stradom: {exc}\n")
        raise SystemExit(2) from exc
    # Commands speak the operator's language; the web server picks one per request.
    translation.activate(_language_from_environment())
    problem = _database_problem(argv[1], argv[2:])
    if problem:
        sys.stderr.write(f"stradom: {problem}\n")
        raise SystemExit(2)
    execute_from_command_line(["stradom", *argv[1:]])


if __name__ == "__main__":
    main()
