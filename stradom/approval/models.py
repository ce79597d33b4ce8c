"""Locked periods and the approval of values (issue 17, part 2).

Dependencies point one way: this app knows the catalogue (indicators, domains); the
catalogue's write path asks it, through :mod:`stradom.approval.guard`, whether a value
may change and tells it which values did. Nothing here writes observations.

**Why approval is kept per (indicator, period).** DHIS2 approves a data set for one
period and one organisation unit; Stradom's counterpart of a data set is the indicator,
and a coordinator reviews an indicator's values of a period together — every territory
and every disaggregation, as the series and the map show them. A change set would be
the wrong unit: one import is one change set across many indicators and domains (so
several coordinators), and a value's state would then depend on which write last
touched it, while "is PM10 for 2025 approved?" is the question a published page asks.
Keyed by (indicator, period), the state of a value is one look-up, the public pages
filter with one join, and any new, changed or deleted value of the pair sends it back
to provisional (:func:`stradom.approval.services.values_changed`). A pair with no row
is provisional: most values are never submitted, so nothing is stored for them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stradom.core import channels


class PeriodLock(models.Model):
    """A period locked for one domain (``domain``) or for all (``domain`` empty).

    A value lies in the locked period when its own period does (a month of 2025 in
    the year 2025). An unlocked lock stays, inactive, with who unlocked it and why;
    :class:`PeriodLockEvent` is the history of both steps.
    """

    domain = models.ForeignKey(
        "catalog.Domain",
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="period_locks",
        help_text=_("empty: every domain, and indicators of no domain"),
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    reason = models.TextField(_("reason"))
    active = models.BooleanField(_("locked"), default=True)
    locked_at = models.DateTimeField(_("locked at"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("locked period")
        verbose_name_plural = _("locked periods")
        ordering = ["-period_start", "period_end", "domain__order", "pk"]
        # Two partial keys rather than one with ``nulls_distinct=False``, which SQLite
        # does not have (Django would create no constraint there): one active lock per
        # domain and period, and one per period for all domains.
        constraints = [
            models.UniqueConstraint(
                fields=["domain", "period"],
                condition=models.Q(active=True, domain__isnull=False),
                name="one_active_lock_per_domain_and_period",
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(active=True, domain__isnull=True),
                name="one_active_lock_for_all_domains_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.domain.code if self.domain else '*'}"


class LockAction(models.TextChoices):
    LOCKED = "locked", _("locked")
    UNLOCKED = "unlocked", _("unlocked")


class PeriodLockEvent(models.Model):
    """One step of a lock's history: locked or unlocked, by whom, when, why."""

    lock = models.ForeignKey(PeriodLock, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=LockAction.choices)
    at = models.DateTimeField(_("when"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=channels.CHOICES)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("lock history entry")
        verbose_name_plural = _("lock history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.lock}"


class ApprovalStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("provisional")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class Approval(models.Model):
    """Where the values of one indicator for one period are in the approval: see the
    module's docstring. No row means provisional."""

    indicator = models.ForeignKey(
        "catalog.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="approvals",
    )
    period = models.CharField(_("period"), max_length=10)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApprovalStatus.choices,
        default=ApprovalStatus.PROVISIONAL,
    )
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["indicator__code", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_approval_per_value")
        ]
        indexes = [models.Index(fields=["status", "indicator"], name="approval_status_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.period} {self.status}"


class ApprovalAction(models.TextChoices):
    SUBMITTED = "submitted", _("submitted for approval")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for correction")
    REOPENED = "reopened", _("back to provisional: the values changed")


class ApprovalEvent(models.Model):
    """One step of an approval's history (who, when, the comment; for a step back to
    provisional, the change set of the write that changed the values)."""

    approval = models.ForeignKey(Approval, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=ApprovalAction.choices)
    old_status = models.CharField(_("old status"), max_length=16, choices=ApprovalStatus.choices)
    new_status = models.CharField(_("new status"), max_length=16, choices=ApprovalStatus.choices)
    at = models.DateTimeField(_("when"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=channels.CHOICES)
    comment = models.TextField(_("comment"), blank=True)
    change_set = models.ForeignKey(
        "catalog.ChangeSet",
        verbose_name=_("change set"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("approval history entry")
        verbose_name_plural = _("approval history")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.approval}"
