"""Strategies, their goal trees and their assessment (read only)."""

from __future__ import annotations

from collections import defaultdict

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from stradom.api.auth import current_user
from stradom.api.errors import ApiError, with_errors
from stradom.api.permissions import readable_indicators
from stradom.api.schemas import AssessmentOut, StrategyDetailOut, StrategyOut
from stradom.assessment.engine import METHODS
from stradom.assessment.services import DEFAULT_METHOD, assess_strategy
from stradom.catalog.models import Indicator
from stradom.core.numbers import plain
from stradom.strategy.models import GoalIndicator, Strategy

router = Router(tags=["strategies"])

_FIELDS = [
    "id",
    "code",
    "version",
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "start_year",
    "end_year",
    "resolution",
    "source_url",
]


def strategy_out(s: Strategy) -> dict:
    return {f: getattr(s, f) for f in _FIELDS}


@router.get("/strategies", response=with_errors(list[StrategyOut], 422))
def list_strategies(request):
    return [strategy_out(s) for s in Strategy.objects.order_by("code", "-version", "id")]


def _readable_ids(user) -> set[int]:
    return set(readable_indicators(user, Indicator.objects.all()).values_list("pk", flat=True))


@router.get("/strategies/{strategy_id}", response=with_errors(StrategyDetailOut, 404))
def get_strategy(request, strategy_id: int):
    """A strategy with its goal tree (depth first) and the indicators of each goal; links
    to indicators the user may not read are left out."""
    strategy = get_object_or_404(Strategy, pk=strategy_id)
    readable = _readable_ids(current_user(request))
    levels = {lv.depth: lv for lv in strategy.levels.all()}
    links = defaultdict(list)
    for link in (
        GoalIndicator.objects.filter(goal__strategy=strategy, indicator_id__in=readable)
        .select_related("indicator", "territory")
        .order_by("goal_id", "order", "id")
    ):
        links[link.goal_id].append(
            {
                "indicator": link.indicator.code,
                "territory": link.territory.code,
                "dimensions": link.dimensions,
                "direction": link.effective_direction,
                "baseline_year": link.baseline_year,
                "baseline_value": plain(link.baseline_value),
                "target_year": link.target_year,
                "target_value": plain(link.target_value),
                "target_source": link.target_source,
                "weight": plain(link.weight),
            }
        )
    goals = list(strategy.goals.all())
    children = defaultdict(list)
    for g in goals:
        children[g.parent_id].append(g)
    ordered = []
    stack = sorted(children[None], key=lambda g: (g.order, g.code), reverse=True)
    while stack:
        g = stack.pop()
        ordered.append(g)
        stack.extend(sorted(children[g.pk], key=lambda g: (g.order, g.code), reverse=True))
    out = strategy_out(strategy)
    out["goals"] = [
        {
            "id": g.pk,
            "parent_id": g.parent_id,
            "code": g.code,
            "name_pl": g.name_pl,
            "name_en": g.name_en,
            "depth": g.depth,
            "level_pl": levels[g.depth].name_pl if g.depth in levels else "",
            "level_en": levels[g.depth].name_en if g.depth in levels else "",
            "order": g.order,
            "links": links[g.pk],
        }
        for g in ordered
    ]
    return out


class AssessmentParams(Schema):
    method: str = Field(DEFAULT_METHOD, description="one of the assessment methods")
    as_of_year: int | None = Field(None, ge=1900, le=2200)


@router.get(
    "/strategies/{strategy_id}/assessment", response=with_errors(AssessmentOut, 400, 404, 422)
)
def strategy_assessment(request, strategy_id: int, params: Query[AssessmentParams]):
    """The same assessment the screens show (``assess_strategy``). Per-link rows of
    indicators the user may not read are left out (``hidden_links`` counts them); the
    roll-ups of goals and domains are the office's assessment and stay as computed."""
    strategy = get_object_or_404(Strategy, pk=strategy_id)
    if params.method not in METHODS:
        raise ApiError(
            400,
            "bad_request",
            _("Unknown assessment method."),
            [{"field": "method", "line": None, "message": ", ".join(sorted(METHODS))}],
        )
    result = assess_strategy(strategy, method=params.method, as_of_year=params.as_of_year)
    readable = set(
        readable_indicators(current_user(request), Indicator.objects.all()).values_list(
            "code", flat=True
        )
    )
    links = [row for row in result["links"] if row["indicator_code"] in readable]
    main = {"strategy", "method", "as_of_year", "goals", "links", "domains"}
    return {
        "strategy": result["strategy"],
        "method": result["method"],
        "as_of_year": result["as_of_year"],
        "goals": result["goals"],
        "links": links,
        "domains": result["domains"],
        "hidden_links": len(result["links"]) - len(links),
        "extra": {k: v for k, v in result.items() if k not in main},
    }
