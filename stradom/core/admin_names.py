"""The admin's model names in the form its sentences need.

Django builds its admin sentences from a model's ``verbose_name``: "Select %s to
change", "Add %s", "Change %s", the + and pencil buttons beside a choice. English does
not mind; Polish puts the object of "Wybierz", "Dodaj", "Zmień" in the accusative
("Wybierz dziedzinę zarządzania", not "Wybierz dziedzina zarządzania"). ``verbose_name``
stays the nominative (lists, headings, breadcrumbs) and this table gives the accusative
of every model the admin shows, registered or inline, as its own translatable text (the
context ``accusative``; in English the same words). ``stradom.core.admin_site`` uses it;
a test checks that every registered model has an entry.

Counts are written ``Dziedziny zarządzania: 13`` (``COUNT``), which reads right for any
noun and number, so no model needs its three Polish plural forms.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop, pgettext_lazy

from stradom.core.formatting import number

# "app_label.model_name" → the name as the object of a verb.
ACCUSATIVE = {
    "api.apitoken": pgettext_lazy("accusative", "API token"),
    "approval.approval": pgettext_lazy("accusative", "approval"),
    "approval.periodlock": pgettext_lazy("accusative", "locked period"),
    "assessment.assessmentrun": pgettext_lazy("accusative", "assessment run"),
    "auth.group": pgettext_lazy("accusative", "group"),
    "auth.user": pgettext_lazy("accusative", "user"),
    "axes.accessattempt": pgettext_lazy("accusative", "access attempt"),
    "axes.accessfailurelog": pgettext_lazy("accusative", "access failure"),
    "axes.accesslog": pgettext_lazy("accusative", "access log"),
    "catalog.dimension": pgettext_lazy("accusative", "disaggregation dimension"),
    "catalog.dimensionvalue": pgettext_lazy("accusative", "dimension value"),
    "catalog.domain": pgettext_lazy("accusative", "management domain"),
    "catalog.indicator": pgettext_lazy("accusative", "indicator"),
    "catalog.indicatorchange": pgettext_lazy("accusative", "change of an indicator's metadata"),
    "catalog.observation": pgettext_lazy("accusative", "observation"),
    "catalog.observationchange": pgettext_lazy("accusative", "observation change"),
    "catalog.publicservice": pgettext_lazy("accusative", "public service"),
    "django_tasks_database.dbtaskresult": pgettext_lazy("accusative", "task result"),
    "finance.budgettask": pgettext_lazy("accusative", "budget task"),
    "finance.moneychange": pgettext_lazy("accusative", "change of money"),
    "finance.undertaking": pgettext_lazy("accusative", "undertaking"),
    "finance.unit": pgettext_lazy("accusative", "organisational unit"),
    "finance.wpfrow": pgettext_lazy("accusative", "WPF row"),
    "finance.wpfversion": pgettext_lazy("accusative", "WPF version"),
    "instruments.dependency": pgettext_lazy("accusative", "dependency"),
    "instruments.instrument": pgettext_lazy("accusative", "instrument"),
    "instruments.instrumentchange": pgettext_lazy("accusative", "change of an instrument record"),
    "instruments.milestone": pgettext_lazy("accusative", "milestone"),
    "instruments.progressupdate": pgettext_lazy("accusative", "progress update"),
    "instruments.projectnetwork": pgettext_lazy("accusative", "project network"),
    "instruments.reportingcycle": pgettext_lazy("accusative", "reporting cycle"),
    "jobs.dailyrun": pgettext_lazy("accusative", "daily run"),
    "jobs.job": pgettext_lazy("accusative", "background job"),
    "registers.civicbudgetproject": pgettext_lazy("accusative", "civic-budget project"),
    "registers.registerchange": pgettext_lazy("accusative", "change of a register entry"),
    "registers.resolution": pgettext_lazy("accusative", "council resolution"),
    "reminders.reminderpreference": pgettext_lazy("accusative", "reminder preference"),
    "reminders.sentreminder": pgettext_lazy("accusative", "reminder sent"),
    "strategy.goal": pgettext_lazy("accusative", "goal"),
    "strategy.goalindicator": pgettext_lazy("accusative", "indicator of a goal"),
    "strategy.strategy": pgettext_lazy("accusative", "strategy"),
    "strategy.strategychange": pgettext_lazy("accusative", "change of the strategy"),
    "strategy.strategylevel": pgettext_lazy("accusative", "level of the goal tree"),
    "surveys.question": pgettext_lazy("accusative", "question"),
    "surveys.respondent": pgettext_lazy("accusative", "respondent"),
    "surveys.subjectiveindicator": pgettext_lazy("accusative", "subjective indicator definition"),
    "surveys.survey": pgettext_lazy("accusative", "survey"),
    "surveys.wave": pgettext_lazy("accusative", "wave"),
    "territory.bdlunit": pgettext_lazy("accusative", "BDL unit"),
    "territory.territory": pgettext_lazy("accusative", "territorial unit"),
}
COUNT = gettext_noop("%(name)s: %(count)s")


def accusative(opts) -> str:
    """The model of ``opts`` (its ``_meta``) as the object of a verb, in the active
    language; its ``verbose_name`` when the table does not know it."""
    name = ACCUSATIVE.get(opts.label_lower)
    return str(name if name is not None else opts.verbose_name)


def count_text(opts, count: int) -> str:
    """``Dziedziny zarządzania: 13`` / ``Management domains: 13``."""
    from django.utils.text import capfirst

    return gettext(COUNT) % {"name": capfirst(opts.verbose_name_plural), "count": number(count, 0)}
