"""``stradom approval …``: lock and unlock periods, submit, approve and return values,
and show where they stand. Thin: each action is one service call; the operator at the
command line has every right (``actor=None``)."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.approval import queries, services
from stradom.approval.models import ApprovalStatus
from stradom.catalog.models import Domain, Indicator
from stradom.core import formatting
from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError


def _domain(code: str | None) -> Domain | None:
    if not code:
        return None
    domain = Domain.objects.filter(code=code).first()
    if domain is None:
        raise CommandError(_("There is no domain “%(code)s”.") % {"code": code})
    return domain


def _indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise CommandError(_("There is no indicator “%(code)s”.") % {"code": code})
    return indicator


class Command(StradomCommand):
    help = gettext_lazy(
        "Data approval and locked periods: lock or unlock a period, submit, approve or "
        "return an indicator's values of a period, show their status."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (
            ("lock", gettext_lazy("lock a period: no value in it may change")),
            ("unlock", gettext_lazy("unlock a locked period")),
        ):
            p = sub.add_parser(name, help=str(text))
            p.add_argument("period", help=str(gettext_lazy("the period, e.g. 2025")))
            p.add_argument(
                "--domain", help=str(gettext_lazy("the domain's code (default: all domains)"))
            )
            p.add_argument("--reason", required=True, help=str(gettext_lazy("why")))
        for name, text in (
            ("submit", gettext_lazy("submit an indicator's values of a period for approval")),
            ("approve", gettext_lazy("approve submitted values")),
            ("return", gettext_lazy("return submitted or approved values for correction")),
        ):
            p = sub.add_parser(name, help=str(text))
            p.add_argument("indicator", help=str(gettext_lazy("the indicator's code")))
            p.add_argument("period", help=str(gettext_lazy("the period, e.g. 2025")))
            p.add_argument(
                "--comment",
                required=name == "return",
                default="",
                help=str(gettext_lazy("a comment (required to return values)")),
            )
        p = sub.add_parser(
            "status", help=str(gettext_lazy("the locked periods and values awaiting approval"))
        )
        p.add_argument(
            "--indicator", help=str(gettext_lazy("the approval of each period of an indicator"))
        )

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except StradomError as exc:
            raise CommandError(localize(exc)) from exc

    def _lock(self, period, domain, reason, **_options):
        lock = services.lock_period(
            period, domain=_domain(domain), actor=None, reason=reason, channel="command"
        )
        self.stdout.write(_("Locked: %(lock)s.") % {"lock": _lock_text(lock.period, lock.domain)})

    def _unlock(self, period, domain, reason, **_options):
        lock = services.find_lock(period, _domain(domain))
        services.unlock_period(lock, actor=None, reason=reason, channel="command")
        self.stdout.write(_("Unlocked: %(lock)s.") % {"lock": _lock_text(lock.period, lock.domain)})

    def _step(self, step, indicator, period, comment):
        ind = _indicator(indicator)
        approval = step(ind, period, actor=None, comment=comment, channel="command")
        self.stdout.write(
            _("%(code)s %(period)s: %(status)s.")
            % {
                "code": ind.code,
                "period": approval.period,
                "status": ApprovalStatus(approval.status).label,
            }
        )

    def _submit(self, indicator, period, comment, **_options):
        self._step(services.submit, indicator, period, comment)

    def _approve(self, indicator, period, comment, **_options):
        self._step(services.approve, indicator, period, comment)

    def _return(self, indicator, period, comment, **_options):
        self._step(services.return_values, indicator, period, comment)

    def _status(self, indicator=None, **_options):
        if indicator:
            for row in queries.statuses(_indicator(indicator)):
                when = formatting.when(row.changed_at) if row.changed_at else ""
                self.stdout.write(
                    f"{row.period}\t{ApprovalStatus(row.status).label}\t{when}\t{row.changed_by}"
                )
            return
        locks = queries.active_locks()
        self.stdout.write(_("Locked periods: %(count)d") % {"count": len(locks)})
        everywhere = _("all domains")
        for lock in locks:
            self.stdout.write(f"  {lock.period}\t{lock.domain_code or everywhere}\t{lock.reason}")
        awaiting = queries.awaiting_approval(None)
        self.stdout.write(_("Awaiting approval: %(count)d") % {"count": len(awaiting)})
        for a in awaiting:
            self.stdout.write(f"  {a.indicator_code}\t{a.period}\t{a.submitted_by}\t{a.comment}")


def _lock_text(period: str, domain) -> str:
    if domain is None:
        return _("%(period)s, all domains") % {"period": period}
    return _("%(period)s, domain %(domain)s") % {"period": period, "domain": domain.code}
