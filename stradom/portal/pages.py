"""What the public dashboard and the workspace show, assembled from the query and
assessment functions (never from models directly), so both read the same numbers.

Everything here takes the *user* and filters by ``stradom.accounts.permissions``: the
public sees published indicators only, and roll-ups are computed over what the viewer
may see, so a goal's status never leaks an unpublished indicator.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from stradom.accounts.permissions import visible_indicators
from stradom.assessment import rollup
from stradom.assessment.services import assess_strategy
from stradom.catalog import queries
from stradom.catalog.computation import computation_text, restates_computation
from stradom.catalog.freshness import assess_freshness, latest_of
from stradom.catalog.models import Indicator, ObservationChange
from stradom.charts import specs
from stradom.core.i18n import localize
from stradom.core.messages import Message
from stradom.portal import surveys as survey_parts
from stradom.portal.labels import disaggregation_labels
from stradom.portal.templatetags.stradom import freshness_text
from stradom.strategy.models import Goal, GoalIndicator, Strategy
from stradom.territory.models import Territory, TerritoryKind

# The common ordinal scale of the assessment engine (5 best … 1 worst, 0 not assessed),
# each with words: a status is never shown by colour alone.
RANK_LABELS = {
    5: gettext_lazy("Target reached"),
    4: gettext_lazy("On track"),
    3: gettext_lazy("Progress, but too slow"),
    2: gettext_lazy("Little progress"),
    1: gettext_lazy("Moving away from the target"),
    0: gettext_lazy("Not assessed"),
}
RANK_SYMBOLS = {5: "★", 4: "▲", 3: "◆", 2: "▼", 1: "✖", 0: "○"}


def _en() -> bool:
    return (get_language() or "pl").startswith("en")


def name_of(item: dict[str, Any], prefix: str = "name") -> str:
    if _en():
        return item.get(f"{prefix}_en") or item.get(f"{prefix}_pl") or ""
    return item.get(f"{prefix}_pl") or ""


def status_of_rank(rank: float | int | None) -> dict[str, Any]:
    r = 0 if rank is None else int(Decimal(str(rank)).to_integral_value())
    r = max(0, min(5, r))
    return {"rank": r, "css": f"status-{r}", "label": RANK_LABELS[r], "symbol": RANK_SYMBOLS[r]}


def current_strategies():
    """The strategies in force: the newest version of each code."""
    return Strategy.objects.filter(next_versions__isnull=True).order_by("code")


def home_territory() -> Territory | None:
    """The office's own unit: ``settings.STRADOM_HOME_TERRITORY`` (a code) when set; else
    the unit most goal links point at; else the unit with the most districts."""
    code = getattr(settings, "STRADOM_HOME_TERRITORY", "")
    if code:
        return Territory.objects.filter(code=code).first()
    top = (
        GoalIndicator.objects.values("territory")
        .annotate(n=Count("id"))
        .order_by("-n", "territory")
        .first()
    )
    if top:
        return Territory.objects.filter(pk=top["territory"]).first()
    return (
        Territory.objects.filter(children__kind=TerritoryKind.SUBMUNICIPAL)
        .annotate(n_districts=Count("children"))
        .order_by("-n_districts", "code")
        .first()
    )


# -- strategy ------------------------------------------------------------------------------


def strategy_view(
    strategy: Strategy,
    user,
    *,
    rows_for: Iterable[int] | None = None,
    as_of_year: int | None = None,
) -> dict:
    """The strategy assessed, keeping only the links to indicators ``user`` may see, with
    roll-ups recomputed over those links. ``rows_for``: the goals whose link rows the page
    shows (default all; a summary page passes none, which keeps big strategies fast).
    ``as_of_year``: the year assessed (default the current one; reports pass theirs)."""
    result = assessed(strategy, as_of_year)
    visible = set(
        visible_indicators(user)
        .filter(goal_links__goal__strategy=strategy)
        .values_list("code", flat=True)
    )
    links = [r for r in result["links"] if r["indicator_code"] in visible]
    tree = _rolled_up(result, visible, links)
    wanted = None if rows_for is None else set(rows_for)
    by_goal: dict[int, list[dict[str, Any]]] = {}
    for r in links:
        if wanted is None or r["goal_id"] in wanted:
            by_goal.setdefault(r["goal_id"], []).append(_link_row(r))
    shown = [row for rows in by_goal.values() for row in rows]
    in_words = disaggregation_labels({row["dimensions"] for row in shown})
    for row in shown:
        row["dimensions_label"] = in_words.get(row["dimensions"], row["dimensions"])
    children: dict[Any, list[int]] = {}
    goals = []
    for g in result["goals"]:
        ru = tree[g["id"]]
        children.setdefault(g["parent_id"], []).append(g["id"])
        goals.append(
            {
                "id": g["id"],
                "parent_id": g["parent_id"],
                "code": g["code"],
                "name": name_of(g),
                "level": name_of(g, "level"),
                "depth": g["depth"],
                "source_url": g["source_url"],
                "status": status_of_rank(ru.mean_rank),
                "mean_score": ru.mean_score,
                "n_links": ru.n_links,
                "n_assessable": ru.n_assessable,
                "covered": ru.covered,
                "n_current": ru.n_current,
                "n_stale": ru.n_stale,
                "n_unjudged": ru.n_assessable - ru.n_current - ru.n_stale,
                "current_share": ru.current_share,
                "counts": [
                    {
                        "status": status_of_rank(_rank_of(k)),
                        "n": v,
                        "label": _(result_label(result, k)),
                    }
                    for k, v in sorted(ru.counts.items(), key=lambda kv: -_rank_of(kv[0]))
                ],
                "reason": localize(ru.reason) if ru.reason else "",
                "links": by_goal.get(g["id"], []),
            }
        )
    by_id = {g["id"]: g for g in goals}
    for g in goals:
        g["children"] = [by_id[c] for c in children.get(g["id"], [])]
    s = result["strategy"]
    return {
        "strategy": strategy,
        "name": name_of(s),
        "method_title": result["method_title"],
        "method_source": result["method_source"],
        "as_of_year": result["as_of_year"],
        "coverage_years": result["coverage_years"],
        "goals": goals,
        "roots": [by_id[c] for c in children.get(None, [])],
        "by_id": by_id,
        "n_links": len(links),
    }


ASSESSMENT_CACHE_SECONDS = 60


def assessed(strategy: Strategy, as_of_year: int | None = None) -> dict[str, Any]:
    """``assess_strategy`` as of a year (default the current one), kept while nothing it reads
    has changed: a new value or history entry, an indicator edit (publication, polarity)
    or a link added or removed moves the key. An in-place edit of a link's baseline or
    target is seen within ``ASSESSMENT_CACHE_SECONDS``."""
    year = as_of_year or timezone.now().year
    key = (strategy.pk, year, _inputs_version(strategy))
    now = time.monotonic()
    kept = _ASSESSED.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    result = assess_strategy(strategy, as_of_year=year)
    for stale in [k for k, (expires, _r) in _ASSESSED.items() if expires <= now]:
        _ASSESSED.pop(stale, None)
    if len(_ASSESSED) >= _ASSESSED_MAX:
        _ASSESSED.pop(next(iter(_ASSESSED)))
    _ASSESSED[key] = (now + ASSESSMENT_CACHE_SECONDS, result)
    return result


# Kept in this process, not in Django's cache: a strategy of 1,000 links is a large
# structure, and unpickling it on every request cost more than the page itself. The
# result is read-only here (pages copy what they change); each worker keeps its own.
_ASSESSED: dict[tuple, tuple[float, dict[str, Any]]] = {}
_ASSESSED_MAX = 8


def forget_assessments() -> None:
    _ASSESSED.clear()
    _ROLLED_UP.clear()


def _inputs_version(strategy: Strategy) -> tuple:
    """What moves when anything ``assess_strategy`` reads changes: the latest history
    entry of a value, the latest indicator edit, and the number and latest of the
    strategy's links. One statement (it was three queries, on every strategy page)."""
    from django.db import connection

    q = connection.ops.quote_name
    change, indicator = ObservationChange._meta.db_table, Indicator._meta.db_table
    link, goal = GoalIndicator._meta.db_table, Goal._meta.db_table
    links = f"FROM {q(link)} l JOIN {q(goal)} g ON g.id = l.goal_id WHERE g.strategy_id = %s"
    latest = f"(SELECT MAX(id) FROM {q(change)}), (SELECT MAX(updated_at) FROM {q(indicator)})"  # noqa: S608
    sql = f"SELECT {latest}, (SELECT COUNT(*) {links}), (SELECT MAX(l.id) {links})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [strategy.pk, strategy.pk])
        return tuple(cursor.fetchone())


