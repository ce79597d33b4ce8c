"""How Stradom sends e-mail, read from the environment (``stradom.settings`` calls
:func:`email_settings`; the README's *Configuration* lists the variables).

Plain Python on the strict readers of :mod:`stradom.env`: a malformed value stops
start-up with a message naming the variable, as every other setting does. Nothing here
imports Django, so the settings module can use it before Django is set up.

``STRADOM_EMAIL_BACKEND`` says where messages go: ``smtp`` (a mail server:
``STRADOM_EMAIL_HOST`` and ``STRADOM_EMAIL_FROM`` required), ``console`` (printed, for
development), ``file`` (one file per message in ``STRADOM_EMAIL_FILE_DIR``) or ``none``
(nothing is sent, and the reminders say so instead of pretending to send). Not set, it
is ``smtp`` when a host is given, ``console`` when debug is on, ``none`` otherwise: an
installation that has not been told of a mail server sends nothing rather than trying
port 25 of the machine it runs on.
"""

from __future__ import annotations

import re
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from stradom.env import ConfigurationError, env_choice, env_int, env_path, env_str

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "none": "django.core.mail.backends.dummy.EmailBackend",
}
SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
DEVELOPMENT_FROM = "stradom@localhost"
_ADDRESS = re.compile(r"^[^@\s<>\",]+@[^@\s<>\",]+$")


def _address(name: str, value: str) -> str:
    """An address (``a@b.pl``) or a named one (``Stradom <a@b.pl>``), on one line."""
    if "\n" in value or "\r" in value:
        raise ConfigurationError(f"{name} must be one line, not {value!r}")
    _display, address = parseaddr(value)
    if not address or not _ADDRESS.match(address):
        raise ConfigurationError(
            f"{name} must be an e-mail address such as stradom@example.gov.pl or "
            f"'Stradom <stradom@example.gov.pl>', not {value!r}"
        )
    return value


def _password() -> str:
    password = env_str("STRADOM_EMAIL_PASSWORD")
    path = env_str("STRADOM_EMAIL_PASSWORD_FILE")
    if password and path:
        raise ConfigurationError(
            "Set STRADOM_EMAIL_PASSWORD or STRADOM_EMAIL_PASSWORD_FILE, not both"
        )
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"STRADOM_EMAIL_PASSWORD_FILE {path!r}: {exc}") from exc
    return password or ""


def email_settings(*, debug: bool, data_dir: Path) -> dict[str, Any]:
    """Django's e-mail settings (``EMAIL_*``, ``DEFAULT_FROM_EMAIL``, ``SERVER_EMAIL``)
    and ``STRADOM_EMAIL_BACKEND``, the backend's short name, from the environment."""
    host = env_str("STRADOM_EMAIL_HOST")
    implied = "smtp" if host else ("console" if debug else "none")
    backend = env_choice("STRADOM_EMAIL_BACKEND", tuple(BACKENDS), implied)
    sender = env_str("STRADOM_EMAIL_FROM")
    values: dict[str, Any] = {
        "STRADOM_EMAIL_BACKEND": backend,
        "EMAIL_BACKEND": BACKENDS[backend],
        "EMAIL_TIMEOUT": env_int("STRADOM_EMAIL_TIMEOUT", 30, minimum=1, maximum=600),
    }
    if backend == "smtp":
        if not host:
            raise ConfigurationError(
                "STRADOM_EMAIL_BACKEND is smtp but STRADOM_EMAIL_HOST is not set: "
                "name the mail server (e.g. smtp.example.gov.pl)"
            )
        if not sender:
            raise ConfigurationError(
                "STRADOM_EMAIL_FROM is not set: the address reminders are sent from "
                "(e.g. 'Stradom <stradom@example.gov.pl>')"
            )
        security = env_choice("STRADOM_EMAIL_SECURITY", SECURITY, "starttls")
        user = env_str("STRADOM_EMAIL_USER") or ""
        password = _password()
        if bool(user) != bool(password):
            raise ConfigurationError(
                "STRADOM_EMAIL_USER and STRADOM_EMAIL_PASSWORD (or _FILE) go together: "
                "set both to sign in to the mail server, or neither"
            )
        values |= {
            "EMAIL_HOST": host,
            "EMAIL_PORT": env_int(
                "STRADOM_EMAIL_PORT", DEFAULT_PORTS[security], minimum=1, maximum=65535
            ),
            "EMAIL_HOST_USER": user,
            "EMAIL_HOST_PASSWORD": password,
            "EMAIL_USE_TLS": security == "starttls",
            "EMAIL_USE_SSL": security == "ssl",
        }
    if backend == "file":
        values["EMAIL_FILE_PATH"] = str(env_path("STRADOM_EMAIL_FILE_DIR", data_dir / "mail"))
    sender = _address("STRADOM_EMAIL_FROM", sender) if sender else DEVELOPMENT_FROM
    values["DEFAULT_FROM_EMAIL"] = values["SERVER_EMAIL"] = sender
    return values


def site_url(value: str | None) -> str:
    """``STRADOM_SITE_URL`` without a trailing slash: ``https://strategia.example.gov.pl``
    (a path is allowed: ``https://example.gov.pl/stradom``); "" when not set."""
    if not value:
        return ""
    if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", value):
        raise ConfigurationError(
            f"STRADOM_SITE_URL must be an address such as https://strategia.example.gov.pl, "
            f"not {value!r}"
        )
    return value.rstrip("/")
