"""The open-data file of the whole catalogue, made as a job: published values only."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from stradom.catalog.services import ObservationInput, write_observations
from stradom.core.messages import StradomError
from stradom.exports.tasks import enqueue_export
from stradom.jobs.models import Job
from stradom.jobs.testing import run_jobs


@pytest.fixture
def values(world):
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2023", Decimal("31.5")),
            ObservationInput("TRAM_SAT", "1261011", "2023", Decimal(72)),  # a draft: not public
        ],
        actor=None,
        reason="test",
        channel="form",
    )
    assert report.ok, report.problems
    return world


def test_the_catalogue_file_holds_the_published_values_only(values, media):
    job = enqueue_export("csv", user=values.analyst, language="pl")
    assert (job.kind, job.params) == ("export", {"format": "csv"})
    run_jobs()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert (job.file_name, job.content_type) == (
        "stradom-dane-otwarte.csv",
        "text/csv; charset=utf-8",
    )
    rows = list(csv.DictReader(io.StringIO((media / job.file).read_text(encoding="utf-8"))))
    assert [(r["indicator"], r["period"], r["value"]) for r in rows] == [
        ("PM10_AVG", "2023", "31.5")
    ]
    assert (job.done, job.total) == (2, 2)
    assert sorted(p.name for p in job.folder.iterdir()) == ["stradom-dane-otwarte.csv"]


def test_an_unknown_format_or_a_user_without_a_role_is_refused_and_nothing_is_queued(world):
    with pytest.raises(StradomError, match="not “ods”"):
        enqueue_export("ods", user=world.admin)
    with pytest.raises(PermissionDenied):
        enqueue_export("csv", user=User.objects.create_user("ewa"))
    assert (Job.objects.count(), DBTaskResult.objects.count()) == (0, 0)


def test_the_reports_page_requests_the_file_and_the_job_page_offers_it(client, values, english):
    client.force_login(values.env_coordinator)
    response = client.post(reverse("reports:request"), {"kind": "export", "export-format": "xlsx"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert job.language == "en"
    run_jobs()
    html = client.get(response["Location"]).content.decode()
    assert "<h1>Open data of the whole catalogue (XLSX)</h1>" in html
    assert "Download stradom-open-data.xlsx (" in html
    refused = client.post(reverse("reports:request"), {"kind": "export", "export-format": "ods"})
    assert refused.status_code == 422
    assert Job.objects.count() == 1


def test_an_export_queued_before_the_tasks_moved_runs_after_the_migration(values, media):
    import importlib

    from django.apps import apps

    moved = importlib.import_module("stradom.jobs.migrations.0004_tasks_moved_to_their_apps")
    job = enqueue_export("csv", user=values.analyst, language="pl")
    # As a database upgraded from before the move holds it.
    DBTaskResult.objects.filter(pk=job.task_id).update(task_path="stradom.jobs.services.run_export")
    moved.forwards(apps, None)
    assert DBTaskResult.objects.get(pk=job.task_id).task_path == "stradom.exports.tasks.run_export"
    assert run_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.error, job.file_name) == ("succeeded", "", "stradom-dane-otwarte.csv")
    assert (media / job.file).read_text(encoding="utf-8").startswith("indicator,")
