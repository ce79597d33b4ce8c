"""What ``stradom check`` looks at beyond Django's own checks, and how it says it.

Stradom's checks are Django system checks tagged ``stradom``, registered as
*deployment* checks (``deploy=True``): they run with ``--deploy`` (which ``stradom
check`` always is) and never on their own before ``migrate`` or ``runserver``. Each
problem is said in the operator's language, with what to do about it:

============  ========  ========================================================
id            level     problem
============  ========  ========================================================
stradom.E001  error     the secret key is the insecure development one
stradom.W001  warning   the secret key is short or simple
stradom.E002  error     debug mode is on
stradom.W003  warning   allowed hosts name only this computer (debug off)
stradom.W004  warning   cookies are not limited to HTTPS
stradom.E010  error     the database cannot be opened
stradom.E011  error     the database was never migrated
stradom.E012  error     migrations are not applied
stradom.W020  warning   no worker seen for ``STRADOM_JOB_STALE_MINUTES``
stradom.W030  warning   no backup recorded
stradom.W031  warning   the newest backup is older than
                        ``STRADOM_BACKUP_MAX_AGE_HOURS``
stradom.W040  warning   no e-mail is set up: nobody gets reminders
stradom.W041  warning   e-mail goes to the console or to files (debug off)
============  ========  ========================================================

Django's deployment checks that say the same as one of these (``security.W009``,
``W012``, ``W016``, ``W018``) are left out of the report, and the two that every
installation behind a TLS-terminating proxy meets (``security.W004`` HSTS,
``security.W008`` HTTPS redirect) are said in Stradom's words; other Django
messages are shown as Django gives them (in English). Any of them can be left out
with ``STRADOM_SILENCED_CHECKS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core import checks
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from stradom.core.formatting import when
from stradom.core.health import DatabaseUnavailable, never_migrated, pending_migrations
from stradom.core.i18n import localize

TAG = "stradom"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
# Django's deployment warnings that one of Stradom's says better (see the table above).
SAID_BY_STRADOM = {"security.W009", "security.W012", "security.W016", "security.W018"}
SILENCE_HINT = gettext_noop(
    "If the proxy in front of Stradom (nginx, Apache) does this, leave the check out: "
    "STRADOM_SILENCED_CHECKS=%(id)s."
)
# Django's messages said in Stradom's words: (message, hint).
DJANGO_WORDS = {
    "security.W004": (
        gettext_noop("HSTS is not turned on: browsers are not told to use HTTPS only."),
        SILENCE_HINT,
    ),
    "security.W008": (
        gettext_noop("Stradom does not redirect plain HTTP to HTTPS itself."),
        SILENCE_HINT,
    ),
}
KEY_HINT = gettext_noop(
    "Set STRADOM_SECRET_KEY (or STRADOM_SECRET_KEY_FILE) to a long random string, e.g. "
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
)
WORKER_HINT = gettext_noop(
    "Start `stradom worker` beside the web server, as a service that restarts it."
)
EMAIL_HINT = gettext_noop(
    "Name the mail server with STRADOM_EMAIL_HOST and the sender with STRADOM_EMAIL_FROM "
    "(see the README's Configuration)."
)


def register() -> None:
    """Called by ``CoreConfig.ready``."""
    checks.register(check_configuration, TAG, checks.Tags.security, deploy=True)
    checks.register(check_database, TAG, deploy=True)
    checks.register(check_backup, TAG, deploy=True)
    checks.register(check_email, TAG, deploy=True)


# The checks ------------------------------------------------------------------------


def check_configuration(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    found = []
    key = settings.SECRET_KEY
    if key == getattr(settings, "DEVELOPMENT_SECRET_KEY", None):
        found.append(
            checks.Error(
                _(
                    "The secret key is the insecure development one "
                    "(debug mode is on and STRADOM_SECRET_KEY is not set)."
                ),
                hint=_(KEY_HINT),
                id="stradom.E001",
            )
        )
    elif len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        found.append(
            checks.Warning(
                _(
                    "The secret key is short or simple: signed cookies and password-reset "
                    "links are only as safe as it is."
                ),
                hint=_(KEY_HINT),
                id="stradom.W001",
            )
        )
    if settings.DEBUG:
        found.append(
            checks.Error(
                _(
                    "Debug mode is on (STRADOM_DEBUG=True): error pages show the code and "
                    "the settings to anyone."
                ),
                hint=_("Set STRADOM_DEBUG=False in production."),
                id="stradom.E002",
            )
        )
    elif settings.ALLOWED_HOSTS and set(settings.ALLOWED_HOSTS) <= LOCAL_HOSTS:
        found.append(
            checks.Warning(
                _(
                    "STRADOM_ALLOWED_HOSTS names only this computer (%(hosts)s): a request "
                    "for the site's own name is refused."
                )
                % {"hosts": ", ".join(settings.ALLOWED_HOSTS)},
                hint=_(
                    "Set STRADOM_ALLOWED_HOSTS to the site's host names, "
                    "e.g. strategia.example.gov.pl."
                ),
                id="stradom.W003",
            )
        )
    if not (settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE):
        found.append(
            checks.Warning(
                _(
                    "Cookies are sent over plain HTTP too (STRADOM_SECURE_COOKIES=False): "
                    "a sign-in can be stolen on the way."
                ),
                hint=_(
                    "Serve the site over HTTPS and set STRADOM_SECURE_COOKIES=True "
                    "(the default when debug is off)."
                ),
                id="stradom.W004",
            )
        )
    return found


def check_email(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The reminders (stradom.reminders) need a mail server; debug's console is fine."""
    backend = settings.STRADOM_EMAIL_BACKEND
    if backend == "none":
        text = _(
            "No e-mail is set up (STRADOM_EMAIL_BACKEND is none): nobody gets reminders of "
            "the updates and values they owe."
        )
        return [checks.Warning(text, hint=_(EMAIL_HINT), id="stradom.W040")]
    if backend in ("console", "file") and not settings.DEBUG:
        text = _(
            "E-mail goes to the console or to files (STRADOM_EMAIL_BACKEND=%(backend)s), "
            "not to anyone's mailbox: reminders reach nobody."
        ) % {"backend": backend}
        return [checks.Warning(text, hint=_(EMAIL_HINT), id="stradom.W041")]
    return []


