"""Read endpoints of the territory register and the indicator catalogue."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from ninja import Query, Router, Schema

from stradom.api.auth import current_user
from stradom.api.errors import with_errors
from stradom.api.pagination import PageParams, page
from stradom.api.permissions import readable_indicators
from stradom.api.schemas import (
    DomainOut,
    IndicatorOut,
    IndicatorPage,
    ServiceOut,
    TerritoryOut,
    TerritoryPage,
)
from stradom.catalog.computation import computation_texts
from stradom.catalog.freshness import assess_freshness
from stradom.catalog.models import Dimension, Domain, Indicator, PublicService
from stradom.catalog.queries import latest_period_subquery
from stradom.core.numbers import plain
from stradom.territory.models import Territory

router = Router(tags=["catalogue"])


def territory_out(t: Territory) -> dict:
    return {
        "code": t.code,
        "name": t.name,
        "kind": t.kind,
        "kind_detail": t.kind_detail,
        "parent": t.parent.code if t.parent_id else None,
        "number": t.number,
        "area_km2": plain(t.area_km2),
    }


class TerritoryFilter(Schema):
    kind: str | None = None
    parent: str | None = None


@router.get("/territories", response=with_errors(TerritoryPage, 422))
def list_territories(request, filters: Query[TerritoryFilter], params: Query[PageParams]):
    qs = Territory.objects.select_related("parent").order_by("code")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    return page(qs, params, territory_out)


@router.get("/territories/{code}", response=with_errors(TerritoryOut, 404))
def get_territory(request, code: str):
    return territory_out(get_object_or_404(Territory.objects.select_related("parent"), code=code))


@router.get("/domains", response=with_errors(list[DomainOut], 422))
def list_domains(request):
    return list(Domain.objects.order_by("order", "code"))


@router.get("/services", response=with_errors(list[ServiceOut], 422))
def list_services(request, domain: str | None = None):
    qs = PublicService.objects.select_related("domain").order_by("domain__order", "code")
    if domain:
        qs = qs.filter(domain__code=domain)
    return [
        {
            "code": s.code,
            "name_pl": s.name_pl,
            "name_en": s.name_en,
            "description_pl": s.description_pl,
            "description_en": s.description_en,
            "domain": s.domain.code,
        }
        for s in qs
    ]


def indicator_queryset(user):
    return (
        readable_indicators(user, Indicator.objects.all())
        .annotate(latest_period=latest_period_subquery())
        .select_related("domain", "aggregation_source")
        .prefetch_related(
            "services",
            Prefetch("dimensions", queryset=Dimension.objects.prefetch_related("values")),
        )
    )


def computations(indicators, user) -> dict[int, dict[str, str]]:
    """``{pk: {"computation_pl": …, "computation_en": …}}``: how each computed indicator is
    calculated, in words of both languages (``stradom.catalog.computation``, as the pages
    say it), for the user asking."""
    indicators = list(indicators)
    words: dict[int, dict[str, str]] = {i.pk: {} for i in indicators}
    for language in ("pl", "en"):
        with translation.override(language):
            texts = computation_texts(indicators, user=user)
        for pk, entry in words.items():
            entry[f"computation_{language}"] = texts.get(pk, "")
    return words


def indicator_out(
    i: Indicator, today: date | None = None, words: dict[str, str] | None = None
) -> dict:
    """An indicator as the API gives it; ``i`` annotated with ``latest_period``
    (``indicator_queryset``). ``freshness`` is judged on ``today`` (default: today);
    ``words``: its entry of :func:`computations`."""
    fresh = assess_freshness(
        i.frequency, i.publication_lag_days, i.latest_period, today or timezone.localdate()
    )
    return {
        "code": i.code,
        "name_pl": i.name_pl,
        "name_en": i.name_en,
        "description_pl": i.description_pl,
        "description_en": i.description_en,
        "calculation_pl": i.calculation_pl,
        "calculation_en": i.calculation_en,
        "unit": i.unit,
        "decimals": i.decimals,
        "polarity": i.polarity,
        "kind": i.kind,
        "theme": i.theme,
        "frequency": i.frequency,
        "publication_lag_days": i.publication_lag_days,
        "freshness": fresh.as_dict(),
        "source": i.source,
        "source_url": i.source_url,
        "responsible_unit": i.responsible_unit,
        "publication_status": i.publication_status,
        "domain": i.domain.code if i.domain_id else None,
        "services": [s.code for s in i.services.all()],
        "dimensions": [
            {
                "code": d.code,
                "name_pl": d.name_pl,
                "name_en": d.name_en,
                "values": [
                    {"code": v.code, "name_pl": v.name_pl, "name_en": v.name_en}
                    for v in d.values.all()
                ],
            }
            for d in i.dimensions.all()
        ],
        "computed": i.is_computed,
        "formula": i.formula,
        "computation_pl": (words or {}).get("computation_pl", ""),
        "computation_en": (words or {}).get("computation_en", ""),
        "updated_at": i.updated_at,
    }


class IndicatorFilter(Schema):
    domain: str | None = None
    theme: str | None = None
    kind: str | None = None
    service: str | None = None


@router.get("/indicators", response=with_errors(IndicatorPage, 422))
def list_indicators(request, filters: Query[IndicatorFilter], params: Query[PageParams]):
    qs = indicator_queryset(current_user(request)).order_by("code")
    if filters.domain:
        qs = qs.filter(domain__code=filters.domain)
    if filters.theme:
        qs = qs.filter(theme=filters.theme)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.service:
        qs = qs.filter(services__code=filters.service)
    today = timezone.localdate()
    result = page(qs, params, lambda i: i)
    words = computations(result["items"], current_user(request))
    result["items"] = [indicator_out(i, today, words[i.pk]) for i in result["items"]]
    return result


@router.get("/indicators/{code}", response=with_errors(IndicatorOut, 404))
def get_indicator(request, code: str):
    """One indicator with its metadata; 404 also when the user may not read it."""
    user = current_user(request)
    indicator = get_object_or_404(indicator_queryset(user), code=code)
    return indicator_out(indicator, words=computations([indicator], user)[indicator.pk])
