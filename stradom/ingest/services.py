"""Importing a file of values: the reader's records through the one write path.

The readers (``stradom.ingest.readers``, plain Python) turn a file into records
with line numbers; here territories are resolved against the register and the
records go, chunk by chunk, through :class:`ObservationWriter`, inside one
transaction. Any bad row — one the reader could not parse, an unknown territory,
a value that breaks a rule — rejects the whole file: nothing is written, and the
report lists every bad row with its line, column and reason.

A large plain CSV (UTF-8, long form, exactly indicator, territory, period and
value) is first tried column-wise (:mod:`stradom.ingest.readers.columnar` and
:meth:`ObservationWriter.add_columns`): batches of columns instead of a record
per row, in the same transaction. That path reports nothing itself; whatever it
does not take rolls it back, and the file is imported as above, so every message
and every history entry is the row path's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.utils.translation import pgettext_lazy

from stradom.catalog.services.observation_columns import ObservationColumns
from stradom.catalog.services.observations import (
    FileInfo,
    ObservationInput,
    ObservationWriter,
    WriteProblem,
    WriteRefused,
    WriteReport,
)
from stradom.core.channels import import_reason
from stradom.core.formatting import number
from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.ingest.readers import Limits, Source, load_mapping, open_source
from stradom.ingest.readers.columnar import NotColumnar, column_batches, columnar, read_ahead
from stradom.territory.queries import resolve_territories

CHUNK = 5000
MAPPINGS = Path(__file__).resolve().parent / "mappings"
# Dimension values that mean "all of them": the total is the series without that dimension.
TOTAL_VALUES = frozenset({"total", "_T"})


@dataclass
class ImportReport:
    file: str
    info: dict = field(default_factory=dict)
    rows: int = 0
    write: WriteReport = field(default_factory=WriteReport)

    @property
    def ok(self) -> bool:
        return self.write.ok

    @property
    def problems(self) -> list[WriteProblem]:
        return self.write.problems


def default_limits() -> Limits:
    return Limits(
        max_bytes=settings.STRADOM_IMPORT_MAX_BYTES, max_rows=settings.STRADOM_IMPORT_MAX_ROWS
    )


def import_file(
    path: Path,
    *,
    actor,
    mapping_path: Path | None = None,
    reason: str = "",
    dry_run: bool = False,
    replace: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import one file all-or-nothing; see the module docstring.

    ``replace`` allows changing values already stored (each change is kept in the
    history with ``reason``); without it a changed value is reported as a problem.
    Importing the same file twice changes nothing.
    """
    path = Path(path)
    mapping = load_mapping(mapping_path) if mapping_path else None
    with open_source(path, mapping, limits=default_limits()) as source:
        return _import(source, path, actor, reason, dry_run, replace, progress)


def _import(source: Source, path: Path, actor, reason, dry_run, replace, progress) -> ImportReport:
    def new_writer() -> ObservationWriter:
        return ObservationWriter(
            actor=actor,
            reason=reason or import_reason(path.name),
            channel="import",
            replace=replace,
            dry_run=dry_run,
            file=file,
        )

    file = file_info(path)
    territories: dict[tuple[str, str], str | None] = {}
    if columnar(source):
        try:
            return _import_columns(source, path, new_writer(), territories, progress)
        except NotColumnar:
            pass  # rolled back: every row goes through the row reader and the per-row checks
    report = ImportReport(file=path.name, info=_info(source))
    writer = new_writer()
    report.write = writer.report
    try:
        with transaction.atomic():
            chunk = []
            for record in source.records():
                chunk.append(record)
                if len(chunk) >= CHUNK:
                    _feed(writer, chunk, territories)
                    report.rows += len(chunk)
                    chunk = []
                    if progress:
                        progress(report.rows)
            if chunk:
                _feed(writer, chunk, territories)
                report.rows += len(chunk)
                if progress:
                    progress(report.rows)
            writer.finish()
            if not writer.report.ok:
                raise WriteRefused(writer.report)
    except WriteRefused:
        writer.report.created = writer.report.updated = writer.report.recomputed = 0
        # Problems are found stage by stage (reader, register, write path); list them by line.
        writer.report.problems.sort(key=lambda p: p.line or 0)
    return report


def _import_columns(
    source: Source, path: Path, writer: ObservationWriter, territories: dict, progress
) -> ImportReport:
    """The column-wise import (see :mod:`stradom.ingest.readers.columnar`), in one
    transaction; raises :class:`NotColumnar` (having written nothing) when some row
    needs the row reader's messages or the per-row checks."""
    report = ImportReport(file=path.name, info=_info(source))
    report.write = writer.report
    with transaction.atomic():
        for batch in read_ahead(column_batches(source, max_rows=default_limits().max_rows)):
            codes = _territory_codes(batch.territory.dictionary.to_pylist(), territories)
            if None in codes:
                raise NotColumnar
            columns = ObservationColumns(
                batch.indicator,
                pa.DictionaryArray.from_arrays(batch.territory.indices, pa.array(codes)),
                batch.period,
                batch.value,
            )
            if not writer.add_columns(columns):
                raise NotColumnar
            done = report.rows
            report.rows += len(batch)
            if progress:  # every CHUNK rows, as the row path reports them
                for step in range(done + CHUNK, report.rows, CHUNK):
                    progress(step)
                progress(report.rows)
        writer.finish()
        if not writer.report.ok:
            raise NotColumnar
    return report


def _territory_codes(references: list[str], territories: dict) -> list[str | None]:
    """The Stradom codes of the row reader's territory references (``kind\\0ref``)."""
    pairs = [tuple(ref.split("\0", 1)) for ref in references]
    _resolve_territories(set(pairs), territories)
    return [territories[pair] for pair in pairs]


