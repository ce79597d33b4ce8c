from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.management.base import Command as StradomCommand


class Command(StradomCommand):
    help = gettext_lazy("Start the web server (gunicorn; --dev for Django's development server).")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--dev", action="store_true", help=gettext_lazy("development server"))

    def handle(self, *args, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        if options["dev"]:
            call_command("runserver", options["bind"])
            return
        from gunicorn.app.base import BaseApplication

        from stradom.wsgi import application

        class Server(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", options["bind"])
                self.cfg.set("workers", options["workers"])
                self.cfg.set("accesslog", "-" if settings.DEBUG else None)

            def load(self):
                return application

        self.stdout.write(
            _("Stradom is running on http://%(bind)s/ (Ctrl+C stops it)")
            % {"bind": options["bind"]}
        )
        Server().run()
