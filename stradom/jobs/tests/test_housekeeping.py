"""Jobs left "running" by a killed worker (the page, ``stradom worker`` at start) and
``stradom jobs prune``."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from stradom.jobs.models import PROGRESS_FILE, Job
from stradom.jobs.services import JobProgress
from stradom.jobs.tests.tasks import enqueue_steps

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def running(user, silent_minutes: int, kind: str = "export") -> Job:
    """A running job whose row last showed life ``silent_minutes`` before NOW."""
    last = NOW - timedelta(minutes=silent_minutes)
    return Job.objects.create(
        user=user,
        kind=kind,
        params={"format": "csv"},
        status="running",
        started_at=last - timedelta(minutes=1),
        updated_at=last,
    )


def test_a_silent_running_job_is_shown_stale_and_its_page_stops_polling(world, client):
    job = running(world.admin, 45)
    client.force_login(world.admin)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
        fragment = client.get(reverse("jobs:status", args=[job.pk]))
    assert "Brak oznak życia od 45 minut — proces roboczy mógł się zatrzymać." in page
    assert "hx-get" not in page
    assert "Ta strona odświeża się sama." not in page
    assert fragment.status_code == 286
    assert "Brak oznak życia od 45 minut" in fragment.content.decode()
    job.refresh_from_db()
    assert job.status == "running"  # the page only tells; the worker marks it


def test_the_stale_message_in_english(world, client, english):
    job = running(world.admin, 31)
    client.force_login(world.admin)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "No sign of life for 31 minutes — the worker may have stopped." in page
    assert "hx-get" not in page


def test_a_running_job_heard_from_recently_still_polls(world, client):
    job = running(world.admin, 29)
    client.force_login(world.admin)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
        fragment = client.get(reverse("jobs:status", args=[job.pk]))
    assert f'hx-get="{reverse("jobs:status", args=[job.pk])}"' in page
    assert "Brak oznak życia" not in page
    assert "Ta strona odświeża się sama." in page
    assert fragment.status_code == 200


def test_the_progress_file_of_an_import_counts_as_a_sign_of_life(world, settings):
    job = running(world.admin, 50, kind="import")
    job.folder.mkdir(parents=True)
    live = job.folder / PROGRESS_FILE
    live.write_text('{"done": 5, "total": 10, "step": "x"}', encoding="utf-8")
    written = (NOW - timedelta(minutes=4)).timestamp()
    os.utime(live, (written, written))
    assert job.silent_minutes(NOW) is None
    written = (NOW - timedelta(minutes=40)).timestamp()
    os.utime(live, (written, written))
    assert job.silent_minutes(NOW) == 40
    settings.STRADOM_JOB_STALE_MINUTES = 60
    assert job.silent_minutes(NOW) is None


def test_progress_written_to_the_row_is_a_sign_of_life(world):
    job = running(world.admin, 45)
    with time_machine.travel(NOW, tick=False):
        JobProgress(job).start(3, "begin")
    job.refresh_from_db()
    assert (job.updated_at, job.step, job.total) == (NOW, "begin", 3)
    assert job.silent_minutes(NOW) is None


def started(job: Job, silent_minutes: int) -> DBTaskResult:
    """Make ``job`` (and its task) run as a worker does, last heard from then."""
    result = DBTaskResult.objects.get(pk=job.task_id)
    result.claim("a-killed-worker")
    last = NOW - timedelta(minutes=silent_minutes)
    Job.objects.filter(pk=job.pk).update(status="running", started_at=last, updated_at=last)
    job.folder.mkdir(parents=True)
    (job.folder / ".half.csv.part").write_bytes(b"half")
    return result


@pytest.mark.django_db(transaction=True)
def test_worker_at_start_marks_stale_jobs_failed_and_leaves_fresh_ones(world, keep_signal_handlers):
    stale, fresh = (enqueue_steps(world.admin) for _ in range(2))
    stale_result, fresh_result = started(stale, 40), started(fresh, 5)
    err = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("worker", "--batch", "--interval", "0", stdout=StringIO(), stderr=err)
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == "failed"
    assert stale.error == (
        "Brak oznak życia od 40 minut — proces roboczy mógł się zatrzymać. "
        "Zadanie oznaczono jako nieudane przy ponownym uruchomieniu procesu roboczego; "
        "prosimy zlecić je ponownie."
    )
    assert stale.finished_at == NOW
    assert not stale.folder.exists()
    stale_result.refresh_from_db()
    assert stale_result.status == "FAILED"
    assert stale_result.finished_at == NOW
    assert f"#{stale.pk}" in err.getvalue()
    assert fresh.status == "running"
    assert (fresh.error, fresh.finished_at) == ("", None)
    assert (fresh.folder / ".half.csv.part").read_bytes() == b"half"
    fresh_result.refresh_from_db()
    assert fresh_result.status == "RUNNING"


def help_text(language: str) -> str:
    with translation.override(language):
        command = load_command_class(get_commands()["jobs"], "jobs")
        parser = command.create_parser("stradom", "jobs")
        prune = parser._subparsers._group_actions[0].choices["prune"]
        return " ".join((parser.format_help() + prune.format_help()).split())


def test_prune_help_in_polish_and_english():
    polish = help_text("pl")
    assert "Zadania w tle: usuń zakończone wraz z ich plikami." in polish
    assert "--days DAYS wiek w dniach (domyślnie STRADOM_JOB_KEEP_DAYS, 30)" in polish
    english = help_text("en")
    assert "Background jobs: delete finished ones and their files." in english
    assert "never queued or running ones, and import uploads nobody confirmed" in english
    assert "oraz niezatwierdzone pliki przesłane do importu" in polish


def made(user, when: datetime, status: str, file: str = "") -> Job:
    with time_machine.travel(when, tick=False):
        job = Job.objects.create(
            user=user, kind="export", params={"format": "csv"}, status=status, file=file
        )
    if file:
        job.folder.mkdir(parents=True)
        (job.folder / "out.csv").write_text("a;b\n", encoding="utf-8")
        Job.objects.filter(pk=job.pk).update(file=f"jobs/{job.pk}/out.csv")
    return job


def test_prune_removes_only_old_finished_jobs_and_their_files(world):
    old = NOW - timedelta(days=31)
    gone_ok = made(world.admin, old, "succeeded", file="yes")
    gone_failed = made(world.admin, old, "failed")
    kept = [
        made(world.admin, old, "running", file="yes"),
        made(world.admin, old, "queued"),
        made(world.admin, NOW - timedelta(days=29), "succeeded", file="yes"),
    ]
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("jobs", "prune", stdout=out)
    assert sorted(Job.objects.values_list("pk", flat=True)) == [j.pk for j in kept]
    assert not gone_ok.folder.exists()
    assert kept[0].folder.exists() and kept[2].folder.exists()
    lines = out.getvalue().splitlines()
    assert lines == [
        f"usunięto zadanie #{gone_ok.pk} (eksport, gotowe, zlecone 26.10.2026): "
        f"jobs/{gone_ok.pk}/out.csv",
        f"usunięto zadanie #{gone_failed.pk} (eksport, nieudane, zlecone 26.10.2026)",
        "Usunięto 2 zakończone zadania zlecone przed 27.10.2026.",
        "Usunięto 0 niezatwierdzonych plików przesłanych do importu przed 27.10.2026.",
    ]


def test_prune_with_days_and_a_bad_number(world, english):
    recent = made(world.admin, NOW - timedelta(days=3), "succeeded", file="yes")
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(CommandError, match="“-2” is not a whole number of days"):
            call_command("jobs", "prune", "--days", "-2")
        assert Job.objects.count() == 1 and recent.folder.exists()
        out = StringIO()
        call_command("jobs", "prune", "--days", "5", stdout=out)
        assert Job.objects.count() == 1
        assert out.getvalue() == (
            "0 finished jobs requested before 21 Nov 2026 removed.\n"
            "0 unconfirmed import uploads from before 21 Nov 2026 removed.\n"
        )
        out = StringIO()
        call_command("jobs", "prune", "--days", "2", stdout=out)
    assert not Job.objects.exists() and not recent.folder.exists()
    assert out.getvalue().splitlines()[0] == (
        f"removed job #{recent.pk} (export, finished, requested 23 Nov 2026): "
        f"jobs/{recent.pk}/out.csv"
    )


def uploads(media, **ages_in_days) -> dict[str, Path]:
    """Upload folders (as the import page leaves them) made that many days before NOW."""
    made = {}
    for name, days in ages_in_days.items():
        folder = media / "imports" / name
        folder.mkdir(parents=True)
        (folder / "values.csv").write_text("indicator;territory;period;value\n")
        (folder / "upload.json").write_text("{}")
        when = (NOW - timedelta(days=days)).timestamp()
        os.utime(folder, (when, when))
        made[name] = folder
    return made


def test_prune_removes_uploads_nobody_confirmed_older_than_the_keep_period(world, media):
    folders = uploads(media, old=31, older=90, recent=29, queued=40)
    # an import queued from an old upload (the worker has not come to it yet) still needs it
    Job.objects.create(
        user=world.admin,
        kind="import",
        status="queued",
        params={"path": "imports/queued/values.csv", "upload": "imports/queued"},
    )
    (media / "imports" / "stray.txt").write_text("not an upload")
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("jobs", "prune", stdout=out)
    assert sorted(p.name for p in (media / "imports").iterdir()) == [
        "queued",
        "recent",
        "stray.txt",
    ]
    assert (folders["recent"] / "values.csv").exists()
    assert out.getvalue().splitlines()[-1] == (
        "Usunięto 2 niezatwierdzone pliki przesłane do importu przed 27.10.2026."
    )
    with time_machine.travel(NOW, tick=False):
        call_command("jobs", "prune", "--days", "10", stdout=out)
    assert sorted(p.name for p in (media / "imports").iterdir()) == [
        "queued",
        "stray.txt",
    ]
    assert out.getvalue().splitlines()[-1] == (
        "Usunięto 1 niezatwierdzony plik przesłany do importu przed 16.11.2026."
    )


@pytest.mark.django_db(transaction=True)
def test_worker_at_start_removes_uploads_older_than_the_keep_period(
    world, media, settings, keep_signal_handlers
):
    settings.STRADOM_JOB_KEEP_DAYS = 7
    uploads(media, old=8, recent=6)
    err = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("worker", "--batch", "--interval", "0", stdout=StringIO(), stderr=err)
    assert [p.name for p in (media / "imports").iterdir()] == ["recent"]
    assert (
        "Usunięto 1 niezatwierdzony plik przesłany do importu przed 19.11.2026." in err.getvalue()
    )
    err = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("worker", "--batch", "--interval", "0", stdout=StringIO(), stderr=err)
    assert "przesłan" not in err.getvalue()  # nothing removed, nothing said


@pytest.mark.parametrize("place", ["workspace", "admin"])
def test_a_silent_import_job_stops_polling_on_the_import_pages(world, client, place):
    job = running(world.admin, 45, kind="import")
    job.params = {"name": "wartosci.csv", "dry_run": True}
    job.save()
    names = {
        "workspace": ("workspace:import_job", "workspace:import_job_status"),
        "admin": ("admin:ingest_import_job", "admin:ingest_import_job_status"),
    }[place]
    client.force_login(world.admin)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse(names[0], args=[job.pk])).content.decode()
        fragment = client.get(reverse(names[1], args=[job.pk]))
    assert "Brak oznak życia od 45 minut" in page
    assert "hx-get" not in page
    assert fragment.status_code == 286


def status_cells(html: str) -> list[str]:
    """The Status column of "My reports", row by row, as text."""
    import re

    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S)
    return [re.sub(r"<[^>]+>", "", re.findall(r"<td>(.*?)</td>", r, re.S)[2]).strip() for r in rows]


def test_my_reports_shows_a_silent_job_as_stale_like_its_page(world, client):
    stale = running(world.admin, 45)
    running(world.admin, 10)  # heard from recently: still running
    client.force_login(world.admin)
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("reports:mine")).content.decode()
        page = client.get(reverse("jobs:job", args=[stale.pk])).content.decode()
    notice = "Brak oznak życia od 45 minut — proces roboczy mógł się zatrzymać."
    # newest first: the fresh job was created last
    assert status_cells(html) == ["w toku", notice]
    assert notice in page


def test_my_reports_stale_notice_in_english(world, client, english):
    running(world.admin, 31)
    client.force_login(world.admin)
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("reports:mine")).content.decode()
        latest = client.get(reverse("reports:request")).content.decode()
    notice = "No sign of life for 31 minutes — the worker may have stopped."
    assert status_cells(html) == [notice]
    assert status_cells(latest) == [notice]  # "Your latest reports" on the reports page
