"""What the job pages say of each kind of job, told by the apps whose work it is.

The jobs app knows no report, import or export: an app whose tasks run as jobs
registers, in its ``AppConfig.ready()``, a function that takes that kind's jobs and
gives each one's title, format, parameters in words and progress (``stradom.reports``
for reports and the open-data exports it offers). A kind nobody registered is shown
by its name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from stradom.jobs.models import Job

Describer = Callable[[list[Job]], list[dict]]
DESCRIBERS: dict[str, Describer] = {}


def register(kind: str, describer: Describer) -> None:
    DESCRIBERS[kind] = describer


def describe(jobs: Iterable[Job]) -> list[dict]:
    """Each job as the pages show it, in the order given (one call per kind of job)."""
    jobs = list(jobs)
    described: dict[int, dict] = {}
    for kind in {j.kind for j in jobs}:
        of_kind = [j for j in jobs if j.kind == kind]
        for entry in DESCRIBERS.get(kind, _plain)(of_kind):
            described[entry["job"].pk] = entry
    return [described[j.pk] for j in jobs]


def _plain(jobs: list[Job]) -> list[dict]:
    return [
        {
            "job": j,
            "title": j.get_kind_display(),
            "format": "",
            "params": [],
            "progress": j.progress(),
        }
        for j in jobs
    ]
