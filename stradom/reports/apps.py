from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "stradom.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # What the job pages say of the jobs this app's pages queue: its reports and
        # the open-data files offered beside them (stradom.exports has no app).
        from stradom.exports import tasks as exports
        from stradom.jobs import registry
        from stradom.jobs.models import JobKind
        from stradom.reports import tasks

        registry.register(JobKind.REPORT, tasks.describe)
        registry.register(JobKind.EXPORT, exports.describe)
