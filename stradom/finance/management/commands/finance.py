"""``stradom finance``: money of the strategy from the command line."""

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.finance.formatting import ILLUSTRATIVE, summary_json, summary_table
from stradom.finance.imports import import_budget_file
from stradom.finance.models import BudgetTask
from stradom.finance.queries import BY_CHOICES, MoneyRow, money_history, summary
from stradom.finance.services import FinanceRefused
from stradom.ingest.readers.records import ReadError
from stradom.strategy.models import Strategy


class Command(StradomCommand):
    help = gettext_lazy(
        "Budget tasks and their money: summary by goal, domain, unit or instrument; import "
        "of plan and execution."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("summary", help=str(gettext_lazy("planned, spent and left")))
        show.add_argument("--year", type=int, help=gettext_lazy("budget year (default: this year)"))
        show.add_argument(
            "--horizon", action="store_true", help=gettext_lazy("all years of the latest WPF")
        )
        show.add_argument("--by", choices=BY_CHOICES, default="goal")
        show.add_argument("--strategy", help=gettext_lazy("strategy code (default: newest)"))
        show.add_argument("--goal", help=gettext_lazy("only this goal and the goals below it"))
        show.add_argument("--format", choices=["table", "json"], default="table")
        load = sub.add_parser("import", help=str(gettext_lazy("plan or execution from a file")))
        load.add_argument("file")
        load.add_argument("--year", type=int, help=gettext_lazy("year of rows without one"))
        load.add_argument("--reason", default="", help=gettext_lazy("why the money changes"))
        load.add_argument("--strategy", help=gettext_lazy("strategy of the goal codes"))
        history = sub.add_parser("history", help=str(gettext_lazy("changes of a task's money")))
        history.add_argument("code", help=gettext_lazy("task code"))
        history.add_argument(
            "--year", type=int, help=gettext_lazy("budget year (default: this year)")
        )

    def _strategy(self, code):
        if not code:
            return None
        strategy = Strategy.objects.filter(code=code).order_by("-version").first()
        if strategy is None:
            raise CommandError(_("No strategy with code %(code)s.") % {"code": code})
        return strategy

    def handle(self, *args, **options):
        if options["action"] == "import":
            return self._import(options)
        if options["action"] == "history":
            return self._history(options)
        if options["goal"] and options["by"] != "goal":
            raise CommandError(_("--goal goes with --by goal."))
        result = summary(
            year=options["year"],
            horizon=options["horizon"],
            by=options["by"],
            strategy=self._strategy(options["strategy"]),
        )
        if options["goal"]:
            result.rows = _subtree(result.rows, options["goal"])
            shown = {row.key for row in result.rows}
            result.goals_without_money = [g for g in result.goals_without_money if g in shown]
            if not result.rows:
                raise CommandError(
                    _("No goal %(code)s in the strategy.") % {"code": options["goal"]}
                )
        render = summary_json if options["format"] == "json" else summary_table
        self.stdout.write(render(result), ending="")

    def _import(self, options):
        try:
            report = import_budget_file(
                options["file"],
                year=options["year"],
                strategy=self._strategy(options["strategy"]),
                reason=options["reason"],
            )
        except FinanceRefused as error:
            lines = [localize(error)] + [
                (f"{p.line}: " if p.line else "")
                + (f"{p.column}: " if p.column else "")
                + localize(p.message)
                for p in error.problems
            ]
            raise CommandError("\n".join(lines)) from None
        except ReadError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("%(file)s: %(rows)s rows, %(created)s tasks created, %(updated)s updated.")
            % {"file": report.file, "rows": report.rows, "created": report.created,
               "updated": report.updated}
        )  # fmt: skip
        for line, warning in report.warnings:
            self.stdout.write(f"  ! {line}: {localize(warning)}")

    def _history(self, options):
        year = options["year"] or timezone.now().year
        task = BudgetTask.objects.filter(year=year, code=options["code"]).first()
        if task is None:
            raise CommandError(
                _("No budget task %(code)s in %(year)s.") % {"code": options["code"], "year": year}
            )
        if task.illustrative:
            self.stdout.write(f"*** {ILLUSTRATIVE} ***")
        self.stdout.write(str(task))
        for change in money_history(task):
            who = change.actor.get_username() if change.actor else _("command line")
            self.stdout.write(
                f"  {change.at:%Y-%m-%d %H:%M} {who:<12} {change.field:<20} "
                f"{change.old or '–'} → {change.new or '–'}  ({change.reason})"
            )


def _subtree(rows: list[MoneyRow], code: str) -> list[MoneyRow]:
    """The row of ``code`` and the rows below it (rows are in tree order)."""
    for start, row in enumerate(rows):
        if row.key == code:
            end = start + 1
            while end < len(rows) and rows[end].depth > row.depth:
                end += 1
            return rows[start:end]
    return []
