"""Copies of the whole database, one way for each vendor: SQLite's online backup API,
PostgreSQL's ``pg_dump``, ``pg_restore`` and ``psql``. The backup file around them, its
manifest and the media files are ``stradom.core.backup``'s.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that was not done; the message says why and what to do."""


def dump_sqlite(path: Path) -> dict:
    """Copy the live database to ``path`` with SQLite's online backup API.

    The copy is made in one step, under one read lock: a consistent snapshot while other
    connections go on writing (in WAL mode they are not even held up). It works on an
    in-memory database too, as Django's own connection is the source. Rows and
    migrations are then read from the copy, so the manifest describes exactly it.
    """
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        version = target.execute("select sqlite_version()").fetchone()[0]
    finally:
        target.close()
    copy = sqlite3.connect(path)
    try:
        names = [
            r[0]
            for r in copy.execute(
                "select name from sqlite_master where type = 'table' "
                "and name not like 'sqlite_%' order by name"
            )
        ]
        tables = {}
        for name in names:
            query = f'select count(*) from "{name}"'  # noqa: S608 (names from sqlite_master)
            tables[name] = copy.execute(query).fetchone()[0]
        migrations = applied_migrations(copy.cursor()) if "django_migrations" in names else []
        return {"version": version, "tables": tables, "migrations": migrations}
    finally:
        copy.close()


def applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("select app, name from django_migrations order by id")
    return [[app, name] for app, name in cursor.fetchall()]


def dump_postgresql(path: Path) -> dict:
    """``pg_dump --format=custom`` of the database into ``path``.

    The rows counted for the manifest and the dump are one snapshot: it is exported by a
    repeatable-read transaction that counts, and ``pg_dump --snapshot`` reads the same.
    """
    connection.ensure_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, version = cursor.fetchone()
        names = sorted(connection.introspection.table_names(cursor))
        tables = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            tables[name] = cursor.fetchone()[0]
        migrations = applied_migrations(cursor) if "django_migrations" in names else []
        if migrations:
            run_pg("pg_dump", "--format=custom", f"--file={path}", f"--snapshot={snapshot}")
    return {"version": version, "tables": tables, "migrations": migrations}


# --- PostgreSQL's programs ------------------------------------------------------------

# Connection OPTIONS that libpq's programs take from the environment.
_PG_ENVIRONMENT = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}


def pg_program(program: str, *args: str) -> tuple[list[str], dict]:
    """The command line and environment to run ``program`` on the configured database.

    The password goes in ``PGPASSWORD``, never on the command line (where any user of the
    machine could read it in the process list)."""
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            _(
                "The program %(program)s was not found. A PostgreSQL backup or restore needs "
                "PostgreSQL's client programs (pg_dump, pg_restore, psql) of the server's "
                "version or newer; install them (e.g. the postgresql-client package)."
            )
            % {"program": program}
        )
    params = connection.settings_dict
    command = [found, "--no-password"]
    if params.get("HOST"):
        command.append(f"--host={params['HOST']}")
    if params.get("PORT"):
        command.append(f"--port={params['PORT']}")
    if params.get("USER"):
        command.append(f"--username={params['USER']}")
    if program != "pg_restore" and params.get("NAME"):
        command.append(f"--dbname={params['NAME']}")
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    for option, variable in _PG_ENVIRONMENT.items():
        if params.get("OPTIONS", {}).get(option):
            env[variable] = str(params["OPTIONS"][option])
    return command + list(args), env


def run_pg(program: str, *args: str) -> None:
    command, env = pg_program(program, *args)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s") % {"program": program, "error": _tail(done.stderr)}
        )


def _tail(text: str, lines: int = 10) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def restore_sqlite(database: Path) -> None:
    """Copy the backup's database into the live one with the backup API, the other way
    round: one write transaction on the live database, so it is replaced whole or not
    at all, and other connections see the new content as soon as it is committed."""
    try:
        backup = sqlite3.connect(database)
        try:
            connection.close()  # a fresh connection, in autocommit (kept if in memory)
            connection.ensure_connection()
            backup.backup(connection.connection)
        finally:
            backup.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            _("The database could not be restored; it is as it was: %(error)s") % {"error": exc}
        ) from exc
    finally:
        connection.close()  # the next query opens it anew


def drop_everything() -> str:
    """SQL that drops every table, view and sequence of the current schema (those
    extensions own aside): the slate pg_restore writes on, as the dump holds them all."""
    kinds = {"v": "VIEW", "m": "MATERIALIZED VIEW", "f": "FOREIGN TABLE"}
    kinds |= {"r": "TABLE", "p": "TABLE", "S": "SEQUENCE"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, n.nspname, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('v','m','f','r','p','S') "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "AND d.objid = c.oid AND d.deptype = 'e') "
            "ORDER BY position(c.relkind in 'vmfrpS'), c.relname"
        )
        rows = cursor.fetchall()

    def quoted(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    return "".join(
        f"DROP {kinds[kind]} IF EXISTS {quoted(schema)}.{quoted(name)} CASCADE;\n"
        for kind, schema, name in rows
    )


def restore_postgresql(dump: Path, source: Path) -> None:
    """Replace the database by the dump, all in one transaction.

    ``pg_restore`` turns the dump into SQL (without owners and grants, which name roles
    this server may not have); ``psql`` runs, in one transaction, the drop of everything
    in the schema and then that SQL, and commits only if pg_restore read the whole dump
    without an error: any failure leaves the database as it was. (``pg_restore
    --single-transaction --clean`` alone would leave tables the backup does not have,
    and fail on their foreign keys into the tables it replaces.)
    """
    listed, env = pg_program("pg_restore", "--list", str(dump))
    done = subprocess.run(listed, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            _("pg_restore cannot read the database in %(file)s: %(error)s. Nothing was changed.")
            % {"file": source, "error": _tail(done.stderr)}
        )
    drop = drop_everything()
    connection.close()  # no session of ours holds a lock on what is dropped
    reader, env = pg_program("pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump))
    runner, _env = pg_program("psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-")
    with tempfile.TemporaryFile() as reader_errors, tempfile.TemporaryFile() as runner_errors:
        psql = subprocess.Popen(  # noqa: S603
            runner, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=runner_errors
        )
        pg_restore = subprocess.Popen(  # noqa: S603
            reader, env=env, stdout=subprocess.PIPE, stderr=reader_errors
        )
        try:
            psql.stdin.write(b"SET client_min_messages = warning;\nBEGIN;\n")
            psql.stdin.write(drop.encode())
            while chunk := pg_restore.stdout.read(CHUNK):
                psql.stdin.write(chunk)
            if pg_restore.wait() == 0:
                psql.stdin.write(b"\nCOMMIT;\n")
            psql.stdin.close()  # without COMMIT, psql ends and the transaction is undone
        except BrokenPipeError:
            pass  # psql stopped at an error (ON_ERROR_STOP): rolled back; it says why
        finally:
            pg_restore.stdout.close()
            pg_restore.wait()
            psql.wait()
        if pg_restore.returncode != 0 or psql.returncode != 0:
            errors = runner_errors if psql.returncode != 0 else reader_errors
            errors.seek(0)
            raise BackupError(
                _("The database could not be restored; it is as it was: %(error)s")
                % {"error": _tail(errors.read().decode(errors="replace"))}
            )
