"""Project networks: CPM dates, float, critical paths, cycles (no Django)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stradom.core.messages import StradomError
from stradom.instruments.network import (
    Dependency,
    Link,
    Project,
    find_cycle,
    schedule,
)


def dates(result, pid):
    p = result.projects[pid]
    return (p.earliest_start, p.earliest_finish, p.latest_start, p.latest_finish, p.total_float)


def fs(a, b, lag=0):
    return Dependency(a, b, Link.FS, lag)


def ss(a, b, lag=0):
    return Dependency(a, b, Link.SS, lag)


TEXTBOOK = {"A": 3, "B": 4, "C": 2, "D": 5, "E": 1, "F": 2}
TEXTBOOK_LINKS = [
    fs("A", "B"),
    fs("A", "C"),
    fs("B", "D"),
    fs("C", "E"),
    fs("D", "F"),
    fs("E", "F"),
]


def test_textbook_network():
    """Forward: A 0-3, B 3-7, C 3-5, D 7-12, E 5-6, F max(12, 6) = 12-14.

    Backward from 14: F 12-14, D 7-12, E LF = LS(F) = 12 so 11-12, B LF = LS(D) = 7
    so 3-7, C LF = LS(E) = 11 so 9-11, A LF = min(LS(B) 3, LS(C) 9) = 3 so 0-3.
    Float: C and E 6 days, the rest 0; critical path A-B-D-F.
    """
    result = schedule(TEXTBOOK, TEXTBOOK_LINKS)
    assert result.finish == 14
    assert {pid: dates(result, pid) for pid in TEXTBOOK} == {
        "A": (0, 3, 0, 3, 0),
        "B": (3, 7, 3, 7, 0),
        "C": (3, 5, 9, 11, 6),
        "D": (7, 12, 7, 12, 0),
        "E": (5, 6, 11, 12, 6),
        "F": (12, 14, 12, 14, 0),
    }
    assert result.critical == ("A", "B", "D", "F")
    assert result.critical_paths == (("A", "B", "D", "F"),)


def test_two_critical_paths():
    # A 2; B 3 and C 3 after A; D 1 after both: 0-2, 2-5, 2-5, 5-6
    result = schedule(
        {"A": 2, "B": 3, "C": 3, "D": 1}, [fs("A", "B"), fs("A", "C"), fs("B", "D"), fs("C", "D")]
    )
    assert result.finish == 6
    assert result.critical_paths == (("A", "B", "D"), ("A", "C", "D"))


def test_start_to_start_with_lag():
    # A 10; B 6 starts 3 days after A starts: B 3-9, finish 10.
    # Backward: B LF 10, LS 4; A LS = min(10 - 10, LS(B) - 3 = 1) = 0. B float 1.
    result = schedule({"A": 10, "B": 6}, [ss("A", "B", 3)])
    assert result.finish == 10
    assert dates(result, "A") == (0, 10, 0, 10, 0)
    assert dates(result, "B") == (3, 9, 4, 10, 1)
    assert result.critical_paths == (("A",),)


def test_start_to_start_drives_a_longer_successor():
    # A 4; B 10 starts 2 days after A starts: B 2-12; A LS = min(12 - 4, 2 - 2) = 0
    result = schedule({"A": 4, "B": 10}, [ss("A", "B", 2)])
    assert result.finish == 12
    assert dates(result, "A") == (0, 4, 0, 4, 0)
    assert result.critical_paths == (("A", "B"),)


def test_negative_lag_is_a_lead_and_never_starts_before_day_0():
    # FS -3: B starts 3 days before A ends: A 0-10, B 7-12
    lead = schedule({"A": 10, "B": 5}, [fs("A", "B", -3)])
    assert (lead.finish, dates(lead, "B")) == (12, (7, 12, 7, 12, 0))
    assert lead.critical_paths == (("A", "B"),)
    # SS -4 would start B at -4: it starts at day 0; A then has 3 days of float
    clamped = schedule({"A": 2, "B": 5}, [ss("A", "B", -4)])
    assert dates(clamped, "B") == (0, 5, 0, 5, 0)
    assert dates(clamped, "A") == (0, 2, 3, 5, 3)
    assert clamped.critical_paths == (("B",),)


def test_disconnected_projects_and_milestones():
    result = schedule({**TEXTBOOK, "X": 20, "M": 0}, [*TEXTBOOK_LINKS, fs("F", "M")])
    assert result.finish == 20
    assert result.critical_paths == (("X",),)
    assert dates(result, "M") == (14, 14, 20, 20, 6)
    assert result.projects["A"].total_float == 6


def test_empty_network():
    result = schedule({})
    assert (result.finish, result.critical_paths) == (0, ())


@pytest.mark.parametrize(
    ("links", "path"),
    [
        ([fs("P1", "P3"), fs("P3", "P2"), fs("P2", "P1")], "P1 → P3 → P2 → P1"),
        ([fs("P1", "P2"), ss("P2", "P3", -5), fs("P3", "P2")], "P2 → P3 → P2"),
        ([fs("P1", "P1")], "P1 → P1"),
    ],
)
def test_a_cycle_is_refused_with_the_path_that_closes_it(links, path):
    projects = {"P1": 1, "P2": 1, "P3": 1}
    with pytest.raises(StradomError) as caught:
        schedule(projects, links)
    assert str(caught.value) == f"The dependencies form a cycle: {path}."
    assert " → ".join(find_cycle(projects, links)) == path


def test_no_cycle():
    assert find_cycle(TEXTBOOK, TEXTBOOK_LINKS) is None


def test_bad_input_is_refused():
    with pytest.raises(StradomError, match="unknown project Q"):
        schedule({"P": 1}, [fs("P", "Q")])
    with pytest.raises(StradomError, match="negative duration"):
        Project("P", -1)
    with pytest.raises(StradomError, match="whole number of days"):
        Project("P", 1.5)
    with pytest.raises(StradomError, match="whole number of days"):
        Dependency("P", "Q", Link.FS, 0.5)
    with pytest.raises(StradomError, match="listed twice"):
        schedule([Project("P", 1), Project("P", 2)])
    assert Dependency("P", "Q", "SS").kind is Link.SS


# -- properties ---------------------------------------------------------------
@st.composite
def networks(draw):
    size = draw(st.integers(min_value=1, max_value=12))
    durations = draw(st.lists(st.integers(0, 30), min_size=size, max_size=size))
    projects = {f"P{i}": d for i, d in enumerate(durations)}
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)).filter(
                lambda p: p[0] < p[1]
            ),
            max_size=3 * size,
        )
    )
    links = [
        Dependency(f"P{a}", f"P{b}", draw(st.sampled_from(list(Link))), draw(st.integers(-5, 10)))
        for a, b in pairs
    ]
    return projects, links


@settings(deadline=None)  # timing varies on shared CI machines
@given(networks())
def test_cpm_properties(network):
    projects, links = network
    result = schedule(projects, links)
    for pid, duration in projects.items():
        p = result.projects[pid]
        assert result.finish >= duration
        assert 0 <= p.earliest_start <= p.latest_start
        assert p.earliest_finish <= p.latest_finish <= result.finish
        assert p.total_float >= 0
    for link in links:  # both schedules keep every dependency
        before, after = result.projects[link.predecessor], result.projects[link.successor]
        for start_b, start_a in (
            (before.earliest_start, after.earliest_start),
            (before.latest_start, after.latest_start),
        ):
            anchor = start_b + (before.duration if link.kind is Link.FS else 0)
            assert start_a >= anchor + link.lag
    assert result.critical_paths, "every network has a critical path"
    for path in result.critical_paths:
        assert all(result.projects[pid].total_float == 0 for pid in path)
        assert result.projects[path[0]].earliest_start == 0
        assert result.projects[path[-1]].earliest_finish == result.finish
    assert any(result.projects[pid].earliest_finish == result.finish for pid in result.critical)
