"""``stradom backup`` and ``stradom restore``: a round trip gives back every row of every
table and every uploaded file; a restore that is refused changes nothing.

They run on committed data (``transaction=True``) on whichever database the suite uses:
SQLite (in memory, copied with the backup API through Django's own connection) or
PostgreSQL when ``DATABASE_URL`` says so (``pg_dump``, ``pg_restore`` and ``psql``).
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import stradom
from stradom.catalog.models import Indicator, ObservationChange
from stradom.catalog.services import ObservationInput, delete_observations, write_observations
from stradom.core import backup, database_copies
from stradom.core.backup import MANIFEST, BackupError, create_backup, last_backup, restore_backup
from stradom.core.tests.migrating import latest_migrations, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)

CITY = "1261011"
OTHER_VENDOR = {"sqlite": "postgresql", "postgresql": "sqlite"}
VENDOR_NAME = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
REPORT = b"%PDF-1.7\n" + bytes(range(256)) * 40  # binary, as a report is
UPLOAD = "wskaźnik;rok;wartość\nPM10_AVG;2020;40,0\n".encode()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"  # where the last backup is recorded
    return settings.MEDIA_ROOT


@pytest.fixture
def installation(world, media):
    """The world with values written through the write path (so with history: created,
    replaced, deleted) and the files a job and an import upload leave in MEDIA_ROOT."""
    first = write_observations(
        [
            ObservationInput("PM10_AVG", CITY, "2020", Decimal("40.5")),
            ObservationInput("PM10_AVG", CITY, "2021", Decimal("38")),
            ObservationInput("POP", CITY, "2020", Decimal("100"), dimensions=(("sex", "F"),)),
            ObservationInput("TRAM_SAT", CITY, "2022", Decimal("80"), note="ankieta"),
        ],
        actor=world.admin,
        reason="pierwsze wczytanie",
        channel="command",
    )
    assert first.ok, first.problems
    second = write_observations(
        [ObservationInput("PM10_AVG", CITY, "2021", Decimal("37.25"))],
        actor=world.admin,
        reason="korekta",
        channel="command",
        replace=True,
    )
    assert second.ok and second.updated == 1, second.problems
    gone = delete_observations(
        [("TRAM_SAT", CITY, "2022", ())], actor=world.admin, reason="błąd", channel="command"
    )
    assert gone.ok and gone.deleted == 1
    (media / "jobs" / "1").mkdir(parents=True)
    (media / "jobs" / "1" / "raport.pdf").write_bytes(REPORT)
    (media / "imports" / "5f1c").mkdir(parents=True)
    (media / "imports" / "5f1c" / "wartości.csv").write_bytes(UPLOAD)
    return world


def everything() -> dict[str, list]:
    """Every row of every table: each model's, the many-to-many ones, django_migrations."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        rows = {}
        for name in names:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")
            rows[name] = sorted(cursor.fetchall(), key=repr)
    models = {
        m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed
    }
    assert models | {"django_migrations"} <= set(rows)  # nothing left out of the comparison
    return rows


def files(root) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def drop_every_table() -> None:
    """An empty database, as a new installation has before `stradom migrate`."""
    names = connection.introspection.table_names()
    views = set(connection.introspection.table_names(include_views=True)) - set(names)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = OFF")
        for name in views:  # the history view (catalog.ObservationChange)
            cursor.execute(f"DROP VIEW {connection.ops.quote_name(name)}")
        for name in names:
            cascade = " CASCADE" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TABLE {connection.ops.quote_name(name)}{cascade}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA foreign_keys = ON")
    assert connection.introspection.table_names() == []


