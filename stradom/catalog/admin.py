"""Admin screens of the catalogue.

Observations are read-only here: values change only through the write path
(forms of the workspace, imports, the API, the ``stradom`` command), which asks
for a reason and records history. The admin shows them and their history.
"""

import copy

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stradom.accounts.permissions import Action, can
from stradom.catalog.models import (
    Dimension,
    DimensionValue,
    Domain,
    Indicator,
    IndicatorChange,
    ObservationChange,
    PublicService,
)
from stradom.catalog.services.indicators import (
    COMPUTATION_FIELDS,
    INDICATOR_FIELDS,
    check_computation,
    create_indicator,
    update_indicator,
)
from stradom.core.admin import ChangeRecordAdmin, ReasonForm, history_table
from stradom.core.channels import reason_shown
from stradom.core.i18n import localize
from stradom.core.messages import StradomError


class PublicServiceInline(admin.TabularInline):
    model = PublicService
    extra = 0
    fields = ("code", "name_pl", "name_en")


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("order", "code", "name_pl", "name_en")
    list_display_links = ("code",)
    search_fields = ("code", "name_pl", "name_en")
    filter_horizontal = ("coordinators",)
    inlines = [PublicServiceInline]


@admin.register(PublicService)
class PublicServiceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_pl", "domain")
    list_filter = ("domain",)
    search_fields = ("code", "name_pl", "name_en")


class DimensionValueInline(admin.TabularInline):
    model = DimensionValue
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_pl", "name_en")
    inlines = [DimensionValueInline]


class IndicatorForm(ReasonForm):
    class Meta:
        model = Indicator
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        probe = copy.copy(self.instance)
        probe.code = cleaned.get("code") or probe.code
        probe.formula = cleaned.get("formula") or ""
        probe.aggregation_source = cleaned.get("aggregation_source")
        probe.aggregation = cleaned.get("aggregation")
        try:
            check_computation(probe)
        except StradomError as exc:
            raise ValidationError(localize(exc)) from exc
        return cleaned


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorForm
    list_display = (
        "code",
        "name_pl",
        "domain",
        "unit",
        "polarity",
        "kind",
        "theme",
        "frequency",
        "publication_status",
    )
    list_filter = ("publication_status", "kind", "theme", "polarity", "frequency", "domain")
    search_fields = ("code", "name_pl", "name_en", "source")
    list_select_related = ("domain",)
    filter_horizontal = ("services", "dimensions", "data_providers")
    raw_id_fields = ("aggregation_source",)
    readonly_fields = ("history",)
    fieldsets = (
        (None, {"fields": ("code", "name_pl", "name_en", "domain", "publication_status")}),
        (
            _("Definition"),
            {
                "fields": (
                    "description_pl",
                    "description_en",
                    "calculation_pl",
                    "calculation_en",
                    "unit",
                    "decimals",
                    "polarity",
                    "kind",
                    "theme",
                    "frequency",
                    "publication_lag_days",
                )
            },
        ),
        (
            _("Source and responsibility"),
            {
                "fields": (
                    "source",
                    "source_url",
                    "responsible_unit",
                    "data_providers",
                    "services",
                    "dimensions",
                )
            },
        ),
        (_("Computation"), {"fields": ("formula", "aggregation_source", "aggregation")}),
        (_("Validation"), {"fields": ("rules",)}),
    )

    def has_add_permission(self, request):
        return can(request.user, Action.EDIT_INDICATOR) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not can(request.user, Action.EDIT_INDICATOR, obj):
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a new indicator has no history and needs no reason
            return self.fieldsets
        return (*self.fieldsets, (_("History"), {"fields": ("reason", "history")}))

    def save_model(self, request, obj, form, change):
        """A new indicator goes through ``services.indicators.create_indicator``, a change
        through ``update_indicator``: both keep every field they set (links included) in
        the history with the form's reason, and recompute a computed indicator whose
        computation is new or changed. A form that changes nothing writes nothing."""
        if change and not form.changes_something():
            return
        values = {name: form.cleaned_data[name] for name in form.fields if name in INDICATOR_FIELDS}
        if change:
            saved = update_indicator(
                Indicator.objects.get(pk=obj.pk),
                actor=request.user,
                reason=form.cleaned_data["reason"],
                channel="admin",
                **values,
            )
        else:
            saved = create_indicator(
                actor=request.user,
                reason=form.cleaned_data.get("reason") or str(_("added in the admin")),
                channel="admin",
                **values,
            )
            obj.pk = saved.indicator.pk
            obj._state.adding = False
        form.instance = saved.indicator
        if saved.indicator.is_computed and COMPUTATION_FIELDS & set(saved.changed):
            messages.info(
                request, _("%(count)d computed values updated.") % {"count": saved.recomputed}
            )

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the links were saved (and recorded) by save_model
            self.save_formset(request, form, formset, change=change)

    @admin.display(description=_("history"))
    def history(self, obj):
        return history_table(IndicatorChange, obj)


# Observations have no admin page: their primary key is the natural key (indicator,
# territory, period, disaggregation), and Django's admin takes no composite key. They
# were read-only there; the workspace and the portal show them, their history (below)
# shows every change.


@admin.register(ObservationChange)
class ObservationChangeAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "action",
        "indicator",
        "territory",
        "period",
        "dimensions",
        "old_value",
        "new_value",
        "user",
        "channel",
        "reason_shown",
    )
    list_filter = ("action", "channel")
    search_fields = ("indicator__code", "reason", "batch")
    list_select_related = ("indicator", "territory", "user")
    show_full_result_count = False

    @admin.display(description=_("reason"), ordering="reason")
    def reason_shown(self, obj):
        return reason_shown(obj.reason, obj.channel)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorChange)
class IndicatorChangeAdmin(ChangeRecordAdmin):
    """Who changed an indicator's metadata (name, definition, unit, source…), when, why."""
