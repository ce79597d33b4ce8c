from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalConfig(AppConfig):
    name = "stradom.approval"
    label = "approval"
    verbose_name = _("Data approval and locked periods")