def _resolve_territories(references: set, territories: dict) -> None:
    """Fill ``territories``: (kind, reference) → the unit's code, ``None`` if unknown."""
    wanted = references - territories.keys()
    if not wanted:
        return
    found = resolve_territories(wanted)
    # A reference the reader took for a name may be a Stradom code that is not a
    # TERYT one (a district, ``1261011-01``): a name that matches nothing is tried as one.
    unmatched = {
        ("code", ref) for kind, ref in wanted if kind == "name" and (kind, ref) not in found
    }
    by_code = resolve_territories(unmatched) if unmatched else {}
    for kind, ref in wanted:
        territory = found.get((kind, ref))
        if territory is None and kind == "name":
            territory = by_code.get(("code", ref))
        territories[(kind, ref)] = territory.code if territory else None


def file_info(path: Path) -> FileInfo:
    """The name, size and SHA-256 of a file, for the change set of its import."""
    digest = hashlib.sha256()
    size = 0
    with Path(path).open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
            size += len(block)
    return FileInfo(name=Path(path).name, size=size, sha256=digest.hexdigest())


def _feed(writer: ObservationWriter, records, territories: dict) -> None:
    _resolve_territories({(r.territory_kind, r.territory) for r in records}, territories)
    inputs = []
    problems = writer.report.problems
    for r in records:
        if r.errors:
            problems.extend(
                WriteProblem(e.line, e.column, e.message, r.indicator, r.territory, r.period)
                for e in r.errors
            )
            continue
        code = territories[(r.territory_kind, r.territory)]
        if code is None:
            problems.append(
                WriteProblem(
                    r.line,
                    "territory",
                    Message(
                        gettext_noop("unknown territorial unit %(ref)r (%(kind)s)"),
                        {"ref": r.territory, "kind": r.territory_kind},
                    ),
                    r.indicator,
                    r.territory,
                    r.period,
                )
            )
            continue
        inputs.append(
            ObservationInput(
                r.indicator,
                code,
                r.period,
                r.value,
                _without_totals(r.dimensions) if r.dimensions else (),
                r.status,
                ci_low=r.ci_low,
                ci_high=r.ci_high,
                note=r.note,
                source=r.source,
                line=r.line,
            )
        )
    writer.add(inputs)


def _info(source: Source) -> dict:
    """What was detected about the file, as plain JSON-friendly values."""
    info = source.info
    data = dict(info) if isinstance(info, dict) else dict(vars(info))
    mapping = data.pop("mapping", None)
    data["mapping"] = str(getattr(mapping, "origin", "") or "") if mapping else ""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def shipped_mappings() -> list[str]:
    """Names of the mappings that come with Stradom (``stradom/ingest/mappings/*.yaml``)."""
    return sorted(p.stem for p in MAPPINGS.glob("*.yaml"))


def resolve_mapping(name_or_path: str | Path) -> Path:
    """A mapping file given by path, or by the name of a shipped mapping."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    name = path.name.removesuffix(".yaml").removesuffix(".yml")
    if str(name_or_path) == path.name and name in shipped_mappings():
        return MAPPINGS / f"{name}.yaml"
    raise StradomError(
        gettext_noop("no mapping file %(path)s and no shipped mapping of that name (%(names)s)"),
        path=str(name_or_path),
        names=", ".join(shipped_mappings()),
    )


def estimate_rows(path: Path, *, limit_bytes: int | None = None) -> int | None:
    """Lines in a text file (an upper bound of its rows), counted without holding it.

    ``None`` for a spreadsheet (a zip) or a file over ``limit_bytes``.
    """
    path = Path(path)
    size = path.stat().st_size
    if limit_bytes is not None and size > limit_bytes:
        return None
    lines = 0
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(b"PK"):
            return None
        fh.seek(0)
        while block := fh.read(1 << 20):
            lines += block.count(b"\n")
    return lines


def report_as_dict(report: ImportReport) -> dict:
    """The report as JSON-friendly data, problems translated to the active language."""
    from stradom.core.i18n import localize

    w = report.write
    return {
        "file": report.file,
        "ok": report.ok,
        "dry_run": w.dry_run,
        "rows": report.rows,
        "created": w.created,
        "updated": w.updated,
        "unchanged": w.unchanged,
        "flagged": w.flagged,
        "recomputed": w.recomputed,
        "batch": w.batch,
        "samples": w.samples,
        "problems": [
            {
                "line": p.line,
                "column": p.field,
                "reason": localize(p.message),
                "indicator": p.indicator,
                "territory": p.territory,
                "period": p.period,
            }
            for p in report.problems
        ],
        "info": {k: v for k, v in report.info.items() if k != "path"},
    }


# What a sampled value of a preview would be, in the reader's words (samples keep the
# write path's codes, "created" and "updated", as data).
SAMPLE_CHANGES = {
    "created": pgettext_lazy("a value in an import", "new"),
    "updated": pgettext_lazy("a value in an import", "changed"),
}


def sample_shown(sample: dict) -> dict:
    """A sample of :attr:`WriteReport.samples` as a reader sees it, in the active language:
    the change in words and the values in the reader's number format (``40,8``); the
    preview page and ``stradom import --dry-run`` both show these."""
    change = SAMPLE_CHANGES.get(sample.get("change", ""))
    return {
        **sample,
        "change": str(change) if change is not None else sample.get("change", ""),
        "old": "—" if sample.get("old") is None else number(sample["old"]),
        "new": "—" if sample.get("new") is None else number(sample["new"]),
    }


def _without_totals(dimensions) -> tuple:
    return tuple((d, v) for d, v in dimensions if v not in TOTAL_VALUES)
