"""A strategy assessed, as one viewer sees it (``strategy_view``): frozen dataclasses of
its goals, their roll-ups and their link rows, in the active language; the statuses of
the common scale in words; and the assessment kept while its inputs stay the same
(``assessed``).

Everything here takes the *user* and filters by ``stradom.accounts.permissions``: the
public sees published indicators only, and roll-ups are computed over what the viewer
may see, so a goal's status never leaks an unpublished indicator.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.accounts.permissions import visible_indicators
from stradom.assessment import rollup
from stradom.assessment.services import assess_strategy
from stradom.catalog import queries
from stradom.catalog.models import Indicator
from stradom.catalog.notes import freshness_text
from stradom.core.formatting import name_of
from stradom.core.formatting import number as num
from stradom.core.i18n import localize
from stradom.core.messages import Message
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyChange
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


@dataclass(frozen=True, slots=True)
class StatusView:
    """A place on the common scale as it is shown: ``rank`` 0–5, the CSS class, the words
    (translated when shown) and the symbol that repeats them."""

    rank: int
    css: str
    label: str
    symbol: str


def status_of_rank(rank: float | int | None) -> StatusView:
    """The status of a rank: a mean rank goes to the nearest (a half to the even one),
    within 0–5; None is 0, not assessed."""
    r = 0 if rank is None else int(Decimal(str(rank)).to_integral_value())
    r = max(0, min(5, r))
    return StatusView(rank=r, css=f"status-{r}", label=RANK_LABELS[r], symbol=RANK_SYMBOLS[r])


NOT_ASSESSED = status_of_rank(0)


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One goal–indicator link as assessed, in the active language.

    The values (``baseline_value``, ``latest_value``, ``target_value``) are the exact
    decimal text the assessment read; ``points`` its yearly ``(year, value)`` pairs;
    ``inputs`` the method's inputs; ``freshness`` whether the link's data are up to date
    (``stradom.catalog.freshness``, as plain data). ``result`` is the assessment's own
    row (``assess_strategy``), for roll-ups. The defaults are an empty link."""

    link_id: int | None = None
    goal_id: int | None = None
    goal_code: str = ""
    indicator_code: str = ""
    indicator_name: str = ""
    unit: str = ""
    decimals: int | None = 1
    domain: str = ""
    territory_code: str = ""
    territory_name: str = ""
    dimensions: str = ""
    dimensions_label: str = ""  # the disaggregation in words ("płeć: kobiety")
    direction: str = ""
    baseline_year: int | None = None
    baseline_value: str | None = None
    baseline_point_added: bool = False
    target_year: int | None = None
    target_value: str | None = None
    target_source: str = ""
    latest_year: int | None = None
    latest_value: str | None = None
    points: tuple[tuple[int, str | None], ...] = ()
    comparability_break: Mapping[str, Any] | None = None
    freshness: Mapping[str, Any] | None = None
    status: str = ""  # the engine's status code
    score: float | None = None
    inputs: Mapping[str, Any] = field(default_factory=dict)
    status_view: StatusView = NOT_ASSESSED
    label_text: str = ""  # the method's own words for the status
    reason_text: str = ""  # why it could not be assessed
    break_text: str = ""  # why values before a survey wave are left out
    freshness_text: str = ""  # "" when the data are current
    result: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatusCount:
    """How many links of a goal's roll-up have one status: the scale's view of it, the
    number, and the method's words for the status."""

    status: StatusView
    n: int
    label: str


@dataclass(frozen=True, slots=True)
class GoalView:
    """A goal with its roll-up over the links the viewer may see (its own and those of
    every goal below it), its own link rows (when asked for) and the goals below it."""

    id: int
    parent_id: int | None
    code: str
    name: str
    level: str  # the strategy's name for the goal's level ("obszar", "cel operacyjny")
    depth: int
    source_url: str
    status: StatusView  # of the mean rank
    mean_score: float | None
    n_links: int
    n_assessable: int
    covered: int  # links with a value in the coverage years
    n_current: int
    n_stale: int
    n_unjudged: int  # assessable links whose freshness cannot be judged
    current_share: float | None
    counts: tuple[StatusCount, ...]
    reason: str  # why the goal has no status ("" when it has one)
    links: tuple[LinkRow, ...]
    children: tuple[GoalView, ...]


@dataclass(frozen=True, slots=True)
class StrategyView:
    """A strategy assessed as of a year, as one viewer sees it: ``goals`` in the order of
    the tree (depth first), ``roots`` the top-level ones, ``by_id`` each goal by id."""

    strategy: Strategy
    name: str
    method_title: str
    method_source: str
    as_of_year: int
    coverage_years: int
    goals: tuple[GoalView, ...]
    roots: tuple[GoalView, ...]
    by_id: Mapping[int, GoalView]
    n_links: int  # the links the viewer may see

    @property
    def links(self) -> list[LinkRow]:
        """Every link row shown, goal by goal in the order of the tree."""
        return [r for g in self.goals for r in g.links]


