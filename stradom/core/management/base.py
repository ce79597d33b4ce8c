"""The base of Stradom's management commands."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """A command whose ``help`` may be a lazy translation.

    argparse needs real text, so the help is turned into a string in the operator's
    language (see ``stradom.cli``) when the parser is built.
    """

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
