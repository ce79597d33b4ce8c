"""Queueing a report and running it through the real worker loop: success, refusal, failure."""

from __future__ import annotations

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django_tasks_db.models import DBTaskResult

from stradom.core.messages import StradomError
from stradom.jobs.models import Job
from stradom.jobs.services import JobProgress
from stradom.jobs.testing import run_jobs
from stradom.reports.tasks import enqueue_report
from stradom.strategy.models import Strategy


def nothing_queued():
    return Job.objects.count() == 0 and DBTaskResult.objects.count() == 0


def test_a_report_is_queued_then_made_by_the_worker(world, steps_kind, media):
    job = enqueue_report("steps", "pdf", user=world.analyst, language="en", steps=4)
    assert (job.status, job.kind, job.language) == ("queued", "report", "en")
    assert job.params == {"report": "steps", "format": "pdf", "steps": "4"}
    (task,) = DBTaskResult.objects.all()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "stradom.reports.tasks.run_report",
        [job.pk],
    )
    assert str(task.id) == job.task_id
    assert not (media / "jobs").exists()  # nothing happens before the worker runs

    assert run_jobs() == 1
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert (job.done, job.total, job.error) == (2, 2, "")  # the renderer's stage is the last
    assert job.progress()["percent"] == 100
    assert job.file == f"jobs/{job.pk}/steps-4.pdf"
    assert job.file_name == "steps-4.pdf"
    assert job.content_type == "application/pdf"
    written = (media / job.file).read_text()
    assert written.splitlines() == [
        "Steps 4",
        "Section 1",
        "text 1",
        "Section 2",
        "text 2",
        "Section 3",
        "text 3",
        "Section 4",
        "text 4",
    ]
    assert job.size == len(written.encode())
    assert sorted(p.name for p in (media / "jobs" / str(job.pk)).iterdir()) == ["steps-4.pdf"]
    assert job.started_at <= job.finished_at
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.parametrize(
    "kind, fmt, params, message",
    [
        ("nope", "pdf", {}, "Unknown kind of report “nope”"),
        ("steps", "docx", {}, "is not made as “docx”; choose pdf"),
        ("steps", "pdf", {"colour": "red"}, "does not take colour"),
        ("indicator", "pdf", {}, "The indicator report needs indicator."),
        ("indicator", "pdf", {"indicator": "NOPE"}, "There is no indicator “NOPE”."),
        (
            "indicator",
            "pdf",
            {"indicator": "PM10_AVG", "territory": "99"},
            "no territorial unit “99”",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_queued(
    world, steps_kind, english, kind, fmt, params, message
):
    from stradom.core.i18n import localize

    with pytest.raises(StradomError) as refused:
        enqueue_report(kind, fmt, user=world.admin, language="pl", **params)
    assert message in localize(refused.value)
    assert nothing_queued()


def test_a_strategy_and_a_year_must_exist_and_be_numbers(world, monkeypatch):
    from stradom.reports import tasks

    for name, value, message in [
        ("strategy", "abc", "strategy must be a whole number, not “abc”"),
        ("strategy", "999", "There is no strategy number 999."),
        ("year", "20x5", "year must be a whole number"),
        ("year", "1066", "The year 1066 is out of range"),
    ]:
        with pytest.raises(StradomError) as refused:
            tasks._check_param(world.admin, name, value)
        assert message in str(refused.value)
    s = Strategy.objects.create(code="S", name_pl="Strategia", start_year=2020, end_year=2030)
    assert tasks._check_param(world.admin, "strategy", str(s.pk)) == s.pk
    assert tasks._check_param(world.admin, "year", " 2025") == 2025


def test_an_unpublished_indicator_is_unknown_to_whom_may_not_see_it(world):
    # TRAM_SAT is a draft of the transport domain: the environment coordinator may not see it.
    with pytest.raises(StradomError, match="There is no indicator"):
        enqueue_report("indicator", "pdf", user=world.env_coordinator, indicator="TRAM_SAT")
    assert nothing_queued()


@pytest.mark.parametrize("who", ["provider", "transport_coordinator"])
def test_a_report_the_user_may_not_request_is_refused_and_nothing_is_queued(world, who):
    with pytest.raises(PermissionDenied):
        enqueue_report("indicator", "pdf", user=getattr(world, who), indicator="PM10_AVG")
    assert nothing_queued()


def test_a_coordinator_requests_the_sheet_of_an_own_indicator(world, fake_renderer):
    job = enqueue_report("indicator", "pdf", user=world.env_coordinator, indicator="PM10_AVG")
    assert job.params == {"report": "indicator", "format": "pdf", "indicator": "PM10_AVG"}
    assert DBTaskResult.objects.count() == 1


def test_a_builder_that_fails_midway_leaves_a_failed_job_a_logged_traceback_and_no_file(
    world, steps_kind, media, caplog
):
    job = enqueue_report("steps", "pdf", user=world.analyst, language="en", steps=5, fail_at=3)
    with caplog.at_level(logging.ERROR, logger="stradom.jobs.services"):
        assert run_jobs() == 1
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error == (
        "The job failed because of an error inside Stradom, not because of what you asked "
        f"for. The administrator will find the details in the log (job {job.pk})."
    )
    assert (job.done, job.total, job.step) == (2, 5, "section 2")  # where it stopped
    assert (job.file, job.file_name, job.size) == ("", "", None)
    assert not (media / "jobs" / str(job.pk)).exists()
    (record,) = [r for r in caplog.records if r.name == "stradom.jobs.services"]
    assert record.getMessage() == f"job {job.pk} (report) failed"
    assert "RuntimeError: builder failed at step 3" in caplog.text  # the traceback
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED"
    assert "builder failed at step 3" in task.traceback


def test_a_renderer_that_fails_half_way_through_the_file_leaves_no_half_file(
    world, steps_kind, media
):
    job = enqueue_report("steps", "pdf", user=world.admin, note="BREAK-WHILE-WRITING")
    run_jobs()
    job.refresh_from_db()
    assert job.status == "failed"
    assert "błędu wewnątrz Stradomu" in job.error  # the job's language: Polish
    assert not (media / "jobs" / str(job.pk)).exists()
    assert list((media / "jobs").iterdir()) == []


def test_a_refusal_inside_the_report_reaches_the_user_in_the_job_language(world, steps_kind):
    job = enqueue_report("steps", "pdf", user=world.admin, language="en", note="refuse")
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "The steps report needs x.")


def test_a_coordinator_who_lost_the_domain_before_the_job_ran_gets_no_report(
    world, fake_renderer, media
):
    job = enqueue_report(
        "indicator", "pdf", user=world.env_coordinator, language="en", indicator="PM10_AVG"
    )
    world.environment.coordinators.remove(world.env_coordinator)
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "You may no longer request this report.")
    assert not (media / "jobs").exists()


def test_the_worker_writes_progress_to_the_row_while_the_report_is_built(
    world, steps_kind, monkeypatch
):
    from stradom.jobs import services

    seen = []
    original = services.JobProgress.advance

    def watch(self, steps=1, message=""):
        original(self, steps, message)
        row = Job.objects.get(pk=self.job.pk)
        seen.append((row.done, row.total, row.step))

    monkeypatch.setattr(services.JobProgress, "advance", watch)
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 0)
    enqueue_report("steps", "pdf", user=world.admin, steps=3)
    run_jobs()
    # What the builder and then the renderer reported, read back from the row as it went.
    assert seen[:5] == [
        (1, 3, "section 1"),
        (2, 3, "section 2"),
        (3, 3, "section 3"),
        (1, 2, "writing"),
        (2, 2, "writing"),
    ]


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_progress_is_written_at_most_every_half_second(world):
    job = Job.objects.create(user=world.admin, kind="report")
    clock = Clock()
    progress = JobProgress(job, clock=clock)
    progress.start(1000, "counting")
    for _ in range(400):
        progress.advance(1, "row")
        clock.now += 0.001
    assert progress.writes == 1  # the start; 400 steps in 0.4 s wrote nothing more
    assert Job.objects.filter(pk=job.pk).values_list("done", "total", "step").get() == (
        0,
        1000,
        "counting",
    )
    clock.now += 0.2
    progress.advance(1, "row 401")
    assert progress.writes == 2
    assert Job.objects.get(pk=job.pk).done == 401
    progress.advance(5)
    progress.flush()
    assert progress.writes == 3
    assert Job.objects.filter(pk=job.pk).values_list("done", "step").get() == (406, "row 401")
    assert Job.objects.get(pk=job.pk).progress()["percent"] == 41


