"""``stradom check``: each problem found and said in words (Polish and English), what is
not a problem, and the exit codes (0 all well, 1 warnings, 2 errors)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation

from stradom.core import backup
from stradom.core import checks as stradom_checks
from stradom.core.health import database_label
from stradom.jobs.models import Job, WorkerBeat

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)  # 15:00 in Kraków
KEY = "pD3v9-QmZx_7rT2kLw8bNc4yHs6fJa1eUoGiVt5XqR0zWd3Kf9"  # 50 characters, random
BACKUP = "/srv/backup/stradom-2026-12-03.tar"


@pytest.fixture
def production(settings, monkeypatch):
    """An installation as it should be: nothing to say. Tests spoil one thing each."""
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)  # the browser tests' own
    settings.DEBUG = False
    settings.SECRET_KEY = KEY
    settings.ALLOWED_HOSTS = ["strategia.example.gov.pl"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    # Behind a proxy that sets HSTS and redirects to HTTPS, as the README describes.
    settings.SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008"]
    settings.STRADOM_JOB_STALE_MINUTES = 30
    settings.STRADOM_BACKUP_MAX_AGE_HOURS = 26
    settings.STRADOM_EMAIL_BACKEND = "smtp"  # a mail server for the reminders
    state = {"backup": (NOW - timedelta(hours=3), BACKUP)}
    monkeypatch.setattr(backup, "last_backup", lambda: state["backup"])
    WorkerBeat.objects.create(
        host="app1", pid=4242, started_at=NOW - timedelta(days=2), last_seen=NOW
    )
    with time_machine.travel(NOW, tick=False):
        yield state


def found(language: str) -> list[tuple[str, str, str]]:
    with translation.override(language):
        return [(p.id, p.message, p.hint) for p in stradom_checks.run().problems]


def check(*args, language="en") -> tuple[int, str, str]:
    """``stradom check`` as code calls it (``--deploy``: see the command's docstring):
    the exit code, what it wrote and the summary that goes to stderr."""
    out = StringIO()
    with translation.override(language):
        try:
            call_command("check", "--deploy", *args, stdout=out)
        except SystemCheckError as exc:
            return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), ""


def last_migration(app: str) -> MigrationRecorder.Migration:
    return MigrationRecorder.Migration.objects.filter(app=app).order_by("-name").first()


# All well ------------------------------------------------------------------------


def test_a_well_kept_installation_has_nothing_to_say_and_exits_0(production):
    assert found("en") == []
    assert check() == (0, "All is well: no problems found.\n", "")
    assert check(language="pl") == (0, "Wszystko w porządku: nie znaleziono problemów.\n", "")


def test_silenced_checks_are_left_out_but_counted(production):
    code, out, _summary = check("--format", "json")
    assert code == 0
    assert json.loads(out) == {"problems": [], "silenced": 2, "exit_code": 0}


# Each problem, in words ------------------------------------------------------------

KEY_HINT = {
    "en": "Set STRADOM_SECRET_KEY (or STRADOM_SECRET_KEY_FILE) to a long random string, "
    "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.",
    "pl": "Ustaw STRADOM_SECRET_KEY (lub STRADOM_SECRET_KEY_FILE) na długi losowy ciąg "
    "znaków, np. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'.",
}
WORKER_HINT = {
    "en": "Start `stradom worker` beside the web server, as a service that restarts it.",
    "pl": "Uruchom `stradom worker` obok serwera WWW jako usługę, która w razie "
    "zatrzymania uruchomi go ponownie.",
}


def _short_key(settings, state):
    settings.SECRET_KEY = "short-but-not-a-default"


def _debug(settings, state):
    settings.DEBUG = True


def _local_hosts(settings, state):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


def _plain_cookies(settings, state):
    settings.CSRF_COOKIE_SECURE = False


def _no_backup(settings, state):
    state["backup"] = None


def _old_backup(settings, state):
    state["backup"] = (NOW - timedelta(hours=30, minutes=20), BACKUP)


def _no_redirect_silenced(settings, state):
    settings.SILENCED_SYSTEM_CHECKS = ["security.W004"]


def _no_email(settings, state):
    settings.STRADOM_EMAIL_BACKEND = "none"


def _email_to_files(settings, state):
    settings.STRADOM_EMAIL_BACKEND = "file"


EMAIL_HINT = {
    "en": "Name the mail server with STRADOM_EMAIL_HOST and the sender with STRADOM_EMAIL_FROM "
    "(see the README's Configuration).",
    "pl": "Podaj serwer poczty w STRADOM_EMAIL_HOST i nadawcę w STRADOM_EMAIL_FROM "
    "(zob. rozdział „Configuration” w README).",
}


PROBLEMS = {
    "short key": (
        _short_key,
        "stradom.W001",
        {
            "en": "The secret key is short or simple: signed cookies and password-reset "
            "links are only as safe as it is.",
            "pl": "Klucz tajny jest krótki lub prosty: podpisane ciasteczka i linki do "
            "resetowania hasła są tylko tak bezpieczne jak on.",
        },
        KEY_HINT,
    ),
    "debug": (
        _debug,
        "stradom.E002",
        {
            "en": "Debug mode is on (STRADOM_DEBUG=True): error pages show the code and "
            "the settings to anyone.",
            "pl": "Tryb debugowania jest włączony (STRADOM_DEBUG=True): strony błędów "
            "pokazują każdemu kod i ustawienia.",
        },
        {
            "en": "Set STRADOM_DEBUG=False in production.",
            "pl": "W środowisku produkcyjnym ustaw STRADOM_DEBUG=False.",
        },
    ),
    "local hosts": (
        _local_hosts,
        "stradom.W003",
        {
            "en": "STRADOM_ALLOWED_HOSTS names only this computer (localhost, 127.0.0.1, "
            "[::1]): a request for the site's own name is refused.",
            "pl": "STRADOM_ALLOWED_HOSTS wskazuje tylko ten komputer (localhost, 127.0.0.1, "
            "[::1]): żądania kierowane na własną nazwę serwisu są odrzucane.",
        },
        {
            "en": "Set STRADOM_ALLOWED_HOSTS to the site's host names, "
            "e.g. strategia.example.gov.pl.",
            "pl": "Ustaw w STRADOM_ALLOWED_HOSTS nazwy hostów serwisu, "
            "np. strategia.example.gov.pl.",
        },
    ),
    "plain cookies": (
        _plain_cookies,
        "stradom.W004",
        {
            "en": "Cookies are sent over plain HTTP too (STRADOM_SECURE_COOKIES=False): "
            "a sign-in can be stolen on the way.",
            "pl": "Ciasteczka są wysyłane także przez zwykłe HTTP "
            "(STRADOM_SECURE_COOKIES=False): zalogowaną sesję można przechwycić po drodze.",
        },
        {
            "en": "Serve the site over HTTPS and set STRADOM_SECURE_COOKIES=True "
            "(the default when debug is off).",
            "pl": "Udostępniaj serwis przez HTTPS i ustaw STRADOM_SECURE_COOKIES=True "
            "(domyślnie, gdy tryb debugowania jest wyłączony).",
        },
    ),
    "no backup": (
        _no_backup,
        "stradom.W030",
        {
            "en": "No backup has been recorded.",
            "pl": "Nie odnotowano żadnej kopii zapasowej.",
        },
        {
            "en": "Make one with `stradom backup FILE`, and have it run every day "
            "(cron or a systemd timer).",
            "pl": "Wykonaj ją poleceniem `stradom backup PLIK` i uruchamiaj je codziennie "
            "(cron lub timer systemd).",
        },
    ),
    "old backup": (
        _old_backup,
        "stradom.W031",
        {
            "en": f"The newest backup is 30 hours old (02 Dec 2026 08:40, {BACKUP}).",
            "pl": f"Najnowsza kopia zapasowa ma 30 godzin (02.12.2026 08:40, {BACKUP}).",
        },
        {
            "en": "Check that the scheduled `stradom backup` still runs "
            "(STRADOM_BACKUP_MAX_AGE_HOURS says how old is too old).",
            "pl": "Sprawdź, czy zaplanowane `stradom backup` nadal się wykonuje "
            "(STRADOM_BACKUP_MAX_AGE_HOURS określa, jaki wiek kopii jest już za duży).",
        },
    ),
    "no e-mail": (
        _no_email,
        "stradom.W040",
        {
            "en": "No e-mail is set up (STRADOM_EMAIL_BACKEND is none): nobody gets "
            "reminders of the updates and values they owe.",
            "pl": "Nie skonfigurowano poczty e-mail (STRADOM_EMAIL_BACKEND ma wartość none): "
            "nikt nie dostaje przypomnień o należnych sprawozdaniach i wartościach.",
        },
        EMAIL_HINT,
    ),
    "e-mail to files": (
        _email_to_files,
        "stradom.W041",
        {
            "en": "E-mail goes to the console or to files (STRADOM_EMAIL_BACKEND=file), not "
            "to anyone's mailbox: reminders reach nobody.",
            "pl": "Poczta e-mail trafia na konsolę lub do plików (STRADOM_EMAIL_BACKEND=file), "
            "a nie do niczyjej skrzynki: przypomnienia do nikogo nie docierają.",
        },
        EMAIL_HINT,
    ),
    "no https redirect": (
        _no_redirect_silenced,
        "security.W008",
        {
            "en": "Stradom does not redirect plain HTTP to HTTPS itself.",
            "pl": "Stradom sam nie przekierowuje zwykłego HTTP na HTTPS.",
        },
        {
            "en": "If the proxy in front of Stradom (nginx, Apache) does this, leave the "
            "check out: STRADOM_SILENCED_CHECKS=security.W008.",
            "pl": "Jeśli robi to serwer pośredniczący przed Stradomem (nginx, Apache), "
            "pomiń to sprawdzenie: STRADOM_SILENCED_CHECKS=security.W008.",
        },
    ),
}


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("name", list(PROBLEMS))
def test_each_problem_is_found_and_said_in_words(name, language, production, settings):
    spoil, problem_id, message, hint = PROBLEMS[name]
    spoil(settings, production)
    assert found(language) == [(problem_id, message[language], hint[language])]


def test_the_development_key_with_debug_on_is_two_errors(production, settings):
    settings.DEBUG = True
    settings.SECRET_KEY = settings.DEVELOPMENT_SECRET_KEY
    assert [(i, m) for i, m, _h in found("en")] == [
        (
            "stradom.E001",
            "The secret key is the insecure development one "
            "(debug mode is on and STRADOM_SECRET_KEY is not set).",
        ),
        (
            "stradom.E002",
            "Debug mode is on (STRADOM_DEBUG=True): error pages show the code and the "
            "settings to anyone.",
        ),
    ]
    assert found("pl")[0][1:] == (
        "Klucz tajny to niebezpieczny klucz deweloperski (tryb debugowania jest "
        "włączony, a STRADOM_SECRET_KEY nie jest ustawiony).",
        KEY_HINT["pl"],
    )


def test_djangos_own_words_for_the_same_problems_are_not_repeated(production, settings):
    settings.DEBUG = True
    settings.SECRET_KEY = "short"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    ids = [i for i, _m, _h in found("en")]
    assert ids == ["stradom.E002", "stradom.W001", "stradom.W004"]


def test_hosts_are_not_a_problem_in_debug_mode(production, settings):
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["localhost"]
    assert [i for i, _m, _h in found("en")] == ["stradom.E002"]


def test_a_fresh_backup_and_one_just_within_the_limit_are_well(production):
    production["backup"] = (NOW - timedelta(hours=26), BACKUP)
    assert found("en") == []


# The database ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_database_that_cannot_be_opened(production, monkeypatch, language):
    def refuse():
        raise OperationalError('connection to server at "db", port 5432 failed:\n\trefused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    (problem_id, message, hint), *others = found(language)
    assert problem_id == "stradom.E010" and others == []
    assert (
        message
        == {
            "en": f"Cannot open the database {database_label()}: ",
            "pl": f"Nie można otworzyć bazy danych {database_label()}: ",
        }[language]
        + 'connection to server at "db", port 5432 failed: refused'
    )
    assert (
        hint
        == {
            "en": "Check DATABASE_URL (or STRADOM_DATA_DIR) and that the database server "
            "is running.",
            "pl": "Sprawdź DATABASE_URL (lub STRADOM_DATA_DIR) i czy serwer bazy danych działa.",
        }[language]
    )


@pytest.mark.parametrize("language", ["pl", "en"])
def test_a_database_never_migrated(production, language):
    MigrationRecorder.Migration.objects.all().delete()
    assert found(language) == [
        (
            "stradom.E011",
            {
                "en": f"The database {database_label()} has no tables yet. Run `stradom "
                "migrate` to create them, then try again.",
                "pl": f"Baza danych {database_label()} nie ma jeszcze tabel. Utwórz je "
                "poleceniem `stradom migrate` i spróbuj ponownie.",
            }[language],
            "",
        )
    ]


@pytest.mark.parametrize(
    "language, text",
    [
        ("en", "Run `stradom migrate` first: 2 database migrations are not applied."),
        (
            "pl",
            "Najpierw uruchom `stradom migrate`: 2 migracje bazy danych nie zostały zastosowane.",
        ),
    ],
)
def test_migrations_not_applied(production, language, text):
    last_migration("jobs").delete()
    last_migration("catalog").delete()
    assert found(language) == [("stradom.E012", text, "")]


# The worker ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, text",
    [
        (
            "en",
            "No background worker has run yet: reports and imports requested in the "
            "browser wait until one does.",
        ),
        (
            "pl",
            "Żaden proces roboczy zadań w tle jeszcze nie działał: raporty i importy "
            "zlecone w przeglądarce czekają, aż zostanie uruchomiony.",
        ),
    ],
)
def test_no_worker_ever(production, language, text):
    WorkerBeat.objects.all().delete()
    assert found(language) == [("stradom.W020", text, WORKER_HINT[language])]


def test_a_worker_is_seen_until_it_is_silent_longer_than_the_stale_minutes(production):
    with time_machine.travel(NOW + timedelta(minutes=30), tick=False):
        assert found("en") == []
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        assert found("en") == [
            (
                "stradom.W020",
                "No background worker seen for 31 minutes: reports and imports requested "
                "in the browser wait until one runs.",
                WORKER_HINT["en"],
            )
        ]
        assert found("pl")[0][1] == (
            "Od 31 minut nie widać procesu roboczego zadań w tle: raporty i importy "
            "zlecone w przeglądarce czekają, aż zostanie uruchomiony."
        )


def test_the_threshold_is_the_stale_minutes_setting(production, settings):
    settings.STRADOM_JOB_STALE_MINUTES = 5
    with time_machine.travel(NOW + timedelta(minutes=6), tick=False):
        assert found("en")[0][1].startswith("No background worker seen for 6 minutes:")


@pytest.mark.parametrize(
    "language, text",
    [
        (
            "en",
            "The background worker stopped at 03 Dec 2026 14:40 and none has run since: "
            "reports and imports requested in the browser wait until one does.",
        ),
        (
            "pl",
            "Proces roboczy zadań w tle zatrzymał się 03.12.2026 14:40 i od tego czasu "
            "żaden nie działa: raporty i importy zlecone w przeglądarce czekają, aż "
            "zostanie uruchomiony.",
        ),
    ],
)
def test_a_worker_stopped_in_order_is_not_running_at_once(production, language, text):
    stopped = NOW - timedelta(minutes=20)
    WorkerBeat.objects.update(last_seen=stopped, stopped_at=stopped)
    assert found(language) == [("stradom.W020", text, WORKER_HINT[language])]


def test_a_killed_worker_with_another_running_is_no_problem(production):
    WorkerBeat.objects.create(
        host="app2", pid=7, started_at=NOW - timedelta(days=9), last_seen=NOW - timedelta(days=8)
    )
    assert found("en") == []


def test_a_running_jobs_heartbeat_shows_its_worker_alive(production, world):
    # A long import on SQLite holds the write lock, so the worker's own beat waits;
    # the job's heartbeat still shows life.
    WorkerBeat.objects.update(last_seen=NOW - timedelta(hours=2))
    Job.objects.create(
        user=world.admin,
        kind="import",
        status="running",
        started_at=NOW - timedelta(hours=2),
        updated_at=NOW - timedelta(minutes=1),
    )
    assert found("en") == []


# Exit codes, options, output ---------------------------------------------------------


def test_warnings_only_exit_1_and_the_summary_counts_them(production, settings):
    settings.CSRF_COOKIE_SECURE = False
    production["backup"] = None
    code, out, summary = check()
    assert code == 1
    assert summary == "Problems found: 2 warnings."
    assert out.splitlines() == [
        "warning  Cookies are sent over plain HTTP too (STRADOM_SECURE_COOKIES=False): a "
        "sign-in can be stolen on the way. [stradom.W004]",
        "         Serve the site over HTTPS and set STRADOM_SECURE_COOKIES=True (the default "
        "when debug is off).",
        "warning  No backup has been recorded. [stradom.W030]",
        "         Make one with `stradom backup FILE`, and have it run every day (cron or a "
        "systemd timer).",
        "",
    ]
    assert check(language="pl")[2] == "Znalezione problemy: 2 ostrzeżenia."


def test_an_error_exits_2_errors_first(production, settings):
    settings.DEBUG = True
    production["backup"] = None
    code, out, summary = check()
    assert code == 2
    assert summary == "Problems found: 1 error, 1 warning."
    assert out.startswith("error    Debug mode is on")
    assert "\nwarning  No backup has been recorded." in out
    code, out, summary = check(language="pl")
    assert summary == "Znalezione problemy: 1 błąd, 1 ostrzeżenie."
    assert out.startswith("błąd         Tryb debugowania jest włączony")


def test_fail_level_error_lets_warnings_pass(production):
    production["backup"] = None
    code, out, summary = check("--fail-level", "ERROR")
    assert code == 0
    assert out.endswith(
        "No backup has been recorded. [stradom.W030]\n" + "         Make one "
        "with `stradom backup FILE`, and have it run every day (cron or a "
        "systemd timer).\n\nProblems found: 1 warning.\n"
    )


def test_json_lists_the_problems_with_their_level(production, settings):
    settings.DEBUG = True
    code, out, summary = check("--format", "json")
    assert code == 2 and summary == "Problems found: 1 error."
    assert json.loads(out) == {
        "problems": [
            {
                "id": "stradom.E002",
                "level": "error",
                "message": "Debug mode is on (STRADOM_DEBUG=True): error pages show the "
                "code and the settings to anyone.",
                "hint": "Set STRADOM_DEBUG=False in production.",
            }
        ],
        "silenced": 2,
        "exit_code": 2,
    }


def test_tags_select_checks_and_an_unknown_tag_is_refused(production, settings):
    settings.DEBUG = True
    production["backup"] = None
    assert check("--tag", "security")[0:1] == (2,)
    code, out, summary = check("--tag", "security")
    assert "stradom.W030" not in out and "stradom.E002" in out
    with pytest.raises(CommandError, match="There is no check with the tag “nosuch”."):
        check("--tag", "nosuch")
    out = StringIO()
    call_command("check", "--deploy", "--list-tags", stdout=out)
    assert "stradom" in out.getvalue().split()


def test_called_from_code_without_deploy_it_is_djangos_check(production, settings):
    # Django's test runner calls check this way before the tests: no worker, no backup,
    # debug on — none of it is its business.
    settings.DEBUG = True
    production["backup"] = None
    WorkerBeat.objects.all().delete()
    out = StringIO()
    call_command("check", stdout=out)
    assert out.getvalue() == "System check identified no issues (0 silenced).\n"


def test_migrate_still_runs_djangos_system_checks_only(production, settings):
    settings.DEBUG = True
    production["backup"] = None
    out = StringIO()
    call_command("migrate", "--check", stdout=out)  # nothing pending; no deploy checks
