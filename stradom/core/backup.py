"""Backups of the whole installation: the database and the uploaded files.

``stradom backup FILE`` and ``stradom restore FILE`` call the functions here. Each
finished backup is remembered in ``STRADOM_DATA_DIR/last-backup.json`` (when, which
file), so ``stradom check`` can say how old the newest backup is.

A backup is one tar file:

- ``database.sqlite3`` (SQLite, a copy made with SQLite's online backup API) or
  ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``): a consistent copy taken
  while the server may go on writing;
- ``media/…``: the files under ``MEDIA_ROOT`` (job results, import uploads);
- ``manifest.json``, written last: format, versions, the database vendor, the applied
  migrations and the rows of every table as they were in the copy, and the size and
  SHA-256 of every other member. A file without it is not a (complete) backup.

A restore checks everything it can before it changes anything: that the file is a
Stradom backup, whole (every member against its checksum, nothing unlisted), of this
kind of database and of migrations this code knows, and, unless forced, that nothing
is here yet. It then unpacks the files in a folder inside ``MEDIA_ROOT``, replaces the
database in one transaction and swaps the media folder's contents in. How each database
is copied, both ways, is ``stradom.core.database_copies``'.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import stat
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

import stradom
from stradom.core import database_copies
from stradom.core.database_copies import BackupError

STATE_FILE = "last-backup.json"

FORMAT = "stradom-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MANIFEST_MAX_BYTES = 64 * 1024 * 1024  # a bigger "manifest" is not one of ours
# Staging folders of a restore in progress, inside MEDIA_ROOT (so the swap is a rename);
# never backed up, never counted as media.
STAGING_PREFIX = ".stradom-restore-"
CHUNK = 1024 * 1024


def _state_path() -> Path:
    return Path(settings.DATA_DIR) / STATE_FILE


def record_backup(path: Path, finished: datetime) -> None:
    """Remember that a complete backup was written to ``path`` at ``finished`` (aware)."""
    state = _state_path()
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text(
        json.dumps({"file": str(path), "finished": finished.isoformat()}), encoding="utf-8"
    )


def last_backup() -> tuple[datetime, str] | None:
    """When the newest backup finished and its file, or None when none was recorded."""
    try:
        state = json.loads(_state_path().read_text(encoding="utf-8"))
        return datetime.fromisoformat(state["finished"]), state["file"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass
class BackupResult:
    path: Path
    manifest: dict

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass
class RestoreResult:
    path: Path
    manifest: dict
    pending_migrations: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())


# --- backup -------------------------------------------------------------------------


def create_backup(target: Path | str) -> BackupResult:
    """Write a backup of the database and ``MEDIA_ROOT`` to ``target``, whole or not at all.

    The file is written under a temporary name in the target's folder and renamed when
    complete, so a failed backup leaves nothing (and an older file of that name stays).
    The finished backup is recorded for ``stradom check`` (:func:`record_backup`).
    """
    target = Path(target).absolute()
    if connection.in_atomic_block:
        raise RuntimeError("a backup is not consistent inside a transaction")
    if not target.parent.is_dir():
        raise BackupError(
            _("Cannot write the backup: the folder %(folder)s does not exist.")
            % {"folder": target.parent}
        )
    _refuse_inside_media(target)
    vendor = _vendor()
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent))
    except OSError as exc:
        raise _write_error(target, exc) from exc
    try:
        created = timezone.now()
        database = work / DATABASE_MEMBER[vendor]
        copy = (
            database_copies.dump_sqlite(database)
            if vendor == "sqlite"
            else database_copies.dump_postgresql(database)
        )
        if not copy["migrations"]:
            raise BackupError(
                _("The database %(name)s has no tables yet: there is nothing to back up.")
                % {"name": connection.settings_dict["NAME"]}
            )
        part = work / "backup.tar"
        # Readable by the owner only: it holds every password hash and token.
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(descriptor, "wb") as file:
            with tarfile.open(fileobj=file, mode="w", format=tarfile.PAX_FORMAT) as tar:
                database_entry = _add_file(tar, database, database.name)
                media = _add_media(tar, Path(settings.MEDIA_ROOT))
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "stradom_version": stradom.__version__,
                    "django_version": django.get_version(),
                    "created": created.isoformat(),
                    "database": {
                        "vendor": vendor,
                        "version": copy["version"],
                        **database_entry,
                    },
                    "migrations": copy["migrations"],
                    "tables": copy["tables"],
                    "media": media,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                _add_bytes(tar, MANIFEST, body)
            file.flush()
            os.fsync(file.fileno())  # on disk before it gets its name
        os.replace(part, target)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record_backup(target, timezone.now())
    return BackupResult(target, manifest)


def _refuse_inside_media(path: Path) -> None:
    media = Path(settings.MEDIA_ROOT).absolute()
    if path.is_relative_to(media):
        raise BackupError(
            _(
                "%(file)s is inside the media folder %(media)s, which a backup copies and a "
                "restore replaces; keep backups elsewhere."
            )
            % {"file": path, "media": media}
        )


def _write_error(target: Path, exc: OSError) -> BackupError:
    return BackupError(
        _("Cannot write the backup %(file)s: %(error)s. No file was left behind.")
        % {"file": target, "error": exc.strerror or exc}
    )


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(
            _("Backups of a %(vendor)s database are not supported; use SQLite or PostgreSQL.")
            % {"vendor": vendor}
        )
    return vendor


class _Hashing:
    """A file being read into the tar, hashed on the way."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> dict | None:
    """Add the regular file ``path`` as ``name``; its size and checksum, or None when it is
    gone or not a regular file (a file removed while the backup runs is left out)."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 (closed below, after fstat says what it is)
    except (FileNotFoundError, IsADirectoryError):
        return None
    with raw:
        status = os.fstat(raw.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None
        info = tarfile.TarInfo(name)
        info.size = status.st_size
        info.mtime = int(status.st_mtime)
        info.mode = 0o600
        reader = _Hashing(raw)
        tar.addfile(info, reader)
    return {"file": name, "size": info.size, "sha256": reader.sha256.hexdigest()}


def _add_bytes(tar: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(body))


def _media_files(root: Path):
    """The files under ``root`` a backup keeps, as (path, posix path relative to root):
    not symbolic links, not a restore's staging folder, not what is still being written
    (``.name.part``: a job's file, see ``stradom.jobs.services``, or a backup's)."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if here == root:
            dirs[:] = [d for d in dirs if not d.startswith(STAGING_PREFIX)]
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink() and not _partial(d))
        for name in sorted(files):
            path = here / name
            try:
                regular = stat.S_ISREG(path.lstat().st_mode)  # no link, no pipe or socket
            except FileNotFoundError:  # removed meanwhile
                continue
            if regular and not _partial(name):
                yield path, path.relative_to(root).as_posix()


