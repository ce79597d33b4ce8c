import os
import subprocess
import sys

import pytest

from stradom.env import ConfigurationError, env_bool, env_int


def run_settings(env):
    """Import the settings in a fresh interpreter with ``env``; return (exit code, stderr)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STRADOM_")}
    clean.update(env)
    done = subprocess.run(
        [sys.executable, "-c", "import stradom.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stderr


def test_production_refuses_to_start_without_secret_key():
    code, err = run_settings({})
    assert code != 0 and "STRADOM_SECRET_KEY is not set" in err


def test_debug_runs_without_secret_key():
    assert run_settings({"STRADOM_DEBUG": "True"})[0] == 0


def test_malformed_boolean_is_refused():
    code, err = run_settings({"STRADOM_SECRET_KEY": "x", "STRADOM_DEBUG": "yes"})
    assert code != 0 and "STRADOM_DEBUG must be True or False, not 'yes'" in err


def test_secret_key_file(tmp_path):
    key = tmp_path / "key"
    key.write_text("from-a-file\n")
    assert run_settings({"STRADOM_SECRET_KEY_FILE": str(key)})[0] == 0
    code, err = run_settings({"STRADOM_SECRET_KEY_FILE": str(tmp_path / "missing")})
    assert code != 0 and "STRADOM_SECRET_KEY_FILE" in err


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "false")
    assert env_bool("X_BOOL") is False
    monkeypatch.setenv("X_INT", "12a")
    with pytest.raises(ConfigurationError, match="X_INT must be a whole number"):
        env_int("X_INT", 1)


def test_debug_is_off_by_default(settings):
    assert settings.DEBUG is False
    assert settings.LANGUAGE_CODE == "pl"
