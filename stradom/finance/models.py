"""Money of the strategy: budget tasks with plan and execution, and the WPF.

Dependencies point one way: ``catalog`` (domains) and ``strategy`` (goals) ←
``finance``; ``instruments`` ← ``finance`` (a task or an undertaking names the
programme or project it finances). The budget classification is not stored
here: it is the regulation's fixed list shipped as ``finance/data/classification.json``
and read through :mod:`stradom.finance.core.classification`, so a task keeps
the three parts of its position and every write checks them against that list.

Writes go through :mod:`stradom.finance.services` (validation with the plain
cores, history in :class:`MoneyChange`); reads through :mod:`stradom.finance.queries`.
Amounts are ``DecimalField(decimal_places=2)``: złoty with grosze, never float.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stradom.core.models import Bilingual, ChangeRecord


def _amount(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **kwargs)


ILLUSTRATIVE_LABEL = _("Illustrative example")


class Unit(Bilingual):
    """An organisational unit responsible for money (jednostka organizacyjna, dysponent)."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    domain = models.ForeignKey(
        "catalog.Domain",
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance_units",
    )

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BudgetTask(Bilingual):
    """A budget task (zadanie budżetowe) of one year, on one expenditure position.

    ``section``/``chapter``/``paragraph`` are the classification position
    (dział 3 digits, rozdział 5, paragraf with its 4th digit); ``plan`` is the
    adopted plan, ``plan_after_changes`` the plan after the year's amendments.
    ``execution`` is the sum of the monthly execution where months are kept.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("code"), max_length=64)
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="tasks"
    )
    domain = models.ForeignKey(
        "catalog.Domain",
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_tasks",
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("instrument"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_tasks",
        help_text=_("The programme, project or portfolio this task finances."),
    )
    section = models.CharField(_("section"), max_length=3)
    chapter = models.CharField(_("chapter"), max_length=5)
    paragraph = models.CharField(_("paragraph"), max_length=4)
    plan = _amount(_("adopted plan"))
    plan_after_changes = _amount(_("plan after changes"))
    commitments = _amount(_("commitments"), default=0)
    execution = _amount(_("execution"), default=0)
    illustrative = models.BooleanField(
        _("illustrative example"),
        default=False,
        help_text=_("The figures are an example, not the office's real budget."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("budget task")
        verbose_name_plural = _("budget tasks")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="budget_task_year_code"),
            models.CheckConstraint(
                condition=models.Q(plan__gte=0) & models.Q(plan_after_changes__gte=0),
                name="budget_task_plan_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.code} {self.name}"

    @property
    def classification(self) -> str:
        return f"{self.section}-{self.chapter}-{self.paragraph}"

    @property
    def remaining(self):
        return self.plan_after_changes - self.execution

    @property
    def over_plan(self) -> bool:
        return self.execution > self.plan_after_changes


class BudgetTaskGoal(models.Model):
    """The share (percent) of a task that serves one goal; a task's shares sum to 100."""

    task = models.ForeignKey(
        BudgetTask, verbose_name=_("budget task"), on_delete=models.CASCADE, related_name="shares"
    )
    goal = models.ForeignKey(
        "strategy.Goal",
        verbose_name=_("goal"),
        on_delete=models.PROTECT,
        related_name="budget_shares",
    )
    share = models.DecimalField(_("share (%)"), max_digits=7, decimal_places=4)

    class Meta:
        verbose_name = _("goal share of a budget task")
        verbose_name_plural = _("goal shares of budget tasks")
        ordering = ["task", "goal__code"]
        constraints = [
            models.UniqueConstraint(fields=["task", "goal"], name="budget_task_goal_once"),
            models.CheckConstraint(
                condition=models.Q(share__gt=0) & models.Q(share__lte=100),
                name="budget_task_goal_share_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} → {self.goal.code}: {self.share}%"


class BudgetTaskMonth(models.Model):
    """Plan and execution of a task in one month (optional)."""

    task = models.ForeignKey(
        BudgetTask, verbose_name=_("budget task"), on_delete=models.CASCADE, related_name="months"
    )
    month = models.PositiveSmallIntegerField(_("month"))
    plan = _amount(_("plan"), null=True, blank=True)
    execution = _amount(_("execution"), default=0)

    class Meta:
        verbose_name = _("month of a budget task")
        verbose_name_plural = _("months of budget tasks")
        ordering = ["task", "month"]
        constraints = [
            models.UniqueConstraint(fields=["task", "month"], name="budget_task_month_once"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1) & models.Q(month__lte=12),
                name="budget_task_month_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.month:02d}"


class WpfVersion(models.Model):
    """One version of a multi-year financial forecast (WPF): adopted, then amended.

    ``code`` names the forecast (e.g. ``WPF2026``); ``number`` 1 is the adopted
    resolution, each amendment is a new row with the next number and
    ``previous`` pointing at the version it changed, so every version stays as
    it was and can be compared with the one before.
    """

    code = models.CharField(_("code"), max_length=64)
    number = models.PositiveIntegerField(_("number"), default=1)
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    resolution = models.CharField(_("resolution or order"), max_length=300, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    debt_window = models.PositiveSmallIntegerField(
        _("art. 243 averaging window chosen (years)"),
        null=True,
        blank=True,
        help_text=_("Only where the law let the executive choose (3 or 7 years in 2022–2025)."),
    )
    debt_exclusion_rows = models.JSONField(
        _("rows excluded from the art. 243 limit"),
        default=list,
        blank=True,
        help_text=_("Row numbers; empty: the template's statutory exclusions."),
    )
    illustrative = models.BooleanField(_("illustrative example"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("WPF version")
        verbose_name_plural = _("WPF versions")
        ordering = ["code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="wpf_version_code_number")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.code}/{self.number}"


class WpfYear(models.Model):
    """What one year's column holds in a version (execution, Q3 plan, plan, forecast)."""

    class ValueType(models.TextChoices):
        EXECUTION = "execution", _("execution")
        Q3_PLAN = "q3_plan", _("plan after three quarters")
        PLAN = "plan", _("plan")
        FORECAST = "forecast", _("forecast")

    version = models.ForeignKey(
        WpfVersion, verbose_name=_("WPF version"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value_type = models.CharField(_("value type"), max_length=16, choices=ValueType.choices)

    class Meta:
        verbose_name = _("WPF year")
        verbose_name_plural = _("WPF years")
        ordering = ["version", "year"]
        constraints = [
            models.UniqueConstraint(fields=["version", "year"], name="wpf_year_once"),
        ]

    def __str__(self) -> str:
        return f"{self.version.label} {self.year} ({self.get_value_type_display()})"


class WpfRow(models.Model):
    """A row of Annex 1 in one version: its number in the template's open tree and label."""

    version = models.ForeignKey(
        WpfVersion, verbose_name=_("WPF version"), on_delete=models.CASCADE, related_name="rows"
    )
    code = models.CharField(_("row number"), max_length=32)
    label_pl = models.CharField(_("label (Polish)"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("WPF row")
        verbose_name_plural = _("WPF rows")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="wpf_row_once"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label_pl}".strip()


class WpfValue(models.Model):
    row = models.ForeignKey(
        WpfRow, verbose_name=_("WPF row"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = _amount(_("amount"))

    class Meta:
        verbose_name = _("WPF value")
        verbose_name_plural = _("WPF values")
        ordering = ["row", "year"]
        constraints = [
            models.UniqueConstraint(fields=["row", "year"], name="wpf_value_once"),
        ]

    def __str__(self) -> str:
        return f"{self.row.code} {self.year}: {self.amount}"


class Undertaking(models.Model):
    """A multi-year undertaking (przedsięwzięcie) of Annex 2, u.f.p. art. 226 ust. 3-4."""

    class Group(models.TextChoices):
        EU = "eu", _("with EU or other foreign funds (art. 5 ust. 1 pkt 2 and 3)")
        PPP = "ppp", _("public-private partnership")
        OTHER = "other", _("other")

    class Kind(models.TextChoices):
        CURRENT = "current", _("current")
        PROPERTY = "property", _("property (capital)")

    version = models.ForeignKey(
        WpfVersion,
        verbose_name=_("WPF version"),
        on_delete=models.CASCADE,
        related_name="undertakings",
    )
    number = models.CharField(_("item number"), max_length=32)
    name = models.CharField(_("name"), max_length=500)
    purpose = models.TextField(_("purpose"), blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible or coordinating unit"),
        on_delete=models.PROTECT,
        related_name="undertakings",
    )
    group = models.CharField(_("group"), max_length=8, choices=Group.choices, default=Group.OTHER)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PROPERTY)
    start_year = models.PositiveSmallIntegerField(_("from"))
    end_year = models.PositiveSmallIntegerField(_("to"))
    total_outlays = _amount(_("total outlays"))
    obligations_limit = _amount(_("obligations limit"))
    goals = models.ManyToManyField(
        "strategy.Goal", verbose_name=_("goals"), blank=True, related_name="undertakings"
    )
    instruments = models.ManyToManyField(
        "instruments.Instrument",
        verbose_name=_("instruments"),
        blank=True,
        related_name="undertakings",
    )

    class Meta:
        verbose_name = _("undertaking")
        verbose_name_plural = _("undertakings")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="undertaking_number_once"),
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="undertaking_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class UndertakingLimit(models.Model):
    undertaking = models.ForeignKey(
        Undertaking, verbose_name=_("undertaking"), on_delete=models.CASCADE, related_name="limits"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = _amount(_("expenditure limit"))

    class Meta:
        verbose_name = _("expenditure limit of an undertaking")
        verbose_name_plural = _("expenditure limits of undertakings")
        ordering = ["undertaking", "year"]
        constraints = [
            models.UniqueConstraint(fields=["undertaking", "year"], name="undertaking_limit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.undertaking.number} {self.year}: {self.amount}"


class MoneyChange(ChangeRecord):
    """One change to an amount or a link of money (see
    :class:`stradom.core.models.ChangeRecord`).

    ``field`` names what changed (``plan``, ``execution``, ``share:IV.3``,
    ``month:03:execution``, ``1.1/2026`` for a WPF cell…).
    """

    class Meta(ChangeRecord.Meta):
        verbose_name = _("change of money")
        verbose_name_plural = _("changes of money")

    def recorded_field(self):
        """A goal's share and a month's amounts are fields of the share and month rows."""
        kind, _sep, rest = self.field.partition(":")
        if kind == "share":
            return BudgetTaskGoal._meta.get_field("share")
        if kind == "month" and rest.count(":") == 1:
            name = rest.partition(":")[2]
            if name in ("plan", "execution"):
                return BudgetTaskMonth._meta.get_field(name)
        return super().recorded_field()

    @property
    def field_label(self) -> str:
        kind, _sep, rest = self.field.partition(":")
        if kind == "share" and rest:
            return gettext("share of goal %(goal)s (%%)") % {"goal": rest}
        field = self.recorded_field()
        if kind == "month" and field is not None and rest[:2].isdigit():
            return gettext("%(what)s, month %(month)s") % {
                "what": field.verbose_name,
                "month": int(rest[:2]),
            }
        return super().field_label
