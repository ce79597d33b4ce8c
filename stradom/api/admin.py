from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from stradom.api.models import ApiToken
from stradom.api.services import revoke_token


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made with ``stradom api_token create USER`` (shown once); here they are
    seen and revoked, never read back."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["token_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_token(token)
        self.message_user(request, _("Revoked."), messages.SUCCESS)
