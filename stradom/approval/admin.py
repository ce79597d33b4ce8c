"""Read-only lists of locks and approvals: their changes go through the services (with
reasons and history), from the workspace, the API or ``stradom approval``."""

from django.contrib import admin

from stradom.approval.models import Approval, ApprovalEvent, PeriodLock, PeriodLockEvent


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PeriodLockEventInline(admin.TabularInline):
    model = PeriodLockEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "at", "user", "channel", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PeriodLock)
class PeriodLockAdmin(_ReadOnly):
    list_display = ("period", "domain", "active", "reason", "locked_at", "locked_by")
    list_filter = ("active", "domain")
    inlines = [PeriodLockEventInline]


class ApprovalEventInline(admin.TabularInline):
    model = ApprovalEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "old_status", "new_status", "at", "user", "channel", "comment")
    exclude = ("change_set",)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Approval)
class ApprovalAdmin(_ReadOnly):
    list_display = ("indicator", "period", "status", "changed_at", "changed_by")
    list_filter = ("status", "indicator__domain")
    search_fields = ("indicator__code",)
    inlines = [ApprovalEventInline]
