"""Admin screens of strategies, their goal trees and the indicators linked to goals."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stradom.accounts.permissions import Action, can
from stradom.core.admin import ChangeRecordAdmin, ReasonedDelete, ReasonForm, history_table
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyChange, StrategyLevel
from stradom.strategy.services import (
    GOAL_INDICATOR_FIELDS,
    delete_goal_indicator,
    save_goal_indicator,
)


class StrategyLevelInline(admin.TabularInline):
    model = StrategyLevel
    extra = 0
    fields = ("depth", "name_pl", "name_en")


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name_pl", "start_year", "end_year", "previous_version")
    list_filter = ("code",)
    search_fields = ("code", "name_pl", "name_en", "resolution")
    raw_id_fields = ("previous_version",)
    inlines = [StrategyLevelInline]


class GoalIndicatorInline(admin.TabularInline):
    """Shown, not edited: a goal's indicator changes on its own page, which asks why and
    keeps the change in the history (a changed target changes every assessment)."""

    model = GoalIndicator
    extra = 0
    fields = ("indicator", "territory", "dimensions", "direction", "target_year", "target_value")
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("indented_code", "name_pl", "strategy", "depth")
    list_filter = ("strategy", "depth")
    search_fields = ("code", "name_pl", "name_en")
    raw_id_fields = ("parent",)
    readonly_fields = ("depth",)
    list_select_related = ("strategy",)
    inlines = [GoalIndicatorInline]

    @admin.display(description=_("code"), ordering="code")
    def indented_code(self, obj: Goal) -> str:
        return "\u2003" * (obj.depth - 1) + obj.code


class GoalIndicatorForm(ReasonForm):
    class Meta:
        model = GoalIndicator
        fields = list(GOAL_INDICATOR_FIELDS)
        localized_fields = ("baseline_value", "target_value", "limit", "weight")  # 12,5


@admin.register(GoalIndicator)
class GoalIndicatorAdmin(ReasonedDelete, admin.ModelAdmin):
    """Saves go through ``strategy.services.save_goal_indicator``: the form asks for a
    reason and every changed baseline, target, source, milestone or weight is kept in
    the history shown on the page. Deleting asks why too and goes through
    ``delete_goal_indicator``, which keeps the last values in the history."""

    form = GoalIndicatorForm
    fields = (*GOAL_INDICATOR_FIELDS, "reason", "history")
    readonly_fields = ("history",)
    list_display = (
        "goal",
        "indicator",
        "territory",
        "dimensions",
        "direction",
        "target_year",
        "target_value",
        "weight",
    )
    list_filter = ("goal__strategy",)
    search_fields = ("goal__code", "indicator__code", "indicator__name_pl", "note")
    raw_id_fields = ("goal", "indicator", "territory")
    list_select_related = ("goal", "indicator", "territory")

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.EDIT_TARGET, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.EDIT_TARGET, obj) and super().has_delete_permission(
            request, obj
        )

    def save_model(self, request, obj, form, change):
        if change and not form.changes_something():
            return
        values = {name: form.cleaned_data[name] for name in GOAL_INDICATOR_FIELDS}
        saved = save_goal_indicator(
            values,
            instance=obj if change else None,
            actor=request.user,
            reason=form.cleaned_data["reason"] or str(_("added in the admin")),
            channel="admin",
        )
        obj.pk = saved.pk
        form.instance = saved

    def delete_record(self, request, obj, reason: str) -> None:
        delete_goal_indicator(obj, actor=request.user, reason=reason, channel="admin")

    @admin.display(description=_("history"))
    def history(self, obj):
        return history_table(StrategyChange, obj)


@admin.register(StrategyChange)
class StrategyChangeAdmin(ChangeRecordAdmin):
    """Who changed a baseline, target, source, milestone or weight, when, and why."""
