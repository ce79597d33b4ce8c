"""Instruments (programmes, projects, portfolios) and money (budget tasks, roll-ups).

Like the workspace screens that show them, these are for the office: a user with a role
(401 without credentials, 403 without a role). Amounts are strings of plain decimals.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from stradom.api.auth import current_user
from stradom.api.errors import ApiError, with_errors
from stradom.api.pagination import PageParams, page
from stradom.api.permissions import is_office_user, readable_indicators
from stradom.api.schemas import Page
from stradom.catalog.models import Indicator
from stradom.core.i18n import localize
from stradom.finance import queries as money
from stradom.finance.models import BudgetTask
from stradom.instruments.models import Instrument
from stradom.instruments.queries import latest_updates

router = Router(tags=["instruments and money"])


def _require_office(request):
    user = current_user(request)
    if not user.is_authenticated:
        raise ApiError(401, "unauthenticated", _("Sign in or send an API token."))
    if not is_office_user(user):
        raise ApiError(403, "forbidden", _("Only the office's users may read this."))
    return user


class ProgressOut(Schema):
    period: str
    percent_complete: int | None
    recorded: str


class InstrumentOut(Schema):
    code: str
    kind: str
    name_pl: str
    name_en: str
    description_pl: str
    parent: str | None
    owning_unit: str
    status: str
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    goals: list[str] = Field(description="'<strategy code>:<goal code>'")
    output_indicators: list[str]
    result_indicators: list[str]
    latest_progress: ProgressOut | None
    illustrative: bool
    source_url: str


class InstrumentPage(Page):
    items: list[InstrumentOut]


class InstrumentFilter(Schema):
    kind: str | None = None
    status: str | None = None
    parent: str | None = None


def _instruments(user):
    readable = readable_indicators(user, Indicator.objects.all())
    return Instrument.objects.select_related("parent").prefetch_related(
        "goals__strategy",
        Prefetch("output_indicators", queryset=readable.order_by("code")),
        Prefetch("result_indicators", queryset=readable.order_by("code")),
    )


def _instrument_out(i: Instrument, latest: dict) -> dict:
    update = latest.get(i.pk)
    return {
        "code": i.code,
        "kind": i.kind,
        "name_pl": i.name_pl,
        "name_en": i.name_en,
        "description_pl": i.description_pl,
        "parent": i.parent.code if i.parent_id else None,
        "owning_unit": i.owning_unit,
        "status": i.status,
        "planned_start": i.planned_start,
        "planned_end": i.planned_end,
        "actual_start": i.actual_start,
        "actual_end": i.actual_end,
        "goals": sorted(f"{g.strategy.code}:{g.code}" for g in i.goals.all()),
        "output_indicators": [x.code for x in i.output_indicators.all()],
        "result_indicators": [x.code for x in i.result_indicators.all()],
        "latest_progress": None
        if update is None
        else {
            "period": update.period,
            "percent_complete": update.percent_complete,
            "recorded": update.created_at.isoformat(),
        },
        "illustrative": i.illustrative,
        "source_url": i.source_url,
    }


@router.get("/instruments", response=with_errors(InstrumentPage, 403))
def list_instruments(request, filters: Query[InstrumentFilter], params: Query[PageParams]):
    user = _require_office(request)
    qs = _instruments(user).order_by("code")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    chosen = list(qs[params.offset : params.offset + params.limit])
    latest = latest_updates(chosen)
    return {
        "count": qs.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [_instrument_out(i, latest) for i in chosen],
    }


@router.get("/instruments/{code}", response=with_errors(InstrumentOut, 403, 404))
def get_instrument(request, code: str):
    user = _require_office(request)
    instrument = get_object_or_404(_instruments(user), code=code)
    return _instrument_out(instrument, latest_updates([instrument]))


class MoneyRowOut(Schema):
    key: str
    name: str
    depth: int
    planned: str
    planned_after_changes: str
    committed: str
    spent: str
    remaining: str
    tasks: int
    share_of_budget: str | None


class MoneySummaryOut(Schema):
    by: str
    years: list[int]
    strategy: str | None
    rows: list[MoneyRowOut]
    total: MoneyRowOut
    illustrative: bool
    warnings: list[str]
    goals_without_money: list[str]
    instruments_without_goal: list[str]


class SummaryParams(Schema):
    by: str = Field("goal", pattern="^(goal|domain|unit|instrument)$")
    year: int | None = Field(None, ge=1990, le=2200)
    horizon: bool = Field(False, description="the WPF's years instead of one year")


@router.get("/money/summary", response=with_errors(MoneySummaryOut, 403))
def money_summary(request, params: Query[SummaryParams]):
    """Planned, committed, spent and remaining money by goal, domain, unit or instrument
    — the roll-up the workspace shows (``stradom.finance.queries.summary``)."""
    _require_office(request)
    result = money.summary(year=params.year, horizon=params.horizon, by=params.by)
    return {
        "by": result.by,
        "years": result.years,
        "strategy": getattr(result.strategy, "code", None),
        "rows": [r.as_dict() for r in result.rows],
        "total": result.total.as_dict(),
        "illustrative": result.illustrative,
        "warnings": [localize(w) for w in result.warnings],
        "goals_without_money": result.goals_without_money,
        "instruments_without_goal": result.instruments_without_goal,
    }


class BudgetTaskOut(Schema):
    year: int
    code: str
    name_pl: str
    name_en: str
    unit: str
    domain: str | None
    instrument: str | None
    classification: str
    plan: str
    plan_after_changes: str
    commitments: str
    execution: str
    remaining: str
    illustrative: bool


class BudgetTaskPage(Page):
    items: list[BudgetTaskOut]


class TaskFilter(Schema):
    year: int | None = Field(None, ge=1990, le=2200)
    domain: str | None = None
    unit: str | None = None
    instrument: str | None = None


def _amount(value) -> str:
    return format(value, "f")


def _task_out(t: BudgetTask) -> dict:
    return {
        "year": t.year,
        "code": t.code,
        "name_pl": t.name_pl,
        "name_en": t.name_en,
        "unit": t.unit.code,
        "domain": t.domain.code if t.domain_id else None,
        "instrument": t.instrument.code if t.instrument_id else None,
        "classification": t.classification,
        "plan": _amount(t.plan),
        "plan_after_changes": _amount(t.plan_after_changes),
        "commitments": _amount(t.commitments),
        "execution": _amount(t.execution),
        "remaining": _amount(t.remaining),
        "illustrative": t.illustrative,
    }


@router.get("/money/tasks", response=with_errors(BudgetTaskPage, 403))
def list_budget_tasks(request, filters: Query[TaskFilter], params: Query[PageParams]):
    _require_office(request)
    qs = BudgetTask.objects.select_related("unit", "domain", "instrument").order_by("-year", "code")
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.domain:
        qs = qs.filter(domain__code=filters.domain)
    if filters.unit:
        qs = qs.filter(unit__code=filters.unit)
    if filters.instrument:
        qs = qs.filter(instrument__code=filters.instrument)
    return page(qs, params, _task_out)
