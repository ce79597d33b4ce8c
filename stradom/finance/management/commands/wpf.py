"""``stradom wpf``: the multi-year financial forecast from the command line."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core import formatting
from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError
from stradom.finance.core.wpf import ValueType, Wpf
from stradom.finance.formatting import check_json, check_table
from stradom.finance.models import WpfVersion
from stradom.finance.queries import (
    check_forecast,
    check_version,
    compare_undertakings,
    compare_versions,
    find_version,
)
from stradom.finance.services import FinanceRefused
from stradom.finance.xlsx import import_wpf_workbook, read_wpf_workbook, write_wpf_workbook
from stradom.ingest.readers.records import ReadError


def _refused(error: StradomError) -> CommandError:
    lines = [localize(error)]
    if isinstance(error, FinanceRefused):
        lines += [
            (f"{p.line}: " if p.line else "")
            + (f"{p.column}: " if p.column else "")
            + localize(p.message)
            for p in error.problems
        ]
    return CommandError("\n".join(lines))


class Command(StradomCommand):
    help = gettext_lazy(
        "Multi-year financial forecast (WPF): check sums and debt rules, compare versions, "
        "import and export the annexes as XLSX."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help=str(gettext_lazy("versions")))
        check = sub.add_parser("check", help=str(gettext_lazy("sums, balance, art. 242 and 243")))
        check.add_argument("version", help=gettext_lazy("e.g. WPF2026, WPF2026/2 or a .xlsx file"))
        check.add_argument("--format", choices=["table", "json"], default="table")
        check.add_argument("--window", type=int, choices=[3, 7], help=gettext_lazy(
            "art. 243 averaging window where the executive chooses (files only)"))  # fmt: skip
        compare = sub.add_parser("compare", help=str(gettext_lazy("cells changed")))
        compare.add_argument("version")
        compare.add_argument("--with", dest="other", help=gettext_lazy("default: the previous"))
        export = sub.add_parser("export", help=str(gettext_lazy("Annexes 1 and 2 as XLSX")))
        export.add_argument("version")
        export.add_argument("file")
        load = sub.add_parser("import", help=str(gettext_lazy("a new version from XLSX")))
        load.add_argument("file")
        load.add_argument("--code", required=True, help=gettext_lazy("e.g. WPF2026"))
        load.add_argument(
            "--amend", action="store_true", help=gettext_lazy("a new version of the latest one")
        )
        load.add_argument("--budget-year", type=int, dest="budget_year")
        load.add_argument("--resolution", default="")
        load.add_argument("--reason", required=True, help=gettext_lazy("why"))

    def _version(self, label) -> WpfVersion:
        version = find_version(label)
        if version is None:
            raise CommandError(_("No WPF version %(label)s.") % {"label": label})
        return version

    def handle(self, *args, **options):
        getattr(self, "_" + options["action"])(options)

    def _list(self, options):
        for v in WpfVersion.objects.order_by("code", "number"):
            mark = " [" + _("illustrative example") + "]" if v.illustrative else ""
            self.stdout.write(f"{v.label}  {v.budget_year}  {v.resolution}{mark}")

    def _check(self, options):
        target = options["version"]
        if target.lower().endswith(".xlsx") and Path(target).is_file():
            try:
                book = read_wpf_workbook(target)
                wpf = Wpf.from_table(
                    book.rows, {y: ValueType(t) for y, t in book.value_types.items()}
                )
            except (FinanceRefused, ReadError) as error:
                raise _refused(error) from None
            planned = [y for y, t in book.value_types.items() if t == ValueType.PLAN.value]
            check = check_forecast(
                wpf,
                label=Path(target).name,
                budget_year=planned[0] if planned else None,
                illustrative=book.illustrative,
                debt_window=options["window"],
            )
        else:
            check = check_version(self._version(target))
        render = check_json if options["format"] == "json" else check_table
        self.stdout.write(render(check), ending="")
        if not check.sums_close:
            raise CommandError(
                ngettext(
                    "The forecast does not close: %(count)d problem.",
                    "The forecast does not close: %(count)d problems.",
                    len(check.problems),
                )
                % {"count": len(check.problems)}
            )

    def _compare(self, options):
        version = self._version(options["version"])
        other = self._version(options["other"]) if options["other"] else version.previous
        if other is None:
            raise CommandError(_("%(label)s is the first version.") % {"label": version.label})
        changes = compare_versions(version, other)
        self.stdout.write(f"{other.label} → {version.label}: {len(changes)}")
        annex2 = compare_undertakings(version, other)
        for c in changes:
            old, new, by = (formatting.money(v, unit=False) for v in (c.old, c.new, c.difference))
            self.stdout.write(f"  {c.row:<10} {c.year}  {old:>20} → {new:>20}  ({by})")
        if annex2:
            self.stdout.write(
                ngettext("Annex 2: %(count)d change", "Annex 2: %(count)d changes", len(annex2))
                % {"count": len(annex2)}
            )
            for u in annex2:
                self.stdout.write(f"  {u.number:<10} {u.field:<18} {u.old or '–'} → {u.new or '–'}")

    def _export(self, options):
        path = write_wpf_workbook(self._version(options["version"]), options["file"])
        self.stdout.write(str(path))

    def _import(self, options):
        amend = None
        if options["amend"]:
            amend = self._version(options["code"])
        try:
            version = import_wpf_workbook(
                options["file"],
                code=options["code"],
                budget_year=options["budget_year"],
                amend=amend,
                resolution=options["resolution"],
                reason=options["reason"],
            )
        except (StradomError, ReadError) as error:
            raise _refused(error) from None
        self.stdout.write(_("Stored %(label)s.") % {"label": version.label})
