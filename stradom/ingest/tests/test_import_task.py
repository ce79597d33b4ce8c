"""The import task (``stradom.ingest.tasks``) as the worker runs it: its heartbeat
touches the progress file, never the row, and the import stays all or nothing.

On committed data (``transaction=True``): the heartbeat writes through a connection of
its own, which would not see a test's uncommitted rows.
"""

from __future__ import annotations

import threading
import time

import pytest

from stradom.catalog.models import Observation
from stradom.ingest.tasks import enqueue_import
from stradom.jobs import services
from stradom.jobs.services import Heartbeat
from stradom.jobs.testing import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)

INTERVAL = 0.05  # seconds; a minute in production


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def heartbeat_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.endswith("-heartbeat")]


def test_an_import_with_its_heartbeat_still_writes_all_or_nothing(world, media, monkeypatch):
    beats = []

    class Counted(Heartbeat):
        def _beat(self):
            super()._beat()
            beats.append(self.to_file)

    slow_advance = services.JobProgress.advance

    def advance(self, steps=1, message=""):
        time.sleep(INTERVAL * 3)  # a slow row, read inside the import's transaction
        slow_advance(self, steps, message)

    monkeypatch.setattr(services, "Heartbeat", Counted)
    monkeypatch.setattr(services, "HEARTBEAT_SECONDS", INTERVAL)
    monkeypatch.setattr(services.JobProgress, "advance", advance)
    folder = media / "imports" / "a"
    folder.mkdir(parents=True)
    path = folder / "values.csv"
    path.write_bytes(
        b"indicator;territory;period;value\nPM10_AVG;1261011;2020;40\nPM10_AVG;1261011;2021;38,5\n"
    )
    job = enqueue_import(path, user=world.admin, reason="annual figures", upload=folder)
    assert run_jobs() == 1
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert beats and set(beats) == {True}  # the file, never the row
    assert Observation.objects.filter(indicator__code="PM10_AVG").count() == 2
    assert heartbeat_threads() == []
