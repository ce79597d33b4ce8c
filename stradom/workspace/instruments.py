"""The instrument page of the workspace: a programme's or project's goals, indicators,
milestones and their history, schedule, progress updates and money, the form for a
progress update and a small form per milestone for the day it was reached.

Reads come from ``stradom.instruments.queries`` and ``stradom.finance.queries``; the
writes are ``stradom.instruments.services.record_progress`` and ``record_milestone``.
Who may write is ``can(user, Action.MANAGE_INSTRUMENT, instrument)``
(``stradom.accounts.permissions``): an administrator, the instrument's manager or a
coordinator of its domain. Everyone with a role of the office may read the page; a
user who may not manage the instrument gets no form and a 403 on a POST, and nothing
is written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stradom.accounts.permissions import Action, can, visible_indicators
from stradom.core.history import shown_history
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.core.periods import parse_period
from stradom.finance import queries as money
from stradom.finance.models import BudgetTask
from stradom.instruments import queries
from stradom.instruments.models import Instrument, InstrumentChange, Milestone, ReportingCycle
from stradom.instruments.services import record_milestone, record_progress
from stradom.workspace.views import workspace_view


class ProgressForm(forms.Form):
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=10,
        help_text=gettext_lazy(
            "The month (2026-03), quarter (2026-Q1), half-year (2026-H1) or year (2026) "
            "the update reports on."
        ),
    )
    percent_complete = forms.IntegerField(
        label=gettext_lazy("Percent complete"),
        min_value=0,
        max_value=100,
        help_text=gettext_lazy("A whole number from 0 to 100."),
        error_messages={
            "invalid": gettext_lazy("Write a whole number from 0 to 100, e.g. 40."),
            "min_value": gettext_lazy("The percent complete cannot be below 0."),
            "max_value": gettext_lazy("The percent complete cannot be above 100."),
        },
    )
    cycle = forms.ModelChoiceField(
        label=gettext_lazy("Reporting cycle"),
        queryset=ReportingCycle.objects.none(),
        required=False,
        empty_label=gettext_lazy("(none)"),
    )
    narrative = forms.CharField(
        label=gettext_lazy("What was done in this period"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required: it is kept in the history with your name and the time."),
        error_messages={"required": gettext_lazy("Say what was done in this period.")},
    )
    risks = forms.CharField(
        label=gettext_lazy("Risks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label=gettext_lazy("Next steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, cycles=(), **kwargs):
        super().__init__(*args, **kwargs)
        cycles = list(cycles)
        self.fields["cycle"].queryset = ReportingCycle.objects.filter(pk__in=[c.pk for c in cycles])
        self.fields["cycle"].choices = [("", _("(none)"))] + [(c.pk, c.name) for c in cycles]
        if not cycles:
            del self.fields["cycle"]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"

    def clean_narrative(self):
        text = (self.cleaned_data.get("narrative") or "").strip()
        if not text:
            raise forms.ValidationError(_("Say what was done in this period."))
        return text


class MilestoneForm(forms.Form):
    """The day a milestone was reached, for ``services.record_milestone``; one per
    milestone on the page, told apart by the prefix ``m<pk>``."""

    actual_date = forms.DateField(
        label=gettext_lazy("Date reached"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("Empty: not reached yet (clears a date recorded by mistake)."),
        error_messages={"invalid": gettext_lazy("Write a date, e.g. 2026-05-04.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Required when you change or clear what is already recorded."),
    )

    def __init__(self, *args, milestone: Milestone, **kwargs):
        kwargs.setdefault("initial", {"actual_date": milestone.done_date, "note": milestone.note})
        super().__init__(*args, prefix=f"m{milestone.pk}", **kwargs)
        self.milestone = milestone
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"


@dataclass(frozen=True)
class MilestoneRow:
    milestone: Milestone
    state: str  # done_on_time, done_late, late, upcoming
    days: int  # days late (done late, or not done past the due date)
    form: MilestoneForm | None = None  # for users who may manage the instrument


def milestone_rows(milestones, today: date) -> list[MilestoneRow]:
    rows = []
    for m in milestones:
        if m.done_date is not None:
            late = (m.done_date - m.due_date).days
            rows.append(MilestoneRow(m, "done_late" if late > 0 else "done_on_time", max(late, 0)))
        elif m.due_date < today:
            rows.append(MilestoneRow(m, "late", (today - m.due_date).days))
        else:
            rows.append(MilestoneRow(m, "upcoming", 0))
    return rows


def _schedules(instrument: Instrument) -> list[dict]:
    out = []
    for network in instrument.networks.order_by("code"):
        try:
            schedule = queries.schedule_network(network)
        except StradomError as exc:
            out.append({"network": network, "problem": localize(exc)})
            continue
        mine = next((p for p in schedule.projects if p.instrument.pk == instrument.pk), None)
        out.append(
            {
                "network": network,
                "schedule": schedule,
                "mine": mine,
                "paths": [" → ".join(p.code for p in path) for path in schedule.critical_paths],
            }
        )
    return out


def _cycles_status(instrument: Instrument, cycles, history, today: date) -> list[dict]:
    """For each active cycle: the period asked for now, and whether its update is in."""
    overdue = {
        (item.cycle.pk, item.period.code): item
        for unit in queries.overdue_updates(today)
        for item in unit.items
        if item.instrument.pk == instrument.pk
    }
    recorded = {u.period for u in history}
    rows = []
    for cycle in cycles:
        period = queries.closed_period(cycle, today) if cycle.starts_on <= today else None
        if period is None:
            rows.append({"cycle": cycle, "state": "none_yet"})
            continue
        item = overdue.get((cycle.pk, period.code))
        if item is not None:
            state = "overdue"
        elif period.code in recorded:
            state = "recorded"
        else:
            state = "not_owed"
        rows.append({"cycle": cycle, "period": period, "state": state, "item": item})
    return rows


def _finance(instrument: Instrument, asked: str | None) -> dict:
    """Plan, execution and what remains for one year (asked, this year, or the latest)."""
    tasks = BudgetTask.objects.filter(instrument=instrument)
    years = sorted(set(tasks.values_list("year", flat=True)))
    if not years:
        return {"years": []}
    this_year = timezone.localdate().year
    year = int(asked) if asked and asked.isdigit() and int(asked) in years else None
    if year is None:
        year = this_year if this_year in years else years[-1]
    row = next(
        (r for r in money.group_rollup("instrument", [year]) if r.key == instrument.code), None
    )
    return {
        "years": years,
        "year": year,
        "row": row,
        "tasks": list(tasks.filter(year=year).order_by("code")),
    }


def _newest_first(history) -> list:
    """Latest period first (by its dates: 2025-12 and 2025-Q4 end together), then the
    latest recorded."""

    def key(update):
        period = parse_period(update.period)
        return (period.end, period.start, update.created_at, update.id)

    return sorted(history, key=key, reverse=True)


def _with_forms(rows: list[MilestoneRow], bound: MilestoneForm | None) -> list[MilestoneRow]:
    """Each row with its form: the one sent back with its errors, a fresh one otherwise."""
    out = []
    for row in rows:
        mine = bound is not None and bound.milestone.pk == row.milestone.pk
        out.append(replace(row, form=bound if mine else MilestoneForm(milestone=row.milestone)))
    return out


def _context(
    request,
    instrument: Instrument,
    form: ProgressForm | None,
    milestone_form: MilestoneForm | None = None,
) -> dict:
    today = timezone.localdate()
    user = request.user
    history = queries.progress_history(instrument)
    cycles = [c for c in instrument.reporting_cycles.all() if c.active]
    reporting = _cycles_status(instrument, cycles, history, today)
    may_manage = can(user, Action.MANAGE_INSTRUMENT, instrument)
    if may_manage and form is None:
        # Offered: the first period owed, under its cycle.
        owed = next((r for r in reporting if r["state"] == "overdue"), None)
        initial = {"cycle": owed["cycle"].pk if owed else (cycles[0].pk if cycles else None)}
        if owed:
            initial["period"] = owed["period"].code
        form = ProgressForm(cycles=cycles, initial=initial)
    visible = set(
        visible_indicators(user)
        .filter(pk__in=[i.pk for i in (*instrument.output_indicators.all(),
                                        *instrument.result_indicators.all())])
        .values_list("pk", flat=True)
    )  # fmt: skip
    finance = _finance(instrument, request.GET.get("year"))
    milestones = milestone_rows(instrument.milestones.all(), today)
    milestone_changes = queries.milestone_history(instrument, instrument.milestones.all())
    if may_manage:
        milestones = _with_forms(milestones, milestone_form)
    illustrative = (
        instrument.illustrative
        or any(u.illustrative for u in history)
        or any(m.illustrative for m in instrument.milestones.all())
        or any(t.illustrative for t in finance.get("tasks", ()))
    )
    return {
        "section": "workspace",
        "instrument": instrument,
        "goals": list(instrument.goals.all()),
        "outputs": list(instrument.output_indicators.all()),
        "results": list(instrument.result_indicators.all()),
        "visible": visible,
        "members": list(instrument.members.all()),
        "milestones": milestones,
        "milestone_changes": milestone_changes,
        "instrument_changes": shown_history(InstrumentChange, instrument),
        "schedules": _schedules(instrument),
        "history": _newest_first(history),
        "latest": queries.latest_updates([instrument]).get(instrument.pk),
        "cycles": reporting,
        "finance": finance,
        "may_manage": may_manage,
        "form": form,
        "illustrative": illustrative,
        "illustrative_label": queries.ILLUSTRATIVE,
        "today": today,
    }


def _instrument(key: str) -> Instrument:
    rows = Instrument.objects.select_related("parent", "manager", "domain").prefetch_related(
        "goals__strategy",
        Prefetch("output_indicators", queryset=_indicators()),
        Prefetch("result_indicators", queryset=_indicators()),
        "milestones",
        "members",
        Prefetch("reporting_cycles", queryset=ReportingCycle.objects.order_by("starts_on", "id")),
    )
    found = rows.filter(code=key).first()
    if found is None and key.isdigit():
        found = rows.filter(pk=int(key)).first()
    if found is None:
        raise Http404
    return found


def _indicators():
    from stradom.catalog.models import Indicator

    return Indicator.objects.order_by("code")


@workspace_view
@require_http_methods(["GET", "POST"])
def instrument(request, key: str):
    inst = _instrument(key)
    if request.method == "GET":
        return render(request, "workspace/instrument.html", _context(request, inst, None))
    if not can(request.user, Action.MANAGE_INSTRUMENT, inst):
        raise PermissionDenied
    if "milestone" in request.POST:
        return _record_milestone(request, inst)
    cycles = [c for c in inst.reporting_cycles.all() if c.active]
    form = ProgressForm(request.POST, cycles=cycles)
    if form.is_valid():
        data = form.cleaned_data
        try:
            update = record_progress(
                inst,
                actor=request.user,
                period=data["period"].strip(),
                percent_complete=data["percent_complete"],
                narrative=data["narrative"],
                risks=data["risks"].strip(),
                next_steps=data["next_steps"].strip(),
                cycle=data.get("cycle"),
            )
        except StradomError as exc:
            form.add_error("period", localize(exc))
        else:
            messages.success(
                request,
                _("The progress update for %(period)s was recorded.") % {"period": update.period},
            )
            return redirect(reverse("workspace:instrument", args=[inst.code]) + "#history")
    return render(request, "workspace/instrument.html", _context(request, inst, form), status=422)


def _record_milestone(request, inst: Instrument):
    """The POST of one milestone's form (the caller has checked the user may manage)."""
    key = request.POST["milestone"]
    milestone = next((m for m in inst.milestones.all() if str(m.pk) == key), None)
    if milestone is None:
        raise Http404
    form = MilestoneForm(request.POST, milestone=milestone)
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = record_milestone(
                milestone,
                actor=request.user,
                actual_date=data["actual_date"],
                note=data["note"],
                reason=data["reason"],
                channel="workspace",
            )
        except StradomError as exc:
            form.add_error(None, localize(exc))
        else:
            if (saved.done_date, saved.note) == (milestone.done_date, milestone.note):
                text = _("Nothing changed for the milestone %(milestone)s.")
            else:
                text = _("The milestone %(milestone)s was saved.")
            messages.success(request, text % {"milestone": milestone.name})
            url = reverse("workspace:instrument", args=[inst.code])
            return redirect(f"{url}#milestone-{milestone.pk}")
    return render(
        request,
        "workspace/instrument.html",
        _context(request, inst, None, milestone_form=form),
        status=422,
    )
