"""Project networks, their dependencies and reporting cycles (the administrators'):
check, save, delete, with history."""

from __future__ import annotations

from django.db import transaction

from stradom.core.history import (
    record_deletion,
    refuse_if_referred_to,
    refuse_unknown_fields,
    save_tracked,
)
from stradom.core.messages import StradomError, gettext_noop
from stradom.instruments import network as cpm
from stradom.instruments.models import (
    Dependency,
    Instrument,
    InstrumentChange,
    InstrumentKind,
    LinkKind,
    ProjectNetwork,
    ReportingCycle,
)
from stradom.instruments.services.common import (
    kind_term,
    require_administrator,
)


# -- project networks -------------------------------------------------------------------------
def check_dependencies(
    network: ProjectNetwork,
    links: list[tuple[Instrument, Instrument, str, int]],
    start_at: str | None = None,
) -> None:
    """Refuse a set of dependencies that loops, names a non-project or a pair twice.

    ``links`` is the network's whole set after the change, as (predecessor, successor,
    kind, lag) tuples; a loop is reported from the project ``start_at`` when it is on it.
    """
    seen: set[tuple[int, int]] = set()
    for predecessor, successor, kind, lag in links:
        for end in (predecessor, successor):
            if end.kind != InstrumentKind.PROJECT:
                raise StradomError(
                    gettext_noop("%(code)s is a %(kind)s; only projects form a network."),
                    code=end.code,
                    kind=kind_term(end.kind),
                )
        if predecessor.pk == successor.pk:
            raise StradomError(
                gettext_noop("%(code)s cannot depend on itself."), code=predecessor.code
            )
        if kind not in LinkKind.values:
            raise StradomError(gettext_noop("Unknown kind of dependency %(kind)r."), kind=kind)
        if isinstance(lag, bool) or not isinstance(lag, int):
            raise StradomError(
                gettext_noop("The lag of %(predecessor)s → %(successor)s must be whole days."),
                predecessor=predecessor.code,
                successor=successor.code,
            )
        pair = (predecessor.pk, successor.pk)
        if pair in seen:
            raise StradomError(
                gettext_noop("%(predecessor)s → %(successor)s is given twice in %(network)s."),
                predecessor=predecessor.code,
                successor=successor.code,
                network=network.code,
            )
        seen.add(pair)
    projects = {p.code: 0 for link in links for p in link[:2]}
    cycle = cpm.find_cycle(
        projects,
        [cpm.Dependency(p.code, s.code, cpm.Link(kind), lag) for p, s, kind, lag in links],
    )
    if cycle is not None:
        if start_at is not None and start_at in cycle:
            # Read the loop from the link being added: "D → A → B → D" for D → A.
            ring = cycle[:-1]
            at = ring.index(start_at)
            cycle = [*ring[at:], *ring[:at], start_at]
        raise StradomError(
            gettext_noop("The dependencies would form a cycle: %(path)s."),
            path=" → ".join(cycle),
        )


def current_links(network: ProjectNetwork, exclude: int | None = None):
    rows = network.dependencies.select_related("predecessor", "successor")
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return [(d.predecessor, d.successor, d.kind, d.lag_days) for d in rows]


def _network_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop(
                "Say why the network or reporting cycle changes (a reason); it is kept in "
                "the history."
            )
        )
    return reason


# What the histories of networks, their dependencies and reporting cycles keep.
NETWORK_FIELDS = (
    "code",
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "projects",
    "note",
    "illustrative",
)


DEPENDENCY_FIELDS = ("network", "predecessor", "successor", "kind", "lag_days")


CYCLE_FIELDS = (
    "name_pl",
    "name_en",
    "description_pl",
    "description_en",
    "frequency",
    "starts_on",
    "grace_days",
    "instruments",
    "active",
    "illustrative",
)


def _check_network_projects(network: ProjectNetwork, projects) -> None:
    for project in projects:
        if project.kind != InstrumentKind.PROJECT:
            raise StradomError(
                gettext_noop("%(code)s is a %(kind)s; only projects form a network."),
                code=project.code,
                kind=kind_term(project.kind),
            )


def check_kept_projects(network: ProjectNetwork, project_ids, dependencies) -> None:
    """Refuse to take a project out of ``network`` while one of its ``dependencies``
    (those that stay) links it."""
    for d in dependencies:
        for end in (d.predecessor, d.successor):
            if end.pk not in project_ids:
                raise StradomError(
                    gettext_noop(
                        "%(code)s stays in %(network)s while the dependency %(dependency)s "
                        "links it."
                    ),
                    code=end.code,
                    network=network.code,
                    dependency=str(d),
                )


