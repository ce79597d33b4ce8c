"""The council's resolutions and the civic-budget projects (read only).

Both registers are public information (the council publishes its resolutions, the
office the civic-budget projects and the vote), so anyone may read them. Entries
that are illustrative examples say so (``illustrative: true``). Amounts are strings
of plain decimals; writes go through the admin or ``stradom registers import``.
"""

from __future__ import annotations

from datetime import date

from ninja import Field, Query, Router, Schema

from stradom.api.errors import with_errors
from stradom.api.pagination import PageParams, page
from stradom.api.schemas import Page
from stradom.registers import queries
from stradom.registers.models import CivicBudgetProject, ProjectStatus, Resolution, ResolutionStatus

router = Router(tags=["registers"])


class ResolutionOut(Schema):
    term: str
    number: str
    adopted_on: date
    title: str
    unit: str | None = Field(description="code of the responsible unit")
    domain: str | None = Field(description="code of the management domain")
    status: str
    status_label: str
    note: str
    illustrative: bool


class ResolutionPage(Page):
    items: list[ResolutionOut]


class ResolutionFilter(Schema):
    year: int | None = Field(None, ge=1990, le=2200, description="year adopted")
    term: str | None = None
    number: str | None = None
    domain: str | None = None
    status: ResolutionStatus | None = None


def _resolution_out(r: Resolution) -> dict:
    return {
        "term": r.term,
        "number": r.number,
        "adopted_on": r.adopted_on,
        "title": r.title,
        "unit": r.unit.code if r.unit_id else None,
        "domain": r.domain.code if r.domain_id else None,
        "status": r.status,
        "status_label": str(ResolutionStatus(r.status).label),
        "note": r.note,
        "illustrative": r.illustrative,
    }


@router.get("/resolutions", response=with_errors(ResolutionPage))
def list_resolutions(request, filters: Query[ResolutionFilter], params: Query[PageParams]):
    """Resolutions of the council with their execution status, oldest first."""
    qs = queries.resolutions(year=filters.year, domain=filters.domain, status=filters.status)
    if filters.term:
        qs = qs.filter(term=filters.term)
    if filters.number:
        qs = qs.filter(number=filters.number)
    return page(qs, params, _resolution_out)


class ProjectOut(Schema):
    edition: int
    code: str
    title: str
    district: str | None = Field(description="territory code; null for a city-wide project")
    district_name: str | None
    domain: str | None
    cost: str = Field(description="zł, a plain decimal")
    votes: int | None
    status: str
    status_label: str
    note: str
    illustrative: bool


class ProjectPage(Page):
    items: list[ProjectOut]


class ProjectFilter(Schema):
    edition: int | None = Field(None, ge=1990, le=2200)
    district: str | None = None
    domain: str | None = None
    status: ProjectStatus | None = None


def _project_out(p: CivicBudgetProject) -> dict:
    return {
        "edition": p.edition,
        "code": p.code,
        "title": p.title,
        "district": p.district.code if p.district_id else None,
        "district_name": p.district.name if p.district_id else None,
        "domain": p.domain.code if p.domain_id else None,
        "cost": format(p.cost, "f"),
        "votes": p.votes,
        "status": p.status,
        "status_label": str(ProjectStatus(p.status).label),
        "note": p.note,
        "illustrative": p.illustrative,
    }


@router.get("/civic-budget/projects", response=with_errors(ProjectPage))
def list_projects(request, filters: Query[ProjectFilter], params: Query[PageParams]):
    """Civic-budget projects, newest edition first."""
    qs = queries.projects(
        edition=filters.edition,
        district=filters.district,
        domain=filters.domain,
        status=filters.status,
    )
    return page(qs, params, _project_out)


class CivicRowOut(Schema):
    edition: int
    district: str | None = Field(description="territory code; null for city-wide projects")
    district_name: str | None
    projects: int
    cost: str
    funded_cost: str = Field(description="cost of the projects selected, in progress or done")
    votes: int
    by_status: dict[str, int]
    illustrative: bool


class CivicFilter(Schema):
    edition: int | None = Field(None, ge=1990, le=2200)


@router.get("/civic-budget/summary", response=with_errors(list[CivicRowOut]))
def civic_budget_summary(request, filters: Query[CivicFilter]):
    """Projects per edition and district: how many, their cost and votes, by status."""
    rows = queries.civic_budget_rows(None if filters.edition is None else [filters.edition])
    return [
        {
            "edition": r.edition,
            "district": r.district_code or None,
            "district_name": r.district_name or None,
            "projects": r.count,
            "cost": format(r.cost, "f"),
            "funded_cost": format(r.funded_cost, "f"),
            "votes": r.votes,
            "by_status": r.by_status,
            "illustrative": r.illustrative,
        }
        for r in rows
    ]
