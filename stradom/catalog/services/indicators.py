"""Writes to indicator definitions that need more than a form's checks."""

from __future__ import annotations

from django.db import transaction

from stradom.catalog.formula import find_cycle, parse_formula
from stradom.catalog.models import Indicator
from stradom.catalog.services.computed import (
    aggregation_spec,
    dependency_graph,
    recompute_indicator,
)
from stradom.core.messages import StradomError, gettext_noop


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
) -> int:
    """Define how an indicator is computed, check it, save it and recompute its values."""
    indicator.formula = formula
    indicator.aggregation_source = aggregation_source
    indicator.aggregation = aggregation
    check_computation(indicator)
    indicator.save(update_fields=["formula", "aggregation_source", "aggregation", "updated_at"])
    return recompute_indicator(indicator)
