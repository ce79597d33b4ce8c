"""Assessment runs are records of what was computed: shown, never edited."""

from django.contrib import admin

from stradom.assessment.models import AssessmentRun


@admin.register(AssessmentRun)
class AssessmentRunAdmin(admin.ModelAdmin):
    list_display = ("created_at", "strategy", "method", "as_of_year", "created_by")
    list_filter = ("method", "strategy")
    list_select_related = ("strategy", "created_by")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
