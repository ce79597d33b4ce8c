"""``stradom worker`` sends the day's reminders by itself, once a day from
``STRADOM_REMINDERS_HOUR`` (stradom.jobs.schedule), to the real SMTP server."""

from __future__ import annotations

import signal

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from stradom.jobs.models import DailyRun
from stradom.reminders.models import SentReminder
from stradom.reminders.tests.conftest import MORNING

TASK = "stradom.reminders.tasks.send_daily_reminders"


@pytest.fixture
def keep_signal_handlers():
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for s, handler in kept.items():
        signal.signal(s, handler)


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_days_digests_once(smtp, owing, settings, keep_signal_handlers):
    settings.STRADOM_REMINDERS_HOUR = 9
    with time_machine.travel(MORNING.replace(hour=8, minute=59), tick=True):
        call_command("worker", "--batch", "--interval", "0")
    assert smtp.delivered == [] and DBTaskResult.objects.filter(task_path=TASK).count() == 0

    with time_machine.travel(MORNING, tick=True):  # 09:00
        call_command("worker", "--batch", "--interval", "0")
        assert sorted(r for d in smtp.delivered for r in d.recipients) == [
            "anna@krakow.example",
            "celina@krakow.example",
            "ewa@krakow.example",
        ]
        result = DBTaskResult.objects.get(task_path=TASK)
        assert result.status == "SUCCESSFUL"
        assert result.return_value == {"sent": 3, "already_sent": 0, "failed": 0}
        assert DailyRun.objects.get(name="reminders").day == MORNING.date()

        call_command("worker", "--batch", "--interval", "0")  # a second worker, same day
    assert len(smtp.delivered) == 3
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    assert SentReminder.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_without_e_mail_set_up_the_worker_queues_no_reminders(owing, keep_signal_handlers):
    with time_machine.travel(MORNING, tick=True):
        call_command("worker", "--batch", "--interval", "0")
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 0
    assert DailyRun.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_down_at_the_hour_is_tried_again_later_that_day(
    smtp, owing, settings, keep_signal_handlers
):
    from datetime import timedelta

    from stradom.reminders.tests.conftest import free_port

    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with time_machine.travel(MORNING, tick=True):
        call_command("worker", "--batch", "--interval", "0")
    first = DBTaskResult.objects.get(task_path=TASK, status="SUCCESSFUL")
    assert first.return_value["sent"] == 0
    retry = DBTaskResult.objects.get(task_path=TASK, status="READY")
    assert timedelta(minutes=14) < retry.run_after - first.finished_at <= timedelta(minutes=15)
    assert SentReminder.objects.count() == 0

    settings.EMAIL_PORT = port  # the server is back
    with time_machine.travel(MORNING + timedelta(minutes=16), tick=True):
        call_command("worker", "--batch", "--interval", "0")
    assert len(smtp.delivered) == 3
    assert SentReminder.objects.count() == 3
