"""Daily work the worker queues itself (stradom.jobs.schedule): once a day from its hour,
whatever the number of workers and however often they look."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django_tasks_db.models import DBTaskResult

from stradom.jobs import schedule
from stradom.jobs.models import DailyRun
from stradom.jobs.services import WorkerHeartbeat

WARSAW = ZoneInfo("Europe/Warsaw")
TASK = "stradom.jobs.tests.tasks.run_steps"


@pytest.fixture
def daily(monkeypatch):
    hours = {"digest": 7}
    monkeypatch.setattr(schedule, "DAILY", {})
    schedule.daily("digest", TASK, lambda: hours["digest"])
    return hours


def queued():
    return DBTaskResult.objects.filter(task_path=TASK).count()


@pytest.mark.django_db
def test_queued_once_a_day_from_its_hour(daily):
    assert schedule.queue_due(datetime(2026, 10, 10, 6, 59, tzinfo=WARSAW)) == []
    assert queued() == 0
    # 07:00 in Warsaw is 05:00 UTC: the local hour counts.
    assert schedule.queue_due(datetime(2026, 10, 10, 5, 0, tzinfo=ZoneInfo("UTC"))) == ["digest"]
    assert queued() == 1
    for hour in (7, 12, 23):  # every minute's look the same day queues nothing more
        assert schedule.queue_due(datetime(2026, 10, 10, hour, 30, tzinfo=WARSAW)) == []
    assert queued() == 1
    run = DailyRun.objects.get()
    assert (run.name, run.day.isoformat()) == ("digest", "2026-10-10")
    assert run.task_id == str(DBTaskResult.objects.get().id)

    assert schedule.queue_due(datetime(2026, 10, 11, 6, 0, tzinfo=WARSAW)) == []
    assert schedule.queue_due(datetime(2026, 10, 11, 8, 0, tzinfo=WARSAW)) == ["digest"]
    assert queued() == 2
    assert DailyRun.objects.get().day.isoformat() == "2026-10-11"


@pytest.mark.django_db
def test_a_worker_started_late_in_the_day_queues_what_is_still_to_run(daily):
    assert schedule.queue_due(datetime(2026, 10, 10, 22, 0, tzinfo=WARSAW)) == ["digest"]


@pytest.mark.django_db
def test_no_hour_means_not_queued(daily):
    daily["digest"] = None  # e.g. the reminders while no e-mail is set up
    assert schedule.queue_due(datetime(2026, 10, 10, 12, 0, tzinfo=WARSAW)) == []
    assert queued() == 0 and DailyRun.objects.count() == 0


@pytest.mark.django_db
def test_a_task_that_cannot_be_queued_leaves_the_day_to_the_next_look(daily, monkeypatch):
    schedule.queue_due(datetime(2026, 10, 9, 8, 0, tzinfo=WARSAW))
    monkeypatch.setattr(schedule, "import_string", lambda path: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        schedule.queue_due(datetime(2026, 10, 10, 8, 0, tzinfo=WARSAW))
    assert DailyRun.objects.get().day.isoformat() == "2026-10-09"  # not moved
    monkeypatch.undo()


@pytest.mark.django_db
def test_the_worker_looks_as_it_starts_and_on_each_beat(daily):
    looks = []
    with WorkerHeartbeat(interval=3600, on_beat=lambda: looks.append("look")) as beating:
        assert looks == ["look"]
        beating._call_on_beat()
    assert looks == ["look", "look"]


@pytest.mark.django_db
def test_a_failing_look_does_not_stop_the_worker(daily, caplog):
    def broken():
        raise RuntimeError("database busy")

    with WorkerHeartbeat(interval=3600, on_beat=broken):
        pass
    assert "scheduled work not queued" in caplog.text
