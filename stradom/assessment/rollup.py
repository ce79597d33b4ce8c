"""Roll-ups of per-link assessment results along a goal tree and by management domain.

Plain Python (no Django): a *link result* is a mapping with at least ``goal_id``,
``status`` (a status string of the engine), ``score`` (float or None), ``weight``
(number, default 1) and ``latest_year`` (the latest year with a value at or before the
as-of year, or None). The Django layer (``services.py``) builds them; tests can too.

Rules, stated once:

* a goal's roll-up covers its own links and those of all its descendants;
* ``counts``/``shares``: how many links are in each status, and that number divided by
  all the links (not-assessable ones included, so shares add up to 1);
* ``mean_score``: the weight-weighted mean of the engine's scores over the links that
  have one (Open SDG has scores; methods without scores give None);
* ``mean_rank``: the weight-weighted mean of the common ordinal rank (1–5) over the
  assessable links, so methods without scores can be compared too;
* ``covered``: links whose latest value falls in the last ``coverage_years`` years up to
  and including the as-of year (as_of − N < year ≤ as_of); ``coverage`` = covered / links;
* ``n_current`` / ``n_stale``: assessable links whose data are up to date / out of date
  by their indicator's frequency and publication lag (the link result's ``freshness``,
  ``stradom.catalog.freshness``; a link whose freshness cannot be judged is neither);
  ``current_share`` = n_current / n_assessable: how much of the status rests on current
  data;
* a roll-up with no links, or with no assessable link, carries a ``reason``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from stradom.assessment.engine import RANKS, Status
from stradom.core.messages import Message, gettext_noop

NO_LINKS = "no_links"
NOTHING_ASSESSABLE = "nothing_assessable"

REASONS = {
    NO_LINKS: gettext_noop("No indicator is linked to this goal or to any goal below it."),
    NOTHING_ASSESSABLE: gettext_noop(
        "None of the %(n_links)s linked indicators could be assessed."
    ),
}


@dataclass(frozen=True)
class Rollup:
    n_links: int
    n_assessable: int
    counts: dict[str, int]
    shares: dict[str, float]
    mean_score: float | None
    n_scored: int
    mean_rank: float | None
    covered: int
    coverage: float | None
    reason_code: str | None = None
    reason: Message | None = field(default=None)
    n_current: int = 0
    n_stale: int = 0
    current_share: float | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["reason"] = (
            None
            if self.reason is None
            else {"template": self.reason.template, "params": dict(self.reason.params)}
        )
        return data


def is_covered(latest_year: int | None, as_of_year: int, coverage_years: int) -> bool:
    return latest_year is not None and as_of_year - coverage_years < latest_year <= as_of_year


def summarize(
    links: Iterable[Mapping[str, Any]], *, as_of_year: int, coverage_years: int = 3
) -> Rollup:
    """The roll-up of a set of link results (see the module docstring for the rules)."""
    links = list(links)
    n = len(links)
    counts: dict[str, int] = {}
    score_sum = score_weight = 0.0
    rank_sum = rank_weight = 0.0
    n_scored = n_assessable = covered = n_current = n_stale = 0
    for link in links:
        status = Status(link["status"])
        counts[status.value] = counts.get(status.value, 0) + 1
        weight = float(link.get("weight", 1) or 0)
        if link.get("score") is not None:
            n_scored += 1
            score_sum += weight * float(link["score"])
            score_weight += weight
        if status is not Status.NOT_ASSESSABLE:
            n_assessable += 1
            rank_sum += weight * RANKS[status]
            rank_weight += weight
            stale = (link.get("freshness") or {}).get("stale")
            n_current += stale is False
            n_stale += stale is True
        if is_covered(link.get("latest_year"), as_of_year, coverage_years):
            covered += 1
    reason_code = reason = None
    if n == 0:
        reason_code, reason = NO_LINKS, Message(REASONS[NO_LINKS])
    elif n_assessable == 0:
        reason_code = NOTHING_ASSESSABLE
        reason = Message(REASONS[NOTHING_ASSESSABLE], {"n_links": n})
    return Rollup(
        n_links=n,
        n_assessable=n_assessable,
        counts=dict(sorted(counts.items(), key=lambda kv: (-RANKS[Status(kv[0])], kv[0]))),
        shares={k: v / n for k, v in counts.items()},
        mean_score=score_sum / score_weight if score_weight else None,
        n_scored=n_scored,
        mean_rank=rank_sum / rank_weight if rank_weight else None,
        covered=covered,
        coverage=covered / n if n else None,
        reason_code=reason_code,
        reason=reason,
        n_current=n_current,
        n_stale=n_stale,
        current_share=n_current / n_assessable if n_assessable else None,
    )


def rollup_tree(
    goals: Sequence[tuple[Hashable, Hashable | None]],
    links: Iterable[Mapping[str, Any]],
    *,
    as_of_year: int,
    coverage_years: int = 3,
) -> dict[Hashable, Rollup]:
    """Roll-up per goal, each over its own and all its descendants' links.

    ``goals``: (goal id, parent id or None) pairs; ``links``: link results with ``goal_id``.
    """
    parent = dict(goals)
    below: dict[Hashable, list[Mapping[str, Any]]] = {g: [] for g in parent}
    for link in links:
        node = link["goal_id"]
        seen = set()
        while node is not None and node not in seen:  # a malformed cycle cannot hang us
            seen.add(node)
            below[node].append(link)
            node = parent.get(node)
    return {
        g: summarize(ls, as_of_year=as_of_year, coverage_years=coverage_years)
        for g, ls in below.items()
    }


def rollup_by(
    links: Iterable[Mapping[str, Any]],
    key: Callable[[Mapping[str, Any]], Hashable],
    *,
    as_of_year: int,
    coverage_years: int = 3,
) -> dict[Hashable, Rollup]:
    """Roll-up per group of links, e.g. per management domain (``key=lambda l: l["domain"]``).

    Each link result is one goal–indicator link, so an indicator linked to two goals
    counts twice here, as it does in the roll-ups of the two branches.
    """
    groups: dict[Hashable, list[Mapping[str, Any]]] = {}
    for link in links:
        groups.setdefault(key(link), []).append(link)
    return {
        k: summarize(ls, as_of_year=as_of_year, coverage_years=coverage_years)
        for k, ls in groups.items()
    }
