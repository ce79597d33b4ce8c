"""Admin pages of the registers. Every change goes through :mod:`stradom.registers.services`:
the form asks for a reason, checks the change with the service (errors show on the form,
at the field they concern) and saves through it; deleting asks why on the confirmation page
and keeps the entry's last values with that reason in the history."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stradom.core import formatting
from stradom.core.admin import ChangeRecordAdmin, ReasonedDelete, history_table
from stradom.core.i18n import localize
from stradom.finance.formatting import ILLUSTRATIVE
from stradom.registers.models import CivicBudgetProject, RegisterChange, Resolution
from stradom.registers.services import (
    PROJECT_FIELDS,
    RESOLUTION_FIELDS,
    RegisterError,
    check_project,
    check_resolution,
    delete_project,
    delete_resolution,
    save_project,
    save_resolution,
)


class _RegisterForm(forms.ModelForm):
    """Asks why: for a new entry, and for a stored one exactly when a field changes (a
    save that changes nothing needs no reason and records nothing)."""

    reason = forms.CharField(
        label=_("reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you change what is recorded; it is kept in the history."),
    )
    request = None  # set by the admin
    register_fields: tuple[str, ...] = ()

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.register_fields}

    def actor(self):
        return self.request.user if self.request else None

    def check(self, values):
        raise NotImplementedError

    def changes_something(self) -> bool:
        return any(name != "reason" for name in self.changed_data)

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason and (self.instance.pk is None or self.changes_something()):
            raise ValidationError(_("Say why this changes (a reason)."))
        return reason

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.check(self.values())
        except RegisterError as error:
            field = error.field if error.field in self.fields else None
            raise ValidationError({field: localize(error)} if field else localize(error)) from None
        return data

    def validate_unique(self):
        # The service checks uniqueness and the constraints, in its own words.
        pass


class ResolutionForm(_RegisterForm):
    register_fields = RESOLUTION_FIELDS

    class Meta:
        model = Resolution
        fields = list(RESOLUTION_FIELDS)

    def check(self, values):
        check_resolution(
            values, instance=self.instance if self.instance.pk else None, actor=self.actor()
        )


class ProjectForm(_RegisterForm):
    register_fields = PROJECT_FIELDS

    class Meta:
        model = CivicBudgetProject
        fields = list(PROJECT_FIELDS)
        localized_fields = ("cost",)  # a decimal comma in Polish: 125000,50

    def check(self, values):
        check_project(
            values, instance=self.instance if self.instance.pk else None, actor=self.actor()
        )


class _RegisterAdmin(ReasonedDelete, admin.ModelAdmin):
    write_entry = staticmethod(save_resolution)
    delete_entry = staticmethod(delete_resolution)
    readonly_fields = ("history",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form

    def save_model(self, request, obj, form, change):
        if change and not form.changes_something():
            return
        saved = type(self).write_entry(
            form.values(),
            # The stored entry, not the form's instance (the form has already put the new
            # values on it, so the history would see no change and nothing would be saved).
            instance=type(obj).objects.get(pk=obj.pk) if change else None,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            channel="admin",
        )
        obj.pk = saved.entry.pk
        form.instance = saved.entry

    def delete_record(self, request, obj, reason: str) -> None:
        type(self).delete_entry(obj, actor=request.user, reason=reason, channel="admin")

    @admin.display(description=_("illustrative example"), boolean=False)
    def illustrative_label(self, obj):
        return ILLUSTRATIVE if obj.illustrative else ""

    @admin.display(description=_("history"))
    def history(self, obj):
        return history_table(RegisterChange, obj)


@admin.register(Resolution)
class ResolutionAdmin(_RegisterAdmin):
    form = ResolutionForm
    list_display = (
        "number",
        "adopted_on",
        "title",
        "unit",
        "domain",
        "status",
        "illustrative_label",
    )
    list_filter = ("status", "domain", "term", "illustrative")
    search_fields = ("number", "title", "note")
    list_select_related = ("unit", "domain")
    date_hierarchy = "adopted_on"
    fields = (*RESOLUTION_FIELDS, "reason", "history")


@admin.register(CivicBudgetProject)
class CivicBudgetProjectAdmin(_RegisterAdmin):
    form = ProjectForm
    write_entry = staticmethod(save_project)
    delete_entry = staticmethod(delete_project)
    list_display = (
        "edition", "code", "title", "district", "cost_text", "votes", "status",
        "illustrative_label",
    )  # fmt: skip
    list_filter = ("edition", "status", "district", "domain", "illustrative")
    search_fields = ("code", "title", "note")
    list_select_related = ("district", "domain")
    fields = (*PROJECT_FIELDS, "reason", "history")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "district":
            from stradom.territory.models import Territory, TerritoryKind

            kwargs["queryset"] = Territory.objects.filter(kind=TerritoryKind.SUBMUNICIPAL)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("cost (zł)"), ordering="cost")
    def cost_text(self, obj):
        return formatting.money(obj.cost, unit=False)


@admin.register(RegisterChange)
class RegisterChangeAdmin(ChangeRecordAdmin):
    pass
