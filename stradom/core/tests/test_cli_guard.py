"""The real ``stradom`` command on a database not ready for it: one line on stderr that
says what to do, exit code 2, nothing run and nothing created — not a traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest

KEY = "test-suite-only-not-secret"


def stradom(data_dir, *args, language="pl", database_url=None):
    """``python -m stradom.cli`` with a data folder of its own (its embedded SQLite)."""
    env = {**os.environ, "STRADOM_SECRET_KEY": KEY, "STRADOM_LANGUAGE": language}
    env["STRADOM_DATA_DIR"] = str(data_dir)
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "stradom.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def tables(database) -> list[str]:
    with sqlite3.connect(database) as db:
        return [r[0] for r in db.execute("select name from sqlite_master where type='table'")]


@pytest.mark.parametrize("command", [["status"], ["demo"], ["assess"], ["serve"], ["worker"]])
def test_a_command_on_a_never_migrated_database_says_run_migrate(tmp_path, command):
    done = stradom(tmp_path, *command)
    assert (done.returncode, done.stdout) == (2, "")
    database = tmp_path / "stradom.sqlite3"
    assert done.stderr == (
        f"stradom: Baza danych {database} nie ma jeszcze tabel. "
        "Utwórz je poleceniem `stradom migrate` i spróbuj ponownie.\n"
    )
    assert tables(database) == []  # nothing was run


def test_in_english(tmp_path):
    done = stradom(tmp_path, "assess", language="en")
    assert done.returncode == 2
    assert done.stderr == (
        f"stradom: The database {tmp_path / 'stradom.sqlite3'} has no tables yet. "
        "Run `stradom migrate` to create them, then try again.\n"
    )


def test_pending_migrations_are_counted_and_status_still_describes_them(tmp_path):
    assert stradom(tmp_path, "migrate", "territory", "-v0").returncode == 0
    shown = stradom(tmp_path, "showmigrations", "--plan")
    assert shown.returncode == 0, shown.stderr
    pending = shown.stdout.count("[ ]")
    assert pending > 10
    done = stradom(tmp_path, "assess", language="en")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"stradom: Run `stradom migrate` first: {pending} database migrations are not applied.\n"
    )
    forms = "migracji bazy danych nie zostało zastosowanych"
    if pending % 10 in (2, 3, 4) and pending % 100 not in (12, 13, 14):
        forms = "migracje bazy danych nie zostały zastosowane"
    assert stradom(tmp_path, "demo").stderr == (
        f"stradom: Najpierw uruchom `stradom migrate`: {pending} {forms}.\n"
    )
    assert stradom(tmp_path, "status").returncode == 0  # says itself what is pending


def test_help_of_a_command_and_the_commands_that_make_the_tables_need_no_tables(tmp_path):
    done = stradom(tmp_path, "assess", "--help", language="en")
    assert done.returncode == 0 and done.stdout.startswith("usage: stradom assess")
    done = stradom(tmp_path, "showmigrations", "jobs")
    assert done.returncode == 0, done.stderr
    assert "[ ] 0001_initial" in done.stdout
    listing = stradom(tmp_path, "--help", language="en").stdout
    assert "\n  check " in listing.split("Database and administration:")[0]  # ours now


def test_a_database_folder_that_cannot_be_made_is_one_line(tmp_path):
    (tmp_path / "data").write_text("a file where the data folder should be")
    for command in ("migrate", "status"):
        done = stradom(tmp_path / "data", command)
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == (
            f"stradom: Nie można otworzyć bazy danych {tmp_path / 'data' / 'stradom.sqlite3'}: "
            f"folder {tmp_path / 'data'} nie istnieje. Utwórz go albo ustaw STRADOM_DATA_DIR "
            "na folder, w którym mają być dane.\n"
        )


def test_an_unreachable_postgresql_is_one_line(tmp_path):
    pytest.importorskip("psycopg")
    url = "postgres://stradom:secret-password@127.0.0.1:9/stradom"  # nothing listens on 9
    for command in ("migrate", "assess"):
        done = stradom(tmp_path, command, language="en", database_url=url)
        assert (done.returncode, done.stdout) == (2, "")
        prefix = "stradom: Cannot open the database postgresql://127.0.0.1:9/stradom: "
        assert done.stderr.startswith(prefix)
        assert done.stderr.count("\n") == 1 and done.stderr.endswith("\n")
        assert "Traceback" not in done.stderr and "secret-password" not in done.stderr
        assert "127.0.0.1" in done.stderr[len(prefix) :]  # the driver's own words follow


def test_stradom_check_on_a_never_migrated_database(tmp_path):
    done = stradom(tmp_path, "check", "--tag", "stradom")
    assert done.returncode == 2
    assert (
        f"błąd         Baza danych {tmp_path / 'stradom.sqlite3'} nie ma jeszcze tabel. "
        "Utwórz je poleceniem `stradom migrate` i spróbuj ponownie. [stradom.E011]\n"
    ) in done.stdout
    assert done.stderr.startswith("Znalezione problemy: 1 błąd")