def rewrite(source, target, *, manifest=None, extra=()):
    """A copy of the backup ``source`` with its manifest changed and members added."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            if member.name == MANIFEST and manifest is not None:
                content = json.loads(data)
                manifest(content)
                data = json.dumps(content).encode()
            _add(new, member.name, data)
        for name, data in extra:
            _add(new, name, data)
    return target


def _add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def flip_a_byte(path, member, at=100):
    with tarfile.open(path) as tar:
        offset = tar.getmember(member).offset_data + at
    with open(path, "r+b") as file:
        file.seek(offset)
        byte = file.read(1)
        file.seek(offset)
        file.write(bytes([byte[0] ^ 0xFF]))


def restore_refused(path, *args) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), *args)
    return str(refused.value)


# --- the round trip -------------------------------------------------------------------


def test_round_trip_restores_every_table_every_history_row_and_every_file(
    installation, media, tmp_path
):
    before, media_before = everything(), files(media)
    assert ObservationChange.objects.count() == 6  # 4 created, 1 replaced, 1 deleted
    assert len(before["catalog_observationrevision"]) == 2  # the replaced and the deleted
    assert len(before["catalog_observation"]) == 3
    target = tmp_path / "stradom.tar"
    call_command("backup", str(target), stdout=io.StringIO())

    # What happens after the backup, and is to be undone: values, history, users, files.
    w = installation
    write_observations(
        [
            ObservationInput("PM10_AVG", CITY, "2021", Decimal("99")),
            ObservationInput("BIRTHS", CITY, "2023", Decimal("7000")),
        ],
        actor=w.admin,
        reason="po kopii",
        channel="command",
        replace=True,
    )
    Indicator.objects.filter(code="PM10_AVG").update(name_pl="zmieniona nazwa")
    User.objects.create_user("ewa", password="x")
    (media / "jobs" / "1" / "raport.pdf").unlink()
    (media / "jobs" / "2").mkdir()
    (media / "jobs" / "2" / "nowy.pdf").write_bytes(b"after")
    assert everything() != before

    call_command("restore", str(target), "--force", stdout=io.StringIO())
    assert everything() == before
    assert files(media) == media_before
    assert [p.name for p in media.iterdir() if p.name.startswith(".")] == []  # no staging left
    assert ObservationChange.objects.count() == 6  # the connection works on what came back


def test_restore_into_an_empty_database_needs_no_force(installation, media, tmp_path):
    before, media_before = everything(), files(media)
    target = tmp_path / "stradom.tar"
    create_backup(target)
    drop_every_table()
    for path in sorted(media.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    media.rmdir()
    try:
        result = restore_backup(target)
    finally:
        if "django_migrations" not in connection.introspection.table_names():
            call_command("migrate", verbosity=0)  # leave a usable database for the next test
    assert everything() == before
    assert files(media) == media_before
    assert result.pending_migrations == []
    assert result.rows == sum(len(rows) for rows in before.values())


def test_backup_manifest_describes_the_copy(installation, media, tmp_path):
    (media / "jobs" / "2").mkdir()
    (media / "jobs" / "2" / ".raport.pdf.part").write_bytes(b"half")  # still being written
    (media / "jobs" / "3.part").write_bytes(b"a file, not a partial one")
    target = tmp_path / "stradom.tar"
    started = timezone.now()
    result = create_backup(target)
    vendor = connection.vendor
    with tarfile.open(target) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        database = tar.extractfile(MEMBER[vendor]).read()
    assert names[0] == MEMBER[vendor]
    assert names[-1] == MANIFEST  # last: a file cut off has none
    assert sorted(names[1:-1]) == [
        "media/imports/5f1c/wartości.csv",
        "media/jobs/1/raport.pdf",
        "media/jobs/3.part",
    ]
    assert manifest == result.manifest
    assert manifest["format"] == "stradom-backup"
    assert manifest["format_version"] == 1
    assert manifest["stradom_version"] == stradom.__version__
    assert manifest["database"]["vendor"] == vendor
    assert manifest["database"]["file"] == MEMBER[vendor]
    assert manifest["database"]["size"] == len(database)
    assert manifest["database"]["sha256"] == hashlib.sha256(database).hexdigest()
    applied = MigrationRecorder.Migration.objects.order_by("id").values_list("app", "name")
    assert manifest["migrations"] == [list(m) for m in applied]
    assert manifest["tables"] == {name: len(rows) for name, rows in everything().items()}
    # The history is a view (no rows of its own): the replaced and the deleted value have a
    # row each, the four creations are their observations' change sets (two writes).
    assert manifest["tables"]["catalog_observationrevision"] == 2
    assert manifest["tables"]["catalog_changeset"] == 3
    assert sorted(manifest["media"], key=lambda entry: entry["path"]) == [
        {
            "path": "imports/5f1c/wartości.csv",
            "size": len(UPLOAD),
            "sha256": hashlib.sha256(UPLOAD).hexdigest(),
        },
        {
            "path": "jobs/1/raport.pdf",
            "size": len(REPORT),
            "sha256": hashlib.sha256(REPORT).hexdigest(),
        },
        {
            "path": "jobs/3.part",
            "size": 25,
            "sha256": hashlib.sha256(b"a file, not a partial one").hexdigest(),
        },
    ]
    created = timezone.datetime.fromisoformat(manifest["created"])
    assert started <= created <= timezone.now()
    finished, recorded = last_backup()
    assert recorded == str(target)
    assert timedelta(0) <= finished - created < timedelta(minutes=1)
    assert target.stat().st_mode & 0o077 == 0  # passwords' hashes inside: owner only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "media", "stradom.tar"]


def test_backup_command_says_what_it_wrote(installation, tmp_path, english):
    target = tmp_path / "stradom.tar"
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    lines = out.getvalue().splitlines()
    with tarfile.open(target) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
    assert lines[0] == f"Backup written to {target}."
    assert [line.split() for line in lines[1:]] == [
        ["tables", str(len(manifest["tables"]))],
        ["rows", str(sum(manifest["tables"].values()))],
        ["media", "files", "2"],
        ["bytes", str(target.stat().st_size)],
    ]


def test_restore_command_says_what_it_restored(installation, tmp_path, english):
    target = tmp_path / "stradom.tar"
    manifest = create_backup(target).manifest
    out = io.StringIO()
    call_command("restore", str(target), "--force", stdout=out)
    assert out.getvalue().splitlines() == [
        f"Restored the backup {target}, made {manifest['created']} "
        f"by Stradom {stradom.__version__}.",
        f"  tables       {len(manifest['tables'])}",
        f"  rows         {sum(manifest['tables'].values())}",
        "  media files  2",
        "Restart the web server and the worker so that they start from the restored data.",
    ]


# --- what a backup refuses --------------------------------------------------------------


def test_a_failed_backup_leaves_no_file_and_keeps_the_older_one(
    installation, tmp_path, monkeypatch, english
):
    def disk_full(tar, root):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_add_media", disk_full)
    target = tmp_path / "stradom.tar"
    with pytest.raises(CommandError) as refused:
        call_command("backup", str(target))
    assert str(refused.value) == (
        f"Cannot write the backup {target}: No space left on device. No file was left behind."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media"]  # no half file, no folder
    assert last_backup() is None

    target.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError):
        call_command("backup", str(target))
    assert target.read_bytes() == b"yesterday's backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "stradom.tar"]


def test_backup_into_a_folder_that_does_not_exist_is_refused(installation, tmp_path, english):
    target = tmp_path / "no" / "such" / "stradom.tar"
    with pytest.raises(BackupError) as refused:
        create_backup(target)
    assert str(refused.value) == (
        f"Cannot write the backup: the folder {target.parent} does not exist."
    )


def test_backup_inside_the_media_folder_is_refused(installation, media, english):
    target = media / "stradom.tar"
    with pytest.raises(BackupError) as refused:
        create_backup(target)
    assert str(refused.value) == (
        f"{target} is inside the media folder {media}, which a backup copies and a restore "
        "replaces; keep backups elsewhere."
    )
    assert not target.exists()


# --- what a restore refuses, changing nothing ---------------------------------------------


def test_restore_refuses_an_installation_that_holds_data_and_changes_nothing(
    installation, media, tmp_path, english
):
    target = tmp_path / "stradom.tar"
    create_backup(target)
    Indicator.objects.filter(code="PM10_AVG").update(name_pl="po kopii")
    before, media_before = everything(), files(media)
    message = restore_refused(target)
    applied = len(before["django_migrations"])
    with_rows = sorted(
        ((name, len(rows)) for name, rows in before.items() if rows),
        key=lambda item: (-item[1], item[0]),
    )
    with_rows = [item for item in with_rows if item[0] != "django_migrations"]
    listed = ", ".join(f"{name} {n}" for name, n in with_rows[:5])
    assert message == (
        f"Nothing was restored: this installation already holds data ({applied} applied "
        f"migrations; rows in {len(with_rows)} tables: {listed}, …; 2 files in {media}). "
        f"A restore replaces the whole database {connection.settings_dict['NAME']} and the "
        f"files in {media}. To replace them, run the restore again with --force (first make "
        "a backup of them with `stradom backup` if they may still be needed); or restore "
        "into an empty database."
    )
    assert everything() == before
    assert files(media) == media_before


def test_restore_refuses_media_files_without_force_even_into_an_empty_database(
    installation, media, tmp_path, english
):
    target = tmp_path / "stradom.tar"
    create_backup(target)
    drop_every_table()
    try:
        message = restore_refused(target)
        assert connection.introspection.table_names() == []
    finally:
        call_command("migrate", verbosity=0)
    assert message.startswith(
        f"Nothing was restored: this installation already holds data (2 files in {media})."
    )
    assert files(media)["jobs/1/raport.pdf"] == REPORT


@pytest.mark.parametrize(
    ("member", "detail"),
    [
        ("database", "the content of {member} does not match its checksum"),
        ("media/jobs/1/raport.pdf", "the content of {member} does not match its checksum"),
    ],
)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    installation, media, tmp_path, english, member, detail
):
    target = tmp_path / "stradom.tar"
    create_backup(target)
    member = MEMBER[connection.vendor] if member == "database" else member
    flip_a_byte(target, member)
    Indicator.objects.filter(code="PM10_AVG").update(name_pl="po kopii")
    before, media_before = everything(), files(media)
    assert restore_refused(target, "--force") == (
        f"The backup {target} is damaged or incomplete ({detail.format(member=member)}). "
        "Nothing was changed; restore another backup."
    )
    assert everything() == before
    assert files(media) == media_before
    assert sorted(p.name for p in media.iterdir()) == ["imports", "jobs"]  # no staging left


def test_restore_refuses_a_backup_cut_off_and_changes_nothing(
    installation, media, tmp_path, english
):
    target = tmp_path / "stradom.tar"
    create_backup(target)
    whole = target.read_bytes()
    with tarfile.open(target) as tar:
        cuts = [  # in the middle of the database, and of the manifest written last
            tar.getmember(name).offset_data + tar.getmember(name).size // 2
            for name in (MEMBER[connection.vendor], MANIFEST)
        ]
    before, media_before = everything(), files(media)
    for size in cuts:
        target.write_bytes(whole[:size])
        message = restore_refused(target, "--force")
        assert message.startswith(f"The backup {target} is damaged or incomplete ("), message
        assert message.endswith("). Nothing was changed; restore another backup.")
        assert everything() == before
        assert files(media) == media_before


def test_restore_refuses_members_the_manifest_does_not_list(installation, media, tmp_path, english):
    target = tmp_path / "stradom.tar"
    create_backup(target)
    extra = rewrite(target, tmp_path / "extra.tar", extra=[("media/jobs/9/obcy.exe", b"MZ")])
    before, media_before = everything(), files(media)
    assert restore_refused(extra, "--force") == (
        f"The backup {extra} is damaged or incomplete (media/jobs/9/obcy.exe is not listed in "
        "its manifest). Nothing was changed; restore another backup."
    )

    def escape(manifest):
        manifest["media"].append({"path": "../../escaped.txt", "size": 2, "sha256": "00"})

    outside = rewrite(target, tmp_path / "outside.tar", manifest=escape)
    assert restore_refused(outside, "--force") == (
        f"The backup {outside} is damaged or incomplete (its manifest.json cannot be read). "
        "Nothing was changed; restore another backup."
    )
    assert not (tmp_path / "escaped.txt").exists()
    assert everything() == before
    assert files(media) == media_before


def _tar_with(path, members):
    with tarfile.open(path, "w") as tar:
        for name, data in members:
            _add(tar, name, data)
    return path


@pytest.mark.parametrize(
    "make",
    [
        lambda p: (p.write_bytes(b""), p)[1],
        lambda p: (p.write_text("id;value\n1;2\n"), p)[1],
        lambda p: _tar_with(p, [("notes.txt", b"hello")]),
        lambda p: _tar_with(p, [(MANIFEST, b'{"format": "something-else"}')]),
        lambda p: _tar_with(p, [(MANIFEST, b"[1, 2]")]),
    ],
    ids=["empty", "csv", "tar-without-manifest", "another-manifest", "manifest-not-an-object"],
)
def test_restore_refuses_a_file_that_is_not_a_stradom_backup(
    installation, media, tmp_path, english, make
):
    path = make(tmp_path / "file.tar")
    before, media_before = everything(), files(media)
    assert restore_refused(path, "--force") == (
        f"{path} is not a Stradom backup (a tar file written by `stradom backup`, with a "
        "manifest.json). Nothing was changed."
    )
    assert everything() == before
    assert files(media) == media_before


def test_restore_of_a_file_that_does_not_exist(installation, tmp_path, english):
    assert restore_refused(tmp_path / "none.tar") == f"There is no file {tmp_path / 'none.tar'}."


def test_restore_refuses_a_backup_of_another_database_vendor(
    installation, media, tmp_path, english
):
    target = tmp_path / "stradom.tar"
    create_backup(target)
    here, other = connection.vendor, OTHER_VENDOR[connection.vendor]

    def elsewhere(manifest):
        manifest["database"].update(vendor=other, file=MEMBER[other])

    foreign = rewrite(target, tmp_path / "foreign.tar", manifest=elsewhere)
    before, media_before = everything(), files(media)
    assert restore_refused(foreign, "--force") == (
        f"The backup {foreign} is of a {VENDOR_NAME[other]} database, and this installation "
        f"uses {VENDOR_NAME[here]}. A backup can be restored only into the same kind of "
        "database. Nothing was changed."
    )
    assert everything() == before
    assert files(media) == media_before


def test_restore_refuses_a_backup_with_migrations_this_stradom_does_not_have(
    installation, media, tmp_path, english
):
    target = tmp_path / "stradom.tar"
    create_backup(target)

    def newer(manifest):
        manifest["stradom_version"] = "9.0.0"
        manifest["migrations"].append(["catalog", "9999_from_the_future"])

    future = rewrite(target, tmp_path / "future.tar", manifest=newer)
    before = everything()
    assert restore_refused(future, "--force") == (
        f"The backup {future} was made by Stradom 9.0.0, whose database has migrations this "
        "installation does not know (catalog.9999_from_the_future). Restore it with Stradom "
        "9.0.0 or newer. Nothing was changed."
    )
    assert everything() == before


def test_restore_refuses_a_newer_backup_format(installation, tmp_path, english):
    target = tmp_path / "stradom.tar"
    create_backup(target)

    def newer(manifest):
        manifest["format_version"] = 2

    future = rewrite(target, tmp_path / "future.tar", manifest=newer)
    assert restore_refused(future, "--force") == (
        f"The backup {future} is in backup format 2 (Stradom {stradom.__version__}); this "
        "Stradom reads format 1. Restore it with the Stradom version that made it. Nothing "
        "was changed."
    )


# --- what a restore replaces -------------------------------------------------------------


def test_restore_with_force_removes_tables_the_backup_does_not_have(installation, tmp_path):
    """A table made after the backup (by a newer Stradom's migration, say), with a foreign
    key into one the restore replaces, goes: the database is the backup's, whole."""
    before = everything()
    target = tmp_path / "stradom.tar"
    create_backup(target)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE later_table (id integer PRIMARY KEY, "
            "indicator_id bigint REFERENCES catalog_indicator (id))"
        )
        cursor.execute(
            "INSERT INTO later_table VALUES (1, %s)", [Indicator.objects.get(code="POP").pk]
        )
    restore_backup(target, force=True)
    assert "later_table" not in connection.introspection.table_names()
    assert everything() == before


def test_restore_of_an_older_backup_says_to_migrate(installation, tmp_path, english):
    latest = latest_migrations()
    older = [("finance", "0002_instrument_links")]
    target = tmp_path / "older.tar"
    try:
        migrate_to(older)
        create_backup(target)
    finally:
        migrate_to(latest)
    out = io.StringIO()
    try:
        call_command("restore", str(target), "--force", stdout=out)
        applied = MigrationRecorder(connection).applied_migrations()
        assert ("finance", "0003_moneychange_old_new_as_text") not in applied
        pending = len(MigrationExecutor(connection).migration_plan(latest))
    finally:
        migrate_to(latest)
    assert pending >= 2  # finance 0003 and 0004 at least, and whatever depends on them
    assert out.getvalue().splitlines()[-2:] == [
        f"{pending} database migrations of this Stradom are not applied in the restored "
        "database; run `stradom migrate`.",
        "Restart the web server and the worker so that they start from the restored data.",
    ]


class _BackupFailingAfterOnePage:
    """The backup's database, opened as restore_sqlite does, whose copy into the live one
    stops with a disk error after its first page: a restore that fails midway."""

    def __init__(self, connection):
        self._connection = connection

    def backup(self, target):
        def fail(_status, _remaining, _total):
            raise sqlite3.OperationalError("disk I/O error (injected after one page)")

        self._connection.backup(target, pages=1, progress=fail)

    def close(self):
        self._connection.close()


def test_a_restore_that_fails_midway_leaves_the_database_as_it_was(
    installation, media, tmp_path, monkeypatch, english
):
    target = tmp_path / "stradom.tar"
    create_backup(target)
    Indicator.objects.filter(code="PM10_AVG").update(name_pl="po kopii")
    before, media_before = everything(), files(media)
    if connection.vendor == "postgresql":  # psql runs the restore's one transaction
        drop = database_copies.drop_everything
        monkeypatch.setattr(database_copies, "drop_everything", lambda: drop() + "SELECT 1 / 0;\n")
        cause = "division by zero"
    else:  # SQLite's backup API holds one write transaction on the live database
        connect = sqlite3.connect
        monkeypatch.setattr(
            database_copies.sqlite3,
            "connect",
            lambda *args, **kwargs: _BackupFailingAfterOnePage(connect(*args, **kwargs)),
        )
        cause = "disk I/O error (injected after one page)"
    message = restore_refused(target, "--force")
    assert message.startswith("The database could not be restored; it is as it was: ")
    assert cause in message
    assert everything() == before
    assert files(media) == media_before


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs PostgreSQL's programs")
def test_the_password_reaches_postgresql_programs_in_the_environment_only(monkeypatch):
    for key, value in {
        "NAME": "stradom",
        "USER": "stradom",
        "PASSWORD": "s3cret-Hasło",
        "HOST": "db.example",
        "PORT": "5433",
        "OPTIONS": {"sslmode": "verify-full"},
    }.items():
        monkeypatch.setitem(connection.settings_dict, key, value)
    command, env = database_copies.pg_program("pg_dump", "--format=custom")
    assert command[1:] == [
        "--no-password",
        "--host=db.example",
        "--port=5433",
        "--username=stradom",
        "--dbname=stradom",
        "--format=custom",
    ]
    assert env["PGPASSWORD"] == "s3cret-Hasło"
    assert env["PGSSLMODE"] == "verify-full"
