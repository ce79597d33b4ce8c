"""Reads of the territory register."""

from __future__ import annotations

from collections.abc import Iterable

from stradom.territory.codes import teryt_from_bdl
from stradom.territory.models import BdlUnit, Territory


def resolve_territories(refs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Territory]:
    """Resolve (kind, reference) pairs to territories in a few queries.

    ``kind`` is ``code`` (Stradom/TERYT code), ``bdl`` (12-digit BDL unit id: first an
    explicit :class:`BdlUnit`, then the TERC code it encodes) or ``name`` (exact name,
    only when exactly one unit bears it). Unknown references are simply absent from
    the result: callers report them, nothing is guessed.
    """
    refs = set(refs)
    by_kind: dict[str, set[str]] = {"code": set(), "bdl": set(), "name": set()}
    for kind, ref in refs:
        by_kind.setdefault(kind, set()).add(ref)
    found: dict[tuple[str, str], Territory] = {}

    bdl_refs = by_kind["bdl"]
    for unit in BdlUnit.objects.filter(code__in=bdl_refs).select_related("territory"):
        found[("bdl", unit.code)] = unit.territory
    derived: dict[str, str] = {}
    for ref in bdl_refs:
        if ("bdl", ref) in found:
            continue
        try:
            teryt = teryt_from_bdl(ref)
        except ValueError:
            continue
        if teryt:
            derived[teryt] = ref

    codes = by_kind["code"] | set(derived)
    for territory in Territory.objects.filter(code__in=codes):
        if territory.code in by_kind["code"]:
            found[("code", territory.code)] = territory
        if territory.code in derived:
            found[("bdl", derived[territory.code])] = territory

    if by_kind["name"]:
        matches: dict[str, list[Territory]] = {}
        for territory in Territory.objects.filter(name__in=by_kind["name"]):
            matches.setdefault(territory.name, []).append(territory)
        for name, units in matches.items():
            if len(units) == 1:
                found[("name", name)] = units[0]
    return found
