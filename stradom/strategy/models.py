"""Strategies, their goal trees and the indicators linked to goals.

Dependencies point one way: ``catalog`` and ``territory`` ← ``strategy`` ←
``assessment``. Writes that touch a whole tree (a new version) go through
``stradom.strategy.services``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from stradom.core.models import Bilingual, ChangeRecord


class Strategy(Bilingual):
    """A development strategy or a sectoral programme, in one version.

    A revised strategy is a new row with ``previous_version`` pointing at the old
    one (see ``services.new_version``); the old row, its tree and the assessment
    runs made on it stay as they were.
    """

    code = models.CharField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"), default=1)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    resolution = models.TextField(_("adopting resolution"), blank=True)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="strategy_code_version"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="strategy_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} ({self.start_year}–{self.end_year})"

    def clean(self) -> None:
        if (
            self.start_year is not None
            and self.end_year is not None
            and self.end_year < self.start_year
        ):
            raise ValidationError({"end_year": _("The last year comes before the first.")})


class StrategyLevel(models.Model):
    """What a strategy calls the goals at one depth (1 = top: e.g. strategic goal)."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="levels"
    )
    depth = models.PositiveSmallIntegerField(_("depth"))
    name_pl = models.CharField(_("name (Polish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("level of the goal tree")
        verbose_name_plural = _("levels of the goal tree")
        ordering = ["strategy", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "depth"], name="strategy_level_depth")
        ]

    def __str__(self) -> str:
        return f"{self.depth}: {self.name_pl}"


class Goal(Bilingual):
    """A node of a strategy's goal tree (area, strategic goal, operational goal, action…).

    ``depth`` is 1 for a root and parent's depth + 1 below; the level's name comes from
    the strategy's :class:`StrategyLevel` of that depth.
    """

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="goals"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent goal"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=64)
    depth = models.PositiveSmallIntegerField(_("depth"), default=1)
    order = models.PositiveIntegerField(_("order"), default=0)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["strategy", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="goal_code_in_strategy")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.parent_id is not None:
            if self.parent.strategy_id != self.strategy_id:
                raise ValidationError({"parent": _("The parent goal belongs to another strategy.")})
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": _("A goal cannot be its own ancestor.")})
                node = node.parent
            self.depth = self.parent.depth + 1
        else:
            self.depth = 1


class Direction(models.TextChoices):
    """The same values as the engine's ``Direction`` and the catalogue's polarity."""

    HIGHER_IS_BETTER = "higher_is_better", _("higher is better")
    LOWER_IS_BETTER = "lower_is_better", _("lower is better")
    NEUTRAL = "neutral", _("neutral")


def _measure(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=28, decimal_places=10, null=True, blank=True
    )


class GoalIndicator(models.Model):
    """An indicator attached to a goal: which series counts, which way is better, and
    the baseline, target and milestones the strategy sets for it."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="links"
    )
    indicator = models.ForeignKey(
        "catalog.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="goal_links",
    )
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territorial unit"),
        on_delete=models.PROTECT,
        related_name="goal_links",
    )
    dimensions = models.CharField(
        _("disaggregation"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Which series counts, e.g. sex=F; empty for the total."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=20,
        choices=Direction.choices,
        blank=True,
        help_text=_("Empty: the indicator's polarity."),
    )
    baseline_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    baseline_value = _measure(_("base value"))
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_value = _measure(_("target value"))
    target_source = models.TextField(
        _("source of the target"),
        blank=True,
        help_text=_("Where the target comes from (a document, a law); required with a target."),
    )
    milestones = models.JSONField(
        _("intermediate milestones"),
        default=list,
        blank=True,
        help_text=_('E.g. [{"year": 2025, "value": "30"}].'),
    )
    limit = _measure(_("natural limit"))
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=4, default=Decimal(1))
    order = models.PositiveIntegerField(_("order"), default=0)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("indicator of a goal")
        verbose_name_plural = _("indicators of goals")
        ordering = ["goal", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "indicator", "territory", "dimensions"],
                name="goal_indicator_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(target_value__isnull=True) | ~models.Q(target_source=""),
                name="goal_indicator_target_has_source",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" [{self.dimensions}]" if self.dimensions else ""
        return f"{self.goal.code}: {self.indicator.code}{suffix}"

    @property
    def effective_direction(self) -> str:
        return self.direction or self.indicator.polarity

    def clean(self) -> None:
        errors = {}
        if self.target_value is not None and not self.target_source.strip():
            errors["target_source"] = _("Say where the target comes from.")
        if self.target_year is not None and self.target_value is None:
            errors["target_value"] = _("A target year needs a target value.")
        if (self.baseline_year is None) != (self.baseline_value is None) and (
            self.baseline_value is not None
        ):
            errors["baseline_year"] = _("A base value needs its year.")
        if not isinstance(self.milestones, list) or any(
            not isinstance(m, dict) or set(m) != {"year", "value"} for m in self.milestones
        ):
            errors["milestones"] = _('A list of {"year": …, "value": …} pairs.')
        if errors:
            raise ValidationError(errors)


class StrategyChange(ChangeRecord):
    """One change to a strategy (see :class:`stradom.core.models.ChangeRecord`): of a goal's
    indicator — its baseline, target, their years and sources, milestones, weight… (a
    changed target changes every assessment) — or of the structure: the strategy itself,
    the names of its levels, a goal of its tree (its code, wording, place in the tree). Who
    changed it, when and why is kept; a deleted record keeps its last values here."""

    class Meta(ChangeRecord.Meta):
        verbose_name = _("change of the strategy")
        verbose_name_plural = _("changes of the strategy")
