"""Reads of the strategy, for pages, reports and the workspace alike: the strategies in
force, the office's own unit, a strategy assessed as a viewer sees it
(``assessed.strategy_view``), and an indicator as the strategy shows it
(``indicators.indicator_view``, ``indicators.indicator_assessments``). Each returns
frozen dataclasses.

The assessment itself (``stradom.assessment.services.assess_strategy``: plain data, the
shape a stored run keeps) is computed once per strategy, year and state of its inputs
and kept in this process (``assessed``); the views are built from it, in the active
language. ``kept.viewed`` keeps a view, shared by the viewers of the same roles.
"""

from stradom.strategy.queries.assessed import (
    ASSESSMENT_CACHE_SECONDS,
    RANK_LABELS,
    RANK_SYMBOLS,
    GoalView,
    LinkRow,
    StatusCount,
    StatusView,
    StrategyView,
    assessed,
    break_sentence,
    current_strategies,
    explain_link,
    forget_assessments,
    home_territory,
    status_of_rank,
    strategy_view,
)
from stradom.strategy.queries.indicators import (
    IndicatorAssessment,
    IndicatorView,
    YearValue,
    choose_series,
    default_series,
    default_territory,
    goal_links_many,
    goal_links_of,
    indicator_assessments,
    indicator_view,
)
from stradom.strategy.queries.kept import forget_views, viewed

__all__ = [
    "ASSESSMENT_CACHE_SECONDS",
    "RANK_LABELS",
    "RANK_SYMBOLS",
    "GoalView",
    "IndicatorAssessment",
    "IndicatorView",
    "LinkRow",
    "StatusCount",
    "StatusView",
    "StrategyView",
    "YearValue",
    "assessed",
    "break_sentence",
    "choose_series",
    "current_strategies",
    "default_series",
    "default_territory",
    "explain_link",
    "forget_assessments",
    "forget_views",
    "goal_links_many",
    "goal_links_of",
    "home_territory",
    "indicator_assessments",
    "indicator_view",
    "status_of_rank",
    "strategy_view",
    "viewed",
]
