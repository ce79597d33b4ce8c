"""The document ninja makes from the schema, the reference that the observations page
written by hand (``api.routers.observations.observations_json``) must equal: the tests
compare the two and ``bench/render`` measures what writing it by hand saves."""

from __future__ import annotations

import json

from ninja.responses import NinjaJSONEncoder

from stradom.api.schemas import ObservationPage
from stradom.catalog.services import parse_dimensions_key
from stradom.core.numbers import plain


def as_ninja_would(observations, count, limit, offset) -> dict:
    """The slow way: a schema object per model instance, rendered by ninja's encoder."""
    items = [
        {
            "indicator": o.indicator.code,
            "territory": o.territory.code,
            "period": o.period,
            "period_kind": o.period_kind,
            "period_start": o.period_start.isoformat(),
            "period_end": o.period_end.isoformat(),
            "dimensions": parse_dimensions_key(o.dimensions),
            "value": plain(o.value),
            "status": o.status,
            "ci_low": plain(o.ci_low),
            "ci_high": plain(o.ci_high),
            "base_n": o.base_n,
            "note": o.note,
            "source": o.source,
            "updated_at": o.updated_at,
        }
        for o in observations
    ]
    page = ObservationPage.model_validate(
        {"count": count, "limit": limit, "offset": offset, "items": items}
    )
    return json.loads(json.dumps(page.model_dump(), cls=NinjaJSONEncoder))
