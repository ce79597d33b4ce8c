"""Reads of the registers, for the admin, the API, the portal and the reports.

Council resolutions and civic-budget projects are public information (the
council publishes its resolutions in the BIP, the office the projects and the
vote), so every reader may see them; entries that are illustrative examples say
so (``illustrative``) and every way out labels them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet, Sum

from stradom.registers.models import (
    CivicBudgetProject,
    ProjectStatus,
    RegisterChange,
    Resolution,
    ResolutionStatus,
)

ZERO = Decimal("0.00")
# Projects whose money the civic budget actually spends (chosen and not dropped).
FUNDED = (ProjectStatus.SELECTED, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED)


def resolutions(
    *, year: int | None = None, domain: str | None = None, status: str | None = None
) -> QuerySet[Resolution]:
    """Resolutions (adopted in ``year``, of a domain code, in a status), oldest first."""
    qs = Resolution.objects.select_related("unit", "domain")
    if year is not None:
        qs = qs.filter(adopted_on__year=year)
    if domain is not None:
        qs = qs.filter(domain__code=domain)
    if status is not None:
        qs = qs.filter(status=status)
    return qs.order_by("adopted_on", "number")


def resolution_counts(year: int | None = None) -> list[tuple[str, str, int]]:
    """``(status, label, count)`` for every execution status, in the order of the scale."""
    qs = Resolution.objects.all()
    if year is not None:
        qs = qs.filter(adopted_on__year=year)
    counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    return [(s.value, s.label, counts.get(s.value, 0)) for s in ResolutionStatus]


def projects(
    *,
    edition: int | None = None,
    editions: Iterable[int] | None = None,
    district: str | None = None,
    domain: str | None = None,
    status: str | None = None,
) -> QuerySet[CivicBudgetProject]:
    qs = CivicBudgetProject.objects.select_related("district", "domain")
    if edition is not None:
        qs = qs.filter(edition=edition)
    if editions is not None:
        qs = qs.filter(edition__in=list(editions))
    if district is not None:
        qs = qs.filter(district__code=district)
    if domain is not None:
        qs = qs.filter(domain__code=domain)
    if status is not None:
        qs = qs.filter(status=status)
    # City-wide projects (no district) first on every database.
    return qs.order_by("-edition", F("district__code").asc(nulls_first=True), "code")


@dataclass
class CivicRow:
    """Projects of one edition in one district (``district_code`` empty: city-wide)."""

    edition: int
    district_code: str
    district_name: str
    count: int = 0
    cost: Decimal = ZERO
    funded_cost: Decimal = ZERO
    votes: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    illustrative: bool = False


def civic_budget_rows(editions: Iterable[int] | None = None) -> list[CivicRow]:
    """One row per edition and district: projects, their cost, the cost of the funded
    ones, votes and counts by status (one grouped query)."""
    qs = CivicBudgetProject.objects.all()
    if editions is not None:
        qs = qs.filter(edition__in=list(editions))
    status_counts = {f"n_{s.value}": Count("id", filter=Q(status=s.value)) for s in ProjectStatus}
    grouped = (
        qs.values("edition", "district__code", "district__name", "district__number")
        .annotate(
            n=Count("id"),
            total_cost=Sum("cost"),
            funded=Sum("cost", filter=Q(status__in=FUNDED)),
            total_votes=Sum("votes"),
            n_illustrative=Count("id", filter=Q(illustrative=True)),
            **status_counts,
        )
        .order_by("-edition", "district__code")
    )
    rows = []
    for g in grouped:
        rows.append(
            CivicRow(
                edition=g["edition"],
                district_code=g["district__code"] or "",
                district_name=g["district__name"] or "",
                count=g["n"],
                cost=(g["total_cost"] or ZERO).quantize(ZERO),
                funded_cost=(g["funded"] or ZERO).quantize(ZERO),
                votes=g["total_votes"] or 0,
                by_status={s.value: g[f"n_{s.value}"] for s in ProjectStatus if g[f"n_{s.value}"]},
                illustrative=bool(g["n_illustrative"]),
            )
        )
    # City-wide projects first in each edition, then the districts by code.
    rows.sort(key=lambda r: (-r.edition, r.district_code != "", r.district_code))
    return rows


def history(entry) -> QuerySet[RegisterChange]:
    """Every recorded change of a resolution or project, newest first."""
    return RegisterChange.objects.filter(
        content_type=ContentType.objects.get_for_model(type(entry)), object_id=entry.pk
    ).select_related("actor")