def _rolled_up(result: dict[str, Any], visible: set[str], links: list[dict[str, Any]]):
    """``rollup_tree`` over the links a viewer may see, kept with the assessment it was
    computed from (the public and each set of permissions see their own roll-up)."""
    key = (id(result), frozenset(visible))
    kept = _ROLLED_UP.get(key)
    if kept is not None and kept[0] is result:
        return kept[1]
    tree = rollup.rollup_tree(
        [(g["id"], g["parent_id"]) for g in result["goals"]],
        links,
        as_of_year=result["as_of_year"],
        coverage_years=result["coverage_years"],
    )
    if len(_ROLLED_UP) >= 4 * _ASSESSED_MAX:
        _ROLLED_UP.pop(next(iter(_ROLLED_UP)))
    # The result is kept with its tree, so its id is not reused while the entry lives.
    _ROLLED_UP[key] = (result, tree)
    return tree


_ROLLED_UP: dict[tuple[int, frozenset], tuple[dict[str, Any], Any]] = {}


def result_label(result: dict[str, Any], status: str) -> str:
    return result.get("status_labels", {}).get(status, status)


def _rank_of(status: str) -> int:
    from stradom.assessment.engine import RANKS, Status

    try:
        return RANKS.get(Status(status), 0)
    except ValueError:
        return 0


