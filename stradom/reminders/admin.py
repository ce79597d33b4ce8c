"""Reminders in the admin: each user's choice (an administrator may turn a user's
reminders off or on, or choose their language), and what was sent, read-only."""

from django.contrib import admin

from stradom.reminders.models import ReminderPreference, SentReminder


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "enabled", "language", "updated_at")
    list_filter = ("enabled", "language")
    search_fields = ("user__username", "user__email")
    list_select_related = ("user",)
    autocomplete_fields = ("user",)


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = (
        "day",
        "user",
        "address",
        "language",
        "updates_overdue",
        "updates_due",
        "values_overdue",
        "values_due",
        "sent_at",
    )
    list_filter = ("day", "language")
    search_fields = ("user__username", "address")
    date_hierarchy = "day"
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
