from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "stradom.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from stradom.core import checks, data_version

        data_version.connect()
        checks.register()
