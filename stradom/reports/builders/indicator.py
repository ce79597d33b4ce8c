"""The indicator sheet (metryka wskaźnika). First version: registers the kind; the full
builder follows in the next commit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from stradom.reports.document import Document, Heading
from stradom.reports.kinds import ReportKind, register


def build(*, user, language, progress, indicator: str, territory: str | None = None) -> Document:
    return Document(kind="indicator", title=indicator, language=language).add(Heading(indicator))


register(
    ReportKind(
        code="indicator",
        label=gettext_lazy("Indicator sheet"),
        formats=("pdf",),
        build=build,
        params=("indicator", "territory"),
        required=("indicator",),
    )
)
