"""The strategy's reads: a strategy assessed as a viewer sees it, an indicator's page, and
how each strategy in force assesses an indicator, as frozen dataclasses (what the pages,
the reports and the workspace all read)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from stradom.catalog.queries import CalculationFacts, PeerValue
from stradom.strategy import queries
from stradom.strategy.models import GoalIndicator
from stradom.strategy.testing import build_dashboard

DEC_2025 = datetime(2025, 12, 3, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _no_kept_assessments():
    # The assessment is kept by strategy and data version; each test computes its own.
    queries.forget_assessments()
    yield
    queries.forget_assessments()


@pytest.fixture
def dashboard(world):
    return build_dashboard(world)


def test_the_public_sees_the_published_indicator_and_its_roll_up_only(dashboard):
    with translation.override("en"):
        view = queries.strategy_view(dashboard.strategy, AnonymousUser(), as_of_year=2025)
        root = view.goals[0]
        assert (root.status.rank, root.status.css, str(root.status.label), root.status.symbol) == (
            2,
            "status-2",
            "Little progress",
            "▼",
        )
    assert (view.name, view.as_of_year, view.coverage_years, view.n_links) == (
        "Test strategy",
        2025,
        3,
        1,
    )
    assert view.method_title == "Open SDG / Statistics Canada"
    assert [(g.code, g.name, g.level, g.depth) for g in view.goals] == [
        ("1", "Clean air", "area", 1),
        ("1.1", "Less dust", "", 2),
    ]
    root, child = view.goals
    assert view.roots == (root,)
    assert root.children == (child,) and child.children == ()
    assert view.by_id == {dashboard.root.pk: root, dashboard.child.pk: child}
    assert (root.n_links, root.n_assessable, root.covered, root.reason) == (1, 1, 1, "")
    assert (root.n_current, root.n_stale, root.n_unjudged) == (0, 0, 1)  # no publication lag
    assert root.counts == (queries.StatusCount(status=root.status, n=1, label="Limited progress"),)
    assert [r.indicator_code for r in view.links] == ["PM10_AVG"]


def test_an_analyst_sees_the_draft_too_and_why_it_is_not_assessed(dashboard):
    with translation.override("en"):
        view = queries.strategy_view(dashboard.strategy, dashboard.analyst, as_of_year=2025)
    root = view.roots[0]
    assert (view.n_links, root.n_links, root.n_assessable) == (2, 2, 1)
    assert [(c.status.rank, c.n, c.label) for c in root.counts] == [
        (2, 1, "Limited progress"),
        (0, 1, "Unable to assess"),
    ]
    pm10, trams = view.links
    assert (trams.indicator_code, trams.status_view.rank, trams.label_text) == (
        "TRAM_SAT",
        0,
        "Unable to assess",
    )
    assert trams.reason_text == (
        "Too few values to measure a trend: 1 from 2020 to 2020, at least 2 are needed."
    )
    assert pm10.reason_text == ""


def test_a_link_row_carries_the_assessment_in_the_readers_language(dashboard):
    with translation.override("pl"):
        view = queries.strategy_view(dashboard.strategy, AnonymousUser(), as_of_year=2025)
    (row,) = view.links
    assert (row.goal_code, row.goal_id, row.link_id) == ("1.1", dashboard.child.pk, row.link_id)
    assert row.link_id == dashboard.pm10_link.pk
    assert (row.indicator_name, row.unit, row.decimals, row.domain) == (
        "Średnioroczne stężenie PM10",
        "µg/m3",
        1,
        "srodowisko",
    )
    assert (row.territory_code, row.territory_name, row.dimensions, row.dimensions_label) == (
        "1261011",
        "Kraków",
        "",
        "",
    )
    assert (row.baseline_year, row.baseline_value, row.target_year, row.target_value) == (
        2019,
        "1234.5",
        2030,
        "900",
    )
    assert (row.latest_year, row.latest_value, row.target_source) == (
        2024,
        "1184.5",
        "Uchwała testowa",
    )
    assert row.points[0] == (2019, "1234.5") and row.points[-1] == (2024, "1184.5")
    assert (row.status, row.status_view.rank, row.label_text) == (
        "limited_progress",
        2,
        "Ograniczony postęp",  # the method's own words
    )
    assert str(row.status_view.label) == "Niewielki postęp"  # the common scale's
    assert row.result["link_id"] == row.link_id  # the assessment's own row, for roll-ups


def test_views_are_frozen(dashboard):
    view = queries.strategy_view(dashboard.strategy, AnonymousUser(), as_of_year=2025)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.name = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.links[0].score = 5  # type: ignore[misc]


def test_a_summary_has_the_roll_ups_but_no_link_rows(dashboard):
    view = queries.strategy_view(
        dashboard.strategy, dashboard.analyst, rows_for=(), as_of_year=2025
    )
    assert view.links == []
    assert [(g.code, g.n_links) for g in view.goals] == [("1", 2), ("1.1", 2)]
    goal_only = queries.strategy_view(
        dashboard.strategy, dashboard.analyst, rows_for=[dashboard.root.pk], as_of_year=2025
    )
    assert goal_only.links == []  # the links hang from 1.1, not from 1


def test_a_second_view_reads_only_the_inputs_version_and_the_visible_indicators(
    dashboard, django_assert_num_queries
):
    queries.strategy_view(dashboard.strategy, AnonymousUser(), as_of_year=2025)
    with django_assert_num_queries(2):
        view = queries.strategy_view(dashboard.strategy, AnonymousUser(), as_of_year=2025)
    assert view.n_links == 1


def test_the_link_is_explained_in_words(dashboard):
    with translation.override("en"):
        view = queries.strategy_view(dashboard.strategy, AnonymousUser(), as_of_year=2025)
        sentences = queries.explain_link(view.links[0])
    assert sentences == [
        "The base year is 2019, when the value was 1,234.5.",
        "The latest value is 1,184.5 (2024).",
        "The target is 900.0 by 2030; source: Uchwała testowa.",
        "Lower values are better.",
        "Actual progress is 29.1 % of the progress needed to reach the target.",
    ]


def test_a_target_source_written_as_a_sentence_ends_with_one_full_stop():
    sentences = queries.explain_link(
        queries.LinkRow(target_value="40", target_year=2030, target_source="Uchwała XCIV/2449/18.")
    )
    target = next(s for s in sentences if "XCIV/2449/18" in s)
    assert target.endswith("XCIV/2449/18.")


def test_the_status_of_a_mean_rank_is_the_nearest_rank_a_half_to_the_even_one():
    ranks = [queries.status_of_rank(r).rank for r in (None, 0.4, 2.5, 3.5, 4.49, 7, -1)]
    assert ranks == [0, 0, 2, 4, 4, 5, 0]
    with translation.override("en"):
        assert str(queries.status_of_rank(5).label) == "Target reached"
        assert queries.status_of_rank(1).symbol == "✖"


def test_the_strategies_in_force_are_the_newest_versions(dashboard):
    from stradom.strategy.services import new_version

    newer = new_version(dashboard.strategy)
    assert list(queries.current_strategies()) == [newer]


def test_the_home_unit_is_the_setting_else_the_unit_most_links_use(dashboard, settings):
    assert queries.home_territory() == dashboard.city
    settings.STRADOM_HOME_TERRITORY = "1465011"
    assert queries.home_territory() == dashboard.warsaw


@time_machine.travel(DEC_2025, tick=False)
def test_an_indicator_view_opens_on_the_goal_links_unit_with_its_parts(dashboard):
    with translation.override("en"):
        view = queries.indicator_view(dashboard.pm10, None)
    assert (view.territory, view.dimensions, view.dimensions_label) == (dashboard.city, "", "")
    assert view.disaggregations == ("",)
    assert view.disaggregation_choices == (("", ""),)
    assert view.territories == (dashboard.city, dashboard.warsaw)  # districts have the map
    assert (view.link, view.links) == (dashboard.pm10_link, (dashboard.pm10_link,))
    assert view.baseline == queries.YearValue(2019, Decimal("1234.5"))
    assert view.target == queries.YearValue(2030, Decimal("900"))
    assert [(p.period, p.value) for p in view.series.points] == [
        (str(2019 + i), Decimal("1234.5") - 10 * i) for i in range(6)
    ]
    assert view.series.freshness["latest_period"] == "2024"
    assert view.districts.period == "2024"
    assert [(r.code, r.value) for r in view.districts.rows] == [
        ("1261011-01", Decimal("30.25")),
        ("1261011-02", Decimal("41")),
    ]
    assert view.peers.rows == (
        PeerValue(code="1261011", name="Kraków", value=Decimal("1184.5"), home=True),
        PeerValue(code="1465011", name="Warszawa", value=Decimal("1005"), home=False),
    )
    assert view.facts == CalculationFacts(computation="", calculation="")
    assert [(c.id, c.title, c.table_id, c.spec_id) for c in view.charts] == [
        ("chart-series", "Time series", "table-series", "chart-series-spec"),
        ("chart-map", "Map of districts, 2024", "table-map", "chart-map-spec"),
        ("chart-peers", "Comparison with other cities, 2024", "table-peers", "chart-peers-spec"),
    ]
    assert view.map_drawn
    rules = [
        layer["data"]["values"][0] for layer in view.charts[0].spec["layer"] if "data" in layer
    ]
    assert [r["value"] for r in rules] == [1234.5, 900.0]  # the baseline and the target


def test_another_unit_has_no_baseline_nor_target_and_compares_the_same(dashboard):
    view = queries.indicator_view(dashboard.pm10, dashboard.warsaw)
    assert (view.territory, view.link, view.baseline, view.target) == (
        dashboard.warsaw,
        None,
        None,
        None,
    )
    assert [(r.name, r.home) for r in view.peers.rows] == [("Kraków", False), ("Warszawa", True)]


def test_an_indicator_without_values_has_no_unit_series_nor_charts(dashboard):
    view = queries.indicator_view(dashboard.births, None)
    assert (view.territory, view.series.points, view.charts, view.territories) == (
        None,
        (),
        (),
        (),
    )
    assert not view.map_drawn and view.districts.rows == () and view.peers.rows == ()


def test_the_series_chosen_is_the_goal_links_disaggregation(dashboard):
    from stradom.catalog.services import ObservationInput, write_observations

    female = (("sex", "F"),)
    report = write_observations(
        [
            ObservationInput("POP", "1261011", "2024", Decimal(800_000)),
            ObservationInput("POP", "1261011", "2024", Decimal(420_000), female),
        ],
        actor=None,
        reason="test",
        channel="command",
    )
    assert report.ok
    GoalIndicator.objects.create(
        goal=dashboard.child, indicator=dashboard.pop, territory=dashboard.city, dimensions="sex=F"
    )
    territory, dimensions, keys, links = queries.choose_series(dashboard.pop, None, None)
    assert (territory, dimensions, keys) == (dashboard.city, "sex=F", ["", "sex=F"])
    assert [li.dimensions for li in links] == ["sex=F"]
    # A key the unit does not have falls back to the goal link's.
    assert queries.choose_series(dashboard.pop, dashboard.city, "sex=M")[1] == "sex=F"
    with translation.override("pl"):
        view = queries.indicator_view(dashboard.pop, None)
    assert (view.dimensions, view.dimensions_label) == ("sex=F", "płeć: kobiety")
    assert view.disaggregation_choices == (("", ""), ("sex=F", "płeć: kobiety"))


def test_an_indicator_is_assessed_by_each_strategy_in_force(dashboard):
    with translation.override("en"):
        found = queries.indicator_assessments(dashboard.pm10, AnonymousUser(), [dashboard.child.pk])
    (a,) = found
    assert (a.strategy.name, a.goal.code, a.link.indicator_code) == (
        "Test strategy",
        "1.1",
        "PM10_AVG",
    )
    assert a.explanation[0] == "The base year is 2019, when the value was 1,234.5."
    assert queries.indicator_assessments(dashboard.births, AnonymousUser(), []) == []


def test_a_target_edited_in_place_is_assessed_at_once(dashboard):
    from stradom.strategy.services import save_goal_indicator

    before = queries.assessed(dashboard.strategy, 2025)
    assert queries.assessed(dashboard.strategy, 2025) is before  # kept
    save_goal_indicator(
        {"target_value": Decimal("1100")},
        instance=dashboard.pm10_link,
        actor=None,
        reason="nowa uchwała",
    )  # the same links, the same values: only the strategy's history moved
    after = queries.assessed(dashboard.strategy, 2025)
    assert after is not before
    link = dashboard.pm10_link.pk
    targets = {r["link_id"]: r["target_value"] for r in after["links"]}
    assert str(targets[link]) in ("1100", "1100.0000000000")