def _link_row(r: dict[str, Any]) -> dict[str, Any]:
    reason = r.get("reason")
    return {
        **r,
        "indicator_name": name_of(r, "indicator_name"),
        "status_view": status_of_rank(r.get("rank")),
        "label_text": _(r["label"]) if r.get("label") else "",
        "reason_text": localize(Message(reason["template"], reason.get("params") or {}))
        if reason
        else "",
        "break_text": break_sentence(r.get("comparability_break")),
        "freshness_text": freshness_text(r.get("freshness")),
    }


def break_sentence(cut: dict[str, Any] | None) -> str:
    """Why an assessment leaves out the values before a survey wave ("" when it does not)."""
    if not cut:
        return ""
    return _(
        "The assessment uses the values from %(year)s on only: survey wave %(year)s "
        "is not comparable with earlier waves (%(note)s)."
    ) % {"year": cut["year"], "note": str(cut.get("note", "")).strip().rstrip(".")}


def explain_link(r: dict[str, Any]) -> list[str]:
    """The method's inputs in words, one sentence each."""
    inputs = r.get("inputs") or {}
    d = r.get("decimals", 1)
    from stradom.portal.templatetags.stradom import num

    out = []
    if inputs.get("base_year") is not None and inputs.get("base_value") is not None:
        out.append(
            _("The base year is %(year)s, when the value was %(value)s.")
            % {"year": inputs["base_year"], "value": num(inputs["base_value"], d)}
        )
    if r.get("comparability_break"):
        out.append(break_sentence(r["comparability_break"]))
    if r.get("baseline_point_added"):
        out.append(
            _(
                "The stored series has no value in the base year, "
                "so the strategy's base value was used."
            )
        )
    if r.get("latest_year") is not None:
        out.append(
            _("The latest value is %(value)s (%(year)s).")
            % {"value": num(r["latest_value"], d), "year": r["latest_year"]}
        )
    if r.get("target_value") is not None:
        out.append(
            _("The target is %(value)s by %(year)s; source: %(source)s.")
            % {
                "value": num(r["target_value"], d),
                "year": r.get("target_year") or "–",
                # A source written as a sentence keeps its own full stop: no "..".
                "source": (r.get("target_source") or "–").rstrip(". "),
            }
        )
    else:
        out.append(_("No target is set, so the method judges the direction and pace of change."))
    direction = {
        "higher_is_better": _("Higher values are better."),
        "lower_is_better": _("Lower values are better."),
        "neutral": _("Neither direction is better."),
    }.get(r.get("direction", ""), "")
    if direction:
        out.append(direction)
    if inputs.get("ratio") is not None:
        out.append(
            _("Actual progress is %(ratio)s of the progress needed to reach the target.")
            % {"ratio": f"{num(Decimal(str(round(100 * inputs['ratio'], 1))), 1)} %"}
        )
    elif inputs.get("cagr_observed") is not None:
        out.append(
            _("The value changed by %(rate)s a year on average.")
            % {"rate": f"{num(Decimal(str(round(100 * inputs['cagr_observed'], 1))), 1)} %"}
        )
    return out


