"""Instruments of strategic management and the reports on their progress.

Programmes, projects and portfolios are one model, :class:`Instrument`, told apart
by ``kind``: they share every attribute (code, owner, domain, dates, status, goals,
indicators, money) and nest — a portfolio groups programmes and projects, a
programme groups projects — through ``parent``. A :class:`ProjectNetwork` ties
projects together with :class:`Dependency` links and is scheduled by the critical
path method in :mod:`stradom.instruments.network`. Owners report progress in a
:class:`ReportingCycle`; every :class:`ProgressUpdate` is kept, the latest one for
an instrument and period counts.

Dependencies point one way: ``catalog`` and ``strategy`` ← ``instruments`` ←
``finance`` (budget tasks and WPF undertakings point here). Writes go through
``stradom.instruments.services``; reads through ``stradom.instruments.queries``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stradom.core.models import Bilingual, ChangeRecord


class InstrumentKind(models.TextChoices):
    PORTFOLIO = "portfolio", _("portfolio")
    PROGRAMME = "programme", _("programme")
    PROJECT = "project", _("project")


class InstrumentStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("instrument status", "planned")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    SUSPENDED = "suspended", _("suspended")
    CANCELLED = "cancelled", _("cancelled")


# Which kinds may hold which (PMI's Standard for Portfolio Management: a portfolio
# holds programmes, projects and sub-portfolios; a programme holds projects).
ALLOWED_CHILDREN = {
    InstrumentKind.PORTFOLIO: {
        InstrumentKind.PORTFOLIO,
        InstrumentKind.PROGRAMME,
        InstrumentKind.PROJECT,
    },
    InstrumentKind.PROGRAMME: {InstrumentKind.PROJECT},
    InstrumentKind.PROJECT: set(),
}


class Instrument(Bilingual):
    """A programme, a project or a portfolio (a group of programmes and projects)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text=_("The portfolio or programme this instrument belongs to."),
    )
    owning_unit = models.CharField(
        _("owning unit"),
        max_length=300,
        blank=True,
        help_text=_("The department or municipal unit responsible, e.g. Wydział Strategii."),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_instruments",
    )
    domain = models.ForeignKey(
        "catalog.Domain",
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruments",
        help_text=_(
            "The management domain this instrument belongs to: its coordinators may record "
            "progress and milestones as the manager does. Only an administrator sets it."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InstrumentStatus.choices,
        default=InstrumentStatus.PLANNED,
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    duration_days = models.PositiveIntegerField(
        _("duration for scheduling (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: the planned dates, first and last day included."),
    )
    goals = models.ManyToManyField(
        "strategy.Goal", verbose_name=_("goals served"), blank=True, related_name="instruments"
    )
    output_indicators = models.ManyToManyField(
        "catalog.Indicator",
        verbose_name=_("output indicators"),
        blank=True,
        related_name="instruments_as_output",
    )
    result_indicators = models.ManyToManyField(
        "catalog.Indicator",
        verbose_name=_("result indicators"),
        blank=True,
        related_name="instruments_as_result",
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(
        _("illustrative example"),
        default=False,
        help_text=_("Not a real instrument, or with invented dates: shown as an example."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="instrument_planned_order",
            ),
            models.CheckConstraint(
                condition=models.Q(actual_end__isnull=True)
                | models.Q(actual_start__isnull=True)
                | models.Q(actual_end__gte=models.F("actual_start")),
                name="instrument_actual_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def scheduling_duration(self) -> int | None:
        """Days the critical path method counts: explicit, or from the planned dates."""
        if self.duration_days is not None:
            return self.duration_days
        if self.planned_start and self.planned_end:
            return (self.planned_end - self.planned_start).days + 1
        return None

    @property
    def start(self) -> date | None:
        return self.actual_start or self.planned_start


class Milestone(Bilingual):
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    due_date = models.DateField(_("due date"))
    done_date = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative example"), default=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["instrument", "due_date", "id"]

    def __str__(self) -> str:
        return f"{self.instrument.code}: {self.name} ({self.due_date.isoformat()})"


class ProjectNetwork(Bilingual):
    """Projects linked by dependencies, scheduled together (sieć projektów)."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    projects = models.ManyToManyField(
        Instrument,
        verbose_name=_("projects"),
        blank=True,
        related_name="networks",
        limit_choices_to={"kind": InstrumentKind.PROJECT},
    )
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(_("illustrative example"), default=False)

    class Meta:
        verbose_name = _("project network")
        verbose_name_plural = _("project networks")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LinkKind(models.TextChoices):
    """The same values as :class:`stradom.instruments.network.Link`."""

    FS = "FS", _("finish-to-start")
    SS = "SS", _("start-to-start")


class Dependency(models.Model):
    network = models.ForeignKey(
        ProjectNetwork,
        verbose_name=_("project network"),
        on_delete=models.CASCADE,
        related_name="dependencies",
    )
    predecessor = models.ForeignKey(
        Instrument,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="dependents",
        limit_choices_to={"kind": InstrumentKind.PROJECT},
    )
    successor = models.ForeignKey(
        Instrument,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="prerequisites",
        limit_choices_to={"kind": InstrumentKind.PROJECT},
    )
    kind = models.CharField(_("kind"), max_length=2, choices=LinkKind.choices, default="FS")
    lag_days = models.IntegerField(_("lag (days)"), default=0, help_text=_("Negative for a lead."))

    class Meta:
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        ordering = ["network", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "predecessor", "successor"], name="dependency_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="dependency_not_on_itself",
            ),
        ]

    def __str__(self) -> str:
        lag = f" {self.lag_days:+d}" if self.lag_days else ""
        return f"{self.predecessor.code} → {self.successor.code} ({self.kind}{lag})"


class Frequency(models.TextChoices):
    """Period kinds of :mod:`stradom.core.periods`."""

    MONTHLY = "M", _("monthly")
    QUARTERLY = "Q", _("quarterly")
    HALF_YEARLY = "H", _("half-yearly")
    YEARLY = "Y", _("yearly")


class ReportingCycle(Bilingual):
    """Owners report progress once a period; the update is due ``grace_days`` after it ends."""

    frequency = models.CharField(
        _("frequency"), max_length=1, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    starts_on = models.DateField(
        _("first day"), help_text=_("Periods that end before this day are not asked for.")
    )
    grace_days = models.PositiveSmallIntegerField(
        _("days allowed after the period ends"), default=14
    )
    instruments = models.ManyToManyField(
        Instrument, verbose_name=_("instruments"), blank=True, related_name="reporting_cycles"
    )
    active = models.BooleanField(_("active"), default=True)
    illustrative = models.BooleanField(_("illustrative example"), default=False)

    class Meta:
        verbose_name = _("reporting cycle")
        verbose_name_plural = _("reporting cycles")
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.name


class ProgressUpdate(models.Model):
    """One owner's report for one period. Never overwritten: the latest one counts."""

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    cycle = models.ForeignKey(
        ReportingCycle,
        verbose_name=_("reporting cycle"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="updates",
    )
    period = models.CharField(_("period"), max_length=10, help_text=_("E.g. 2026-Q3."))
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("narrative"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_updates",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    illustrative = models.BooleanField(_("illustrative example"), default=False)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["instrument", "period", "created_at", "id"]
        indexes = [models.Index(fields=["instrument", "period"], name="update_instrument_period")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent_complete__lte=100), name="update_percent_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.period}: {self.percent_complete}%"


class InstrumentChange(ChangeRecord):
    """One change to an instrument's record that a service keeps history of (an
    instrument's fields and links, a milestone's date reached and note), see
    :class:`stradom.core.models.ChangeRecord`."""

    class Meta(ChangeRecord.Meta):
        verbose_name = _("change of an instrument record")
        verbose_name_plural = _("changes of instrument records")
