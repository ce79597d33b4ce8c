"""A task of the tests' own, so the machinery is tested on no app's work: it counts
``steps`` steps, each reported as progress, and writes a small text file
(``steps-<n>.txt``). The queue knows it by its path, as it knows the real ones."""

from __future__ import annotations

from django.utils import translation
from django_tasks import task

from stradom.jobs import services
from stradom.jobs.models import Job, JobKind


def on_step(job: Job, progress: services.JobProgress, number: int) -> None:
    """Called before each step; tests replace it to hold a step or break one."""


def enqueue_steps(user, steps: int = 2, *, kind: str = JobKind.REPORT, language: str = "pl"):
    return services.enqueue(
        run_steps, user=user, kind=kind, language=language, params={"steps": steps}
    )


@task()
def run_steps(job_id: int) -> str:
    job = services.start(job_id)
    if job is None:
        return ""
    steps = int(job.params["steps"])
    progress = services.JobProgress(job)
    try:
        with services.Heartbeat(job), translation.override(job.language):
            progress.start(steps, "counting")
            for number in range(1, steps + 1):
                on_step(job, progress, number)
                progress.advance(1, f"step {number}")
            body = "\n".join(str(n) for n in range(1, steps + 1)).encode()
            path = services.write_file(job.folder, f"steps-{steps}.txt", body)
    except BaseException as exc:
        services.fail(job, exc, progress)
        raise
    return services.succeed(job, path, "text/plain", progress)
