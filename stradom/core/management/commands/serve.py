"""``stradom serve``: gather the static files, then start the web server.

Ctrl+C while the static files are gathered stops at once. WhiteNoise compresses them
in a pool of threads, and Python lets a pool finish every file queued before a
``KeyboardInterrupt`` gets through (on a small server, a minute or more); so for that
step Ctrl+C ends the process directly. Nothing is lost by it: the next start gathers
and compresses everything again. Once the server runs, gunicorn (or Django's
development server) handles Ctrl+C itself.
"""

import os
import signal
import sys

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.core.management.base import Command as StradomCommand

INTERRUPTED = 128 + signal.SIGINT  # the shell's exit status for a process stopped by Ctrl+C


class Command(StradomCommand):
    help = gettext_lazy("Start the web server (gunicorn; --dev for Django's development server).")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--dev", action="store_true", help=gettext_lazy("development server"))

    def handle(self, *args, **options):
        self.collect_static()
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

    def collect_static(self) -> None:
        """``collectstatic``, which Ctrl+C stops at once (see the module docstring)."""
        message = _("Stopped while gathering the static files; the server was not started.")

        def stop_now(signum, frame):
            sys.stderr.write(f"\n{message}\n")
            sys.stderr.flush()
            os._exit(INTERRUPTED)

        previous = signal.getsignal(signal.SIGINT)
        if previous is signal.SIG_IGN:  # started to ignore Ctrl+C (nohup, a service): so be it
            previous = None
        else:
            try:
                signal.signal(signal.SIGINT, stop_now)
            except ValueError:  # not the main thread (called from code): nothing to handle
                previous = None
        try:
            call_command("collectstatic", interactive=False, verbosity=0)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
