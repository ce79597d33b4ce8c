"""What each user wants of the reminders, and what was sent to whom on which day.

A user without a :class:`ReminderPreference` gets reminders in the office's language
(``STRADOM_LANGUAGE``); the row is made the first time they change something. A
:class:`SentReminder` is written *before* its message goes out and removed again if
the mail server refuses it, so of two runs on one day (the worker's and an operator's,
or two workers) only one sends, and a failed one is tried again by the next run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    enabled = models.BooleanField(
        _("send me reminders by e-mail"),
        default=True,
        help_text=_("A daily e-mail on the days something is due or overdue; none otherwise."),
    )
    language = models.CharField(
        _("language of e-mails"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the office's language."),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")
        ordering = ["user__username"]

    def __str__(self) -> str:
        return str(self.user)


class SentReminder(models.Model):
    """One day's digest sent to one user, with how many items of each kind it named."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sent_reminders",
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    address = models.CharField(_("sent to"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    updates_due = models.PositiveIntegerField(_("progress updates due"), default=0)
    updates_overdue = models.PositiveIntegerField(_("progress updates overdue"), default=0)
    values_due = models.PositiveIntegerField(_("indicator values due"), default=0)
    values_overdue = models.PositiveIntegerField(_("indicator values overdue"), default=0)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-day", "user__username"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user} {self.day.isoformat()}"
