"""Admin pieces shared by several apps."""

from __future__ import annotations

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the admin shows but never adds, changes or deletes (services write them)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangeRecordAdmin(ReadOnlyAdmin):
    """A history of :class:`stradom.core.models.ChangeRecord` rows: read, never written
    here (the services write it)."""

    list_display = ("at", "object_repr", "field", "old", "new", "actor", "channel", "reason")
    list_filter = ("content_type", "channel")
    search_fields = ("object_repr", "field", "reason")
    list_select_related = ("actor",)
