"""Admin pieces shared by several apps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stradom.core.channels import channel_label, reason_shown


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the admin shows but never adds, changes or deletes (services write them)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def value_shown(field, text: str) -> str:
    """A value a history stored as text, as the reader reads it: a choice in words
    (``wybrany``, not ``selected``), yes or no, amounts (``72 090 000,5``) and days in
    the reader's format; anything else as stored."""
    from stradom.portal.templatetags.stradom import day, num

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
        return num(value, places if places is not None and places <= 2 else None)  # money: ,00
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
