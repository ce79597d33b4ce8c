"""Background jobs in the admin: seen (who asked what, how it ended, why it failed),
never added or changed by hand — jobs are made by their request and by the worker."""

from django.contrib import admin

from stradom.jobs.models import DailyRun, Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "user", "status", "created_at", "finished_at", "file_name")
    list_filter = ("kind", "status")
    search_fields = ("user__username", "file_name", "error")
    date_hierarchy = "created_at"
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DailyRun)
class DailyRunAdmin(admin.ModelAdmin):
    """When the worker last queued each piece of daily work (stradom.jobs.schedule):
    seen, never changed by hand."""

    list_display = ("name", "day", "queued_at", "task_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
