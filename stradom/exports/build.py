"""Datasets from the catalogue, read through ``stradom.catalog.queries``.

Open data is what is *published*: these functions export published indicators only,
whoever asks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace

from django.conf import settings
from django.db.models import Max, Min, Prefetch
from django.utils import translation

from stradom.catalog import queries
from stradom.catalog.models import Dimension, Indicator
from stradom.catalog.notes import NOTE_COLUMNS, note_shown
from stradom.exports import FORMATS
from stradom.exports.csv import write_csv
from stradom.exports.dataset import Dataset, DimensionMeta, Row, split_key
from stradom.exports.jsonstat import write_jsonstat
from stradom.exports.sdmx import write_sdmx_csv
from stradom.exports.xlsx import write_xlsx

DEFAULT_LICENSE = "http://creativecommons.org/licenses/by/4.0/"


def published():
    return (
        queries.published_indicators()
        .select_related("domain")
        .prefetch_related(
            Prefetch("dimensions", queryset=Dimension.objects.prefetch_related("values"))
        )
        .order_by("code")
    )


def _meta(indicator: Indicator) -> Dataset:
    return Dataset(
        code=indicator.code,
        name_pl=indicator.name_pl,
        name_en=indicator.name_en,
        description_pl=indicator.description_pl,
        description_en=indicator.description_en,
        unit=indicator.unit,
        decimals=indicator.decimals,
        source=indicator.source,
        source_url=indicator.source_url,
        domain=indicator.domain.code if indicator.domain_id else "",
        frequency=indicator.frequency,
        publication_lag_days=indicator.publication_lag_days,
        updated=indicator.updated_at,
        dimensions=[
            DimensionMeta(
                d.code, d.name_pl, d.name_en, tuple((v.code, v.name_pl) for v in d.values.all())
            )
            for d in indicator.dimensions.all()
        ],
    )


_ROW_FIELDS = (
    "indicator_id",
    "indicator__code",
    "territory__code",
    "territory__name",
    "period",
    "dimensions",
    "value",
    "status",
    "indicator__unit",
    "ci_low",
    "ci_high",
    "note",
    "source",
    *NOTE_COLUMNS,
)


def datasets(code: str | None = None, *, with_rows: bool = True) -> list[Dataset]:
    """Published indicators (all, or the one with ``code``) with their observations.

    An unknown or unpublished ``code`` gives an empty list. ``with_rows=False`` gives
    only each indicator's first and last period (``temporal``), for the catalogue.
    Rows are read as plain tuples: a catalogue holds hundreds of thousands of values.
    """
    indicators = published()
    if code is not None:
        indicators = indicators.filter(code=code)
    indicators = list(indicators)
    out = {i.pk: _meta(i) for i in indicators}
    if not indicators:
        return []
    selected = queries.observations(indicators)
    if not with_rows:
        spans = (
            selected.order_by()
            .values("indicator_id")
            .annotate(first=Min("period_start"), last=Max("period_end"))
        )
        bounds = {s["indicator_id"]: (s["first"], s["last"]) for s in spans}
        for pk, ds in out.items():
            if pk in bounds:
                ds.temporal = _period_codes(pk, *bounds[pk])
        return [out[i.pk] for i in indicators]
    rows_by = defaultdict(list)
    for pk, row in rows_of(selected):
        rows_by[pk].append(row)
    for pk, ds in out.items():
        ds.rows = rows_by[pk]
    return [out[i.pk] for i in indicators]


def rows_of(selected) -> Iterator[tuple[int, Row]]:
    """(indicator id, row) for each observation of ``selected``, in its order; the note
    of a suppressed survey estimate or a computed value says why in the active language."""
    for (
        pk,
        ind,
        terr,
        terr_name,
        period,
        dims,
        value,
        status,
        unit,
        low,
        high,
        note,
        source,
        *why,
    ) in selected.values_list(*_ROW_FIELDS).iterator(chunk_size=5000):
        shown = note_shown(note, *why)
        yield (
            pk,
            Row(
                ind,
                terr,
                terr_name,
                period,
                split_key(dims),
                value,
                status,
                unit,
                low,
                high,
                shown,
                source,
                (note, *why) if shown != (note or "").strip() else (),
            ),
        )


def _period_codes(indicator_id: int, first, last) -> tuple[str, str]:
    """The codes of the periods that start first and end last (not merely their dates)."""
    from stradom.catalog.models import Observation

    qs = Observation.objects.filter(indicator_id=indicator_id)
    start = qs.filter(period_start=first).order_by("period_end").values_list("period", flat=True)
    end = qs.filter(period_end=last).order_by("-period_start").values_list("period", flat=True)
    return start.first(), end.first()


def render(fmt: str, chosen: list[Dataset], *, whole: bool = False) -> bytes:
    """``whole``: the catalogue's file (a collection, one dataflow), even of one indicator."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    rows = [r for ds in chosen for r in ds.rows]
    if fmt == "csv":
        return write_csv(rows)
    if fmt == "csv-pl":
        # The Polish-Excel file is Polish whoever asks (stradom.exports.csv): notes too.
        with translation.override("pl"):
            rows = [replace(r, note=note_shown(*r.note_parts)) if r.note_parts else r for r in rows]
        return write_csv(rows, polish=True)
    if fmt == "xlsx":
        return write_xlsx(chosen)
    if fmt == "jsonstat":
        return write_jsonstat(chosen, collection=whole or len(chosen) != 1)
    return write_sdmx_csv(chosen, many=whole or len(chosen) != 1)


def publisher() -> str:
    return getattr(settings, "STRADOM_OFFICE_NAME", "") or "Stradom"


def license_url() -> str:
    return getattr(settings, "STRADOM_OPEN_DATA_LICENSE", "") or DEFAULT_LICENSE
