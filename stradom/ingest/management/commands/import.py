"""``stradom import FILE``: one file of values through the importer, all or nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError
from stradom.ingest.readers import ReadError
from stradom.ingest.services import (
    ImportReport,
    estimate_rows,
    import_file,
    report_as_dict,
    resolve_mapping,
    sample_shown,
)

# Files with more rows than this get a progress bar on stderr.
PROGRESS_FROM_ROWS = 5_000


class Command(StradomCommand):
    help = gettext_lazy(
        "Import a file of indicator values (CSV or XLSX); a file with any bad row is refused whole."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mapping",
            help=gettext_lazy("a mapping file, or the name of a mapping shipped with Stradom"),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("show what would change and write nothing"),
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=gettext_lazy("allow changing values already stored (needs --reason)"),
        )
        parser.add_argument("--reason", default="", help=gettext_lazy("why, kept in the history"))
        parser.add_argument(
            "--user",
            help=gettext_lazy("import as this user, with their permissions (default: operator)"),
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("no progress bar")
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": path})
        if options["replace"] and not options["reason"].strip():
            raise CommandError(_("--replace changes stored values: say why with --reason"))
        actor = self._actor(options["user"])
        try:
            mapping = resolve_mapping(options["mapping"]) if options["mapping"] else None
            bar = None if options["no_progress"] else _ProgressBar(path, self.stderr)
            try:
                report = import_file(
                    path,
                    actor=actor,
                    mapping_path=mapping,
                    reason=options["reason"],
                    dry_run=options["dry_run"],
                    replace=options["replace"],
                    progress=bar,
                )
            finally:
                if bar:
                    bar.close()
        except ReadError as exc:
            raise CommandError(_located(exc)) from exc
        except StradomError as exc:
            raise CommandError(localize(exc)) from exc
        except OSError as exc:
            raise CommandError(f"{path}: {exc}") from exc

        if options["format"] == "json":
            self.stdout.write(json.dumps(report_as_dict(report), ensure_ascii=False, indent=2))
        else:
            self._table(report)
        if not report.ok:
            raise CommandError(
                ngettext(
                    "%(file)s refused: %(count)d problem; nothing was written",
                    "%(file)s refused: %(count)d problems; nothing was written",
                    len(report.problems),
                )
                % {"file": path.name, "count": len(report.problems)}
            )

    def _actor(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("no user %(name)r") % {"name": username}) from None

    def _table(self, report: ImportReport) -> None:
        w = report.write
        out = self.stdout.write
        out(_("%(file)s: %(rows)d rows read") % {"file": report.file, "rows": report.rows})
        if report.ok:
            out(
                _("new: %(created)d, changed: %(updated)d, unchanged: %(unchanged)d")
                % {"created": w.created, "updated": w.updated, "unchanged": w.unchanged}
            )
            if w.flagged:
                out(_("flagged by validation rules: %(count)d") % {"count": w.flagged})
            if w.recomputed:
                out(_("computed values updated: %(count)d") % {"count": w.recomputed})
            if w.samples:
                out(_("sample:"))
                for sample in w.samples:
                    out("  " + _sample_line(sample))
            out(_("dry run: nothing was written") if w.dry_run else _("written"))
            return
        out(_("problems (%(count)d):") % {"count": len(report.problems)})
        for problem in report.problems:
            out("  " + problem_line(problem))


def problem_line(problem) -> str:
    if problem.line:
        return _("line %(line)d, column %(column)s: %(reason)s") % {
            "line": problem.line,
            "column": problem.field,
            "reason": localize(problem.message),
        }
    return _("column %(column)s: %(reason)s") % {
        "column": problem.field,
        "reason": localize(problem.message),
    }


def _sample_line(sample: dict) -> str:
    shown = sample_shown(sample)  # the change in words, numbers as the reader writes them
    dims = f" [{sample['dimensions']}]" if sample["dimensions"] else ""
    return (
        f"{shown['change']:10} {sample['indicator']} {sample['territory']} "
        f"{sample['period']}{dims}: {shown['old']} → {shown['new']}"
    )


def _located(exc: ReadError) -> str:
    where = exc.file or ""
    if exc.line is not None:
        where = _("%(file)s, line %(line)d") % {"file": where, "line": exc.line}
    return f"{where}: {localize(exc)}" if where else localize(exc)


class _ProgressBar:
    """A tqdm bar on stderr, shown only for files of more than PROGRESS_FROM_ROWS rows."""

    def __init__(self, path: Path, stream) -> None:
        self.total = estimate_rows(path)
        self.stream = stream
        self.bar = None

    def __call__(self, rows: int) -> None:
        if self.bar is None:
            if rows <= PROGRESS_FROM_ROWS and (self.total or 0) <= PROGRESS_FROM_ROWS:
                return
            from tqdm import tqdm

            self.bar = tqdm(
                total=self.total,
                unit=_("rows"),
                unit_scale=True,
                file=getattr(self.stream, "_out", sys.stderr),
                leave=False,
            )
        self.bar.update(rows - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
