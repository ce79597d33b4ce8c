"""Writes to indicator definitions (metadata: names, definition, unit, source,
computation, links): one function to add an indicator, one to change it. Both ask
``accounts.permissions.can(EDIT_INDICATOR)``, check the values, and keep every field
they set in :class:`IndicatorChange` with who, when, old and new value, why and the
channel (:func:`stradom.core.history.save_tracked`); the admin, the Open SDG importer,
the demo loader and ``set_computation`` all write through them."""

from __future__ import annotations

from typing import NamedTuple

from django.db import transaction

from stradom.accounts.permissions import Action, can
from stradom.catalog.formula import find_cycle, parse_formula
from stradom.catalog.models import Indicator, IndicatorChange
from stradom.catalog.services.computed import (
    aggregation_spec,
    dependency_graph,
    recompute_indicator,
)
from stradom.core.history import refuse_unknown_fields, save_tracked
from stradom.core.messages import StradomError, gettext_noop

# The metadata an indicator's history keeps: every field people edit (not its values,
# which ``ObservationChange`` keeps, nor the timestamps).
INDICATOR_FIELDS = tuple(
    f.name
    for f in (*Indicator._meta.concrete_fields, *Indicator._meta.many_to_many)
    if f.name not in ("id", "created_at", "updated_at")
)
COMPUTATION_FIELDS = {"formula", "aggregation_source", "aggregation"}


class IndicatorSaved(NamedTuple):
    indicator: Indicator
    changed: list[str]
    recomputed: int = 0  # computed values rewritten after the computation changed


def check_computation(indicator: Indicator) -> None:
    """Refuse a formula or aggregation that cannot work, saying why.

    Checks the formula's syntax, that every referenced indicator exists, that the
    aggregation is well formed, and that no chain of computed indicators loops back.
    """
    if indicator.formula and indicator.aggregation_source_id:
        raise StradomError(
            gettext_noop("an indicator has either a formula or an aggregation, not both")
        )
    if indicator.formula:
        refs = parse_formula(indicator.formula).references
        known = set(Indicator.objects.filter(code__in=refs).values_list("code", flat=True))
        unknown = sorted(refs - known - {indicator.code})
        if unknown:
            raise StradomError(
                gettext_noop("the formula refers to unknown indicators: %(codes)s"),
                codes=", ".join(unknown),
            )
    elif indicator.aggregation_source_id:
        if indicator.aggregation_source_id == indicator.pk:
            raise StradomError(gettext_noop("an indicator cannot aggregate itself"))
        aggregation_spec(indicator)
    else:
        return
    others = (
        Indicator.objects.exclude(pk=indicator.pk)
        .exclude(formula="", aggregation_source__isnull=True)
        .select_related("aggregation_source")
    )
    graph = dependency_graph(list(others) + [indicator])
    cycle = find_cycle(graph)
    if cycle:
        raise StradomError(
            gettext_noop("computed indicators would depend on each other in a loop: %(path)s"),
            path=" → ".join(cycle),
        )


@transaction.atomic
def set_computation(
    indicator: Indicator,
    *,
    formula: str = "",
    aggregation_source: Indicator | None = None,
    aggregation: dict | None = None,
    actor,
    reason: str,
    channel: str = "service",
) -> int:
    """Define how an indicator is computed, check it, save it through
    :func:`update_indicator` (so the change is in its history) and recompute its values;
    the number of values written. ``indicator`` gets the saved definition."""
    saved = update_indicator(
        indicator,
        actor=actor,
        reason=reason,
        channel=channel,
        formula=formula,
        aggregation_source=aggregation_source,
        aggregation=aggregation,
    )
    fresh = saved.indicator
    for name in ("formula", "aggregation_source", "aggregation", "updated_at"):
        setattr(indicator, name, getattr(fresh, name))
    if COMPUTATION_FIELDS & set(saved.changed) or not fresh.is_computed:
        return saved.recomputed
    return recompute_indicator(fresh)  # the same definition: its values are made again


def _check(indicator: Indicator) -> None:
    indicator.full_clean()
    check_computation(indicator)


def _metadata(reason: str, values) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop("Say why the indicator changes (a reason); it is kept in the history.")
        )
    refuse_unknown_fields(values, INDICATOR_FIELDS, Indicator)
    return reason


@transaction.atomic
def create_indicator(*, actor, reason: str, channel: str = "service", **values) -> IndicatorSaved:
    """Add an indicator with ``values`` (its code and metadata; what is not given takes
    the model's default). Its history starts with every field it was created with (old
    value empty), who, when, why and the channel; a computed one gets its values.

    A reason is required; nothing is written when it is missing, when the actor may not
    add indicators or when a value is wrong.
    """
    if not can(actor, Action.EDIT_INDICATOR):
        raise StradomError(gettext_noop("You may not add indicators."))
    reason = _metadata(reason, values)
    blank = Indicator()
    initial = {
        name: [] if Indicator._meta.get_field(name).many_to_many else getattr(blank, name)
        for name in INDICATOR_FIELDS
    }
    saved, changed = save_tracked(
        IndicatorChange,
        Indicator,
        None,
        {**initial, **values},
        actor=actor,
        reason=reason,
        channel=channel,
        check=_check,
    )
    recomputed = recompute_indicator(saved) if saved.is_computed else 0
    return IndicatorSaved(saved, changed, recomputed)


@transaction.atomic
def update_indicator(
    indicator: Indicator, *, actor, reason: str, channel: str = "service", **values
) -> IndicatorSaved:
    """Change an indicator's metadata (names, definition, unit, polarity, source,
    computation, links…). Every changed field is kept in :class:`IndicatorChange` with
    who, when, old and new value, why and the channel; a changed formula or aggregation
    recomputes the indicator's values.

    A reason is required; nothing is written when it is missing, when the actor may not
    change indicators, when a value is wrong, or when nothing changes.
    """
    if not can(actor, Action.EDIT_INDICATOR, indicator):
        raise StradomError(gettext_noop("You may not change indicators."))
    reason = _metadata(reason, values)
    fresh = Indicator.objects.select_for_update().get(pk=indicator.pk)
    saved, changed = save_tracked(
        IndicatorChange,
        Indicator,
        fresh,
        values,
        actor=actor,
        reason=reason,
        channel=channel,
        check=_check,
    )
    recomputed = 0
    if saved.is_computed and COMPUTATION_FIELDS & set(changed):
        recomputed = recompute_indicator(saved)
    return IndicatorSaved(saved, changed, recomputed)