# -- indicators ----------------------------------------------------------------------------


def goal_links_of(indicator: Indicator) -> list[GoalIndicator]:
    return list(
        GoalIndicator.objects.filter(
            indicator=indicator, goal__strategy__next_versions__isnull=True
        )
        .select_related("goal", "territory")
        .order_by("goal__code", "id")
    )


def default_territory(territories: list[Territory], links: list[GoalIndicator]):
    """The unit an indicator page opens on: the one its goal link names, else the office's
    own unit, else any non-district unit with data."""
    if links:
        return links[0].territory
    home = home_territory()
    return (
        next((t for t in territories if home and t.pk == home.pk), None)
        or next((t for t in territories if t.kind != TerritoryKind.SUBMUNICIPAL), None)
        or (territories[0] if territories else None)
    )


def disaggregations(indicator: Indicator, territory: Territory | None) -> list[str]:
    """The disaggregation keys stored for an indicator in a unit (``""`` is the total)."""
    if territory is None:
        return []
    return sorted(
        queries.observations([indicator], territories=[territory])
        .order_by()
        .values_list("dimensions", flat=True)
        .distinct()
    )


def choose_series(
    indicator: Indicator,
    territory: Territory | None,
    dimensions: str | None,
    links=None,
    territories: list[Territory] | None = None,
) -> tuple[Territory | None, str, list[str], list[GoalIndicator]]:
    """Which unit and disaggregation a page shows when the reader has not said: the goal
    link's, else the office's own unit and the total. ``links`` and ``territories`` (the
    units with data) are read here unless the caller has them already; the units only
    when no goal link names one."""
    links = goal_links_of(indicator) if links is None else links
    if territory is None:
        if territories is None and not links:
            territories = list(queries.territories_with_data(indicator))
        territory = default_territory(territories or [], links)
    keys = disaggregations(indicator, territory)
    if dimensions is None or dimensions not in keys:
        linked = [li.dimensions for li in links if territory and li.territory_id == territory.pk]
        dimensions = next(
            (d for d in linked if d in keys), "" if "" in keys or not keys else keys[0]
        )
    return territory, dimensions, keys, links


