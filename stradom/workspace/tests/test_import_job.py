"""The admin import runs as a job: queued on confirm, progress while the worker reads,
refused whole when the data changed since the preview, abandoned uploads swept."""

from __future__ import annotations

import json
import os
import re
import time
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from stradom.catalog.models import Observation, ObservationChange
from stradom.catalog.services import ObservationInput, write_observations
from stradom.jobs.models import Job
from stradom.jobs.testing import run_jobs

GOOD = b"indicator;territory;period;value\nPM10_AVG;1261011;2020;40\nPM10_AVG;1261011;2021;38,5\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def staff(user):
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def upload(client, content=GOOD):
    """Upload a file; its preview job is queued (not run)."""
    response = client.post(
        reverse("admin:ingest_import"), {"file": SimpleUploadedFile("values.csv", content)}
    )
    assert response.status_code == 302
    return response


def upload_and_confirm(client, content=GOOD, reason="annual figures"):
    """Upload, let the worker make the preview, confirm: the import job is queued."""
    preview = upload(client, content)
    run_jobs()
    page = client.get(preview["Location"])
    url = re.search(r'action="(/[^"]*/import/[0-9a-f-]{36}/)"', page.content.decode())[1]
    return url, client.post(url, {"reason": reason})


def test_the_preview_is_a_job_too_and_the_confirm_form_comes_with_its_result(world, media):
    client = staff(world.admin)
    response = upload(client)
    preview = Job.objects.get()
    assert response["Location"] == reverse("admin:ingest_import_job", args=[preview.pk])
    assert (preview.kind, preview.params["dry_run"], preview.status) == ("import", True, "queued")
    page = client.get(response["Location"]).content.decode()
    assert "Preview: queued" in page and "Confirm import" not in page
    run_jobs()
    status = client.get(reverse("admin:ingest_import_job_status", args=[preview.pk]))
    assert status.status_code == 286
    html = status.content.decode()
    assert '<td class="new">2</td>' in html and "Confirm import" in html
    assert Observation.objects.count() == 0
    # Confirming before the preview has run is sent back to the preview.
    (upload_dir,) = (media / "imports").iterdir()
    second = upload(client)
    token = [p.name for p in (media / "imports").iterdir() if p != upload_dir][0]
    early = client.post(reverse("admin:ingest_import_confirm", args=[token]), {"reason": "x"})
    assert early["Location"] == second["Location"]
    assert Job.objects.filter(params__dry_run=False).count() == 0


def test_confirm_queues_an_import_job_in_the_uploaders_language(world, media):
    client = staff(world.admin)
    url, response = upload_and_confirm(client)
    job = Job.objects.get(params__dry_run=False)
    assert response["Location"] == reverse("admin:ingest_import_job", args=[job.pk])
    assert (job.kind, job.status, job.language, job.user) == ("import", "queued", "en", world.admin)
    assert job.params["name"] == "values.csv" and job.params["reason"] == "annual figures"
    page = client.get(response["Location"]).content.decode()
    assert "Import: queued" in page and "Waiting for the worker" in page
    assert 'hx-trigger="every 1s"' in page and "vendor/htmx.min.js" in page
    # A second click on "Confirm" shows the same job instead of queueing another.
    again = client.post(url, {"reason": "annual figures"})
    assert again["Location"] == response["Location"]
    assert (Job.objects.count(), DBTaskResult.objects.count()) == (2, 2)  # preview, import

    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("succeeded", 2, 2)
    assert (job.result["created"], job.result["rows"]) == (2, 2)
    status = client.get(reverse("admin:ingest_import_job_status", args=[job.pk]))
    assert status.status_code == 286
    assert "The file was imported." in status.content.decode()
    assert list((media / "imports").iterdir()) == []  # the upload is gone once imported
    assert list((media / "jobs").iterdir()) == []  # and so is the progress file


def test_the_worker_reports_rows_read_while_it_imports(world, media, monkeypatch):
    from stradom.ingest import services as ingest
    from stradom.jobs import services

    monkeypatch.setattr(ingest, "CHUNK", 1)
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 0)
    seen = []
    original = services.JobProgress.advance

    def watch(self, steps=1, message=""):
        original(self, steps, message)
        live = json.loads((self.job.folder / "progress.json").read_text())
        row = Job.objects.get(pk=self.job.pk)
        seen.append((live["done"], live["total"], row.progress()["done"]))

    monkeypatch.setattr(services.JobProgress, "advance", watch)
    upload_and_confirm(staff(world.admin))
    seen.clear()  # what the preview reported
    run_jobs()
    # Two rows of a three-line file (the header is counted until the end).
    assert seen == [(1, 3, 1), (2, 3, 2)]
    assert Job.objects.get(params__dry_run=False).status == "succeeded"


def test_a_file_refused_when_the_job_runs_lists_its_problems_and_writes_nothing(world, media):
    client = staff(world.admin)
    _, response = upload_and_confirm(client)
    # Meanwhile someone enters a different 2020 value: the import may not overwrite it.
    entered = write_observations(
        [
            ObservationInput(
                indicator="PM10_AVG", territory="1261011", period="2020", value=Decimal(41)
            )
        ],
        actor=world.admin,
        reason="corrected",
        channel="form",
    )
    assert entered.ok, entered.problems
    before = ObservationChange.objects.count()
    run_jobs()
    job = Job.objects.get(params__dry_run=False)
    assert job.status == "failed"
    assert job.error == "The file was refused: 1 problem. Nothing was written."
    assert [(p["line"], p["column"]) for p in job.result["problems"]] == [(2, "value")]
    html = client.get(response["Location"]).content.decode()
    assert job.error in html and '<table id="problems">' in html
    assert list(Observation.objects.values_list("period", "value")) == [("2020", Decimal(41))]
    assert ObservationChange.objects.count() == before


def test_only_the_uploader_and_administrators_see_an_import_job(world):
    upload_and_confirm(staff(world.env_coordinator))
    job = Job.objects.get(params__dry_run=False)
    url = reverse("admin:ingest_import_job", args=[job.pk])
    assert staff(world.env_coordinator).get(url).status_code == 200
    assert staff(world.admin).get(url).status_code == 200
    assert staff(world.transport_coordinator).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # the admin's sign-in


def test_uploads_left_for_a_day_are_removed_when_the_next_file_arrives(world, media):
    client = staff(world.admin)
    _, response = upload_and_confirm(client)  # queued: its upload must stay
    queued = Job.objects.get(params__dry_run=False).params["path"].split("/")[1]
    imports = media / "imports"
    old = imports / "0b1c6a1e-0000-4000-8000-000000000001"
    recent = imports / "0b1c6a1e-0000-4000-8000-000000000002"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "upload.json").write_text("{}")
    two_days_ago = time.time() - 2 * 24 * 3600
    for folder in (old, imports / queued):
        os.utime(folder, (two_days_ago, two_days_ago))
    client.post(reverse("admin:ingest_import"), {"file": SimpleUploadedFile("v.csv", GOOD)})
    left = {p.name for p in imports.iterdir()}
    assert old.name not in left
    assert {queued, recent.name} <= left
    assert len(left) == 3  # and the new upload
