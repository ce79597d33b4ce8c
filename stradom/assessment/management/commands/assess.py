from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.assessment.engine import METHODS
from stradom.assessment.formatting import FORMATS
from stradom.assessment.queries import default_strategy
from stradom.assessment.services import DEFAULT_COVERAGE_YEARS, DEFAULT_METHOD, assess_strategy
from stradom.core.management.base import Command as StradomCommand


class Command(StradomCommand):
    help = gettext_lazy(
        "Assess progress of a strategy's goals: each linked indicator, rolled up along "
        "the goal tree and by management domain."
    )

    def add_arguments(self, parser):
        parser.add_argument("--strategy", help=gettext_lazy("strategy code (default: newest)"))
        parser.add_argument("--method", choices=sorted(METHODS), default=DEFAULT_METHOD)
        parser.add_argument("--as-of", type=int, dest="as_of", help=gettext_lazy("year"))
        parser.add_argument(
            "--coverage-years",
            type=int,
            default=DEFAULT_COVERAGE_YEARS,
            help=gettext_lazy("data coverage window in years"),
        )
        parser.add_argument("--format", choices=sorted(FORMATS), default="table")

    def handle(self, *args, **options):
        strategy = default_strategy(options["strategy"])
        if strategy is None:
            if options["strategy"]:
                raise CommandError(
                    _("No strategy with code %(code)s.") % {"code": options["strategy"]}
                )
            raise CommandError(_("There is no strategy to assess."))
        result = assess_strategy(
            strategy,
            method=options["method"],
            as_of_year=options["as_of"],
            coverage_years=options["coverage_years"],
        )
        self.stdout.write(FORMATS[options["format"]](result), ending="")
