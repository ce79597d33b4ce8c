"""The roll-up rules on plain data (no database)."""

from __future__ import annotations

import pytest

from stradom.assessment.rollup import (
    NO_LINKS,
    NOTHING_ASSESSABLE,
    is_covered,
    rollup_by,
    rollup_tree,
    summarize,
)


def link(goal, status, score=None, latest=2023, weight=1, domain="d"):
    return {
        "goal_id": goal,
        "status": status,
        "score": score,
        "latest_year": latest,
        "weight": weight,
        "domain": domain,
    }


GOALS = [("A", None), ("A1", "A"), ("A11", "A1"), ("A2", "A"), ("B", None)]
LINKS = [
    link("A11", "substantial_progress", 5.0, 2024),
    link("A11", "deterioration", -3.0, 2020, domain="e"),
    link("A2", "moderate_progress", 1.0, 2022, weight=2),
    link("A2", "not_assessable", None, None),
]


def test_goal_rollup_covers_descendants():
    r = rollup_tree(GOALS, LINKS, as_of_year=2024, coverage_years=3)
    assert r["A"].n_links == 4
    assert r["A1"].n_links == 2 and r["A11"].n_links == 2
    assert r["A2"].n_links == 2


def test_counts_shares_and_weighted_mean_score():
    r = rollup_tree(GOALS, LINKS, as_of_year=2024)["A"]
    assert r.counts == {
        "substantial_progress": 1,
        "moderate_progress": 1,
        "deterioration": 1,
        "not_assessable": 1,
    }
    assert r.shares == dict.fromkeys(r.counts, 0.25)
    # (1*5 + 1*(-3) + 2*1) / (1 + 1 + 2) = 4 / 4
    assert r.mean_score == 1.0
    assert r.n_scored == 3 and r.n_assessable == 3
    # ranks 4, 1, 3 (weight 2): (4 + 1 + 6) / 4
    assert r.mean_rank == 11 / 4


def test_coverage_counts_values_in_the_last_n_years():
    # window 2022..2024 for as_of 2024, N 3: 2024 and 2022 in, 2020 and none out
    r = rollup_tree(GOALS, LINKS, as_of_year=2024, coverage_years=3)["A"]
    assert (r.covered, r.coverage) == (2, 0.5)
    assert is_covered(2022, 2024, 3) and not is_covered(2021, 2024, 3)
    assert not is_covered(2025, 2024, 3)  # after the as-of year: not counted
    r5 = rollup_tree(GOALS, LINKS, as_of_year=2024, coverage_years=5)["A"]
    assert r5.covered == 3


def test_goals_with_nothing_assessable_say_why():
    r = rollup_tree(GOALS, LINKS + [link("A1", "not_assessable")], as_of_year=2024)
    assert r["B"].reason_code == NO_LINKS and r["B"].coverage is None
    assert r["B"].mean_score is None
    only_bad = summarize([link("x", "not_assessable")] * 2, as_of_year=2024)
    assert only_bad.reason_code == NOTHING_ASSESSABLE
    assert only_bad.reason.params == {"n_links": 2}
    assert "2 linked indicators" in str(only_bad.reason)
    assert r["A"].reason is None


def test_rollup_by_domain():
    r = rollup_by(LINKS, lambda x: x["domain"], as_of_year=2024)
    assert set(r) == {"d", "e"}
    assert r["e"].counts == {"deterioration": 1} and r["e"].mean_score == -3.0
    assert r["d"].n_links == 3
    assert r["d"].mean_score == pytest.approx((5.0 + 2 * 1.0) / 3)


def test_as_dict_is_plain_data():
    data = summarize([], as_of_year=2024).as_dict()
    assert data["reason"] == {
        "template": "No indicator is linked to this goal or to any goal below it.",
        "params": {},
    }