def _partial(name: str) -> bool:
    return name.startswith(".") and name.endswith(".part")


def _add_media(tar: tarfile.TarFile, root: Path) -> list[dict]:
    entries = []
    for path, relative in _media_files(root):
        entry = _add_file(tar, path, f"{MEDIA}/{relative}")
        if entry is not None:
            entries.append({"path": relative, "size": entry["size"], "sha256": entry["sha256"]})
    return entries


# --- restore --------------------------------------------------------------------------


def restore_backup(source: Path | str, *, force: bool = False) -> RestoreResult:
    """Replace the database and ``MEDIA_ROOT`` by the backup in ``source``.

    Refused, with nothing changed: a file that is not a Stradom backup, a damaged or
    incomplete one, one of another database vendor or of migrations this code does not
    have, and (unless ``force``) an installation that already holds data.
    """
    source = Path(source).absolute()
    if connection.in_atomic_block:
        raise RuntimeError("a restore cannot run inside a transaction")
    _refuse_inside_media(source)
    vendor = _vendor()
    tar = _open(source)
    with tar:
        manifest = _read_manifest(tar, source)
        _check_vendor(manifest, vendor, source)
        _check_migrations(manifest, source)
        media_root = Path(settings.MEDIA_ROOT)
        if not force:
            _refuse_unless_empty(media_root)
        with _Staging(media_root) as staging:
            staging.extract(tar, manifest, source)
            if vendor == "sqlite":
                database_copies.restore_sqlite(staging.database)
            else:
                database_copies.restore_postgresql(staging.database, source)
            staging.swap_media()
    _forget_cached_rows()
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
    return RestoreResult(source, manifest, pending)


def _not_a_backup(source: Path) -> BackupError:
    return BackupError(
        _(
            "%(file)s is not a Stradom backup (a tar file written by `stradom backup`, "
            "with a manifest.json). Nothing was changed."
        )
        % {"file": source}
    )


def _damaged(source: Path, detail: str) -> BackupError:
    return BackupError(
        _(
            "The backup %(file)s is damaged or incomplete (%(detail)s). Nothing was changed; "
            "restore another backup."
        )
        % {"file": source, "detail": detail}
    )


def _open(source: Path) -> tarfile.TarFile:
    if not source.is_file():
        raise BackupError(_("There is no file %(file)s.") % {"file": source})
    try:
        return tarfile.open(source, "r:*")  # also a backup gzipped afterwards
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise _not_a_backup(source) from exc


