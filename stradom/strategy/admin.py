"""Admin screens of strategies, their goal trees and the indicators linked to goals.

Every save and deletion goes through ``stradom.strategy.services``: the forms ask why
when something changes, deleting asks why on the confirmation page, and each page shows
the record's history."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from stradom.accounts.permissions import Action, can
from stradom.core.admin import (
    ChangeRecordAdmin,
    ReasonedDelete,
    ReasonForm,
    SavedThroughService,
    history_of,
    history_table,
    reason_given,
)
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyChange, StrategyLevel
from stradom.strategy.services import (
    GOAL_FIELDS,
    GOAL_INDICATOR_FIELDS,
    LEVEL_FIELDS,
    STRATEGY_FIELDS,
    delete_goal,
    delete_goal_indicator,
    delete_strategy,
    delete_strategy_level,
    save_goal,
    save_goal_indicator,
    save_strategy,
    save_strategy_level,
)


class StructureAdmin(SavedThroughService, ReasonedDelete, admin.ModelAdmin):
    """A record of the strategy's structure: who may change or delete it is the policy's
    ``EDIT_STRATEGY`` on top of Django's model permission."""

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.EDIT_STRATEGY, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.EDIT_STRATEGY, obj) and super().has_delete_permission(
            request, obj
        )

    @admin.display(description=_("history"))
    def history(self, obj):
        return history_table(StrategyChange, obj)


class LevelFormSet(BaseInlineFormSet):
    """The levels change with the strategy's reason: one is required when a level is
    added, renamed or deleted on a strategy that exists, even if the strategy's own
    fields stay the same."""

    def clean(self):
        super().clean()
        if self.instance.pk is None:
            return
        deleted = [f for f in self.deleted_forms if f.instance.pk is not None]
        changed = [f for f in self.forms if f not in self.deleted_forms and f.has_changed()]
        if (deleted or changed) and not (self.data.get("reason") or "").strip():
            raise ValidationError(_("Say why this changes (a reason)."))


