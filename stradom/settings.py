"""Stradom's one settings module, read from the environment.

Variables (all optional unless said):
- ``STRADOM_SECRET_KEY`` (or ``STRADOM_SECRET_KEY_FILE``, a file holding it): required when
  debug is off (production refuses to start without it).
- ``STRADOM_DEBUG``: ``True`` or ``False`` (default ``False``).
- ``STRADOM_ALLOWED_HOSTS``: comma-separated host names (default: localhost only).
- ``STRADOM_DATA_DIR``: where the embedded database, uploads and collected static files live
  (default ``./var``).
- ``DATABASE_URL``: e.g. ``postgres://user:pass@host:5432/stradom``; default embedded SQLite.
- ``STRADOM_LANGUAGE``: ``pl`` (default) or ``en``.
- ``STRADOM_DEMO_DATA``: folder with the public data the demo loads (default: the copy shipped
  in the package, ``stradom/demo/data``; see its ``SOURCES.md``).
- ``STRADOM_PAGE_CACHE_SECONDS``: how long a worker keeps a rendered public page (default 600;
  0 turns the page cache off); ``STRADOM_PAGE_CACHE_ENTRIES``: at most this many (1000).
- ``STRADOM_JOB_STALE_MINUTES``: a running job with no sign of life this long is stale, and
  ``stradom check`` warns when no ``stradom worker`` has been seen this long (each worker
  shows it is alive every minute, idle or busy) (default 30);
  ``STRADOM_JOB_KEEP_DAYS``: how long finished jobs, unconfirmed uploads and the rows of
  stopped workers are kept (default 30).
- ``STRADOM_BACKUP_MAX_AGE_HOURS``: ``stradom check`` warns when the newest backup is older
  (default 26: a daily backup with some slack).
- ``STRADOM_SILENCED_CHECKS``: comma-separated ids of checks ``stradom check`` leaves out
  (Django's ``SILENCED_SYSTEM_CHECKS``), e.g. ``security.W004,security.W008`` when the proxy
  in front of Stradom sets HSTS and redirects to HTTPS.
- ``STRADOM_MUNICIPALITY_REPORT_CHAPTERS``: the chapters of the report on the state of the
  municipality, in order, comma-separated, from ``profile,finance,strategy,resolutions,
  civic_budget,other`` (the default, all six).
- ``STRADOM_MUNICIPALITY_PROFILE``: comma-separated codes of the indicators of that report's
  profile chapter, the population first (default: the demo's, see
  ``stradom/reports/chapters.py``).
- E-mail: ``STRADOM_EMAIL_BACKEND`` (``smtp``, ``console``, ``file``, ``none``),
  ``STRADOM_EMAIL_HOST``, ``_PORT``, ``_SECURITY`` (``starttls``, ``ssl``, ``none``),
  ``_USER``, ``_PASSWORD`` (or ``_PASSWORD_FILE``), ``_FROM``, ``_TIMEOUT``, ``_FILE_DIR``
  (see ``stradom/reminders/configuration.py``).
- ``STRADOM_SITE_URL``: the address people open Stradom at (``https://…``), for the links
  in e-mails (none when not set).
- ``STRADOM_REMINDERS_HOUR``: the local hour (0–23) from which ``stradom worker`` sends the
  day's reminders (default 7); ``STRADOM_REMINDERS_DAYS_AHEAD``: a value or an update whose
  deadline is this many days away or fewer is *due* in them (default 14).
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from stradom import demo
from stradom.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
)
from stradom.reminders.configuration import email_settings, site_url
from stradom.reports.chapters import profile_indicators, report_chapters

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("STRADOM_DATA_DIR", Path.cwd() / "var")
DEMO_DATA_DIR = env_path("STRADOM_DEMO_DATA", demo.DATA_DIR)

DEBUG = env_bool("STRADOM_DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("STRADOM_SECRET_KEY")
_secret_file = env_str("STRADOM_SECRET_KEY_FILE")
if not SECRET_KEY and _secret_file:
    try:
        SECRET_KEY = Path(_secret_file).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise ConfigurationError(f"STRADOM_SECRET_KEY_FILE {_secret_file!r}: {exc}") from exc
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigurationError(
            "STRADOM_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set STRADOM_DEBUG=True for local development only."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY  # `stradom check` calls it an error

ALLOWED_HOSTS = env_list("STRADOM_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("STRADOM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Django's admin with Stradom's site: grammatical Polish (stradom.core.admin_site)
    "stradom.core.admin_config.StradomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "stradom.core",
    "stradom.accounts",
    "stradom.territory",
    "stradom.catalog",
    "stradom.ingest",
    "stradom.demo",
    "stradom.strategy",
    "stradom.assessment",
    "stradom.instruments",
    "stradom.finance",
    "stradom.registers",
    "stradom.surveys",
    "stradom.commentary",
    "stradom.approval",
    "stradom.reports",
    "stradom.reminders",
    "stradom.jobs",
    "stradom.api",
    "stradom.workspace",
    "stradom.portal",
    "django_tasks",  # Django's task API (backport) for long work: reports, imports, exports
    # its queue is a database table: no extra service (stradom worker runs it); the config
    # gives the app a translated name in the admin (see stradom.core.vendor)
    "stradom.core.vendor.TasksDatabaseConfig",
    # sign-in lockout after repeated failures (issue 6); keeps its own tables
    "stradom.core.vendor.AxesConfig",
    "ninja",  # /api/docs serves Swagger UI from our static files (no CDN; CSP allows it)
]

MIDDLEWARE = [
    # /healthz first: a load balancer's probe (often addressed by IP, so not an allowed
    # host) is answered before host checks, sessions, languages or the page cache.
    "stradom.core.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy without inline scripts (stradom.accounts.middleware).
    "stradom.accounts.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: refuses sign-in while an account or address is locked.
    "axes.middleware.AxesMiddleware",
]

# django-axes first so a locked-out user is refused before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("STRADOM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours locked out after too many failures
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "portal:home"

ROOT_URLCONF = "stradom.urls"
WSGI_APPLICATION = "stradom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The user's roles and the language switch on every page (issue 6).
                "stradom.accounts.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'stradom.sqlite3'}",
        conn_max_age=env_int("STRADOM_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh install has no data folder yet; SQLite cannot create the file without it.
    # One that cannot be made is said in words when a command needs the database
    # (stradom.core.health.open_database), not as a traceback here.
    with contextlib.suppress(OSError):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while an import or the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No just-in-time compilation: the pages' queries are short, but the planner's cost
    # of a correlated subquery over many values (the indicator list's latest period per
    # indicator) passes jit_above_cost, and compiling then took 200 of a query's 340 ms
    # (bench/web, issue 16). Set per connection, so a server shared with other
    # applications keeps its own setting.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(filter(None, [_options.get("options"), "-c jit=off"]))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords; PBKDF2 still reads hashes made before.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("STRADOM_LANGUAGE", "pl")
if LANGUAGE_CODE not in ("pl", "en"):
    raise ConfigurationError(f"STRADOM_LANGUAGE must be pl or en, not {LANGUAGE_CODE!r}")
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# The site-wide style sheet, scripts and vendored libraries (issue 6) live outside any app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Caches need no extra service. "pages" keeps rendered public pages for anonymous visitors
# (stradom.core.page_cache), in each web worker's memory, keyed by the data version that
# lives in the database (stradom.core.data_version): every worker and every server sees
# a committed change on its next request, and a worker's entries expire after
# STRADOM_PAGE_CACHE_SECONDS (0 turns the page cache off).
STRADOM_PAGE_CACHE_SECONDS = env_int("STRADOM_PAGE_CACHE_SECONDS", 600)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "stradom-pages",
        "TIMEOUT": STRADOM_PAGE_CACHE_SECONDS,
        "OPTIONS": {"MAX_ENTRIES": env_int("STRADOM_PAGE_CACHE_ENTRIES", 1000)},
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("STRADOM_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # and after SESSION_COOKIE_AGE in any case
SESSION_COOKIE_SECURE = env_bool("STRADOM_SECURE_COOKIES", default=not DEBUG)

# Published pages, the public API and reports show only approved values (data approval,
# stradom.approval): True or False; by default every value is shown as soon as stored.
STRADOM_PUBLISH_APPROVED_ONLY = env_bool("STRADOM_PUBLISH_APPROVED_ONLY", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("STRADOM_LOG_LEVEL", "WARNING")},
}

# Background jobs (stradom.jobs): queued in the database, run by `stradom worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job silent this long is stale (its worker stopped); finished jobs are kept this long.
STRADOM_JOB_STALE_MINUTES = env_int("STRADOM_JOB_STALE_MINUTES", 30)
STRADOM_JOB_KEEP_DAYS = env_int("STRADOM_JOB_KEEP_DAYS", 30)

# `stradom check` (stradom.core.checks): a newest backup older than this is a warning;
# the checks named here (e.g. security.W008 when the proxy in front redirects to HTTPS)
# are not run.
STRADOM_BACKUP_MAX_AGE_HOURS = env_int("STRADOM_BACKUP_MAX_AGE_HOURS", 26)
SILENCED_SYSTEM_CHECKS = env_list("STRADOM_SILENCED_CHECKS", [])

# Limits of what one import may bring in (see stradom.ingest).
STRADOM_IMPORT_MAX_BYTES = env_int("STRADOM_IMPORT_MAX_BYTES", 200 * 1024 * 1024)
STRADOM_IMPORT_MAX_ROWS = env_int("STRADOM_IMPORT_MAX_ROWS", 5_000_000)

# Survey estimates on fewer respondents than this are suppressed, not published.
STRADOM_SURVEY_MIN_BASE = env_int("STRADOM_SURVEY_MIN_BASE", 30)

# The report on the state of the municipality (stradom.reports.chapters): its chapters in
# order and the indicators of its profile chapter; a malformed list stops start-up.
STRADOM_MUNICIPALITY_REPORT_CHAPTERS = report_chapters(
    env_str("STRADOM_MUNICIPALITY_REPORT_CHAPTERS")
)
STRADOM_MUNICIPALITY_PROFILE = profile_indicators(env_str("STRADOM_MUNICIPALITY_PROFILE"))

# E-mail (the reminders' daily digest, stradom.reminders): where messages go and how,
# refused at start-up when malformed (stradom/reminders/configuration.py).
_email = email_settings(debug=DEBUG, data_dir=DATA_DIR)
STRADOM_EMAIL_BACKEND = _email["STRADOM_EMAIL_BACKEND"]
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = _email["DEFAULT_FROM_EMAIL"]
SERVER_EMAIL = _email["SERVER_EMAIL"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
if "EMAIL_FILE_PATH" in _email:
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
# The address of the site, for links in e-mails ("" when not said: no links).
STRADOM_SITE_URL = site_url(env_str("STRADOM_SITE_URL"))
# The worker sends the day's reminders from this local hour on; what is due within this
# many days is said as due (stradom.reminders.queries).
STRADOM_REMINDERS_HOUR = env_int("STRADOM_REMINDERS_HOUR", 7, minimum=0, maximum=23)
STRADOM_REMINDERS_DAYS_AHEAD = env_int("STRADOM_REMINDERS_DAYS_AHEAD", 14, minimum=0, maximum=366)