def _read_manifest(tar: tarfile.TarFile, source: Path) -> dict:
    try:
        members = tar.getmembers()  # reads every header: a cut-off file fails here
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise _damaged(source, _("the file ends early or cannot be read")) from exc
    found = [m for m in members if m.name == MANIFEST]
    if not found:
        if any(m.name in DATABASE_MEMBER.values() for m in members):
            # our members without the manifest that is written last: cut off
            raise _damaged(source, _("it has no manifest.json"))
        raise _not_a_backup(source)
    member = found[-1]
    if not member.isfile() or member.size > MANIFEST_MAX_BYTES:
        raise _not_a_backup(source)
    try:
        manifest = json.loads(tar.extractfile(member).read())
    except (tarfile.TarError, OSError, EOFError, ValueError) as exc:
        raise _damaged(source, _("its manifest.json cannot be read")) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _not_a_backup(source)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "The backup %(file)s is in backup format %(version)s (Stradom %(stradom)s); "
                "this Stradom reads format %(supported)s. Restore it with the Stradom "
                "version that made it. Nothing was changed."
            )
            % {
                "file": source,
                "version": manifest.get("format_version"),
                "stradom": manifest.get("stradom_version", "?"),
                "supported": FORMAT_VERSION,
            }
        )
    if not _well_formed(manifest):
        raise _damaged(source, _("its manifest.json cannot be read"))
    return manifest


def _well_formed(manifest: dict) -> bool:
    database, media = manifest.get("database"), manifest.get("media")
    return (
        isinstance(database, dict)
        and database.get("vendor") in DATABASE_MEMBER
        and database.get("file") == DATABASE_MEMBER[database["vendor"]]
        and _is_entry(database)
        and isinstance(manifest.get("migrations"), list)
        and all(
            isinstance(m, list) and len(m) == 2 and all(isinstance(p, str) for p in m)
            for m in manifest["migrations"]
        )
        and isinstance(manifest.get("tables"), dict)
        and all(isinstance(n, int) for n in manifest["tables"].values())
        and isinstance(media, list)
        and all(isinstance(e, dict) and _is_entry(e) and _safe(e.get("path")) for e in media)
        and len({e["path"] for e in media}) == len(media)
    )


def _is_entry(entry: dict) -> bool:
    return (
        isinstance(entry.get("size"), int)
        and entry["size"] >= 0
        and isinstance(entry.get("sha256"), str)
    )


def _safe(path) -> bool:
    """A media path that stays inside MEDIA_ROOT: relative, no ``..``, no odd parts."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        return False
    pure = PurePosixPath(path)
    return (
        not pure.is_absolute()
        and pure.as_posix() == path
        and all(part not in ("", ".", "..") for part in pure.parts)
        and not pure.parts[0].startswith(STAGING_PREFIX)
    )


def _check_vendor(manifest: dict, vendor: str, source: Path) -> None:
    theirs = manifest["database"]["vendor"]
    if theirs != vendor:
        raise BackupError(
            _(
                "The backup %(file)s is of a %(backup)s database, and this installation "
                "uses %(here)s. A backup can be restored only into the same kind of "
                "database. Nothing was changed."
            )
            % {"file": source, "backup": VENDOR_NAMES[theirs], "here": VENDOR_NAMES[vendor]}
        )


def _check_migrations(manifest: dict, source: Path) -> None:
    """Refuse a backup whose database has migrations this code does not have: a newer
    Stradom (or other parts) made it, and this code could not work on its tables."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [f"{app}.{name}" for app, name in manifest["migrations"] if (app, name) not in known]
    if unknown:
        shown = ", ".join(unknown[:5]) + (", …" if len(unknown) > 5 else "")
        raise BackupError(
            _(
                "The backup %(file)s was made by Stradom %(version)s, whose database has "
                "migrations this installation does not know (%(migrations)s). Restore it "
                "with Stradom %(version)s or newer. Nothing was changed."
            )
            % {"file": source, "version": manifest.get("stradom_version", "?"), "migrations": shown}
        )


def installation_contents(media_root: Path | None = None) -> dict:
    """What is here already: applied migrations, the rows of every table that has any
    (``django_migrations`` aside), and the number of files under ``MEDIA_ROOT``."""
    media_root = Path(settings.MEDIA_ROOT) if media_root is None else media_root
    tables = {}
    migrations = 0
    with connection.cursor() as cursor:
        for name in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            rows = cursor.fetchone()[0]
            if name == "django_migrations":
                migrations = rows
            elif rows:
                tables[name] = rows
    files = sum(1 for _path in _media_files(media_root))
    return {"migrations": migrations, "tables": tables, "media_files": files}