def indicator_view(
    indicator: Indicator,
    territory: Territory | None,
    dimensions: str | None = None,
    *,
    user=None,
) -> dict[str, Any]:
    """Everything an indicator page shows: the series and its table, the baseline and
    target, the district map, the comparison with other cities, and the chart specs.

    ``user``: whose page it is (None: the public's); a computed indicator's inputs are
    named only when the user may see them."""
    territories = list(queries.territories_with_data(indicator))
    links = goal_links_of(indicator)
    territory, dimensions, keys, links = choose_series(
        indicator, territory, dimensions, links, territories
    )
    link = next(
        (
            li
            for li in links
            if territory and li.territory_id == territory.pk and li.dimensions == dimensions
        ),
        None,
    )
    points = queries.series(indicator, territory, dimensions=dimensions) if territory else []
    unit = indicator.unit
    d = indicator.decimals
    baseline = (
        {"year": link.baseline_year, "value": link.baseline_value}
        if link and link.baseline_value is not None
        else None
    )
    target = (
        {"year": link.target_year, "value": link.target_value}
        if link and link.target_value is not None
        else None
    )
    labels = {
        "value": _("value"),
        "ci": _("confidence interval"),
        "baseline": _("baseline"),
        "target": _("target"),
        "break": _("not comparable"),
    }
    survey = survey_parts.series_parts(indicator, territory, dimensions, points)
    in_words = disaggregation_labels(keys)
    charts = []
    if points:
        charts.append(
            {
                "id": "chart-series",
                "title": _("Time series"),
                "table_id": "table-series",
                "spec": specs.series_spec(
                    [_point(p) for p in points],
                    title=f"{indicator.name} — {territory.name}"
                    + (f" ({in_words.get(dimensions, dimensions)})" if dimensions else ""),
                    unit=unit,
                    value_title=_("value"),
                    period_title=_("period"),
                    description=_(
                        "Values of %(name)s in %(place)s by period; "
                        "the table below gives the same numbers."
                    )
                    % {"name": indicator.name, "place": territory.name},
                    baseline=baseline,
                    target=target,
                    labels=labels,
                    decimals=d,
                    breaks=survey["breaks"],
                ),
            }
        )
    # District map: the latest period with values for the home unit's districts.
    districts = [t for t in territories if t.kind == TerritoryKind.SUBMUNICIPAL]
    map_rows: list[dict[str, Any]] = []
    map_period = ""
    if districts:
        parent_ids = {t.parent_id for t in districts}
        latest = (
            indicator.observations.filter(territory__in=districts, dimensions="")
            .order_by("-period_end")
            .values_list("period", flat=True)
            .first()
        )
        if latest:
            map_period = latest
            cross = [
                o
                for o in queries.cross_section(indicator, latest)
                if o.territory.parent_id in parent_ids
                and o.territory.kind == TerritoryKind.SUBMUNICIPAL
            ]
            map_rows = [
                {
                    "code": o.territory.code,
                    "name": o.territory.name,
                    "number": o.territory.number,
                    "value": o.value,
                    "geometry": o.territory.geometry,
                    **survey_parts.district_parts(o),
                }
                for o in cross
            ]
            if any(r["geometry"] for r in map_rows):
                charts.append(
                    {
                        "id": "chart-map",
                        "title": _("Map of districts, %(period)s") % {"period": latest},
                        "table_id": "table-map",
                        "spec": specs.map_spec(
                            map_rows,
                            title=f"{indicator.name}, {latest}",
                            unit=unit,
                            value_title=_("value"),
                            area_title=_("district"),
                            description=_(
                                "Map of districts coloured by value; "
                                "the table below gives the same numbers."
                            ),
                            decimals=d,
                            no_data=_("no data"),
                        ),
                    }
                )
    # Peers: other units of the same kind as the shown one, in the latest common year.
    peer_rows: list[dict[str, Any]] = []
    peer_period = ""
    if territory is not None and dimensions == "":
        peers = [
            t
            for t in territories
            if t.kind == territory.kind and t.kind != TerritoryKind.SUBMUNICIPAL
        ]
        if len(peers) > 1:
            latest_by = {}
            for key, pts in queries.series_many([indicator], peers).items():
                latest_by[key[1]] = {p.period: p.value for p in pts if p.value is not None}
            own = latest_by.get(territory.pk, {})
            common = [
                p for p in sorted(own, reverse=True) if sum(p in v for v in latest_by.values()) > 1
            ]
            if common:
                peer_period = common[0]
                peer_rows = sorted(
                    (
                        {
                            "code": t.code,
                            "name": t.name,
                            "value": latest_by.get(t.pk, {}).get(peer_period),
                            "home": t.pk == territory.pk,
                        }
                        for t in peers
                        if latest_by.get(t.pk, {}).get(peer_period) is not None
                    ),
                    key=lambda r: -r["value"],
                )
                charts.append(
                    {
                        "id": "chart-peers",
                        "title": _("Comparison with other cities, %(period)s")
                        % {"period": peer_period},
                        "table_id": "table-peers",
                        "spec": specs.peers_spec(
                            peer_rows,
                            title=f"{indicator.name}, {peer_period}",
                            unit=unit,
                            value_title=_("value"),
                            unit_title=_("city"),
                            description=_(
                                "Bars compare the cities; the marked bar is the city shown "
                                "on this page. "
                                "The table below gives the same numbers."
                            ),
                            decimals=d,
                        ),
                    }
                )
    for chart in charts:
        chart["spec_id"] = f"{chart['id']}-spec"
    return {
        "indicator": indicator,
        "territory": territory,
        "dimensions": dimensions,
        "disaggregations": keys,
        "disaggregation_choices": [(k, in_words.get(k, k)) for k in keys],
        "dimensions_label": in_words.get(dimensions, dimensions),
        # Districts have their map; the selector offers the larger units, or the districts
        # when the indicator has values for districts only.
        "territories": [t for t in territories if t.kind != TerritoryKind.SUBMUNICIPAL]
        or territories,
        "points": points,
        "series_rows": survey["rows"],
        "series_notices": survey["notices"],
        "has_base": survey["has_base"],
        "map_drawn": any(c["id"] == "chart-map" for c in charts),
        "map_has_ci": any(r["ci_low"] is not None for r in map_rows),
        "map_has_base": any(r["base_n"] is not None for r in map_rows),
        "link": link,
        "links": links,
        "baseline": baseline,
        "target": target,
        "map_rows": map_rows,
        "map_period": map_period,
        "peer_rows": peer_rows,
        "peer_period": peer_period,
        "charts": charts,
        "has_ci": any(p.ci_low is not None for p in points),
        "freshness": series_freshness(indicator, points),
        **calculation_facts(indicator, user),
    }