def test_progress_inside_a_long_transaction_goes_to_a_file_the_page_reads(world, media):
    job = Job.objects.create(user=world.admin, kind="import", status="running")
    progress = JobProgress(job, to_file=True, interval=0)
    progress.start(200, "rows")
    progress.advance(50)
    assert Job.objects.filter(pk=job.pk).values_list("done", "total").get() == (0, 0)
    assert Job.objects.get(pk=job.pk).progress() == {
        "done": 50,
        "total": 200,
        "step": "rows",
        "percent": 25,
    }
    assert [p.name for p in job.folder.iterdir()] == ["progress.json"]


def test_a_step_message_longer_than_the_column_is_cut(world):
    job = Job.objects.create(user=world.admin, kind="report")
    JobProgress(job).start(1, "x" * 1000)
    assert len(Job.objects.get(pk=job.pk).step) == 300


def test_a_job_deleted_before_the_worker_came_to_it_is_skipped(world, steps_kind, media):
    job = enqueue_report("steps", "pdf", user=world.admin)
    Job.objects.filter(pk=job.pk).delete()
    assert run_jobs() == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert not (media / "jobs").exists()


def test_the_real_indicator_sheet_is_made_by_the_worker_as_a_pdf(world, media):
    from io import BytesIO

    from pypdf import PdfReader

    job = enqueue_report("indicator", "pdf", user=world.env_coordinator, indicator="PM10_AVG")
    run_jobs()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    data = (media / job.file).read_bytes()
    assert data.startswith(b"%PDF") and job.size == len(data)
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
    assert "Średnioroczne stężenie PM10" in text
    assert job.progress()["percent"] == 100


def test_administrators_see_jobs_in_the_admin_but_cannot_make_or_change_them(world, client):
    job = Job.objects.create(user=world.analyst, kind="report", status="failed", error="boom")
    client.force_login(world.admin)
    listing = client.get("/en/admin/jobs/job/")
    assert listing.status_code == 200 and "daniel" in listing.content.decode()
    assert client.get(f"/en/admin/jobs/job/{job.pk}/change/").status_code == 200  # read only
    assert client.get("/en/admin/jobs/job/add/").status_code == 403
    client.post(f"/en/admin/jobs/job/{job.pk}/change/", {"status": "succeeded"})
    job.refresh_from_db()
    assert job.status == "failed"


def test_a_job_stopped_by_the_worker_is_failed_with_a_message_and_no_file(world, steps_kind, media):
    job = enqueue_report("steps", "pdf", user=world.admin, language="en", note="stop")
    run_jobs()
    job.refresh_from_db()
    assert (job.status, job.error) == (
        "failed",
        "The job was interrupted: the worker was stopped before it finished.",
    )
    assert not job.folder.exists()
    assert DBTaskResult.objects.get().status == "FAILED"
