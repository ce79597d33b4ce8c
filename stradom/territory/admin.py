from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stradom.territory.models import BdlUnit, Territory


class BdlUnitInline(admin.TabularInline):
    model = BdlUnit
    extra = 0


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "kind_detail", "parent", "has_boundary")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)
    inlines = [BdlUnitInline]

    @admin.display(boolean=True, description=_("boundary"))
    def has_boundary(self, obj):
        return obj.geometry is not None


@admin.register(BdlUnit)
class BdlUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "territory", "note")
    search_fields = ("code", "name", "territory__name")
    raw_id_fields = ("territory",)
