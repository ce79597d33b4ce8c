"""Stored assessment runs: what was computed, with every input, so a past run can be
shown exactly as it was, even after the strategy is revised or values change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentRun(models.Model):
    strategy = models.ForeignKey(
        "strategy.Strategy",
        verbose_name=_("strategy"),
        on_delete=models.PROTECT,
        related_name="assessment_runs",
    )
    method = models.CharField(_("method"), max_length=32)
    as_of_year = models.PositiveSmallIntegerField(_("as of year"))
    coverage_years = models.PositiveSmallIntegerField(_("coverage window (years)"), default=3)
    config = models.JSONField(_("method configuration"), default=dict)
    results = models.JSONField(
        _("results"),
        default=dict,
        help_text=_("Per-link results with all inputs, goal and domain roll-ups."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment run")
        verbose_name_plural = _("assessment runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.strategy} — {self.method} @ {self.as_of_year}"