def check_database(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Reachable, migrated, and a worker alive (only asked once the tables are there)."""
    try:
        pending = pending_migrations()
    except DatabaseUnavailable as exc:
        return [
            checks.Error(
                localize(exc),
                hint=_(
                    "Check DATABASE_URL (or STRADOM_DATA_DIR) and that the database "
                    "server is running."
                ),
                id="stradom.E010",
            )
        ]
    if pending is None:
        return [checks.Error(localize(never_migrated()), id="stradom.E011")]
    if pending:
        return [checks.Error(pending_message(len(pending)), id="stradom.E012")]
    return check_worker()


def pending_message(count: int) -> str:
    """What is said when ``count`` migrations are not applied (also by ``stradom.cli``)."""
    return ngettext(
        "Run `stradom migrate` first: %(count)s database migration is not applied.",
        "Run `stradom migrate` first: %(count)s database migrations are not applied.",
        count,
    ) % {"count": count}


def check_worker(now=None) -> list[checks.CheckMessage]:
    from stradom.jobs.queries import worker_silence

    silence = worker_silence(now)
    if silence is None:
        return []
    if silence.last_seen is None:
        text = _(
            "No background worker has run yet: reports and imports requested in the "
            "browser wait until one does."
        )
    elif silence.stopped:
        text = _(
            "The background worker stopped at %(time)s and none has run since: reports "
            "and imports requested in the browser wait until one does."
        ) % {"time": when(silence.last_seen)}
    else:
        text = ngettext(
            "No background worker seen for %(minutes)s minute: reports and imports "
            "requested in the browser wait until one runs.",
            "No background worker seen for %(minutes)s minutes: reports and imports "
            "requested in the browser wait until one runs.",
            silence.minutes,
        ) % {"minutes": silence.minutes}
    return [checks.Warning(text, hint=_(WORKER_HINT), id="stradom.W020")]


def check_backup(app_configs=None, now=None, **kwargs) -> list[checks.CheckMessage]:
    from stradom.core.backup import last_backup

    newest = last_backup()
    if newest is None:
        return [
            checks.Warning(
                _("No backup has been recorded."),
                hint=_(
                    "Make one with `stradom backup FILE`, and have it run every day "
                    "(cron or a systemd timer)."
                ),
                id="stradom.W030",
            )
        ]
    finished, path = newest
    age = (now or timezone.now()) - finished
    if age <= timedelta(hours=settings.STRADOM_BACKUP_MAX_AGE_HOURS):
        return []
    hours = int(age.total_seconds() // 3600)
    return [
        checks.Warning(
            ngettext(
                "The newest backup is %(hours)s hour old (%(time)s, %(file)s).",
                "The newest backup is %(hours)s hours old (%(time)s, %(file)s).",
                hours,
            )
            % {"hours": hours, "time": when(finished), "file": path},
            hint=_(
                "Check that the scheduled `stradom backup` still runs "
                "(STRADOM_BACKUP_MAX_AGE_HOURS says how old is too old)."
            ),
            id="stradom.W031",
        )
    ]


# The report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    id: str
    level: int  # checks.DEBUG … checks.CRITICAL
    message: str
    hint: str = ""

    @property
    def serious(self) -> bool:
        return self.level >= checks.ERROR

    def as_dict(self) -> dict:
        level = "error" if self.serious else "warning" if self.level >= checks.WARNING else "info"
        return {"id": self.id, "level": level, "message": self.message, "hint": self.hint}


@dataclass(frozen=True)
class Report:
    problems: list[Problem] = field(default_factory=list)
    silenced: int = 0

    def failing(self, fail_level: int = checks.WARNING) -> list[Problem]:
        return [p for p in self.problems if p.level >= fail_level]

    def exit_code(self, fail_level: int = checks.WARNING) -> int:
        """0 when nothing at ``fail_level`` or above was found; 2 when an error was, else
        1 (warnings only) — as monitoring tools (Nagios, Icinga) read exit codes."""
        failing = self.failing(fail_level)
        if not failing:
            return 0
        return 2 if any(p.serious for p in failing) else 1

    def summary(self) -> str:
        errors = sum(p.serious for p in self.problems)
        warnings = sum(checks.WARNING <= p.level < checks.ERROR for p in self.problems)
        if not errors and not warnings:
            return _("All is well: no problems found.")
        parts = []
        if errors:
            parts.append(
                ngettext("%(count)s error", "%(count)s errors", errors) % {"count": errors}
            )
        if warnings:
            parts.append(
                ngettext("%(count)s warning", "%(count)s warnings", warnings) % {"count": warnings}
            )
        return _("Problems found: %(list)s.") % {"list": ", ".join(parts)}


def run(app_configs=None, tags=None, databases=None) -> Report:
    """Django's checks with the deployment ones, Stradom's among them, in the active
    language: errors first, silenced ones only counted."""
    problems, silenced = [], 0
    for message in checks.run_checks(
        app_configs=app_configs,
        tags=tags,
        include_deployment_checks=True,
        databases=databases,
    ):
        if message.is_silenced():
            silenced += 1
            continue
        if message.id in SAID_BY_STRADOM:
            continue
        text, hint = str(message.msg), str(message.hint or "")
        if message.obj is not None:  # as Django says it: "catalog.Indicator: …"
            meta = getattr(message.obj, "_meta", None)
            text = f"{meta.label if meta else message.obj}: {text}"
        if message.id in DJANGO_WORDS:
            words, hint_words = DJANGO_WORDS[message.id]
            text, hint = _(words), _(hint_words) % {"id": message.id}
        problems.append(Problem(message.id or "", message.level, text, hint))
    problems.sort(key=lambda p: (-p.level, p.id))
    return Report(problems, silenced)
