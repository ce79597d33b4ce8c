from __future__ import annotations

import pytest

from stradom.assessment.models import AssessmentRun
from stradom.assessment.rollup import NO_LINKS, NOTHING_ASSESSABLE
from stradom.assessment.services import assess_strategy, run_assessment
from stradom.strategy.models import GoalIndicator
from stradom.strategy.services import new_version

pytestmark = pytest.mark.django_db

# Open SDG, TRAM_SAT 80 (2015) -> 76 (2019), higher is better, no target:
# CAGR = (76/80)^(1/4) - 1 = -0.0127414551 < 0 -> deterioration; the engine's score.
TRAM_CAGR = (76 / 80) ** (1 / 4) - 1
TRAM_SCORE = -4.09268188732077


def _by_code(result):
    return {g["code"]: g for g in result["goals"]}


def _link(result, code):
    return next(r for r in result["links"] if r["indicator_code"] == code)


def test_links_are_assessed_with_their_targets_and_series(plan):
    result = assess_strategy(plan.strategy, as_of_year=2022)
    air = _link(result, "PM10_AVG")
    # base 2015 (sdg-build's default base year): 50 -> 40 in 5 years, target 30 in 2030.
    # observed CAGR (40/50)^(1/5) - 1 = -0.04365; required (30/50)^(1/15) - 1 = -0.03348;
    # ratio = -0.04365 / -0.03348 = 1.3036 >= 0.95 -> substantial progress, score 5.
    assert air["status"] == "substantial_progress"
    assert air["score"] == 5.0
    assert air["inputs"]["cagr_observed"] == pytest.approx((40 / 50) ** (1 / 5) - 1)
    assert air["inputs"]["cagr_required"] == pytest.approx((30 / 50) ** (1 / 15) - 1)
    assert air["inputs"]["ratio"] == pytest.approx(
        ((40 / 50) ** (1 / 5) - 1) / ((30 / 50) ** (1 / 15) - 1)
    )
    assert air["direction"] == "lower_is_better"  # from the indicator's polarity
    assert (air["latest_year"], air["latest_value"]) == (2020, "40")
    assert air["points"] == [[2015, "50"], [2020, "40"]]
    trams = _link(result, "TRAM_SAT")
    assert trams["status"] == "deterioration"
    assert trams["inputs"]["cagr_observed"] == pytest.approx(TRAM_CAGR)
    assert trams["score"] == pytest.approx(TRAM_SCORE)


def test_disaggregated_link_reads_its_own_series(plan):
    women = _link(assess_strategy(plan.strategy, as_of_year=2022), "POP")
    assert women["points"] == [[2020, "100"]]  # not the total, 190


def test_goal_with_nothing_assessable_says_why(plan):
    goals = _by_code(assess_strategy(plan.strategy, as_of_year=2022))
    women = next(r for r in assess_strategy(plan.strategy)["links"] if r["dimensions"])
    assert women["status"] == "not_assessable"
    assert women["reason_code"] == "neutral_direction"
    assert goals["II"]["rollup"]["reason_code"] == NOTHING_ASSESSABLE
    assert goals["II"]["rollup"]["reason"]["params"] == {"n_links": 1}
    assert goals["III"]["rollup"]["reason_code"] == NO_LINKS
    assert goals["III"]["rollup"]["n_links"] == 0
    assert goals["I"]["rollup"]["reason_code"] is None


def test_goal_rollup_includes_descendants_with_shares_score_and_coverage(plan):
    goals = _by_code(assess_strategy(plan.strategy, as_of_year=2022, coverage_years=3))
    top = goals["I"]["rollup"]
    assert top["n_links"] == 2
    assert top["counts"] == {"substantial_progress": 1, "deterioration": 1}
    assert top["shares"] == {"substantial_progress": 0.5, "deterioration": 0.5}
    assert top["mean_score"] == pytest.approx((5.0 + TRAM_SCORE) / 2)
    # window 2020..2022: PM10 (2020) is in, trams (2019) is not.
    assert (top["covered"], top["coverage"]) == (1, 0.5)
    assert goals["I.2"]["rollup"]["counts"] == {"deterioration": 1}
    wider = _by_code(assess_strategy(plan.strategy, as_of_year=2022, coverage_years=4))
    assert wider["I"]["rollup"]["covered"] == 2


def test_domain_rollup(plan):
    domains = {d["code"]: d for d in assess_strategy(plan.strategy, as_of_year=2022)["domains"]}
    assert set(domains) == {"srodowisko", "transport", ""}
    assert domains["srodowisko"]["rollup"]["counts"] == {"substantial_progress": 1}
    assert domains["srodowisko"]["name_en"] == "Environment"
    assert domains["transport"]["rollup"]["mean_score"] == pytest.approx(TRAM_SCORE)
    assert domains[""]["rollup"]["reason_code"] == NOTHING_ASSESSABLE


def test_as_of_year_hides_later_values(plan):
    air = _link(assess_strategy(plan.strategy, as_of_year=2019), "PM10_AVG")
    assert air["latest_year"] == 2015
    assert air["status"] == "not_assessable"


def test_other_method(plan):
    air = _link(assess_strategy(plan.strategy, method="linear", as_of_year=2022), "PM10_AVG")
    # linear, base = first point 2015: covered (50-40)/(50-30) = 0.5 of the distance in
    # (2020-2015)/(2030-2015) = 1/3 of the time -> on track.
    assert air["status"] == "on_track"
    assert air["inputs"]["share_covered"] == pytest.approx(0.5)


def test_assessment_uses_bounded_queries_whatever_the_number_of_links(
    plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        assess_strategy(plan.strategy, as_of_year=2022)
    for goal in (plan.g2, plan.g3, plan.g11):
        for indicator in (plan.world.births, plan.world.trams):
            GoalIndicator.objects.get_or_create(
                goal=goal, indicator=indicator, territory=plan.world.district1
            )
    assert GoalIndicator.objects.count() == 9
    with django_assert_max_num_queries(6):
        result = assess_strategy(plan.strategy, as_of_year=2022)
    assert len(result["links"]) == 9


def test_new_version_keeps_the_old_run_reproducible(plan):
    run = run_assessment(plan.strategy, as_of_year=2022)
    before = AssessmentRun.objects.get(pk=run.pk).results
    revised = new_version(plan.strategy, resolution="Uchwała 2/24")
    assert (revised.version, revised.previous_version) == (2, plan.strategy)
    assert revised.goals.count() == 5
    assert GoalIndicator.objects.filter(goal__strategy=revised).count() == 3
    # revise the new version's target: the old run and the old tree are untouched
    GoalIndicator.objects.filter(goal__strategy=revised, indicator=plan.world.pm10).update(
        target_value=45
    )
    after_revision = assess_strategy(revised, as_of_year=2022)
    assert _link(after_revision, "PM10_AVG")["target_value"] == "45"
    stored = AssessmentRun.objects.get(pk=run.pk)
    assert stored.results == before
    assert _link(stored.results, "PM10_AVG")["target_value"] == "30"
    assert _link(stored.results, "PM10_AVG")["inputs"]["ratio"] == pytest.approx(
        ((40 / 50) ** (1 / 5) - 1) / ((30 / 50) ** (1 / 15) - 1)
    )
    assert assess_strategy(plan.strategy, as_of_year=2022)["links"] == before["links"]
