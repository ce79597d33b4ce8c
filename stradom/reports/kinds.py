"""The kinds of report Stradom makes, and what each accepts.

Each builder module in ``stradom.reports.builders`` calls :func:`register` at
import; ``stradom.reports.builders`` imports them all, and
:func:`kinds` (used by the service, the command and the jobs app) imports that
package first, so the registry is complete whoever asks.

Beyond the shared spec's fields (code, label, formats, build, params) a kind may
say which params are ``required`` and how its file is named (``file_stems``:
Polish and English); both have defaults so a builder need not set them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stradom.reports.document import Document

# How files are named when a kind does not say (Polish, English).
FILE_STEMS = {
    "monitoring": ("raport-monitoringowy", "monitoring-report"),
    "municipality": ("raport-o-stanie-gminy", "municipality-report"),
    "indicator": ("metryka-wskaznika", "indicator-sheet"),
    "domain": ("raport-dziedzinowy", "domain-report"),
}


@dataclass(frozen=True)
class ReportKind:
    code: str
    label: object  # gettext_lazy
    formats: tuple[str, ...]
    build: Callable[..., Document]
    params: tuple[str, ...]
    required: tuple[str, ...] = ()
    file_stems: tuple[str, str] | None = None

    def file_stem(self, language: str) -> str:
        polish, english = self.file_stems or FILE_STEMS.get(self.code, (self.code, self.code))
        return english if language.startswith("en") else polish


KINDS: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> None:
    """Add (or replace, when a module is reloaded) a kind of report."""
    unknown = set(kind.required) - set(kind.params)
    if unknown:
        raise ValueError(f"report kind {kind.code!r}: required {sorted(unknown)} not in params")
    KINDS[kind.code] = kind


def kinds() -> dict[str, ReportKind]:
    """Every registered kind, with all builder modules imported."""
    import stradom.reports.builders  # noqa: F401  (registers the kinds)

    return KINDS