def calculation_facts(indicator: Indicator, user=None) -> dict[str, str]:
    """How the indicator is calculated, as its page and sheet say it: ``computation``, a
    computed indicator's definition in words (``stradom.catalog.computation``), and
    ``calculation``, the method the office wrote, unless it only repeats that definition
    in codes."""
    from django.contrib.auth.models import AnonymousUser

    words = computation_text(indicator, user=AnonymousUser() if user is None else user)
    written = indicator.calculation
    if words and written and restates_computation(written, indicator):
        written = ""
    return {"computation": words, "calculation": written}


def series_freshness(indicator: Indicator, points) -> dict[str, Any]:
    """Whether the shown series is up to date today (``stradom.catalog.freshness``), as
    plain data: the latest period with a value, the one expected by today, stale or not."""
    latest = latest_of(p.period for p in points if p.value is not None)
    return assess_freshness(
        indicator.frequency, indicator.publication_lag_days, latest, timezone.localdate()
    ).as_dict()


def _point(p) -> dict[str, Any]:
    return {"period": p.period, "value": p.value, "ci_low": p.ci_low, "ci_high": p.ci_high}


def indicator_assessments(indicator: Indicator, user, goal_ids: Iterable[int]) -> list[dict]:
    """How each strategy in force assesses ``indicator`` (over what ``user`` may see): one
    entry per goal link, with the strategy view, the goal, the link row and the method's
    inputs in words. The workspace's indicator page and the indicator sheet both show it."""
    goal_ids = list(goal_ids)
    out = []
    for s in current_strategies().filter(goals__links__indicator=indicator).distinct():
        sv = strategy_view(s, user, rows_for=goal_ids)
        for g in sv["goals"]:
            for link in g["links"]:
                if link["indicator_code"] == indicator.code:
                    out.append(
                        {"strategy": sv, "goal": g, "link": link, "explanation": explain_link(link)}
                    )
    return out


def series_csv(indicator: Indicator, territory: Territory | None, dimensions: str = "") -> str:
    """The series as CSV (comma-separated, dot decimals, UTF-8): for machines and
    spreadsheets alike; the columns say what each value is."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "indicator",
            "territory",
            "dimensions",
            "period",
            "value",
            "unit",
            "status",
            "ci_low",
            "ci_high",
        ]
    )
    if territory is not None:
        for p in queries.series(indicator, territory, dimensions=dimensions):
            w.writerow(
                [
                    indicator.code,
                    territory.code,
                    dimensions,
                    p.period,
                    _plain(p.value),
                    indicator.unit,
                    p.status,
                    _plain(p.ci_low),
                    _plain(p.ci_high),
                ]
            )
    return buf.getvalue()


def _plain(value):
    from stradom.core.numbers import plain

    return plain(value) or ""
