import json
import platform

import django
from django.apps import apps
from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

import stradom
from stradom.core.health import DatabaseUnavailable, never_migrated, pending_migrations
from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand

# What ``stradom status`` counts, in order; models of parts not installed are left out.
COUNTED = [
    ("territory.Territory", gettext_lazy("territorial units")),
    ("catalog.Domain", gettext_lazy("management domains")),
    ("catalog.PublicService", gettext_lazy("public services")),
    ("catalog.Indicator", gettext_lazy("indicators")),
    ("catalog.Observation", gettext_lazy("observations")),
    ("catalog.ObservationChange", gettext_lazy("history entries")),
    ("strategy.Strategy", gettext_lazy("strategies")),
    ("strategy.Goal", gettext_lazy("goals")),
    ("strategy.GoalIndicator", gettext_lazy("indicator links to goals")),
    ("instruments.Instrument", gettext_lazy("instruments")),
    ("finance.BudgetTask", gettext_lazy("budget tasks")),
    ("finance.WpfVersion", gettext_lazy("WPF versions")),
    ("surveys.Survey", gettext_lazy("surveys")),
]


def database_status() -> dict:
    """What the database holds. A database never migrated is refused with a message
    that says what to do; a model whose table is not there yet counts as None."""
    try:
        pending = pending_migrations()
    except DatabaseUnavailable as exc:
        raise CommandError(localize(exc)) from exc
    if pending is None:
        raise CommandError(localize(never_migrated()))
    tables = set(connection.introspection.table_names())
    counts = {}
    for label, title in COUNTED:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        present = model._meta.db_table in tables
        counts[label] = {"title": str(title), "count": model.objects.count() if present else None}
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if vendor == "sqlite" else "show server_version")
        db_version = cursor.fetchone()[0]
    return {
        "counts": counts,
        "pending_migrations": pending,
        "versions": {
            "stradom": stradom.__version__,
            "django": django.get_version(),
            "python": platform.python_version(),
            "database": f"{vendor} {db_version}",
        },
    }


class Command(StradomCommand):
    help = gettext_lazy("Show what the database holds and the versions in use.")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        status = database_status()
        if options["format"] == "json":
            self.stdout.write(json.dumps(status, ensure_ascii=False, indent=2))
            return
        rows = [
            (c["title"], "–" if c["count"] is None else str(c["count"]))
            for c in status["counts"].values()
        ]
        rows.append(("", ""))
        words = {"database": _("database")}  # the others are names
        rows += [(words.get(name, name), version) for name, version in status["versions"].items()]
        width = max(len(r[0]) for r in rows)
        self.stdout.write(_("Stradom status"))
        for name, value in rows:
            self.stdout.write(f"  {name.ljust(width)}  {value}" if name else "")
        pending = len(status["pending_migrations"])
        if pending:
            self.stdout.write("")
            self.stdout.write(
                ngettext(
                    "%(n)d database migration is not applied yet; "
                    "run `stradom migrate` (– marks tables not created yet).",
                    "%(n)d database migrations are not applied yet; "
                    "run `stradom migrate` (– marks tables not created yet).",
                    pending,
                )
                % {"n": pending}
            )
