"""``stradom worker``: its help in both languages, and a real run over the queue."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command, get_commands, load_command_class
from django.utils import translation

from stradom.jobs.models import Job
from stradom.jobs.tests.tasks import enqueue_steps


def help_text(language: str) -> str:
    with translation.override(language):
        command = load_command_class(get_commands()["worker"], "worker")
        return command.create_parser("stradom", "worker").format_help()


def test_help_is_polish_by_default_and_english_on_request():
    polish = " ".join(help_text("pl").split())
    assert "Wykonuj zadania w tle (raporty, importy, eksporty) w miarę ich zlecania" in polish
    assert "--batch wykonaj oczekujące zadania i zakończ" in polish
    english = " ".join(help_text("en").split())
    assert "Run the background jobs (reports, imports, exports) as they are requested" in english
    assert "--max-jobs MAX_JOBS stop after this many jobs" in english


@pytest.mark.parametrize(
    "args, message",
    [
        (["--max-jobs", "0"], "“0” is not a whole number above 0"),
        (["--interval", "-1"], "“-1” is not a number of seconds from 0 to 3600"),
    ],
)
def test_bad_options_are_refused(args, message, english):
    with pytest.raises(CommandError, match=message):
        call_command("worker", *args)


@pytest.mark.django_db(transaction=True)
def test_worker_batch_runs_the_queued_jobs_and_stops(world, keep_signal_handlers):
    first = enqueue_steps(world.admin, steps=2)
    second = enqueue_steps(world.admin, steps=3)
    out = StringIO()
    call_command("worker", "--batch", "--interval", "0", "--max-jobs", "1", stdout=out)
    assert list(Job.objects.order_by("pk").values_list("status", flat=True)) == [
        "succeeded",
        "queued",
    ]
    call_command("worker", "--batch", "--interval", "0", stdout=out)
    second.refresh_from_db()
    assert second.status == "succeeded"
    assert second.file == f"jobs/{second.pk}/steps-3.txt"
    assert first.pk != second.pk