@transaction.atomic
def save_network(
    values,
    *,
    instance: ProjectNetwork | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> ProjectNetwork:
    """Create a project network or change it (names, note, its projects as a whole list):
    every changed field is kept in :class:`InstrumentChange` with who, when, old and new
    value, why and the channel. The administrators'; a reason is required; a project
    that a dependency of the network links stays in it."""
    require_administrator(actor)
    reason = _network_reason(reason)
    refuse_unknown_fields(values, NETWORK_FIELDS, ProjectNetwork)
    if instance is not None:
        instance = ProjectNetwork.objects.select_for_update().get(pk=instance.pk)
    if "projects" in values:
        projects = list(values["projects"])
        _check_network_projects(instance, projects)
        if instance is not None:
            check_kept_projects(
                instance,
                {p.pk for p in projects},
                instance.dependencies.select_related("predecessor", "successor"),
            )
        values = {**values, "projects": projects}
    network, _changed = save_tracked(
        InstrumentChange,
        ProjectNetwork,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=lambda obj: obj.full_clean(exclude=["projects"]),
    )
    return network


@transaction.atomic
def delete_network(network: ProjectNetwork, *, actor, reason: str, channel: str = "service"):
    """Delete a project network: its last values and those of each of its dependencies
    stay in :class:`InstrumentChange` with who, when, why and the channel (the projects
    themselves stay)."""
    require_administrator(actor)
    reason = _network_reason(reason)
    network = ProjectNetwork.objects.select_for_update().get(pk=network.pk)
    for dependency in network.dependencies.select_related("network", "predecessor", "successor"):
        record_deletion(
            InstrumentChange,
            dependency,
            DEPENDENCY_FIELDS,
            actor=actor,
            reason=reason,
            channel=channel,
        )
    record_deletion(
        InstrumentChange, network, NETWORK_FIELDS, actor=actor, reason=reason, channel=channel
    )


@transaction.atomic
def save_dependency(
    values,
    *,
    instance: Dependency | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> Dependency:
    """Link two projects of a network, or change a link (its kind, lag, ends), checked
    against the network's whole set (no loop, no pair twice, projects only). Both ends
    join the network if they are not in it yet (kept in the network's history); every
    field set is kept in :class:`InstrumentChange` with who, when, why and the channel."""
    require_administrator(actor)
    reason = _network_reason(reason)
    refuse_unknown_fields(values, DEPENDENCY_FIELDS, Dependency)
    if instance is not None:
        instance = Dependency.objects.select_for_update().get(pk=instance.pk)
    current = {n: getattr(instance, n) for n in DEPENDENCY_FIELDS} if instance else {}
    merged = {"kind": LinkKind.FS, "lag_days": 0, **current, **values}
    network, predecessor, successor = (
        merged.get("network"),
        merged.get("predecessor"),
        merged.get("successor"),
    )
    if network is None or predecessor is None or successor is None:
        raise StradomError(gettext_noop("A dependency needs its network and both projects."))
    kind, lag = str(merged["kind"]), merged["lag_days"]
    links = current_links(network, exclude=instance.pk if instance else None)
    check_dependencies(
        network, [*links, (predecessor, successor, kind, lag)], start_at=predecessor.code
    )
    joined = set(network.projects.all()) | {predecessor, successor}
    if len(joined) > network.projects.count():
        save_network(
            {"projects": sorted(joined, key=lambda p: p.pk)},
            instance=network,
            actor=actor,
            reason=reason,
            channel=channel,
        )
    if instance is None:
        values = {**merged, "kind": kind}
    dependency, _changed = save_tracked(
        InstrumentChange,
        Dependency,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
    )
    return dependency


@transaction.atomic
def delete_dependency(dependency: Dependency, *, actor, reason: str, channel: str = "service"):
    """Unlink two projects; the link's last values stay in the history with the reason."""
    require_administrator(actor)
    reason = _network_reason(reason)
    fresh = Dependency.objects.select_for_update().get(pk=dependency.pk)
    record_deletion(
        InstrumentChange, fresh, DEPENDENCY_FIELDS, actor=actor, reason=reason, channel=channel
    )


def add_dependency(
    network: ProjectNetwork,
    predecessor: Instrument,
    successor: Instrument,
    *,
    actor,
    reason: str,
    channel: str = "service",
    kind: str = LinkKind.FS,
    lag_days: int = 0,
) -> Dependency:
    """Link two projects of a network (both join it if they are not in it yet), through
    :func:`save_dependency`."""
    return save_dependency(
        {
            "network": network,
            "predecessor": predecessor,
            "successor": successor,
            "kind": str(kind),
            "lag_days": lag_days,
        },
        actor=actor,
        reason=reason,
        channel=channel,
    )


def remove_dependency(
    dependency: Dependency, *, actor, reason: str, channel: str = "service"
) -> None:
    delete_dependency(dependency, actor=actor, reason=reason, channel=channel)


def add_to_network(
    network: ProjectNetwork, project: Instrument, *, actor, reason: str, channel: str = "service"
) -> None:
    """Add a project to a network, through :func:`save_network` (kept in its history)."""
    require_administrator(actor)
    _check_network_projects(network, [project])
    save_network(
        {"projects": [*network.projects.all(), project]},
        instance=network,
        actor=actor,
        reason=reason,
        channel=channel,
    )


@transaction.atomic
def save_cycle(
    values,
    *,
    instance: ReportingCycle | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> ReportingCycle:
    """Create a reporting cycle or change it (frequency, first day, days allowed, the
    instruments it asks, active…): every changed field is kept in :class:`InstrumentChange`
    with who, when, old and new value, why and the channel. The administrators'; a
    reason is required."""
    require_administrator(actor)
    reason = _network_reason(reason)
    refuse_unknown_fields(values, CYCLE_FIELDS, ReportingCycle)
    if instance is not None:
        instance = ReportingCycle.objects.select_for_update().get(pk=instance.pk)
    cycle, _changed = save_tracked(
        InstrumentChange,
        ReportingCycle,
        instance,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=lambda obj: obj.full_clean(exclude=["instruments"]),
    )
    return cycle


@transaction.atomic
def delete_cycle(cycle: ReportingCycle, *, actor, reason: str, channel: str = "service"):
    """Delete a reporting cycle; its last values stay in the history with the reason. A
    cycle that progress updates were reported for is not deleted (make it inactive)."""
    require_administrator(actor)
    reason = _network_reason(reason)
    cycle = ReportingCycle.objects.select_for_update().get(pk=cycle.pk)
    refuse_if_referred_to(cycle, ReportingCycle, [cycle], own=set())
    record_deletion(
        InstrumentChange, cycle, CYCLE_FIELDS, actor=actor, reason=reason, channel=channel
    )
