"""The two registers the report on the state of the municipality needs.

* :class:`Resolution` — the council's resolutions (uchwały rady) and how far each
  has been executed; art. 28aa of the act on municipal self-government asks the
  report to cover "the implementation of the council's resolutions".
* :class:`CivicBudgetProject` — projects of the civic budget (budżet obywatelski),
  by edition and district, with cost, votes and status.

Dependencies point one way: ``catalog`` (domains), ``territory`` (districts) and
``finance`` (organisational units) ← ``registers``. Writes go through
:mod:`stradom.registers.services` (permission, validation, history in
:class:`RegisterChange`); reads through :mod:`stradom.registers.queries`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stradom.core.models import ChangeRecord


class ResolutionStatus(models.TextChoices):
    """How far a resolution has been executed (stan realizacji uchwały).

    The set follows what Polish reports on the state of a municipality list:
    a resolution is *to be executed* until work starts, then *being executed*,
    and ends *executed*, *partly executed* or *not executed*; a resolution with
    no end (a statute, local regulations, a standing programme) is *executed on
    an ongoing basis*; one the council repealed is *repealed*, one the voivode
    annulled in supervision (rozstrzygnięcie nadzorcze) is *annulled*.
    """

    TO_EXECUTE = "to_execute", _("to be executed")
    IN_PROGRESS = "in_progress", _("being executed")
    EXECUTED = "executed", _("executed")
    PARTLY_EXECUTED = "partly_executed", _("partly executed")
    NOT_EXECUTED = "not_executed", _("not executed")
    ONGOING = "ongoing", _("executed on an ongoing basis")
    REPEALED = "repealed", _("repealed")
    ANNULLED = "annulled", _("annulled by the voivode")


class ProjectStatus(models.TextChoices):
    """Where a civic-budget project stands, from submission to completion."""

    SUBMITTED = "submitted", _("submitted")
    REJECTED = "rejected", _("rejected in verification")
    VOTING = "voting", _("put to the vote")
    NOT_SELECTED = "not_selected", _("not selected in the vote")
    SELECTED = "selected", _("selected")
    IN_PROGRESS = "in_progress", _("being carried out")
    COMPLETED = "completed", pgettext_lazy("civic-budget project", "completed")
    CANCELLED = "cancelled", _("cancelled")


# Statuses of a project that has been through the vote (it must have its votes).
VOTED = (
    ProjectStatus.NOT_SELECTED,
    ProjectStatus.SELECTED,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.COMPLETED,
)
# Statuses of a project that never reached the vote (it has no votes).
NOT_VOTED = (ProjectStatus.SUBMITTED, ProjectStatus.REJECTED)


class Resolution(models.Model):
    """A resolution of the council (uchwała rady), e.g. ``XCIV/2449/18``.

    ``number`` is unique within a council ``term`` (kadencja): session number
    (Roman), resolution number and year, as the council numbers them.
    """

    term = models.CharField(
        _("council term"), max_length=20, help_text=_("E.g. 2014–2018 or VIII.")
    )
    number = models.CharField(_("number"), max_length=40, help_text=_("E.g. XCIV/2449/18."))
    adopted_on = models.DateField(_("date adopted"))
    title = models.TextField(_("title"), help_text=_("E.g. w sprawie przyjęcia Strategii…"))
    unit = models.ForeignKey(
        "finance.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    domain = models.ForeignKey(
        "catalog.Domain",
        verbose_name=_("management domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    status = models.CharField(
        _("execution status"),
        max_length=20,
        choices=ResolutionStatus.choices,
        default=ResolutionStatus.TO_EXECUTE,
    )
    note = models.TextField(_("note"), blank=True, help_text=_("How it was executed, or why not."))
    illustrative = models.BooleanField(
        _("illustrative example"),
        default=False,
        help_text=_("Not a real resolution of the council: shown as an example."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("council resolution")
        verbose_name_plural = _("council resolutions")
        ordering = ["-adopted_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="resolution_term_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:80]}"


class CivicBudgetProject(models.Model):
    """A project of one edition of the civic budget (budżet obywatelski).

    ``district`` is a sub-municipal unit (dzielnica); empty for a city-wide
    project. ``code`` is the project's number in its edition.
    """

    edition = models.PositiveSmallIntegerField(_("edition"), help_text=_("The budget year."))
    code = models.CharField(_("project number"), max_length=40)
    title = models.CharField(_("title"), max_length=500)
    district = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="civic_budget_projects",
        help_text=_("Empty for a city-wide project."),
    )
    domain = models.ForeignKey(
        "catalog.Domain",
        verbose_name=_("management domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="civic_budget_projects",
    )
    cost = models.DecimalField(_("cost (zł)"), max_digits=14, decimal_places=2)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.SUBMITTED,
    )
    note = models.TextField(_("note"), blank=True)
    illustrative = models.BooleanField(
        _("illustrative example"),
        default=False,
        help_text=_("Not a real project: shown as an example."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("civic-budget project")
        verbose_name_plural = _("civic-budget projects")
        ordering = ["-edition", "code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="civic_project_edition_code"),
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="civic_project_cost"),
        ]

    def __str__(self) -> str:
        return f"{self.edition} {self.code} {self.title[:80]}"


class RegisterChange(ChangeRecord):
    """One change to a register entry (see :class:`stradom.core.models.ChangeRecord`)."""

    class Meta(ChangeRecord.Meta):
        verbose_name = _("change of a register entry")
        verbose_name_plural = _("changes of register entries")
