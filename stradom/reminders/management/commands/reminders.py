"""``stradom reminders send``: the day's digests of what each user owes, by e-mail."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.core import formatting
from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError
from stradom.reminders import mail, services
from stradom.reminders.models import ReminderPreference


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(
            _("--date: “%(value)s” is not a date (YYYY-MM-DD).") % {"value": text}
        ) from exc


def _why_not(username: str) -> str | None:
    """Why a named user gets no reminders at all, or None when they may get one."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return _("There is no user “%(name)s”.") % {"name": username}
    if not user.is_active:
        return _("%(name)s: the account is not active, so no reminders are sent.") % {
            "name": username
        }
    if not user.email:
        return _("%(name)s has no e-mail address, so no reminders are sent.") % {"name": username}
    if ReminderPreference.objects.filter(user=user, enabled=False).exists():
        return _("%(name)s has turned reminders off.") % {"name": username}
    return None


class Command(StradomCommand):
    help = gettext_lazy(
        "Reminders by e-mail: each user's digest of the progress updates and indicator "
        "values due or overdue, at most once a day."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser(
            "send", help=str(gettext_lazy("send the day's digests (at most one per user a day)"))
        )
        send.add_argument(
            "--dry-run",
            action="store_true",
            help=str(gettext_lazy("print what would be sent; send and record nothing")),
        )
        send.add_argument(
            "--user",
            action="append",
            metavar="NAME",
            help=str(gettext_lazy("only this user (may be given more than once)")),
        )
        send.add_argument(
            "--date",
            help=str(gettext_lazy("the day, YYYY-MM-DD (default today): what is owed on it")),
        )

    def handle(self, *args, **options):
        day = _date(options["date"]) if options["date"] else timezone.localdate()
        names = options["user"]
        for name in names or ():
            reason = _why_not(name)
            if reason is not None:
                raise CommandError(reason)
        try:
            report = services.send_reminders(day, usernames=names, dry_run=options["dry_run"])
        except StradomError as exc:
            raise CommandError(localize(exc)) from exc
        if report.dry_run:
            self._show_dry_run(report)
            return
        for outcome in report.of(services.SENT):
            self.stdout.write(
                _("Sent to %(name)s <%(address)s>: %(subject)s")
                % {
                    "name": outcome.digest.user.get_username(),
                    "address": outcome.digest.address,
                    "subject": mail.subject_for(outcome.digest),
                }
            )
        self._show_already(report)
        failed = report.of(services.FAILED)
        for outcome in failed:
            self.stderr.write(
                _("Not sent to %(name)s <%(address)s>: %(reason)s")
                % {
                    "name": outcome.digest.user.get_username(),
                    "address": outcome.digest.address,
                    "reason": outcome.error,
                }
            )
        sent = len(report.of(services.SENT))
        self.stdout.write(
            ngettext(
                "%(count)s reminder sent for %(date)s.",
                "%(count)s reminders sent for %(date)s.",
                sent,
            )
            % {"count": sent, "date": formatting.day(day)}
        )
        if failed:
            raise CommandError(
                ngettext(
                    "%(count)s reminder could not be sent; the next run tries again.",
                    "%(count)s reminders could not be sent; the next run tries again.",
                    len(failed),
                )
                % {"count": len(failed)}
            )

    def _show_already(self, report):
        for outcome in report.of(services.ALREADY_SENT):
            self.stdout.write(
                _("Already sent to %(name)s for %(date)s: not sent again.")
                % {"name": outcome.digest.user.get_username(), "date": formatting.day(report.day)}
            )

    def _show_dry_run(self, report):
        for outcome in report.of(services.WOULD_SEND):
            digest = outcome.digest
            message = mail.message(digest)
            self.stdout.write(
                _("Would send to %(name)s <%(address)s> (%(language)s): %(subject)s")
                % {
                    "name": digest.user.get_username(),
                    "address": digest.address,
                    "language": digest.language,
                    "subject": message.subject,
                }
            )
            self.stdout.write(message.body)
        self._show_already(report)
        count = len(report.of(services.WOULD_SEND))
        self.stdout.write(
            ngettext(
                "Dry run: %(count)s reminder would be sent for %(date)s; nothing was sent.",
                "Dry run: %(count)s reminders would be sent for %(date)s; nothing was sent.",
                count,
            )
            % {"count": count, "date": formatting.day(report.day)}
        )
