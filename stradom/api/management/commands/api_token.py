from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.api.models import ApiToken
from stradom.api.services import create_token, revoke_token
from stradom.core.formatting import when
from stradom.core.management.base import Command as StradomCommand


class Command(StradomCommand):
    help = gettext_lazy("Create, list or revoke API tokens (the token is shown only once).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=str(gettext_lazy("a new token for a user")))
        create.add_argument("user")
        create.add_argument("--name", default="")
        listing = sub.add_parser("list", help=str(gettext_lazy("a user's tokens")))
        listing.add_argument("user")
        revoke = sub.add_parser("revoke", help=str(gettext_lazy("revoke a token by its prefix")))
        revoke.add_argument("prefix")

    def _user(self, username):
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(_("No user %(name)r.") % {"name": username}) from exc

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            _token, plain = create_token(self._user(options["user"]), name=options["name"])
            self.stdout.write(plain)
            self.stderr.write(
                _("Keep this token now: it is not stored and will not be shown again.")
            )
        elif action == "list":
            for token in ApiToken.objects.filter(user=self._user(options["user"])):
                state = _("revoked") if token.revoked else _("active")
                used = when(token.last_used_at) or "-"
                self.stdout.write(f"{token.prefix}…\t{token.name}\t{state}\t{used}")
        else:
            tokens = list(ApiToken.objects.filter(prefix=options["prefix"].rstrip("…")))
            if len(tokens) != 1:
                raise CommandError(
                    _("%(count)d tokens have this prefix; give exactly one.")
                    % {"count": len(tokens)}
                )
            revoke_token(tokens[0])
            self.stdout.write(_("Revoked."))
