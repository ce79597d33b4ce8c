"""Recomputing indicators defined by a formula or by aggregation over time.

Called by the write path after values change, and when a computation is
(re)defined. Results go back through the same write path (channel ``computed``),
so they obey the same validation and leave the same history, with the inputs'
provenance kept on each computed observation.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from decimal import Decimal

from stradom.catalog.aggregation import AggregationSpec, aggregate
from stradom.catalog.formula import evaluation_order, parse_formula
from stradom.catalog.models import Indicator, Observation, ObservationStatus
from stradom.core.channels import recomputed_reason
from stradom.core.messages import StradomError
from stradom.core.numbers import plain
from stradom.core.periods import PeriodKind, parse_period

# Key of a changed value inside one indicator: (territory id, period code, dimensions key).
Changes = dict[int, set[tuple[int, str, str]]]

_STATUS_STRENGTH = [
    ObservationStatus.FINAL,
    ObservationStatus.PROVISIONAL,
    ObservationStatus.ESTIMATED,
]


def weakest_status(statuses) -> str:
    """A computed value is only as firm as its least firm input."""
    worst = 0
    for status in statuses:
        if status in _STATUS_STRENGTH:
            worst = max(worst, _STATUS_STRENGTH.index(status))
    return _STATUS_STRENGTH[worst].value


def aggregation_spec(indicator: Indicator) -> AggregationSpec:
    """The indicator's aggregation; the period it aggregates to is its own frequency."""
    spec = AggregationSpec.from_dict(indicator.aggregation or {})
    return dataclasses.replace(spec, target_kind=PeriodKind(indicator.frequency))


def dependency_graph(indicators) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for ind in indicators:
        if ind.formula:
            graph[ind.code] = set(parse_formula(ind.formula).references)
        elif ind.aggregation_source_id:
            graph[ind.code] = {ind.aggregation_source.code}
    return graph


def _computed_indicators() -> dict[str, Indicator]:
    qs = Indicator.objects.exclude(formula="", aggregation_source__isnull=True).select_related(
        "aggregation_source"
    )
    return {i.code: i for i in qs}


def depended_on() -> set[int]:
    """The ids of the indicators some computed indicator is computed from."""
    codes = set().union(*dependency_graph(_computed_indicators().values()).values())
    return set(Indicator.objects.filter(code__in=codes).values_list("pk", flat=True))


def recompute_dependents(changed: Changes, *, batch: str = "") -> int:
    """Recompute every computed indicator downstream of ``changed``; returns values written."""
    computed = _computed_indicators()
    if not computed:
        return 0
    graph = dependency_graph(computed.values())
    codes_by_id = dict(Indicator.objects.filter(pk__in=changed.keys()).values_list("pk", "code"))
    changed_by_code: dict[str, set] = {codes_by_id[k]: set(v) for k, v in changed.items()}
    written = 0
    for code in evaluation_order(graph):
        indicator = computed.get(code)
        if indicator is None:
            continue
        keys = set()
        for dep in graph[code]:
            keys |= changed_by_code.get(dep, set())
        if not keys:
            continue
        report, new_changes = _recompute(indicator, keys, batch)
        written += report
        if new_changes:
            changed_by_code.setdefault(code, set()).update(new_changes)
    return written


def recompute_indicator(indicator: Indicator, *, batch: str = "") -> int:
    """Recompute all values of one computed indicator (after its definition changed)."""
    if indicator.formula:
        refs = parse_formula(indicator.formula).references
        keys = set(
            Observation.objects.filter(indicator__code__in=refs).values_list(
                "territory_id", "period", "dimensions"
            )
        )
    else:
        keys = set(
            Observation.objects.filter(indicator=indicator.aggregation_source).values_list(
                "territory_id", "period", "dimensions"
            )
        )
    existing = set(
        Observation.objects.filter(indicator=indicator).values_list(
            "territory_id", "period", "dimensions"
        )
    )
    written, changes = _recompute(indicator, keys, batch, stale=existing)
    if changes:
        written += recompute_dependents({indicator.pk: changes}, batch=batch)
    return written


def _recompute(indicator: Indicator, keys: set, batch: str, stale: set | None = None):
    from stradom.catalog.services.observations import ObservationWriter

    if indicator.formula:
        results = _formula_values(indicator, keys)
    else:
        results = _aggregated_values(indicator, keys)
    writer = ObservationWriter(
        actor=None,
        reason=recomputed_reason(indicator.code),
        channel="computed",
        replace=True,
        batch=batch,
    )
    writer.add(list(results.values()))
    # Values whose inputs are gone are removed, leaving a tombstone in the history.
    gone = _stored_keys(indicator, keys) - results.keys()
    if stale:
        gone |= stale - results.keys()
    if gone:
        writer.delete(
            (indicator.code, t_code, period, _dims_tuple(dims))
            for t_code, period, dims in _with_territory_codes(gone)
        )
    if writer.report.problems:
        raise StradomError(
            "%(code)s could not be recomputed: %(problem)s",
            code=indicator.code,
            problem=str(writer.report.problems[0]),
        )
    changes = writer._changed.get(indicator.pk, set())
    return writer.report.created + writer.report.updated + writer.report.deleted, changes


