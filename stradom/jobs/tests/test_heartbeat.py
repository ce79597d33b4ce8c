"""The worker's heartbeat: a job that stays long on one step keeps showing life, so only
a job whose worker died goes stale; the heartbeat ends with its task.

These tests run on committed data (``transaction=True``): the heartbeat writes through
a connection of its own, which would not see a test's uncommitted rows.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from stradom.jobs import services
from stradom.jobs.models import PROGRESS_FILE, Job
from stradom.jobs.services import Heartbeat
from stradom.jobs.testing import run_jobs
from stradom.jobs.tests import tasks

pytestmark = pytest.mark.django_db(transaction=True)

INTERVAL = 0.05  # seconds; a minute in production


def heartbeat_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.endswith("-heartbeat")]


def silent_job(user, minutes: int, status: str = "running") -> Job:
    last = timezone.now() - timedelta(minutes=minutes)
    return Job.objects.create(
        user=user,
        kind="export",
        params={"format": "csv"},
        status=status,
        started_at=last,
        updated_at=last,
    )


def test_a_running_job_shows_life_while_the_heartbeat_beats_and_not_after(world):
    job = silent_job(world.admin, 40)
    assert job.silent_minutes() == 40  # as a job looks when nothing touches it
    with Heartbeat(job, interval=INTERVAL) as heartbeat:
        time.sleep(INTERVAL * 6)  # the work, stuck on one step
        assert heartbeat.alive
    assert not heartbeat.alive and heartbeat_threads() == []
    assert heartbeat.beats >= 3
    job.refresh_from_db()
    assert timezone.now() - job.updated_at < timedelta(seconds=5)
    assert job.silent_minutes() is None
    last = job.updated_at
    time.sleep(INTERVAL * 4)
    job.refresh_from_db()
    assert job.updated_at == last  # stopped with the work


def test_the_heartbeat_never_makes_a_finished_job_look_alive(world):
    job = silent_job(world.admin, 40, status="failed")
    before = job.updated_at
    with Heartbeat(job, interval=INTERVAL):
        time.sleep(INTERVAL * 4)
    job.refresh_from_db()
    assert job.updated_at == before


def test_an_imports_heartbeat_touches_its_progress_file_not_the_database(world):
    job = silent_job(world.admin, 40)
    job.folder.mkdir(parents=True)
    live = job.folder / PROGRESS_FILE
    live.write_text('{"done": 1, "total": 9, "step": "rows"}', encoding="utf-8")
    long_ago = (timezone.now() - timedelta(minutes=40)).timestamp()
    os.utime(live, (long_ago, long_ago))
    assert job.silent_minutes() == 40
    with Heartbeat(job, to_file=True, interval=INTERVAL) as heartbeat:
        time.sleep(INTERVAL * 5)
    assert heartbeat.beats >= 2
    assert time.time() - live.stat().st_mtime < 5
    assert job.silent_minutes() is None
    updated_at = job.updated_at
    job.refresh_from_db()
    # no write to the row: on SQLite the import's transaction holds the only write lock
    assert job.updated_at == updated_at


class Recorded(Heartbeat):
    """The real heartbeat, made to beat only while the job waits in its long step (so
    nothing else touches the in-memory test database meanwhile), noting the row's
    ``updated_at`` after each beat."""

    made: list[Recorded] = []
    in_step = threading.Event()
    two_beats = threading.Event()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seen: list = []
        Recorded.made.append(self)

    def _beat(self):
        Recorded.in_step.wait(5)
        if len(self.seen) == 2:
            return
        super()._beat()
        self.seen.append(Job.objects.get(pk=self.job.pk).updated_at)
        if len(self.seen) == 2:
            Recorded.two_beats.set()


def _hold_one_long_step(job, progress, number):
    Recorded.started = Job.objects.get(pk=job.pk).updated_at
    Recorded.in_step.set()
    assert Recorded.two_beats.wait(5), "the heartbeat did not beat while the job waited"


@pytest.fixture
def long_step(monkeypatch):
    monkeypatch.setattr(tasks, "on_step", _hold_one_long_step)
    monkeypatch.setattr(services, "Heartbeat", Recorded)
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", INTERVAL)
    Recorded.made.clear()
    Recorded.in_step.clear()
    Recorded.two_beats.clear()


def test_the_worker_beats_while_a_job_waits_on_one_step_then_stops(world, long_step):
    job = tasks.enqueue_steps(world.analyst, steps=1)
    assert run_jobs() == 1
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    (heartbeat,) = Recorded.made
    first, second = heartbeat.seen
    assert Recorded.started < first < second  # updated_at advanced, step after step
    assert second - first >= timedelta(seconds=INTERVAL)
    assert not heartbeat.alive and heartbeat_threads() == []
    finished = job.updated_at
    time.sleep(INTERVAL * 4)
    job.refresh_from_db()
    assert job.updated_at == finished == job.finished_at