def current_strategies() -> QuerySet[Strategy]:
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


# -- a strategy as a viewer sees it ----------------------------------------------------------


def strategy_view(
    strategy: Strategy,
    user,
    *,
    rows_for: Iterable[int] | None = None,
    as_of_year: int | None = None,
) -> StrategyView:
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
    shown = [r for r in links if wanted is None or r["goal_id"] in wanted]
    in_words = queries.disaggregation_labels({r["dimensions"] for r in shown})
    by_goal: dict[int, list[LinkRow]] = {}
    for r in shown:
        by_goal.setdefault(r["goal_id"], []).append(_link_row(r, in_words))
    children: dict[Any, list[int]] = {}
    for g in result["goals"]:
        children.setdefault(g["parent_id"], []).append(g["id"])
    # The goals come depth first, each before the goals below it: built from the last,
    # every goal's children exist when it is made.
    built: dict[int, GoalView] = {}
    for g in reversed(result["goals"]):
        built[g["id"]] = _goal_view(
            g,
            tree[g["id"]],
            result,
            links=tuple(by_goal.get(g["id"], ())),
            children=tuple(built[c] for c in children.get(g["id"], ())),
        )
    by_id = {g["id"]: built[g["id"]] for g in result["goals"]}
    return StrategyView(
        strategy=strategy,
        name=name_of(result["strategy"]),
        method_title=result["method_title"],
        method_source=result["method_source"],
        as_of_year=result["as_of_year"],
        coverage_years=result["coverage_years"],
        goals=tuple(by_id.values()),
        roots=tuple(by_id[c] for c in children.get(None, [])),
        by_id=by_id,
        n_links=len(links),
    )


def _goal_view(
    g: Mapping[str, Any],
    ru: rollup.Rollup,
    result: Mapping[str, Any],
    *,
    links: tuple[LinkRow, ...],
    children: tuple[GoalView, ...],
) -> GoalView:
    return GoalView(
        id=g["id"],
        parent_id=g["parent_id"],
        code=g["code"],
        name=name_of(g),
        level=name_of(g, "level"),
        depth=g["depth"],
        source_url=g["source_url"],
        status=status_of_rank(ru.mean_rank),
        mean_score=ru.mean_score,
        n_links=ru.n_links,
        n_assessable=ru.n_assessable,
        covered=ru.covered,
        n_current=ru.n_current,
        n_stale=ru.n_stale,
        n_unjudged=ru.n_assessable - ru.n_current - ru.n_stale,
        current_share=ru.current_share,
        counts=tuple(
            StatusCount(status=status_of_rank(_rank_of(k)), n=v, label=_(_result_label(result, k)))
            for k, v in sorted(ru.counts.items(), key=lambda kv: -_rank_of(kv[0]))
        ),
        reason=localize(ru.reason) if ru.reason else "",
        links=links,
        children=children,
    )


def _link_row(r: Mapping[str, Any], in_words: Mapping[str, str]) -> LinkRow:
    reason = r.get("reason")
    return LinkRow(
        link_id=r["link_id"],
        goal_id=r["goal_id"],
        goal_code=r["goal_code"],
        indicator_code=r["indicator_code"],
        indicator_name=name_of(r, "indicator_name"),
        unit=r["unit"],
        decimals=r["decimals"],
        domain=r["domain"],
        territory_code=r["territory_code"],
        territory_name=r["territory_name"],
        dimensions=r["dimensions"],
        dimensions_label=in_words.get(r["dimensions"], r["dimensions"]),
        direction=r["direction"],
        baseline_year=r["baseline_year"],
        baseline_value=r["baseline_value"],
        baseline_point_added=r["baseline_point_added"],
        target_year=r["target_year"],
        target_value=r["target_value"],
        target_source=r["target_source"],
        latest_year=r["latest_year"],
        latest_value=r["latest_value"],
        points=tuple((y, v) for y, v in r["points"]),
        comparability_break=r.get("comparability_break"),
        freshness=r.get("freshness"),
        status=r.get("status", ""),
        score=r.get("score"),
        inputs=r.get("inputs") or {},
        status_view=status_of_rank(r.get("rank")),
        label_text=_(r["label"]) if r.get("label") else "",
        reason_text=localize(Message(reason["template"], reason.get("params") or {}))
        if reason
        else "",
        break_text=break_sentence(r.get("comparability_break")),
        freshness_text=freshness_text(r.get("freshness")),
        result=r,
    )


