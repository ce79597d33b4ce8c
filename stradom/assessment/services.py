"""Feeding the engine from the store, rolling up, and keeping runs.

``assess_strategy`` reads every link of a strategy and all their series in a bounded
number of queries (goals, links, levels, and one ``series_many`` per distinct
disaggregation key), runs them through the engine's vectorised path, and rolls the
results up along the goal tree and by management domain. The result is plain data
(``dict`` of JSON types), the same shape that ``run_assessment`` stores in an
``AssessmentRun``, so a stored run is shown by the same code, exactly as computed.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from stradom.assessment import rollup
from stradom.assessment.engine import METHODS, SeriesInput, assess_many, get_method
from stradom.assessment.models import AssessmentRun
from stradom.catalog.freshness import assess_freshness, latest_of
from stradom.catalog.queries import series_many
from stradom.core.periods import parse_period
from stradom.strategy.models import GoalIndicator, Strategy
from stradom.surveys.queries import comparability_breaks, last_break

# The engine's first method, sdg-build's ProgressMeasure: the standard one.
DEFAULT_METHOD = "opensdg"
DEFAULT_COVERAGE_YEARS = 3
NO_DOMAIN = ""

assert DEFAULT_METHOD in METHODS  # noqa: S101 - a typo here should fail at import


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _year(period: str) -> int | None:
    return int(period) if len(period) == 4 and period.isdigit() else None


def _freshness(indicator, stored, as_of_day: date) -> dict[str, Any]:
    """Whether the link's stored values (not a baseline the strategy supplies) are up to
    date on ``as_of_day``, by the indicator's frequency and publication lag."""
    ended = (parse_period(p.period) for p in stored if p.value is not None)
    latest = latest_of(q for q in ended if q.end <= as_of_day)
    return assess_freshness(
        indicator.frequency, indicator.publication_lag_days, latest, as_of_day
    ).as_dict()


def _config_dict(config: Any) -> dict[str, Any]:
    return {
        f.name: getattr(config, f.name)
        for f in dataclasses.fields(config)
        if f.name not in ("labels", "scores")
    }


