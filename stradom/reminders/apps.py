from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "stradom.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        # The worker queues the day's digests once a day (stradom.jobs.schedule).
        from stradom.jobs import schedule
        from stradom.reminders import tasks

        schedule.daily("reminders", "stradom.reminders.tasks.send_daily_reminders", tasks.hour)
