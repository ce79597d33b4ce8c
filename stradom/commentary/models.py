"""A coordinator's commentary on an indicator, a goal or an instrument for a period —
what happened, what is being done — and the replies to it.

The record commented on is one of three foreign keys (exactly one is set, a check
constraint says so), not a generic relation: there are three kinds of record and no
more are planned, real foreign keys keep the database honest (a comment cannot point
at a record that is gone, ``PROTECT`` refuses to delete a record that has commentary
instead of dropping the comments without history), and the pages and reports read a
record's comments with one indexed join and ``select_related`` rather than a content
type and an id with no constraint behind them.

Writes go through ``stradom.commentary.services``; reads through
``stradom.commentary.queries``. The history of every comment (its first words, each
edit with its reason, its deletion with its reason) is kept in :class:`CommentChange`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stradom.core.models import ChangeRecord


class TargetKind(models.TextChoices):
    INDICATOR = "indicator", _("indicator")
    GOAL = "goal", _("goal")
    INSTRUMENT = "instrument", _("instrument")


class Comment(models.Model):
    """A top-level comment (``parent`` empty: the coordinator's commentary for a period)
    or a reply to one (``parent`` set; the reply's record and period are its parent's)."""

    indicator = models.ForeignKey(
        "catalog.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    goal = models.ForeignKey(
        "strategy.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("instrument"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
    )
    period = models.CharField(
        _("period"),
        max_length=10,
        help_text=_("The year (2025), half-year (2025-H1), quarter (2025-Q3) or month (2025-07)."),
    )
    text = models.TextField(_("what happened"))
    actions = models.TextField(_("what is being done"), blank=True)
    public = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the public pages and in the reports (replies never are)."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-period", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="comment_on_exactly_one_record",
                condition=(
                    Q(indicator__isnull=False, goal__isnull=True, instrument__isnull=True)
                    | Q(indicator__isnull=True, goal__isnull=False, instrument__isnull=True)
                    | Q(indicator__isnull=True, goal__isnull=True, instrument__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="reply_is_never_public", condition=Q(parent__isnull=True) | Q(public=False)
            ),
        ]
        indexes = [models.Index(fields=["public", "period"], name="comment_public_period")]

    def __str__(self) -> str:
        return f"{self.target_kind} {self.target_code} {self.period} #{self.pk}"

    @property
    def target(self):
        return self.indicator or self.goal or self.instrument

    @property
    def target_kind(self) -> str:
        if self.indicator_id is not None:
            return TargetKind.INDICATOR
        if self.goal_id is not None:
            return TargetKind.GOAL
        return TargetKind.INSTRUMENT

    @property
    def target_code(self) -> str:
        target = self.target
        return getattr(target, "code", "") if target is not None else ""


class CommentChange(ChangeRecord):
    """One change of a comment (its first text, an edit, its deletion), see
    :class:`stradom.core.models.ChangeRecord`."""

    class Meta(ChangeRecord.Meta):
        verbose_name = _("change of a comment")
        verbose_name_plural = _("changes of comments")