def _dims_tuple(key: str) -> tuple:
    from stradom.catalog.services.observations import parse_dimensions_key

    return tuple(sorted(parse_dimensions_key(key).items()))


def _with_territory_codes(keys):
    from stradom.territory.models import Territory

    codes = dict(Territory.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "code"))
    return [(codes[t], p, d) for t, p, d in keys]


def _stored_keys(indicator: Indicator, keys: set) -> set:
    if indicator.formula:
        candidates = keys
    else:
        candidates = {(t, _target(indicator, p).code, d) for t, p, d in keys}
    territories = {k[0] for k in candidates}
    periods = {k[1] for k in candidates}
    stored = Observation.objects.filter(
        indicator=indicator, territory_id__in=territories, period__in=periods
    ).values_list("territory_id", "period", "dimensions")
    return set(stored) & candidates


def _target(indicator: Indicator, period_code: str):
    return parse_period(period_code).containing(PeriodKind(indicator.frequency))


def _formula_values(indicator: Indicator, keys: set) -> dict:
    from stradom.catalog.services.observations import ObservationInput

    formula = parse_formula(indicator.formula)
    refs = sorted(formula.references)
    territories = {k[0] for k in keys}
    periods = {k[1] for k in keys}
    inputs: dict[tuple, dict[str, Observation]] = defaultdict(dict)
    for obs in Observation.objects.filter(
        indicator__code__in=refs, territory_id__in=territories, period__in=periods
    ).select_related("indicator", "territory"):
        key = (obs.territory_id, obs.period, obs.dimensions)
        if key in keys:
            inputs[key][obs.indicator.code] = obs
    results = {}
    for key, by_code in inputs.items():
        if len(by_code) < len(refs):
            continue  # an input is missing: no value, and a stored one is removed
        any_obs = next(iter(by_code.values()))
        provenance = {
            "formula": indicator.formula,
            "inputs": {
                c: {"value": plain(o.value), "status": o.status} for c, o in by_code.items()
            },
        }
        # Why a value is missing is kept as data and said in the reader's language when
        # shown (stradom.catalog.notes): the note stays empty.
        if any(o.value is None for o in by_code.values()):
            value, status = None, ObservationStatus.NOT_AVAILABLE
            provenance["unavailable"] = "input"
        else:
            try:
                value = formula.evaluate({c: o.value for c, o in by_code.items()})
                status = weakest_status(o.status for o in by_code.values())
                value = _fit(value)
            except StradomError as exc:
                value, status = None, ObservationStatus.NOT_AVAILABLE
                provenance["unavailable"] = {
                    "template": exc.message.template,
                    "params": {k: _param(v) for k, v in exc.message.params.items()},
                }
        results[key] = ObservationInput(
            indicator=indicator.code,
            territory=any_obs.territory.code,
            period=key[1],
            value=value,
            dimensions=_dims_tuple(key[2]),
            status=status,
            note="",
            source=indicator.source or "computed",
            provenance=provenance,
        )
    return results


def _aggregated_values(indicator: Indicator, keys: set) -> dict:
    from stradom.catalog.services.observations import ObservationInput

    spec = aggregation_spec(indicator)
    targets: dict[tuple[int, str], set] = defaultdict(set)
    for territory_id, period, dims in keys:
        targets[(territory_id, dims)].add(_target(indicator, period))
    results = {}
    for (territory_id, dims), periods in targets.items():
        start = min(p.start for p in periods)
        end = max(p.end for p in periods)
        points = list(
            Observation.objects.filter(
                indicator_id=indicator.aggregation_source_id,
                territory_id=territory_id,
                dimensions=dims,
                period_start__gte=start,
                period_end__lte=end,
                value__isnull=False,
            ).values_list("period", "value", "territory__code")
        )
        if not points:
            continue
        territory_code = points[0][2]
        wanted = {p.code for p in periods}
        for result in aggregate(spec, [(parse_period(p), v) for p, v, _ in points]):
            if result.period.code not in wanted:
                continue
            provenance = {
                "aggregation": indicator.aggregation,
                "source_indicator": indicator.aggregation_source.code,
                "n": result.n,
                "expected": result.expected,
            }
            status = ObservationStatus.FINAL
            if not result.complete:
                # Said as "incomplete: n of m source values" in the reader's language.
                status = ObservationStatus.ESTIMATED
                provenance["incomplete"] = True
            results[(territory_id, result.period.code, dims)] = ObservationInput(
                indicator=indicator.code,
                territory=territory_code,
                period=result.period.code,
                value=_fit(result.value),
                dimensions=_dims_tuple(dims),
                status=status,
                note="",
                source=indicator.source or "computed",
                provenance=provenance,
            )
    return results


def _param(value):
    """A message parameter as JSON keeps it (numbers other than whole ones as text)."""
    return value if isinstance(value, int | str) and not isinstance(value, bool) else str(value)


def _fit(value: Decimal | None) -> Decimal | None:
    """Computed values are stored at the store's precision (10 places): rounding is the method."""
    if value is None:
        return None
    return value.quantize(Decimal("1e-10")).normalize()
