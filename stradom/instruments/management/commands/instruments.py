from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError
from stradom.instruments import formatting
from stradom.instruments.models import ProjectNetwork
from stradom.instruments.queries import overdue_updates, schedule_network


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            _("--as-of: %(value)r is not a date (YYYY-MM-DD).") % {"value": text}
        ) from exc


class Command(StradomCommand):
    help = gettext_lazy(
        "Instruments of strategic management: overdue progress updates per unit, "
        "and the schedule of a project network."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        overdue = sub.add_parser(
            "overdue", help=str(gettext_lazy("progress updates missing past their deadline"))
        )
        overdue.add_argument("--as-of", dest="as_of", help=str(gettext_lazy("date, YYYY-MM-DD")))
        overdue.add_argument("--format", choices=["table", "json"], default="table")
        schedule = sub.add_parser(
            "schedule", help=str(gettext_lazy("earliest finish and critical path of a network"))
        )
        schedule.add_argument("network", metavar="NETWORK_CODE")
        schedule.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        if options["action"] == "overdue":
            as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
            units = overdue_updates(as_of)
            show = {"table": formatting.overdue_table, "json": formatting.overdue_json}
            self.stdout.write(show[options["format"]](units, as_of), ending="")
            return
        network = ProjectNetwork.objects.filter(code=options["network"]).first()
        if network is None:
            raise CommandError(
                _("No project network with code %(code)s.") % {"code": options["network"]}
            )
        try:
            schedule = schedule_network(network)
        except StradomError as exc:
            raise CommandError(localize(exc)) from exc
        show = {"table": formatting.schedule_table, "json": formatting.schedule_json}
        self.stdout.write(show[options["format"]](schedule), ending="")
