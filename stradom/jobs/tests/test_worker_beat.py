"""A running ``stradom worker`` shows it is alive, idle or busy, in a row of its own
(``WorkerBeat``), which ``stradom check`` reads (``queries.worker_silence``)."""

from __future__ import annotations

import os
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from stradom.jobs.models import WorkerBeat
from stradom.jobs.queries import worker_silence
from stradom.jobs.services import WorkerHeartbeat, heartbeat_interval, prune_worker_beats

NOW = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_a_worker_run_is_recorded_moved_on_each_beat_and_closed_when_it_stops(settings):
    settings.STRADOM_JOB_STALE_MINUTES = 30
    with time_machine.travel(NOW, tick=False) as clock:
        assert worker_silence().last_seen is None  # no worker has ever run
        beating = WorkerHeartbeat(interval=3600)  # its thread stays quiet: beats by hand
        with beating:
            beat = WorkerBeat.objects.get()
            assert (beat.host, beat.pid) == (socket.gethostname(), os.getpid())
            assert beat.started_at == beat.last_seen == NOW and beat.stopped_at is None
            assert worker_silence() is None
            for _minute in range(3):  # idle: nothing in the queue, a beat a minute
                clock.shift(timedelta(minutes=1))
                beating.beat_now()
            beat.refresh_from_db()
            assert beat.last_seen == NOW + timedelta(minutes=3) and beating.beats == 3
            clock.shift(timedelta(minutes=30))
            assert worker_silence() is None  # 30 minutes since the last beat: still alive
            clock.shift(timedelta(minutes=1))
            silence = worker_silence()  # as a killed worker looks
            assert (silence.minutes, silence.stopped) == (31, False)
            beating.beat_now()
            assert worker_silence() is None
            clock.shift(timedelta(seconds=20))
        beat.refresh_from_db()
        stopped = NOW + timedelta(minutes=34, seconds=20)
        assert beat.stopped_at == beat.last_seen == stopped
        assert not beating.alive
        silence = worker_silence()
        assert (silence.stopped, silence.last_seen, silence.last) == (True, stopped, beat)


@pytest.mark.django_db(transaction=True)
def test_the_beat_comes_from_a_thread_while_the_worker_is_busy_and_ends_with_it():
    # Committed rows: the thread writes through a connection of its own.
    with WorkerHeartbeat(interval=0.05) as beating:
        first = WorkerBeat.objects.get().last_seen
        time.sleep(0.4)  # a job that keeps the worker's own thread busy
        assert beating.alive
        assert WorkerBeat.objects.get().last_seen > first
    assert beating.beats >= 3
    assert not any(t.name == "stradom-worker-heartbeat" for t in threading.enumerate())
    assert WorkerBeat.objects.get().stopped_at is not None


def test_the_worker_beats_every_minute_or_more_often_for_a_short_stale_limit(settings):
    settings.STRADOM_JOB_STALE_MINUTES = 30
    assert heartbeat_interval() == 60.0
    settings.STRADOM_JOB_STALE_MINUTES = 1
    assert heartbeat_interval() == 20.0


@pytest.mark.django_db(transaction=True)
def test_stradom_worker_records_its_run(keep_signal_handlers):
    call_command("worker", "--batch", "--interval", "0")
    beat = WorkerBeat.objects.get()
    assert beat.pid == os.getpid()
    assert beat.stopped_at is not None and beat.stopped_at == beat.last_seen


@pytest.mark.django_db
def test_rows_of_runs_not_seen_for_the_keep_days_are_deleted(settings):
    for days in (31, 29):
        seen = NOW - timedelta(days=days)
        WorkerBeat.objects.create(host=f"old{days}", pid=days, started_at=seen, last_seen=seen)
    assert prune_worker_beats(30, now=NOW) == 1
    assert list(WorkerBeat.objects.values_list("host", flat=True)) == ["old29"]


@pytest.mark.django_db(transaction=True)
def test_stradom_worker_deletes_them_as_it_starts(settings, keep_signal_handlers):
    # Not with frozen time: the worker's loop would find its database connection too old.
    settings.STRADOM_JOB_KEEP_DAYS = 30
    for days in (31, 29):
        seen = timezone.now() - timedelta(days=days)
        WorkerBeat.objects.create(host=f"old{days}", pid=days, started_at=seen, last_seen=seen)
    call_command("worker", "--batch", "--interval", "0")
    assert sorted(WorkerBeat.objects.values_list("host", flat=True)) == sorted(
        ["old29", socket.gethostname()]
    )
