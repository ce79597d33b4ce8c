"""Project networks: dependencies, cycle refusal and the critical path method.

A network of projects (sieć projektów) is a set of projects, each with a
duration in whole calendar days, linked by dependencies:

* finish-to-start (FS): the successor starts no earlier than the predecessor's
  finish plus the lag;
* start-to-start (SS): the successor starts no earlier than the predecessor's
  start plus the lag.

Lags may be negative (a lead: "start B three days before A ends").  The network
starts on day 0 and no project starts before it, so a lead never pulls a start
below 0.  Durations may be 0 (milestones).  Any cycle is refused, whatever its
lags, with the path that closes it.

The schedule is the critical path method (CPM; Kelley & Walker 1959, as in
PMI's PMBOK Guide, "Critical Path Method"): a forward pass gives earliest
start/finish, a backward pass from the network's earliest finish gives latest
start/finish, total float = latest start − earliest start, and projects with
zero float are critical.  A critical path is a chain of critical projects
joined by driving (tight) dependencies, from a project starting on day 0 to
one finishing with the network; there can be several (at most
:data:`MAX_CRITICAL_PATHS` are listed).  Days are counted from
0: a project with earliest start 3 and duration 4 finishes at 7.

Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from stradom.core.messages import StradomError, gettext_noop

MAX_CRITICAL_PATHS = 1000  # parallel equal chains multiply paths; list at most this many


class Link(StrEnum):
    FS = "FS"  # finish-to-start
    SS = "SS"  # start-to-start


@dataclass(frozen=True)
class Project:
    id: str
    duration: int  # whole calendar days, 0 for a milestone
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.duration, bool) or not isinstance(self.duration, int):
            raise StradomError(
                gettext_noop("The duration of project %(project)s must be a whole number of days."),
                project=self.id,
            )
        if self.duration < 0:
            raise StradomError(
                gettext_noop("Project %(project)s has a negative duration (%(duration)s days)."),
                project=self.id,
                duration=self.duration,
            )


@dataclass(frozen=True)
class Dependency:
    predecessor: str
    successor: str
    kind: Link = Link.FS
    lag: int = 0  # days; negative = lead

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", Link(self.kind))
        if isinstance(self.lag, bool) or not isinstance(self.lag, int):
            raise StradomError(
                gettext_noop(
                    "The lag of %(predecessor)s → %(successor)s must be a whole number of days."
                ),
                predecessor=self.predecessor,
                successor=self.successor,
            )


@dataclass(frozen=True)
class ScheduledProject:
    id: str
    duration: int
    earliest_start: int
    earliest_finish: int
    latest_start: int
    latest_finish: int

    @property
    def total_float(self) -> int:
        return self.latest_start - self.earliest_start

    @property
    def critical(self) -> bool:
        return self.total_float == 0


@dataclass(frozen=True)
class Schedule:
    projects: Mapping[str, ScheduledProject]
    finish: int  # the network's earliest finish
    critical_paths: tuple[tuple[str, ...], ...]

    @property
    def critical(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.projects.values() if p.critical)


def _index(
    projects: Iterable[Project] | Mapping[str, int], dependencies: Iterable[Dependency]
) -> tuple[dict[str, Project], list[Dependency]]:
    if isinstance(projects, Mapping):
        projects = [Project(pid, duration) for pid, duration in projects.items()]
    indexed: dict[str, Project] = {}
    for project in projects:
        if project.id in indexed:
            raise StradomError(
                gettext_noop("Project %(project)s is listed twice."), project=project.id
            )
        indexed[project.id] = project
    links = list(dependencies)
    for link in links:
        for end in (link.predecessor, link.successor):
            if end not in indexed:
                raise StradomError(
                    gettext_noop(
                        "The dependency %(predecessor)s → %(successor)s names an unknown "
                        "project %(project)s."
                    ),
                    predecessor=link.predecessor,
                    successor=link.successor,
                    project=end,
                )
    return indexed, links


def find_cycle(
    projects: Iterable[Project] | Mapping[str, int], dependencies: Iterable[Dependency]
) -> list[str] | None:
    """A cycle as a closed path (["P1", "P3", "P2", "P1"]), or None."""
    indexed, links = _index(projects, dependencies)
    return _find_cycle(indexed, links)


def _find_cycle(indexed: Mapping[str, Project], links: list[Dependency]) -> list[str] | None:
    successors: dict[str, list[str]] = {pid: [] for pid in indexed}
    for link in links:
        successors[link.predecessor].append(link.successor)
    state: dict[str, int] = dict.fromkeys(indexed, 0)  # 0 new, 1 on the path, 2 done
    for root in indexed:
        if state[root]:
            continue
        path = [root]
        pending = [iter(successors[root])]
        state[root] = 1
        while pending:
            following = next(pending[-1], None)
            if following is None:
                state[path.pop()] = 2
                pending.pop()
            elif state[following] == 1:
                return [*path[path.index(following) :], following]
            elif state[following] == 0:
                state[following] = 1
                path.append(following)
                pending.append(iter(successors[following]))
    return None


def schedule(
    projects: Iterable[Project] | Mapping[str, int], dependencies: Iterable[Dependency] = ()
) -> Schedule:
    """Earliest and latest dates, float and critical paths of a network (CPM)."""
    indexed, links = _index(projects, dependencies)
    cycle = _find_cycle(indexed, links)
    if cycle is not None:
        raise StradomError(
            gettext_noop("The dependencies form a cycle: %(path)s."), path=" → ".join(cycle)
        )
    order = _topological(indexed, links)
    incoming: dict[str, list[Dependency]] = {pid: [] for pid in indexed}
    outgoing: dict[str, list[Dependency]] = {pid: [] for pid in indexed}
    for link in links:
        incoming[link.successor].append(link)
        outgoing[link.predecessor].append(link)
    duration = {pid: project.duration for pid, project in indexed.items()}

    earliest: dict[str, int] = {}
    for pid in order:
        starts = [0]
        for link in incoming[pid]:
            anchor = earliest[link.predecessor]
            if link.kind is Link.FS:
                anchor += duration[link.predecessor]
            starts.append(anchor + link.lag)
        earliest[pid] = max(starts)
    finish = max((earliest[pid] + duration[pid] for pid in indexed), default=0)

    latest: dict[str, int] = {}
    for pid in reversed(order):
        starts = [finish - duration[pid]]
        for link in outgoing[pid]:
            bound = latest[link.successor] - link.lag  # latest start (SS) or finish (FS)
            starts.append(bound - duration[pid] if link.kind is Link.FS else bound)
        latest[pid] = min(starts)

    scheduled = {
        pid: ScheduledProject(
            pid,
            duration[pid],
            earliest[pid],
            earliest[pid] + duration[pid],
            latest[pid],
            latest[pid] + duration[pid],
        )
        for pid in indexed
    }
    return Schedule(
        MappingProxyType(scheduled), finish, _critical_paths(scheduled, links, finish, order)
    )


def _topological(indexed: Mapping[str, Project], links: list[Dependency]) -> list[str]:
    """Kahn's order, stable with respect to the order projects were given in."""
    waiting = dict.fromkeys(indexed, 0)
    successors: dict[str, list[str]] = {pid: [] for pid in indexed}
    for link in links:
        waiting[link.successor] += 1
        successors[link.predecessor].append(link.successor)
    ready = [pid for pid in indexed if waiting[pid] == 0]
    order: list[str] = []
    while ready:
        pid = ready.pop(0)
        order.append(pid)
        for following in successors[pid]:
            waiting[following] -= 1
            if waiting[following] == 0:
                ready.append(following)
    return order


