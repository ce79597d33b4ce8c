"""``stradom surveys import WAVE FILE`` and ``stradom surveys compute WAVE``."""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError
from stradom.ingest.readers import ReadError
from stradom.surveys.microdata import load_column_mapping
from stradom.surveys.models import Wave
from stradom.surveys.services import compute_wave, import_microdata


class Command(StradomCommand):
    help = gettext_lazy(
        "Survey microdata: import a wave (CSV, XLSX, SPSS .sav) or compute its weighted estimates."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("import a wave's microdata, all or nothing"))
        imp.add_argument("wave", help=_("wave code"))
        imp.add_argument("file", type=Path)
        imp.add_argument("--mapping", type=Path, help=_("a YAML file naming the columns"))
        imp.add_argument(
            "--replace", action="store_true", help=_("replace microdata the wave already holds")
        )
        comp = sub.add_parser("compute", help=_("compute and write the wave's estimates"))
        comp.add_argument("wave", help=_("wave code"))
        comp.add_argument("--indicator", action="append", help=_("only this indicator (repeat)"))
        comp.add_argument("--min-base", type=int, help=_("minimum base (default 30)"))
        comp.add_argument("--reason", default="", help=_("why, kept in the history"))
        for p in (imp, comp):
            p.add_argument("--user", help=_("act as this user (default: operator)"))
            p.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        wave = Wave.objects.select_related("survey__territory").filter(code=options["wave"]).first()
        if wave is None:
            raise CommandError(_("No wave with code %(code)s.") % {"code": options["wave"]})
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("No user %(name)s.") % {"name": options["user"]})
        try:
            if options["action"] == "import":
                self._import(wave, actor, options)
            else:
                self._compute(wave, actor, options)
        except (ReadError, StradomError) as exc:
            raise CommandError(localize(exc)) from exc

    def _import(self, wave, actor, options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": path})
        mapping = load_column_mapping(options["mapping"]) if options["mapping"] else None
        report = import_microdata(
            wave, path, actor=actor, mapping=mapping, replace=options["replace"]
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        elif report.ok:
            self.stdout.write(
                ngettext(
                    "%(count)d respondent imported into wave %(wave)s (%(weights)s).",
                    "%(count)d respondents imported into wave %(wave)s (%(weights)s).",
                    report.respondents,
                )
                % {
                    "count": report.respondents,
                    "wave": wave.code,
                    "weights": _("weighted") if report.weighted else _("no weight column"),
                }
            )
            if report.questions_not_in_file:
                self.stdout.write(
                    _("Questions not in the file: %(codes)s")
                    % {"codes": ", ".join(report.questions_not_in_file)}
                )
            if report.ignored_columns:
                self.stdout.write(
                    _("Columns ignored: %(names)s") % {"names": ", ".join(report.ignored_columns)}
                )
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"{report.file}: {_located(problem)}")
            raise CommandError(
                ngettext(
                    "%(count)d problem; nothing was imported",
                    "%(count)d problems; nothing was imported",
                    len(report.problems),
                )
                % {"count": len(report.problems)}
            )

    def _compute(self, wave, actor, options):
        report = compute_wave(
            wave,
            actor=actor,
            reason=options["reason"],
            indicators=options["indicator"],
            min_base=options["min_base"],
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(localize(problem))
            if report.write is not None:
                for problem in report.write.problems:
                    cell = (problem.indicator, problem.territory, problem.period)
                    where = ", ".join(part for part in cell if part)
                    text = localize(problem.message)
                    self.stderr.write(f"{where}: {text}" if where else text)
            raise CommandError(_("nothing was written"))
        if options["format"] == "table":
            self.stdout.write(
                _(
                    "Wave %(wave)s: estimates written: %(estimates)d; suppressed (base below "
                    "the minimum): %(suppressed)d; indicators: %(indicators)s."
                )
                % {
                    "wave": wave.code,
                    "estimates": report.estimates,
                    "suppressed": report.suppressed,
                    "indicators": ", ".join(report.indicators),
                }
            )


def _located(problem) -> str:
    where = []
    if problem.line:
        where.append(_("line %(line)s") % {"line": problem.line})
    if problem.column:
        where.append(_("column %(column)r") % {"column": problem.column})
    text = localize(problem.message)
    return f"{', '.join(where)}: {text}" if where else text
