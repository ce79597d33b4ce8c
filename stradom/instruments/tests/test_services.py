"""Instruments, nesting, project networks and who may change them (services and queries)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import Dependency, Instrument, ProjectNetwork
from stradom.instruments.queries import schedule_network


def make(code, kind="project", **fields):
    fields.setdefault("name_pl", f"Projekt {code}")
    return services.create_instrument(
        actor=None, code=code, kind=kind, **fields, reason="nowy instrument"
    )


@pytest.fixture
def network(world):
    """A 3 d, B 4 d, C 2 d, D 5 d; A→B FS, A→C SS+1, B→D FS+2, C→D FS.

    By hand: A 0–3, B 3–7, C 1–3, D max(7+2, 3)=9–14; finish 14. Backward: D LS 9,
    B LF 9−2=7 → LS 3, C LF 9 → LS 7, A LS min(14−3, 3−3, 7−1)=0. Float: A 0, B 0,
    C 6, D 0. Critical path A → B → D.
    """
    a = make("A", planned_start=date(2026, 1, 1), planned_end=date(2026, 1, 3))
    b = make("B", duration_days=4)
    c = make("C", planned_start=date(2026, 3, 1), planned_end=date(2026, 3, 2))
    d = make("D", duration_days=5)
    net = ProjectNetwork.objects.create(code="N1", name_pl="Sieć")
    services.add_dependency(net, a, b, actor=None, reason="sieć projektów")
    services.add_dependency(net, a, c, actor=None, reason="sieć projektów", kind="SS", lag_days=1)
    services.add_dependency(net, b, d, actor=None, reason="sieć projektów", lag_days=2)
    services.add_dependency(net, c, d, actor=None, reason="sieć projektów")
    net.p = {"A": a, "B": b, "C": c, "D": d}
    return net


def test_schedule_gives_the_hand_computed_finish_float_and_critical_path(network):
    result = schedule_network(network)

    assert result.finish_days == 14
    assert [[p.code for p in path] for path in result.critical_paths] == [["A", "B", "D"]]
    timing = {
        r.instrument.code: (
            r.timing.earliest_start,
            r.timing.earliest_finish,
            r.timing.latest_start,
            r.timing.latest_finish,
            r.timing.total_float,
        )
        for r in result.projects
    }
    assert timing == {
        "A": (0, 3, 0, 3, 0),
        "B": (3, 7, 3, 7, 0),
        "C": (1, 3, 7, 9, 6),
        "D": (9, 14, 9, 14, 0),
    }


def test_schedule_counts_days_from_the_earliest_planned_start(network):
    result = schedule_network(network)

    assert result.starts_on == date(2026, 1, 1)
    assert result.finishes_on == date(2026, 1, 14)
    d = next(r for r in result.projects if r.instrument.code == "D")
    assert (d.start, d.finish) == (date(2026, 1, 10), date(2026, 1, 14))


def test_planned_dates_give_the_duration_with_both_days_counted(world):
    project = make("X", planned_start=date(2026, 1, 1), planned_end=date(2026, 1, 31))

    assert project.scheduling_duration == 31


def test_dependency_closing_a_cycle_is_refused_with_its_path_and_nothing_saved(network):
    before = list(Dependency.objects.values_list("id", "predecessor__code", "successor__code"))
    e = make("E", duration_days=1)

    with pytest.raises(StradomError) as refused:
        services.add_dependency(
            network, network.p["D"], network.p["A"], actor=None, reason="sieć projektów"
        )
    with pytest.raises(StradomError):
        services.add_dependency(
            network, e, network.p["A"], actor=None, reason="sieć projektów", kind="XX"
        )

    assert "D → A → B → D" in str(refused.value)
    assert (
        list(Dependency.objects.values_list("id", "predecessor__code", "successor__code")) == before
    )
    assert sorted(network.projects.values_list("code", flat=True)) == ["A", "B", "C", "D"]


def test_a_programme_cannot_be_linked_in_a_network(network):
    programme = make("PRG", kind="programme")

    with pytest.raises(StradomError, match="only projects form a network"):
        services.add_dependency(
            network, network.p["D"], programme, actor=None, reason="sieć projektów"
        )

    assert Dependency.objects.count() == 4


def test_project_without_duration_cannot_be_scheduled(network):
    services.add_to_network(network, make("Z"), actor=None, reason="sieć projektów")

    with pytest.raises(StradomError, match="Project Z has no duration"):
        schedule_network(network)


def test_only_an_administrator_builds_networks(network, world):
    network.p["A"].manager = world.provider
    network.p["A"].save()

    with pytest.raises(services.Refused):
        services.add_dependency(
            network, network.p["C"], network.p["B"], actor=world.provider, reason="sieć projektów"
        )
    with pytest.raises(services.Refused):
        services.remove_dependency(
            Dependency.objects.first(), actor=world.env_coordinator, reason="sieć projektów"
        )

    assert Dependency.objects.count() == 4
    services.add_dependency(
        network, network.p["C"], network.p["B"], actor=world.admin, reason="sieć projektów"
    )
    assert Dependency.objects.count() == 5


# -- nesting ----------------------------------------------------------------------------------
def test_portfolio_holds_programmes_and_programme_holds_projects(world):
    portfolio = make("PF", kind="portfolio")
    programme = make("PG", kind="programme", parent=portfolio)
    project = make("PJ", parent=programme)

    assert list(portfolio.members.values_list("code", flat=True)) == ["PG"]
    assert project.parent.parent == portfolio


def test_nesting_that_makes_no_sense_is_refused(world):
    programme = make("PG", kind="programme")
    project = make("PJ", parent=programme)

    with pytest.raises(StradomError, match="A programme cannot be part of a programme"):
        make("PG2", kind="programme", parent=programme)
    with pytest.raises(StradomError, match="A project cannot be part of a project"):
        make("PJ2", parent=project)
    with pytest.raises(StradomError, match="PG cannot be a project: it holds PJ"):
        services.update_instrument(programme, actor=None, reason="test", kind="project")

    assert sorted(Instrument.objects.values_list("code", "kind")) == [
        ("PG", "programme"),
        ("PJ", "project"),
    ]


def test_portfolio_cannot_end_up_inside_itself(world):
    outer = make("P1", kind="portfolio")
    inner = make("P2", kind="portfolio", parent=outer)

    with pytest.raises(StradomError, match="P1 cannot be part of itself: P1 → P2 → P1"):
        services.update_instrument(outer, actor=None, reason="test", parent=inner)

    outer.refresh_from_db()
    assert outer.parent is None


def test_a_taken_code_and_reversed_dates_are_refused(world):
    make("P1")

    with pytest.raises(StradomError, match="already taken"):
        make("P1")
    with pytest.raises(StradomError) as refused:
        make("P2", planned_start=date(2026, 5, 1), planned_end=date(2026, 4, 30))
    # The date as the reader writes it, in Polish (the default) and in English.
    assert localize(refused.value) == (
        "Instrument P2: planowane zakończenie 30.04.2026 przypada przed rozpoczęciem."
    )
    with translation.override("en"):
        with pytest.raises(StradomError) as refused:
            make("P2", actual_start=date(2026, 5, 1), actual_end=date(2026, 4, 30))
        assert localize(refused.value) == (
            "Instrument P2: the actual end 30 Apr 2026 is before its start."
        )

    assert Instrument.objects.count() == 1


# -- permissions ------------------------------------------------------------------------------
def test_manager_changes_own_instrument_but_not_its_manager(world):
    project = make("P1", manager=world.provider, status="planned")

    updated = services.update_instrument(
        project, actor=world.provider, reason="test", status="in_progress"
    )
    with pytest.raises(services.Refused):
        services.update_instrument(
            project, actor=world.provider, reason="test", manager=world.analyst
        )

    assert updated.status == "in_progress"
    project.refresh_from_db()
    assert (project.status, project.manager) == ("in_progress", world.provider)


def test_someone_else_cannot_change_an_instrument_and_nothing_changes(world):
    project = make("P1", manager=world.provider, owning_unit="Wydział Strategii")
    project.goals.clear()

    for actor in (world.analyst, world.env_coordinator, AnonymousUser()):
        with pytest.raises(services.Refused):
            services.update_instrument(project, actor=actor, reason="test", owning_unit="inny")
        with pytest.raises(services.Refused):
            services.add_milestone(
                project,
                actor=actor,
                name_pl="x",
                due_date=date(2026, 1, 1),
                reason="nowy kamień milowy",
            )
    with pytest.raises(services.Refused):
        services.create_instrument(
            actor=world.provider, code="P2", kind="project", name_pl="x", reason="nowy instrument"
        )

    project.refresh_from_db()
    assert project.owning_unit == "Wydział Strategii"
    assert project.milestones.count() == 0
    assert list(Instrument.objects.values_list("code", flat=True)) == ["P1"]


def test_links_to_goals_and_indicators_are_set_as_whole_lists(world):
    project = make("P1", result_indicators=[world.trams], output_indicators=[world.pm10])

    services.update_instrument(
        project, actor=None, reason="test", result_indicators=[world.pm10, world.trams]
    )

    assert sorted(project.result_indicators.values_list("code", flat=True)) == [
        "PM10_AVG",
        "TRAM_SAT",
    ]
    assert list(world.pm10.instruments_as_output.values_list("code", flat=True)) == ["P1"]
