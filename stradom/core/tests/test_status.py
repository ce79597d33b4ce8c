"""`stradom status` on a database that is not (fully) migrated says what to do, in words.

A database never migrated, or one that cannot be opened, is said by the `stradom`
command before status runs (see test_cli_guard); one with migrations pending is
status's to describe."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys


def stradom(database, *args, language="pl"):
    env = {
        **os.environ,
        "STRADOM_SECRET_KEY": "t",
        "STRADOM_LANGUAGE": language,
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run(
        [sys.executable, "-m", "stradom.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _tables(database) -> list[str]:
    with sqlite3.connect(database) as db:
        return [r[0] for r in db.execute("select name from sqlite_master where type='table'")]


def test_status_of_a_never_migrated_database_says_to_run_migrate(tmp_path):
    database = tmp_path / "new.sqlite3"
    done = stradom(database, "status")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr and "OperationalError" not in done.stderr
    assert done.stderr.strip() == (
        f"stradom: Baza danych {database} nie ma jeszcze tabel. "
        "Utwórz je poleceniem `stradom migrate` i spróbuj ponownie."
    )
    assert _tables(database) == []  # status created nothing


def test_status_of_a_never_migrated_database_in_english(tmp_path):
    database = tmp_path / "new.sqlite3"
    done = stradom(database, "status", language="en")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"stradom: The database {database} has no tables yet. "
        "Run `stradom migrate` to create them, then try again."
    )


def test_status_of_a_partly_migrated_database_counts_what_is_there(tmp_path):
    database = tmp_path / "part.sqlite3"
    assert stradom(database, "migrate", "territory", "-v0").returncode == 0
    done = stradom(database, "status")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split() == ["jednostki", "terytorialne", "0"]
    assert lines[4].split() == ["wskaźniki", "–"]  # no table yet: not a zero
    assert "baza danych" in done.stdout
    n = int(lines[-1].split()[0])
    assert n > 0
    plural = (
        "migracje bazy danych nie zostały jeszcze zastosowane"
        if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)
        else "migracji bazy danych nie zostało jeszcze zastosowanych"
    )
    assert lines[-1] == (
        f"{n} {plural}; uruchom `stradom migrate` (– oznacza tabele jeszcze nieutworzone)."
    )


def test_status_of_a_database_that_cannot_be_opened_says_so(tmp_path):
    (tmp_path / "no").write_text("a file where the database's folder should be")
    database = tmp_path / "no" / "such" / "dir.sqlite3"
    done = stradom(database, "status", language="en")
    assert done.returncode == 2
    assert done.stderr == (
        f"stradom: Cannot open the database {database}: the folder {database.parent} does "
        "not exist. Create it, or set STRADOM_DATA_DIR to the folder the data should "
        "live in.\n"
    )
