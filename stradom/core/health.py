"""Is the installation fit to work: the database reachable and its migrations applied.

One home for what ``stradom status``, ``stradom check``, ``/healthz`` and the ``stradom``
command's guard (``stradom.cli``) ask of the database. What cannot be reached is
said in one line in the reader's language (:class:`DatabaseUnavailable`, a
:class:`~stradom.core.messages.StradomError`), never as a driver's traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from stradom.core.messages import StradomError, gettext_noop

logger = logging.getLogger(__name__)

# Database aliases found fully migrated by this process: migrations are not unapplied
# while a process runs, so once complete, /healthz need not load the migration files again.
_migrated: set[str] = set()


class DatabaseUnavailable(StradomError):
    """The database cannot be opened (a missing folder, a server that does not answer)."""


def database_label(using: str = DEFAULT_DB_ALIAS) -> str:
    """The database as an operator names it: the file of an embedded one, else
    ``vendor://host:port/name`` (never the user or password)."""
    settings = connections[using].settings_dict
    vendor = connections[using].vendor
    if vendor == "sqlite":
        return str(settings["NAME"])
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"{vendor}://{host}{port}/{settings['NAME']}"


def _one_line(error: BaseException) -> str:
    # psycopg's messages run over several lines ("connection refused\n\tIs the server…").
    return " ".join(str(error).split()) or type(error).__name__


def open_database(using: str = DEFAULT_DB_ALIAS):
    """The connection, opened; :class:`DatabaseUnavailable` when it cannot be."""
    connection = connections[using]
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and not str(name).startswith(("file:", ":memory:")):
        folder = Path(name).parent
        if not folder.is_dir():  # SQLite would only say "unable to open database file"
            raise DatabaseUnavailable(
                gettext_noop(
                    "Cannot open the database %(name)s: the folder %(folder)s does not exist. "
                    "Create it, or set STRADOM_DATA_DIR to the folder the data should live in."
                ),
                name=database_label(using),
                folder=str(folder),
            )
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        raise _unavailable(exc, using) from exc
    return connection


def _unavailable(exc: BaseException, using: str) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        gettext_noop("Cannot open the database %(name)s: %(error)s"),
        name=database_label(using),
        error=_one_line(exc),
    )


def pending_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str] | None:
    """The migrations not applied yet (``app.name``, in the order they would run), or
    None when the database was never migrated (no migration recorded at all).

    Two queries (is there a migrations table, what it holds) and a read of the
    migration files (some 30 ms). :class:`DatabaseUnavailable` when the database cannot
    be opened.
    """
    connection = open_database(using)
    try:
        executor = MigrationExecutor(connection)
    except DatabaseError as exc:
        raise _unavailable(exc, using) from exc
    if not executor.loader.applied_migrations:
        return None
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def never_migrated(using: str = DEFAULT_DB_ALIAS) -> StradomError:
    """What is said of a database :func:`pending_migrations` finds never migrated."""
    return StradomError(
        gettext_noop(
            "The database %(name)s has no tables yet. "
            "Run `stradom migrate` to create them, then try again."
        ),
        name=database_label(using),
    )


def migrations_applied(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether every migration is applied. Once it is, the answer is kept for the rest
    of the process; until then every call looks again (see :func:`pending_migrations`)."""
    if using in _migrated:
        return True
    if pending_migrations(using) == []:
        _migrated.add(using)
        return True
    return False


def database_ready(using: str = DEFAULT_DB_ALIAS) -> bool:
    """What ``/healthz`` answers: the database answers a query and every migration is
    applied. One query once the migrations have been found applied. Why not is logged
    (a load balancer's probe gets no details)."""
    try:
        if not migrations_applied(using):
            logger.warning("health: database migrations are not all applied")
            return False
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, DatabaseUnavailable) as exc:
        logger.warning("health: the database is not available: %s", _one_line(exc))
        return False
    return True
