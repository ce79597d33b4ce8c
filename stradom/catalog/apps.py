from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "stradom.catalog"
    label = "catalog"
    verbose_name = _("Indicator catalogue")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from stradom.catalog import sqlite

        connection_created.connect(sqlite.register, dispatch_uid="stradom-catalog-sqlite")
