import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


def stradom(*args, language="pl"):
    env = {**os.environ, "STRADOM_SECRET_KEY": "t", "STRADOM_LANGUAGE": language}
    return subprocess.run(
        [sys.executable, "-m", "stradom.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_help_lists_commands_in_polish_by_default():
    done = stradom("--help")
    assert done.returncode == 0, done.stderr
    assert "Użycie: stradom <polecenie>" in done.stdout
    for command in ("demo", "status", "serve", "load_teryt", "migrate", "createsuperuser"):
        assert f"  {command} " in done.stdout
    assert "Załaduj demo" in done.stdout


def test_help_in_english():
    done = stradom("--help", language="en")
    assert "Usage: stradom <command>" in done.stdout
    assert "Load the demo" in done.stdout


def test_status_counts_what_the_database_holds(world):
    out = StringIO()
    call_command("status", "--format", "json", stdout=out)
    status = json.loads(out.getvalue())
    counts = {k: v["count"] for k, v in status["counts"].items()}
    assert counts["territory.Territory"] == 5
    assert counts["catalog.Domain"] == 2
    assert counts["catalog.Indicator"] == 4
    assert counts["catalog.Observation"] == 0
    assert status["versions"]["django"].startswith("5.2")


def test_status_table_is_readable(world):
    out = StringIO()
    call_command("status", stdout=out)
    text = out.getvalue()
    assert "jednostki terytorialne" in text and "5" in text


def stradom_commands():
    from django.core.management import get_commands

    return sorted(name for name, app in get_commands().items() if app.startswith("stradom"))


@pytest.mark.parametrize("name", stradom_commands())
@pytest.mark.parametrize("language", ["pl", "en"])
def test_every_command_describes_itself(name, language):
    from django.core.management import get_commands, load_command_class
    from django.utils import translation

    with translation.override(language):
        command = load_command_class(get_commands()[name], name)
        text = command.create_parser("stradom", name).format_help()
    assert text.startswith(f"usage: stradom {name}")
    assert str(command.help).strip()
