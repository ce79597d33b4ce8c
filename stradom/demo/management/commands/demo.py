from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError
from stradom.demo.loader import ensure_demo_admin, load_demo


class Command(StradomCommand):
    help = gettext_lazy("Load the demo: Kraków's domains, districts and real indicator series.")

    def handle(self, *args, **options):
        def say(step: str) -> None:
            # a step is a word the loader marks ('domains') or a file's name, said as it is
            self.stdout.write(_("Loading: %(step)s…") % {"step": _(step)})

        try:
            report = load_demo(progress=say)
        except StradomError as exc:
            raise CommandError(localize(exc)) from exc
        steps, skipped = report.lines()
        for line in steps:
            self.stdout.write(f"  {line}")
        if skipped:
            self.stdout.write(_("Not loaded, with the reason:"))
            for line in skipped:
                self.stdout.write(f"  - {line}")
        self.stdout.write(self.style.SUCCESS(_("Demo loaded.")))
        user, password = ensure_demo_admin()
        if password:
            self.stdout.write(
                _("Log in at http://127.0.0.1:8000/admin/ as %(user)s with password %(password)s")
                % {"user": user, "password": password}
            )
        else:
            self.stdout.write(
                _("Log in at http://127.0.0.1:8000/admin/ as %(user)s (password set earlier)")
                % {"user": user}
            )
