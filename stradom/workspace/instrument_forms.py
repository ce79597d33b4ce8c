"""Short forms of the workspace for instruments and their milestones: create an
instrument, edit its main fields, add a milestone and change one (its name, due date).

Every write goes through ``stradom.instruments.services`` (``create_instrument``,
``update_instrument``, ``save_milestone``), which ask
``can(user, Action.MANAGE_INSTRUMENT, …)`` and keep each changed field in the history
with the reason the form requires, who and when (channel ``form``). Who may open a form:
an instrument's manager, a coordinator of its domain, an administrator; a new
instrument, an administrator or a coordinator (in one of their domains). Anyone else
gets 403 and nothing is written. A refusal of the service (a code taken, an end before
the start…) is shown in words at the top of the form, and nothing is written.
The day a milestone was reached and the progress updates stay on the instrument page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stradom.accounts.permissions import Action, can, roles
from stradom.catalog.models import Domain
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.instruments.models import Instrument, InstrumentKind, InstrumentStatus, Milestone
from stradom.instruments.services import (
    Refused,
    create_instrument,
    save_milestone,
    update_instrument,
)
from stradom.workspace.views import workspace_view

CHANNEL = "form"


def _date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Write a date, e.g. 2026-05-04.")},
    )


def _reason_field():
    return forms.CharField(
        label=gettext_lazy("Reason for the change"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required: it is kept in the history with your name and the time."),
        error_messages={"required": gettext_lazy("Say why (a reason); it is kept in the history.")},
    )


class _Described(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(_("Say why (a reason); it is kept in the history."))
        return reason

    def changes(self) -> dict:
        """The fields the user changed (the reason aside), with their new values."""
        return {n: self.cleaned_data[n] for n in self.changed_data if n != "reason"}


class InstrumentForm(_Described):
    """The main fields of an instrument; a new one also gets its code, kind and domain."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=64,
        help_text=gettext_lazy("Short and unique, e.g. P-AIR."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=InstrumentKind.choices)
    domain = forms.ModelChoiceField(
        label=gettext_lazy("Domain"), queryset=Domain.objects.order_by("order", "code")
    )
    name_pl = forms.CharField(label=gettext_lazy("Name (Polish)"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=300, required=False)
    owning_unit = forms.CharField(
        label=gettext_lazy("Owning unit"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("The department or municipal unit responsible."),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=InstrumentStatus.choices,
        initial=InstrumentStatus.PLANNED,
    )
    planned_start = _date_field(gettext_lazy("Planned start"))
    planned_end = _date_field(gettext_lazy("Planned end"))
    actual_start = _date_field(gettext_lazy("Actual start"))
    actual_end = _date_field(gettext_lazy("Actual end"))
    reason = _reason_field()

    def __init__(self, *args, instance: Instrument | None = None, domains=(), **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    name: getattr(instance, name)
                    for name in (
                        "name_pl",
                        "name_en",
                        "owning_unit",
                        "status",
                        "planned_start",
                        "planned_end",
                        "actual_start",
                        "actual_end",
                    )
                },
            )
        super().__init__(*args, **kwargs)
        if instance is not None:
            # The code, the kind and the domain stay as the administrator set them.
            for name in ("code", "kind", "domain"):
                del self.fields[name]
            return
        for name in ("actual_start", "actual_end"):
            del self.fields[name]
        # Offered: the domains the user may create in. Any other sent back is refused by
        # the service (403), not quietly replaced.
        field = self.fields["domain"]
        field.choices = [(d.pk, d.name) for d in domains]
        if len(domains) == 1:
            field.initial = domains[0].pk

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip()

    def clean_name_pl(self):
        return (self.cleaned_data.get("name_pl") or "").strip()

    def clean_name_en(self):
        return (self.cleaned_data.get("name_en") or "").strip()

    def clean_owning_unit(self):
        return (self.cleaned_data.get("owning_unit") or "").strip()


class MilestoneEditForm(_Described):
    """What a milestone is and when it is due (``services.save_milestone``)."""

    name_pl = forms.CharField(label=gettext_lazy("Name (Polish)"), max_length=300)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=300, required=False)
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Write a date, e.g. 2026-05-04."),
            "required": gettext_lazy("Give the date the milestone is due."),
        },
    )
    reason = _reason_field()

    def __init__(self, *args, instance: Milestone | None = None, **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name_pl": instance.name_pl,
                    "name_en": instance.name_en,
                    "due_date": instance.due_date,
                },
            )
        super().__init__(*args, **kwargs)

    def clean_name_pl(self):
        return (self.cleaned_data.get("name_pl") or "").strip()

    def clean_name_en(self):
        return (self.cleaned_data.get("name_en") or "").strip()


# The field a refusal of the services is about, by its message (the others are shown
# above the form): the error list then links to the field, and the field says it too.
FIELD_OF = {
    "The code %(code)s is already taken.": "code",
    "An instrument needs a code.": "code",
    "Instrument %(code)s needs a Polish name.": "name_pl",
    "Instrument %(code)s: the planned end %(end)s is before its start.": "planned_end",
    "Instrument %(code)s: the actual end %(end)s is before its start.": "actual_end",
    "A milestone needs a Polish name.": "name_pl",
}