def _refuse_unless_empty(media_root: Path) -> None:
    here = installation_contents(media_root)
    parts = []
    if here["migrations"]:
        n = here["migrations"]
        parts.append(ngettext("%(n)d applied migration", "%(n)d applied migrations", n) % {"n": n})
    if here["tables"]:
        n = len(here["tables"])
        biggest = sorted(here["tables"].items(), key=lambda item: (-item[1], item[0]))
        listed = ", ".join(f"{name} {rows}" for name, rows in biggest[:5])
        parts.append(
            ngettext(
                "rows in %(n)d table: %(tables)s",
                "rows in %(n)d tables: %(tables)s",
                n,
            )
            % {"n": n, "tables": listed + (", …" if n > 5 else "")}
        )
    if here["media_files"]:
        n = here["media_files"]
        parts.append(
            ngettext("%(n)d file in %(folder)s", "%(n)d files in %(folder)s", n)
            % {"n": n, "folder": media_root}
        )
    if parts:
        raise BackupError(
            _(
                "Nothing was restored: this installation already holds data (%(contents)s). "
                "A restore replaces the whole database %(name)s and the files in %(media)s. "
                "To replace them, run the restore again with --force (first make a backup "
                "of them with `stradom backup` if they may still be needed); or restore "
                "into an empty database."
            )
            % {
                "contents": "; ".join(parts),
                "name": connection.settings_dict["NAME"],
                "media": media_root,
            }
        )


class _Staging:
    """A folder inside ``MEDIA_ROOT`` where a restore unpacks the backup before it changes
    anything; inside, so that swapping the media files in is a rename on one disk.
    Removed at the end, whatever happened (and MEDIA_ROOT too if the restore made it and
    did not finish)."""

    def __init__(self, media_root: Path):
        self.media_root = media_root

    def __enter__(self) -> _Staging:
        self.made_root = not self.media_root.exists()
        self.media_root.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.media_root))
        self.media = self.path / MEDIA
        self.media.mkdir()
        self.database = self.path / "database"
        self.swapped = False
        return self

    def __exit__(self, *exc_info) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self.made_root and not self.swapped:
            shutil.rmtree(self.media_root, ignore_errors=True)

    def extract(self, tar: tarfile.TarFile, manifest: dict, source: Path) -> None:
        """Unpack every member, each checked against the manifest (name, kind, size,
        SHA-256); anything unlisted, missing or different means a damaged file."""
        database = manifest["database"]
        expected = {database["file"]: (database, self.database)}
        for entry in manifest["media"]:
            expected[f"{MEDIA}/{entry['path']}"] = (entry, self.media / entry["path"])
        seen = {MANIFEST}
        try:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name in seen or member.name not in expected:
                    raise _damaged(
                        source,
                        _("%(member)s is not listed in its manifest") % {"member": member.name},
                    )
                seen.add(member.name)
                entry, path = expected[member.name]
                if not member.isfile() or member.size != entry["size"]:
                    raise _damaged(
                        source,
                        _("%(member)s is not the file its manifest lists")
                        % {"member": member.name},
                    )
                path.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as packed, open(path, "wb") as unpacked:
                    while chunk := packed.read(CHUNK):
                        digest.update(chunk)
                        unpacked.write(chunk)
                if digest.hexdigest() != entry["sha256"]:
                    raise _damaged(
                        source,
                        _("the content of %(member)s does not match its checksum")
                        % {"member": member.name},
                    )
        except (tarfile.TarError, EOFError) as exc:
            raise _damaged(source, _("the file ends early or cannot be read")) from exc
        except OSError as exc:  # a full disk, or paths that clash (a file and a folder)
            raise BackupError(
                _("The backup could not be unpacked in %(folder)s: %(error)s. Nothing was changed.")
                % {"folder": self.path, "error": exc.strerror or exc}
            ) from exc
        missing = sorted(set(expected) - seen)
        if missing:
            raise _damaged(source, _("%(member)s is missing") % {"member": missing[0]})

    def swap_media(self) -> None:
        """Put the restored files in MEDIA_ROOT in place of those there (renames only)."""
        old = self.path / "old"
        old.mkdir()
        for entry in self.media_root.iterdir():
            if entry != self.path:
                os.replace(entry, old / entry.name)
        for entry in self.media.iterdir():
            os.replace(entry, self.media_root / entry.name)
        self.swapped = True


def _forget_cached_rows() -> None:
    """Content types are cached per process; those of the restored database may differ."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
