"""Admin for surveys. Microdata (respondents) only for administrators and analysts.

The respondent admin has no actions (no bulk export, no bulk delete) and is
read-only: microdata change only by importing a wave again. Nothing here or
anywhere else exports microdata.
"""

from __future__ import annotations

from django.contrib import admin

from stradom.accounts.permissions import Action, can, is_administrator
from stradom.surveys.models import Question, Respondent, SubjectiveIndicator, Survey, Wave


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ("order", "code", "text_pl", "scale_min", "scale_max", "missing_codes")


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_pl", "territory", "population")
    search_fields = ("code", "name_pl", "name_en")
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("survey", "code", "text_pl", "scale_min", "scale_max")
    list_filter = ("survey",)
    search_fields = ("code", "text_pl", "text_en")


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "survey",
        "year",
        "mode",
        "sample_size",
        "comparable_with_previous",
        "imported_at",
    )
    list_filter = ("survey", "mode", "comparable_with_previous")
    readonly_fields = ("sample_size", "imported_at", "imported_by", "source_file")


@admin.register(SubjectiveIndicator)
class SubjectiveIndicatorAdmin(admin.ModelAdmin):
    list_display = ("indicator", "question", "statistic", "categories", "exclude_dont_know")
    list_filter = ("statistic", "question__survey")
    raw_id_fields = ("indicator",)


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    """Microdata: seen by administrators and analysts only; never changed or exported here."""

    list_display = ("row_id", "wave", "weight", "territory", "sex", "age_group")
    list_filter = ("wave",)
    search_fields = ("row_id",)
    actions = None
    readonly_fields = ("wave", "row_id", "weight", "territory", "sex", "age_group", "answers")

    def has_module_permission(self, request) -> bool:
        return can(request.user, Action.READ_MICRODATA)

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.READ_MICRODATA)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Removing a respondent (e.g. on a data-protection request) is an administrator's act.
        return is_administrator(request.user)