def _refused(form, exc: StradomError) -> None:
    field = FIELD_OF.get(exc.message.template)
    form.add_error(field if field in form.fields else None, localize(exc))


# -- views ---------------------------------------------------------------------------------
def _instrument(key: str) -> Instrument:
    found = Instrument.objects.select_related("domain", "manager").filter(code=key).first()
    if found is None:
        raise Http404
    return found


def _page(request, inst: Instrument | None, form, *, title: str, milestone=None, status=200):
    return render(
        request,
        "workspace/instrument_form.html",
        {
            "section": "workspace",
            "instrument": inst,
            "milestone": milestone,
            "form": form,
            "title": title,
        },
        status=status,
    )


def _creatable_domains(user) -> list[Domain]:
    domains = Domain.objects.order_by("order", "code")
    if can(user, Action.MANAGE_INSTRUMENT):  # an administrator: any domain
        return list(domains)
    return list(domains.filter(pk__in=roles(user, cached=False).domain_ids))


@workspace_view
@require_http_methods(["GET", "POST"])
def instrument_new(request):
    user = request.user
    domains = _creatable_domains(user)
    if not domains:
        raise PermissionDenied
    title = _("New instrument")
    if request.method != "POST":
        initial = {}
        asked = next((d for d in domains if d.code == request.GET.get("domain")), None)
        if asked is not None:
            initial["domain"] = asked.pk
        return _page(request, None, InstrumentForm(domains=domains, initial=initial), title=title)
    form = InstrumentForm(request.POST, domains=domains)
    if form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            inst = create_instrument(actor=user, reason=reason, channel=CHANNEL, **data)
        except Refused:
            raise PermissionDenied from None
        except StradomError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request, _("The instrument %(code)s was created.") % {"code": inst.code}
            )
            return redirect(reverse("workspace:instrument", args=[inst.code]))
    return _page(request, None, form, title=title, status=422)


def _managed(request, key: str) -> Instrument:
    inst = _instrument(key)
    if not can(request.user, Action.MANAGE_INSTRUMENT, inst):
        raise PermissionDenied
    return inst


@workspace_view
@require_http_methods(["GET", "POST"])
def instrument_edit(request, key: str):
    inst = _managed(request, key)
    title = _("Edit %(code)s") % {"code": inst.code}
    if request.method != "POST":
        return _page(request, inst, InstrumentForm(instance=inst), title=title)
    form = InstrumentForm(request.POST, instance=inst)
    if form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing was changed, so nothing was saved."))
            return redirect(reverse("workspace:instrument", args=[inst.code]))
        try:
            update_instrument(
                inst,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                channel=CHANNEL,
                **changes,
            )
        except Refused:
            raise PermissionDenied from None
        except StradomError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The changes were saved with their reason."))
            return redirect(
                reverse("workspace:instrument", args=[inst.code]) + "#instrument-history"
            )
    return _page(request, inst, form, title=title, status=422)


@workspace_view
@require_http_methods(["GET", "POST"])
def milestone_new(request, key: str):
    inst = _managed(request, key)
    title = _("New milestone of %(code)s") % {"code": inst.code}
    if request.method != "POST":
        return _page(request, inst, MilestoneEditForm(), title=title)
    form = MilestoneEditForm(request.POST)
    return _save_milestone(request, inst, form, None, title)


@workspace_view
@require_http_methods(["GET", "POST"])
def milestone_edit(request, key: str, pk: int):
    inst = _managed(request, key)
    milestone = Milestone.objects.filter(pk=pk, instrument=inst).first()
    if milestone is None:
        raise Http404
    title = _("Edit the milestone %(name)s") % {"name": milestone.name}
    if request.method != "POST":
        return _page(
            request, inst, MilestoneEditForm(instance=milestone), title=title, milestone=milestone
        )
    form = MilestoneEditForm(request.POST, instance=milestone)
    return _save_milestone(request, inst, form, milestone, title)


def _save_milestone(request, inst, form, milestone, title):
    if form.is_valid():
        changes = (
            form.changes()
            if milestone is not None
            else {n: v for n, v in form.cleaned_data.items() if n != "reason"}
        )
        if not changes:
            messages.info(request, _("Nothing was changed, so nothing was saved."))
            return redirect(reverse("workspace:instrument", args=[inst.code]) + "#milestones")
        try:
            saved = save_milestone(
                changes,
                instance=milestone,
                instrument=inst,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                channel=CHANNEL,
            )
        except Refused:
            raise PermissionDenied from None
        except StradomError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The milestone %(name)s was saved.") % {"name": saved.name})
            return redirect(
                reverse("workspace:instrument", args=[inst.code]) + f"#milestone-{saved.pk}"
            )
    return _page(request, inst, form, title=title, milestone=milestone, status=422)