class StrategyLevelInline(admin.TabularInline):
    model = StrategyLevel
    formset = LevelFormSet
    extra = 0
    fields = ("depth", "name_pl", "name_en")

    def has_add_permission(self, request, obj=None):
        return can(request.user, Action.EDIT_STRATEGY, obj) and super().has_add_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None):
        return can(request.user, Action.EDIT_STRATEGY, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return can(request.user, Action.EDIT_STRATEGY, obj) and super().has_delete_permission(
            request, obj
        )


class StrategyForm(ReasonForm):
    class Meta:
        model = Strategy
        fields = list(STRATEGY_FIELDS)


@admin.register(Strategy)
class StrategyAdmin(StructureAdmin):
    """Saves go through ``strategy.services.save_strategy`` (the levels through
    ``save_strategy_level`` / ``delete_strategy_level``, with the same reason); deleting
    goes through ``delete_strategy``, which keeps the last values of the strategy, its
    levels, goals and their indicators in the history."""

    form = StrategyForm
    fields = (*STRATEGY_FIELDS, "reason", "history")
    readonly_fields = ("history",)
    list_display = ("code", "version", "name_pl", "start_year", "end_year", "previous_version")
    list_filter = ("code",)
    search_fields = ("code", "name_pl", "name_en", "resolution")
    raw_id_fields = ("previous_version",)
    inlines = [StrategyLevelInline]

    service_fields = tuple(STRATEGY_FIELDS)

    def save_record(self, values, *, instance, actor, reason):
        return save_strategy(values, instance=instance, actor=actor, reason=reason, channel="admin")

    def save_formset(self, request, form, formset, change):
        strategy = form.instance
        # What the admin's own log reads (formset.save() would set them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for level_form in formset.deleted_forms:
            if level_form.instance.pk is not None:
                delete_strategy_level(
                    level_form.instance,
                    actor=request.user,
                    reason=reason_given(form),
                    channel="admin",
                )
                formset.deleted_objects.append(level_form.instance)
        for level_form in formset.forms:
            if level_form in formset.deleted_forms or not level_form.has_changed():
                continue
            values = {
                name: level_form.cleaned_data[name] for name in LEVEL_FIELDS if name != "strategy"
            }
            existing = level_form.instance.pk is not None
            saved = save_strategy_level(
                values if existing else {**values, "strategy": strategy},
                instance=level_form.instance if existing else None,
                actor=request.user,
                reason=reason_given(form),
                channel="admin",
            )
            if existing:
                formset.changed_objects.append((saved, level_form.changed_data))
            else:
                formset.new_objects.append(saved)

    def delete_record(self, request, obj, reason: str) -> None:
        delete_strategy(obj, actor=request.user, reason=reason, channel="admin")

    @admin.display(description=_("history"))
    def history(self, obj):
        """The strategy's own changes and its levels' (newest first)."""
        if obj is None or not obj.pk:
            return "—"
        rows = [*history_of(StrategyChange, obj)]
        for level in obj.levels.all():
            rows.extend(history_of(StrategyChange, level))
        rows.sort(key=lambda row: (row.at, row.pk), reverse=True)
        return history_table(StrategyChange, obj, rows)


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


class GoalForm(ReasonForm):
    class Meta:
        model = Goal
        fields = [name for name in GOAL_FIELDS if name != "depth"]


@admin.register(Goal)
class GoalAdmin(StructureAdmin):
    """Saves go through ``strategy.services.save_goal`` (the form asks why when something
    changes); deleting asks why and goes through ``delete_goal``, which keeps the last
    values of the goal, the goals below it and their indicators in the history."""

    form = GoalForm
    fields = (*GOAL_FIELDS, "reason", "history")
    list_display = ("indented_code", "name_pl", "strategy", "depth")
    list_filter = ("strategy", "depth")
    search_fields = ("code", "name_pl", "name_en")
    raw_id_fields = ("parent",)
    readonly_fields = ("depth", "history")
    list_select_related = ("strategy",)
    inlines = [GoalIndicatorInline]

    def get_readonly_fields(self, request, obj=None):
        # A goal stays in its strategy (a new version copies the whole tree).
        kept = super().get_readonly_fields(request, obj)
        return kept if obj is None else ("strategy", *kept)

    @admin.display(description=_("code"), ordering="code")
    def indented_code(self, obj: Goal) -> str:
        return "\u2003" * (obj.depth - 1) + obj.code

    service_fields = tuple(GOAL_FIELDS)

    def save_record(self, values, *, instance, actor, reason):
        return save_goal(values, instance=instance, actor=actor, reason=reason, channel="admin")

    def delete_record(self, request, obj, reason: str) -> None:
        delete_goal(obj, actor=request.user, reason=reason, channel="admin")


class GoalIndicatorForm(ReasonForm):
    class Meta:
        model = GoalIndicator
        fields = list(GOAL_INDICATOR_FIELDS)
        localized_fields = ("baseline_value", "target_value", "limit", "weight")  # 12,5


@admin.register(GoalIndicator)
class GoalIndicatorAdmin(SavedThroughService, ReasonedDelete, admin.ModelAdmin):
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

    service_fields = tuple(GOAL_INDICATOR_FIELDS)

    def save_record(self, values, *, instance, actor, reason):
        return save_goal_indicator(
            values, instance=instance, actor=actor, reason=reason, channel="admin"
        )

    def delete_record(self, request, obj, reason: str) -> None:
        delete_goal_indicator(obj, actor=request.user, reason=reason, channel="admin")

    @admin.display(description=_("history"))
    def history(self, obj):
        return history_table(StrategyChange, obj)


@admin.register(StrategyChange)
class StrategyChangeAdmin(ChangeRecordAdmin):
    """Who changed a strategy — its structure (the strategy, its levels, its goals) or a
    goal's indicator (baseline, target, source, milestone, weight) — when, and why."""