def _result_label(result: Mapping[str, Any], status: str) -> str:
    return result.get("status_labels", {}).get(status, status)


def _rank_of(status: str) -> int:
    from stradom.assessment.engine import RANKS, Status

    try:
        return RANKS.get(Status(status), 0)
    except ValueError:
        return 0


# -- the assessment, kept while its inputs stay the same -------------------------------------

# A change made past every write path (SQL by hand) is seen within this time; the write
# paths move the key at once. Every worker assesses anew when it passes (a strategy of
# 1,000 links takes a second), so it is not short.
ASSESSMENT_CACHE_SECONDS = 600


def assessed(strategy: Strategy, as_of_year: int | None = None) -> dict[str, Any]:
    """``assess_strategy`` as of a year (default the current one), kept while nothing it reads
    has changed: a new value or history entry, an indicator edit (publication, polarity),
    a link added, removed or edited (its baseline or target: every edit of a strategy is
    recorded in its history) moves the key. The result is shared: read it, never change
    it."""
    from stradom.approval.queries import approval_version

    year = as_of_year or timezone.now().year
    # Approved values only (published pages, when so set) is another assessment.
    key = (strategy.pk, year, _inputs_version(strategy), approval_version())
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
# result is read-only here (the views are built from it); each worker keeps its own.
_ASSESSED: dict[tuple, tuple[float, dict[str, Any]]] = {}
_ASSESSED_MAX = 8


def forget_assessments() -> None:
    """Drop the kept assessments and roll-ups (tests start from none)."""
    _ASSESSED.clear()
    _ROLLED_UP.clear()


def _inputs_version(strategy: Strategy) -> tuple:
    """What moves when anything ``assess_strategy`` reads changes: the values' version
    (``catalog.queries.values_version``), the latest indicator edit, the number and
    latest of the strategy's links, and the latest recorded change of any strategy (a
    link's baseline or target edited in place). One statement of index lookups, on every
    strategy page."""
    from django.db import connection

    q = connection.ops.quote_name
    indicator = Indicator._meta.db_table
    link, goal = GoalIndicator._meta.db_table, Goal._meta.db_table
    links = f"FROM {q(link)} l JOIN {q(goal)} g ON g.id = l.goal_id WHERE g.strategy_id = %s"
    latest = f"{queries.values_version_sql()}, (SELECT MAX(updated_at) FROM {q(indicator)})"  # noqa: S608
    edits = f"(SELECT MAX(id) FROM {q(StrategyChange._meta.db_table)})"  # noqa: S608 - our table
    sql = f"SELECT {latest}, (SELECT COUNT(*) {links}), (SELECT MAX(l.id) {links}), {edits}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [strategy.pk, strategy.pk])
        return tuple(cursor.fetchone())


def _rolled_up(result: dict[str, Any], visible: set[str], links: Sequence[Mapping[str, Any]]):
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


# -- a link's assessment in words ------------------------------------------------------------


def break_sentence(cut: Mapping[str, Any] | None) -> str:
    """Why an assessment leaves out the values before a survey wave ("" when it does not)."""
    if not cut:
        return ""
    return _(
        "The assessment uses the values from %(year)s on only: survey wave %(year)s "
        "is not comparable with earlier waves (%(note)s)."
    ) % {"year": cut["year"], "note": str(cut.get("note", "")).strip().rstrip(".")}


def explain_link(r: LinkRow) -> list[str]:
    """The method's inputs for one link in words, one sentence each."""
    inputs = r.inputs or {}
    d = r.decimals
    out = []
    if inputs.get("base_year") is not None and inputs.get("base_value") is not None:
        out.append(
            _("The base year is %(year)s, when the value was %(value)s.")
            % {"year": inputs["base_year"], "value": num(inputs["base_value"], d)}
        )
    if r.comparability_break:
        out.append(break_sentence(r.comparability_break))
    if r.baseline_point_added:
        out.append(
            _(
                "The stored series has no value in the base year, "
                "so the strategy's base value was used."
            )
        )
    if r.latest_year is not None:
        out.append(
            _("The latest value is %(value)s (%(year)s).")
            % {"value": num(r.latest_value, d), "year": r.latest_year}
        )
    if r.target_value is not None:
        out.append(
            _("The target is %(value)s by %(year)s; source: %(source)s.")
            % {
                "value": num(r.target_value, d),
                "year": r.target_year or "–",
                # A source written as a sentence keeps its own full stop: no "..".
                "source": (r.target_source or "–").rstrip(". "),
            }
        )
    else:
        out.append(_("No target is set, so the method judges the direction and pace of change."))
    direction = {
        "higher_is_better": _("Higher values are better."),
        "lower_is_better": _("Lower values are better."),
        "neutral": _("Neither direction is better."),
    }.get(r.direction, "")
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
