"""E-mail settings from the environment: strict, refused at start-up when malformed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from stradom.env import ConfigurationError
from stradom.reminders.configuration import email_settings, site_url

DATA = Path("/srv/stradom")


@pytest.fixture
def env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("STRADOM_EMAIL"):
            monkeypatch.delenv(name)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        return email_settings(debug=False, data_dir=DATA)

    return set_env


def test_a_mail_server_with_sign_in_over_starttls_by_default(env):
    values = env(
        STRADOM_EMAIL_HOST="smtp.krakow.example",
        STRADOM_EMAIL_USER="stradom",
        STRADOM_EMAIL_PASSWORD="sekret",
        STRADOM_EMAIL_FROM="Stradom <stradom@krakow.example>",
    )
    assert values == {
        "STRADOM_EMAIL_BACKEND": "smtp",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_TIMEOUT": 30,
        "EMAIL_HOST": "smtp.krakow.example",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "stradom",
        "EMAIL_HOST_PASSWORD": "sekret",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "Stradom <stradom@krakow.example>",
        "SERVER_EMAIL": "Stradom <stradom@krakow.example>",
    }


def test_ssl_and_plain_have_their_ports_and_a_port_may_be_given(env, tmp_path):
    common = {"STRADOM_EMAIL_HOST": "smtp.krakow.example", "STRADOM_EMAIL_FROM": "s@k.pl"}
    ssl = env(**common, STRADOM_EMAIL_SECURITY="ssl")
    assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_SSL"], ssl["EMAIL_USE_TLS"]) == (465, True, False)
    plain = env(STRADOM_EMAIL_SECURITY="none", STRADOM_EMAIL_PORT="2525")
    assert (plain["EMAIL_PORT"], plain["EMAIL_USE_SSL"], plain["EMAIL_USE_TLS"]) == (
        2525,
        False,
        False,
    )
    key = tmp_path / "password"
    key.write_text("z-pliku\n")
    filed = env(
        STRADOM_EMAIL_USER="stradom",
        STRADOM_EMAIL_PASSWORD_FILE=str(key),
    )
    assert filed["EMAIL_HOST_PASSWORD"] == "z-pliku"


def test_development_prints_and_production_without_a_server_sends_nothing(env, monkeypatch):
    assert env()["EMAIL_BACKEND"] == "django.core.mail.backends.dummy.EmailBackend"
    assert env()["STRADOM_EMAIL_BACKEND"] == "none"
    debug = email_settings(debug=True, data_dir=DATA)
    assert debug["STRADOM_EMAIL_BACKEND"] == "console"
    assert debug["DEFAULT_FROM_EMAIL"] == "stradom@localhost"
    filed = env(STRADOM_EMAIL_BACKEND="file")
    assert filed["EMAIL_FILE_PATH"] == str(DATA / "mail")


@pytest.mark.parametrize(
    ("values", "said"),
    [
        ({"STRADOM_EMAIL_BACKEND": "smtp"}, "STRADOM_EMAIL_HOST is not set"),
        ({"STRADOM_EMAIL_BACKEND": "sendmail"}, "STRADOM_EMAIL_BACKEND must be one of smtp, "
         "console, file, none, not 'sendmail'"),
        ({"STRADOM_EMAIL_HOST": "smtp.k.pl"}, "STRADOM_EMAIL_FROM is not set"),
        ({"STRADOM_EMAIL_HOST": "smtp.k.pl", "STRADOM_EMAIL_FROM": "stradom"},
         "STRADOM_EMAIL_FROM must be an e-mail address"),
        ({"STRADOM_EMAIL_HOST": "smtp.k.pl", "STRADOM_EMAIL_FROM": "a@k.pl\nBcc: x@y.pl"},
         "STRADOM_EMAIL_FROM must be one line"),
        ({"STRADOM_EMAIL_HOST": "smtp.k.pl", "STRADOM_EMAIL_FROM": "a@k.pl",
          "STRADOM_EMAIL_PORT": "25a"}, "STRADOM_EMAIL_PORT must be a whole number, not '25a'"),
        ({"STRADOM_EMAIL_HOST": "smtp.k.pl", "STRADOM_EMAIL_FROM": "a@k.pl",
          "STRADOM_EMAIL_PORT": "70000"}, "STRADOM_EMAIL_PORT must be a whole number 1–65535"),
        ({"STRADOM_EMAIL_HOST": "smtp.k.pl", "STRADOM_EMAIL_FROM": "a@k.pl",
          "STRADOM_EMAIL_SECURITY": "tls"},
         "STRADOM_EMAIL_SECURITY must be one of starttls, ssl, none, not 'tls'"),
        ({"STRADOM_EMAIL_HOST": "smtp.k.pl", "STRADOM_EMAIL_FROM": "a@k.pl",
          "STRADOM_EMAIL_USER": "stradom"}, "STRADOM_EMAIL_USER and STRADOM_EMAIL_PASSWORD"),
        ({"STRADOM_EMAIL_HOST": "smtp.k.pl", "STRADOM_EMAIL_FROM": "a@k.pl",
          "STRADOM_EMAIL_PASSWORD": "x", "STRADOM_EMAIL_PASSWORD_FILE": "/x"}, "not both"),
        ({"STRADOM_EMAIL_TIMEOUT": "0"}, "STRADOM_EMAIL_TIMEOUT must be a whole number 1–600"),
    ],
)  # fmt: skip
def test_a_malformed_setting_is_refused_naming_it(env, values, said):
    with pytest.raises(ConfigurationError, match=said.replace("(", r"\(")):
        env(**values)


def test_site_url():
    assert site_url(None) == ""
    assert site_url("https://strategia.krakow.pl/") == "https://strategia.krakow.pl"
    assert site_url("http://example.gov.pl/stradom") == "http://example.gov.pl/stradom"
    with pytest.raises(ConfigurationError, match="STRADOM_SITE_URL must be an address"):
        site_url("strategia.krakow.pl")


def test_stradom_refuses_to_start_with_a_malformed_e_mail_setting():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STRADOM_")}
    clean |= {
        "STRADOM_SECRET_KEY": "x",
        "STRADOM_EMAIL_HOST": "smtp.krakow.example",
        "STRADOM_EMAIL_FROM": "stradom@krakow.example",
        "STRADOM_EMAIL_PORT": "dwadzieścia pięć",
    }
    done = subprocess.run(
        [sys.executable, "-c", "import stradom.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "STRADOM_EMAIL_PORT must be a whole number, not 'dwadzieścia pięć'" in done.stderr
    clean["STRADOM_REMINDERS_HOUR"] = "24"
    clean["STRADOM_EMAIL_PORT"] = "25"
    done = subprocess.run(
        [sys.executable, "-c", "import stradom.settings"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "STRADOM_REMINDERS_HOUR must be a whole number 0–23, not '24'" in done.stderr