def _critical_paths(
    scheduled: Mapping[str, ScheduledProject],
    links: list[Dependency],
    finish: int,
    order: list[str],
) -> tuple[tuple[str, ...], ...]:
    def driving(link: Dependency) -> bool:
        before, after = scheduled[link.predecessor], scheduled[link.successor]
        anchor = before.earliest_finish if link.kind is Link.FS else before.earliest_start
        return before.critical and after.critical and anchor + link.lag == after.earliest_start

    tight = [link for link in links if driving(link)]
    nexts: dict[str, list[str]] = {pid: [] for pid in scheduled}
    driven = set()
    for link in tight:
        if link.successor not in nexts[link.predecessor]:
            nexts[link.predecessor].append(link.successor)
        driven.add(link.successor)
    starts = [
        pid
        for pid in order
        if scheduled[pid].critical and scheduled[pid].earliest_start == 0 and pid not in driven
    ]
    paths: list[tuple[str, ...]] = []
    stack = [(start,) for start in reversed(starts)]
    while stack and len(paths) < MAX_CRITICAL_PATHS:
        path = stack.pop()
        following = nexts[path[-1]]
        if not following:
            if scheduled[path[-1]].earliest_finish == finish:
                paths.append(path)
            continue
        stack.extend((*path, pid) for pid in reversed(following))
    return tuple(paths)
