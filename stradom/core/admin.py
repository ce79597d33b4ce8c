"""Admin pieces shared by several apps."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect, QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stradom.core.channels import channel_label, reason_shown
from stradom.core.formatting import day, number, when
from stradom.core.messages import StradomError


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the admin shows but never adds, changes or deletes (services write them)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReasonForm(forms.ModelForm):
    """A change form that asks why (kept in the record's history): required exactly when
    a field of an existing record changes; a new one may leave it empty, and a form that
    changes nothing needs none (its admin then saves nothing)."""

    reason = forms.CharField(
        label=_("reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you change what is recorded; it is kept in the history."),
    )

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if self.instance.pk is not None and not reason and self.changes_something():
            raise ValidationError(_("Say why this changes (a reason)."))
        return reason

    def changes_something(self) -> bool:
        """Whether a field the history keeps differs from what is stored."""
        return any(name != "reason" for name in self.changed_data)


def reason_given(form) -> str:
    """The reason a :class:`ReasonForm` was given; a new record's may be empty, and is
    then "added in the admin"."""
    return (form.cleaned_data.get("reason") or "").strip() or gettext("added in the admin")


class SavedThroughService:
    """For a model admin whose records are saved through a service that keeps their
    history: ``save_record(values, instance=…, actor=…, reason=…)`` calls it with the
    form's ``service_fields`` (the stored record, or None for a new one). A change that
    changes nothing saves nothing; a new record's empty reason is "added in the admin"."""

    service_fields: tuple[str, ...] = ()

    def save_record(self, values, *, instance, actor, reason: str):
        raise NotImplementedError  # each admin names its service

    def save_model(self, request, obj, form, change):
        if change and not form.changes_something():
            return
        values = {
            name: form.cleaned_data[name] for name in self.service_fields if name in form.fields
        }
        saved = self.save_record(
            values, instance=obj if change else None, actor=request.user, reason=reason_given(form)
        )
        obj.pk = saved.pk
        obj._state.adding = False
        form.instance = saved


class DeleteReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The record's history keeps its last values and this reason."),
    )


class ReasonedDelete:
    """For a model admin whose records are deleted through a service that keeps their
    history: the confirmation page asks why (required; without it nothing is deleted
    and the page is shown again), and there is no bulk delete, which would not ask.
    ``delete_record(request, obj, reason)`` calls the service; when the service refuses
    (a :class:`StradomError`: the record is still referred to…), nothing is deleted and
    the confirmation page comes back with the service's message."""

    delete_confirmation_template = "admin/delete_with_reason.html"

    def delete_record(self, request, obj, reason: str) -> None:
        raise NotImplementedError

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        posted = request.method == "POST"
        form = DeleteReasonForm(request.POST if posted else None)
        if posted and not form.is_valid():
            # Django's view deletes on any POST: show the confirmation again, with the error.
            request = copy.copy(request)
            request.method = "GET"
            request.POST = QueryDict()
        context = {**(extra_context or {}), "reason_form": form}
        try:
            return super().delete_view(request, object_id, context)
        except StradomError as refused:  # the view's transaction is rolled back by now
            messages.error(request, str(refused))
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request, obj):
        form = DeleteReasonForm(request.POST)
        form.is_valid()  # delete_view let only a valid one through
        self.delete_record(request, obj, form.cleaned_data["reason"])


def value_shown(field, text: str) -> str:
    """A value a history stored as text, as the reader reads it: a choice in words
    (``wybrany``, not ``selected``), yes or no, amounts (``72 090 000,5``) and days in
    the reader's format; anything else as stored."""
    if not text:
        return "–"
    if field is None:
        return text
    if field.choices:
        return str(dict(field.flatchoices).get(text, text))
    if isinstance(field, models.BooleanField):
        if text in ("1", "True", "true"):
            return gettext("yes")
        if text in ("0", "False", "false"):
            return gettext("no")
        return text
    if isinstance(field, models.DecimalField | models.FloatField):  # whole numbers (years,
        try:  # votes) stay as stored: 2025, not 2 025
            value = Decimal(text)
        except InvalidOperation:
            return text
        places = getattr(field, "decimal_places", None)
        return number(value, places if places is not None and places <= 2 else None)  # money: ,00
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return day(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


class ChangeRecordAdmin(ReadOnlyAdmin):
    """A history of :class:`stradom.core.models.ChangeRecord` rows: read, never written
    here (the services write it). What changed, the values, the channel and the system's
    own reasons are shown in the reader's words, not as stored codes."""

    list_display = (
        "at",
        "object_repr",
        "what_changed",
        "old_shown",
        "new_shown",
        "actor",
        "through",
        "why",
    )
    list_filter = ("content_type", "channel")
    search_fields = ("object_repr", "field", "reason")
    list_select_related = ("actor", "content_type")
    fields = list_display
    readonly_fields = list_display

    @admin.display(description=_("what changed"), ordering="field")
    def what_changed(self, obj) -> str:
        return obj.field_label

    @admin.display(description=_("old value"), ordering="old")
    def old_shown(self, obj) -> str:
        return value_shown(obj.recorded_field(), obj.old)

    @admin.display(description=_("new value"), ordering="new")
    def new_shown(self, obj) -> str:
        return value_shown(obj.recorded_field(), obj.new)

    @admin.display(description=_("channel"), ordering="channel")
    def through(self, obj) -> str:
        return channel_label(obj.channel)

    @admin.display(description=_("reason"), ordering="reason")
    def why(self, obj) -> str:
        return reason_shown(obj.reason, obj.channel)


def history_of(history_model, obj):
    """Every recorded change of ``obj`` in ``history_model`` (a ChangeRecord), newest first."""
    return history_model.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("actor", "content_type")


def history_table(history_model, obj, rows=None) -> str:
    """An object's history on its admin page: when (local time), who (or the channel),
    what changed (the field's name), old and new value as the reader reads them, why."""
    if obj is None or not obj.pk:
        return "—"
    rows = list(history_of(history_model, obj) if rows is None else rows)
    if not rows:
        return "—"
    return format_html(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
        "{}</table>",
        _("when"),
        _("who"),
        _("what changed"),
        _("old value"),
        _("new value"),
        _("reason"),
        format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    when(c.at),  # local time, 26.11.2026 14:05 in Polish
                    c.actor or channel_label(c.channel),
                    c.field_label,  # the field's name, not its code
                    value_shown(c.recorded_field(), c.old),  # "wybrany", not "selected"
                    value_shown(c.recorded_field(), c.new),
                    reason_shown(c.reason, c.channel),
                )
                for c in rows
            ),
        ),
    )
