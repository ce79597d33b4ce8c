"""Words for codes that pages would otherwise show inside sentences."""

from __future__ import annotations

from collections.abc import Iterable

from stradom.catalog.models import Dimension
from stradom.catalog.services import parse_dimensions_key


def disaggregation_labels(keys: Iterable[str]) -> dict[str, str]:
    """Each disaggregation key in words, in the active language: ``sex=F|age=18-34`` →
    ``płeć: kobiety; wiek: 18–34``; the total (``""``) stays empty. A dimension or value
    without a name keeps its code. Two queries, whatever the number of keys."""
    parsed = {key: parse_dimensions_key(key) for key in keys}
    codes = {code for dims in parsed.values() for code in dims}
    if not codes:
        return dict.fromkeys(parsed, "")
    dimensions = {
        d.code: (d.name, {v.code: v.name for v in d.values.all()})
        for d in Dimension.objects.filter(code__in=codes).prefetch_related("values")
    }

    def words(code: str, value: str) -> str:
        name, values = dimensions.get(code, (code, {}))
        return f"{name or code}: {values.get(value) or value}"

    return {
        key: "; ".join(words(code, value) for code, value in dims.items())
        for key, dims in parsed.items()
    }