def _clean(value: Any) -> Any:
    """JSON-safe: NaN and infinities become None (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def assess_strategy(
    strategy: Strategy,
    *,
    method: str = DEFAULT_METHOD,
    as_of_year: int | None = None,
    config: Any = None,
    coverage_years: int = DEFAULT_COVERAGE_YEARS,
) -> dict[str, Any]:
    """Assess every goal–indicator link of ``strategy`` with ``method`` as of a year.

    Only yearly observations count. A link's base year is its ``baseline_year`` (or the
    method's default); when the stored series has no value in that year, the link's
    ``baseline_value`` is used as that year's point and ``baseline_point_added`` says so.
    """
    m = get_method(method)
    config = m.config(config)
    as_of_year = as_of_year or timezone.now().year
    # Freshness is judged on the last day the assessment looks at: today, or the end of a
    # past as-of year (a report on 2024 is not told that 2025 is missing).
    as_of_day = min(timezone.localdate(), date(as_of_year, 12, 31))
    goals = list(strategy.goals.order_by("depth", "order", "code").values())
    levels = {lv.depth: lv for lv in strategy.levels.all()}
    links = list(
        GoalIndicator.objects.filter(goal__strategy=strategy)
        .select_related("indicator__domain", "territory", "goal")
        .order_by("goal__order", "goal__code", "order", "id")
    )
    by_dimensions: dict[str, list[GoalIndicator]] = defaultdict(list)
    for link in links:
        by_dimensions[link.dimensions].append(link)
    points: dict[tuple[int, int, str], list] = {}
    # Survey series restart at a wave marked not comparable with earlier ones.
    breaks = comparability_breaks({li.indicator_id for li in links})
    for key, group in by_dimensions.items():
        found = series_many(
            {li.indicator for li in group}, {li.territory for li in group}, dimensions=key
        )
        for (indicator_id, territory_id), pts in found.items():
            points[(indicator_id, territory_id, key)] = pts

    inputs: list[SeriesInput] = []
    rows: list[dict[str, Any]] = []
    for link in links:
        stored = points.get((link.indicator_id, link.territory_id, link.dimensions), [])
        series = [(y, p.value) for p in stored if (y := _year(p.period)) is not None]
        cut = last_break(breaks.get(link.indicator_id, ()), as_of_year)
        base_year = link.baseline_year
        if cut is not None:
            series = [(y, v) for y, v in series if y >= cut.year]
            base_year = max(base_year or cut.year, cut.year)
        added = False
        if (
            base_year == link.baseline_year
            and link.baseline_year is not None
            and link.baseline_value is not None
            and not any(y == link.baseline_year and v is not None for y, v in series)
        ):
            series = [(y, v) for y, v in series if y != link.baseline_year]
            series.append((link.baseline_year, link.baseline_value))
            added = True
        series.sort()
        known = [(y, v) for y, v in series if v is not None and y <= as_of_year]
        direction = link.effective_direction
        inputs.append(
            SeriesInput(
                points=tuple((y, _float(v)) for y, v in series),
                direction=direction,
                base_year=base_year,
                target_year=link.target_year,
                target_value=_float(link.target_value),
                limit=_float(link.limit),
                as_of_year=as_of_year,
            )
        )
        indicator, domain = link.indicator, link.indicator.domain
        rows.append(
            {
                "link_id": link.pk,
                "goal_id": link.goal_id,
                "goal_code": link.goal.code,
                "indicator_code": indicator.code,
                "indicator_name_pl": indicator.name_pl,
                "indicator_name_en": indicator.name_en,
                "unit": indicator.unit,
                "decimals": indicator.decimals,
                "domain": domain.code if domain else NO_DOMAIN,
                "territory_code": link.territory.code,
                "territory_name": link.territory.name,
                "dimensions": link.dimensions,
                "direction": direction,
                "direction_overridden": bool(link.direction),
                "weight": _num(link.weight),
                "baseline_year": link.baseline_year,
                "baseline_value": _num(link.baseline_value),
                "baseline_point_added": added,
                "target_year": link.target_year,
                "target_value": _num(link.target_value),
                "target_source": link.target_source,
                "milestones": link.milestones,
                "limit": _num(link.limit),
                "note": link.note,
                "points": [[y, _num(v)] for y, v in series],
                "latest_year": known[-1][0] if known else None,
                "latest_value": _num(known[-1][1]) if known else None,
                "comparability_break": cut.as_dict() if cut is not None else None,
                "freshness": _freshness(link.indicator, stored, as_of_day),
            }
        )
    if links:
        batch = assess_many(method, inputs, config)
        for i, row in enumerate(rows):
            a = batch.assessment(i)
            row.update(
                status=a.status.value,
                label=a.label,
                rank=a.rank,
                score=_clean(a.score),
                reason_code=a.reason_code.value if a.reason_code else None,
                reason=(
                    None
                    if a.reason is None
                    else {
                        "template": a.reason.template,
                        "params": {k: _clean(v) for k, v in a.reason.params.items()},
                    }
                ),
                inputs={k: _clean(v) for k, v in a.inputs.items()},
            )

    tree = rollup.rollup_tree(
        [(g["id"], g["parent_id"]) for g in goals],
        rows,
        as_of_year=as_of_year,
        coverage_years=coverage_years,
    )
    domains = rollup.rollup_by(
        rows, lambda r: r["domain"], as_of_year=as_of_year, coverage_years=coverage_years
    )
    domain_names = {
        li.indicator.domain.code: (li.indicator.domain.name_pl, li.indicator.domain.name_en)
        for li in links
        if li.indicator.domain
    }
    return {
        "strategy": {
            "id": strategy.pk,
            "code": strategy.code,
            "version": strategy.version,
            "name_pl": strategy.name_pl,
            "name_en": strategy.name_en,
            "start_year": strategy.start_year,
            "end_year": strategy.end_year,
            "resolution": strategy.resolution,
        },
        "method": method,
        "method_title": m.title,
        "method_source": m.source,
        "config": _config_dict(config),
        "status_labels": {st.value: label for st, label in config.labels.items()},
        "as_of_year": as_of_year,
        "coverage_years": coverage_years,
        "goals": [
            {
                "id": g["id"],
                "parent_id": g["parent_id"],
                "code": g["code"],
                "name_pl": g["name_pl"],
                "name_en": g["name_en"],
                "depth": g["depth"],
                "level_pl": levels[g["depth"]].name_pl if g["depth"] in levels else "",
                "level_en": levels[g["depth"]].name_en if g["depth"] in levels else "",
                "source_url": g["source_url"],
                "rollup": tree[g["id"]].as_dict(),
            }
            for g in _tree_order(goals)
        ],
        "links": rows,
        "domains": [
            {
                "code": code,
                "name_pl": domain_names.get(code, ("", ""))[0],
                "name_en": domain_names.get(code, ("", ""))[1],
                "rollup": r.as_dict(),
            }
            for code, r in sorted(domains.items())
        ],
    }


def _tree_order(goals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Depth-first, children by (order, code): how the tree is read on paper."""
    children: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for g in goals:
        children[g["parent_id"]].append(g)
    for kids in children.values():
        kids.sort(key=lambda g: (g["order"], g["code"]))
    out: list[dict[str, Any]] = []
    stack = list(reversed(children[None]))
    while stack:
        g = stack.pop()
        out.append(g)
        stack.extend(reversed(children[g["id"]]))
    return out


def run_assessment(
    strategy: Strategy,
    *,
    method: str = DEFAULT_METHOD,
    as_of_year: int | None = None,
    config: Any = None,
    coverage_years: int = DEFAULT_COVERAGE_YEARS,
    actor=None,
) -> AssessmentRun:
    """Assess and keep the result, with every input, as an ``AssessmentRun``."""
    result = assess_strategy(
        strategy,
        method=method,
        as_of_year=as_of_year,
        config=config,
        coverage_years=coverage_years,
    )
    return AssessmentRun.objects.create(
        strategy=strategy,
        method=method,
        as_of_year=result["as_of_year"],
        coverage_years=coverage_years,
        config=result["config"],
        results=result,
        created_by=actor,
    )
