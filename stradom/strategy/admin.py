"""Admin screens of strategies, their goal trees and the indicators linked to goals."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel


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
    model = GoalIndicator
    extra = 0
    fields = ("indicator", "territory", "dimensions", "direction", "target_year", "target_value")
    raw_id_fields = ("indicator", "territory")


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


@admin.register(GoalIndicator)
class GoalIndicatorAdmin(admin.ModelAdmin):
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
