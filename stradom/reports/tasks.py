"""Reports as background jobs: checked and queued on request, made by ``stradom worker``
(the machinery is ``stradom.jobs``; who may request which report is
``stradom.accounts.permissions``' ``REQUEST_REPORT`` and ``REPORT_ON``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django_tasks import task

from stradom.accounts.permissions import Action, can
from stradom.core.messages import StradomError, gettext_noop
from stradom.jobs import services as jobs
from stradom.jobs.models import Job, JobKind
from stradom.reports.kinds import kinds
from stradom.reports.services import check_request, generate_report


def may_request_report(user, kind: str, params: dict) -> bool:
    """May ``user`` request the ``kind`` report with ``params`` (what they name: the
    domain of a domain report, the indicator of a sheet)? An unknown domain or
    indicator is nobody's own domain."""
    from stradom.catalog.models import Domain, Indicator

    if not can(user, Action.REQUEST_REPORT, kind):
        return False
    if kind not in ("domain", "indicator"):
        return True
    model = Domain if kind == "domain" else Indicator
    named = model.objects.filter(code=params.get(kind)).first()
    # Nothing of that code: an unsaved one belongs to no domain, so only those who may
    # report on every domain pass here, to be told by the params' check that it is not.
    return can(user, Action.REPORT_ON, named or model())


def check_report_request(user, kind: str, fmt: str, language: str, params: dict) -> dict:
    """The params a report job will run with, or StradomError / PermissionDenied.

    The report service checks the shape (kind, format, language, which params);
    here the params are also read as what they name — a strategy that exists, a
    whole year, an indicator the user may see — so a job is never queued only to
    fail on a typo.
    """
    if not can(user, Action.REQUEST_REPORT):
        raise PermissionDenied
    _report, given = check_request(kind, fmt, language, params)
    checked = {name: _check_param(user, name, value) for name, value in given.items()}
    if not may_request_report(user, kind, checked):
        raise PermissionDenied
    return checked


def _check_param(user, name: str, value):
    from stradom.catalog.models import Domain, Indicator
    from stradom.strategy.models import Strategy
    from stradom.territory.models import Territory

    if name in ("strategy", "year"):
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise StradomError(
                gettext_noop("%(name)s must be a whole number, not “%(value)s”."),
                name=name,
                value=value,
            ) from None
        if name == "strategy" and not Strategy.objects.filter(pk=number).exists():
            raise StradomError(gettext_noop("There is no strategy number %(id)s."), id=number)
        if name == "year" and not 1900 <= number <= 2200:
            raise StradomError(
                gettext_noop("The year %(year)s is out of range (1900–2200)."), year=number
            )
        return number
    value = str(value).strip()
    if name == "indicator":
        indicator = Indicator.objects.filter(code=value).first()
        if indicator is None or not can(user, Action.VIEW, indicator):
            raise StradomError(gettext_noop("There is no indicator “%(code)s”."), code=value)
    elif name == "domain" and not Domain.objects.filter(code=value).exists():
        raise StradomError(gettext_noop("There is no domain “%(code)s”."), code=value)
    elif name == "territory" and not Territory.objects.filter(code=value).exists():
        raise StradomError(gettext_noop("There is no territorial unit “%(code)s”."), code=value)
    return value


def enqueue_report(kind: str, fmt: str, *, user, language: str = "pl", **params) -> Job:
    """Queue one report; raises StradomError (bad input) or PermissionDenied, and then
    nothing is queued."""
    checked = check_report_request(user, kind, fmt, language, params)
    return jobs.enqueue(
        run_report,
        user=user,
        kind=JobKind.REPORT,
        language=language,
        params={"report": kind, "format": fmt, **checked},
    )


@task()
def run_report(job_id: int) -> str:
    """The worker's side of :func:`enqueue_report`."""
    from stradom.reports.render import CONTENT_TYPES

    job = jobs.start(job_id)
    if job is None:
        return ""
    params = dict(job.params)
    kind, fmt = params.pop("report"), params.pop("format")
    progress = jobs.JobProgress(job)
    try:
        with jobs.Heartbeat(job), translation.override(job.language):
            if not may_request_report(job.user, kind, params):
                raise StradomError(gettext_noop("You may no longer request this report."))
            path = generate_report(
                kind,
                fmt,
                user=job.user,
                language=job.language,
                progress=progress,
                out_dir=job.folder,
                **params,
            )
    except BaseException as exc:
        jobs.fail(job, exc, progress)
        raise
    return jobs.succeed(job, path, CONTENT_TYPES.get(fmt), progress)


def describe(jobs) -> list[dict]:
    """Each report job with what a person reads about it: the report's name, its params
    in words, and its progress (see ``stradom.jobs.registry``). Strategies are looked up
    once for all the jobs."""
    from stradom.reports.forms import PARAM_LABELS
    from stradom.strategy.models import Strategy

    jobs = list(jobs)
    known = kinds()
    strategy_ids = {j.params.get("strategy") for j in jobs} - {None}
    strategies = {s.pk: s.name for s in Strategy.objects.filter(pk__in=strategy_ids)}
    out = []
    for j in jobs:
        params = dict(j.params)
        code, fmt = params.pop("report", ""), params.pop("format", "")
        kind = known.get(code)
        if "strategy" in params:
            params["strategy"] = strategies.get(params["strategy"], params["strategy"])
        out.append(
            {
                "job": j,
                "title": kind.label if kind else code,
                "format": fmt.upper(),
                # in the kind's order (PostgreSQL's jsonb keeps keys in its own order)
                "params": [
                    (PARAM_LABELS.get(k, k), params[k])
                    for k in sorted(params, key=lambda k: _position(kind, k))
                ],
                "progress": j.progress(),
            }
        )
    return out


def _position(kind, param: str) -> tuple[int, str]:
    order = kind.params if kind else ()
    return (order.index(param) if param in order else len(order), param)
