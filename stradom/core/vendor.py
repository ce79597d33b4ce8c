"""Polish for the admin pages of two third-party apps: django-axes (the sign-in lockout)
and django-tasks-db (the queue of background tasks).

django-tasks-db has no Polish catalogue, and django-axes' lacks some of what its admin
shows ("access failures"). Our catalogue comes first (``settings.LOCALE_PATHS``), so it
supplies those translations; the messages are listed in :data:`MESSAGES` so that
``make messages`` keeps them there. Neither app marks its own name for translation, so
the admin index would head their sections "Axes" and "Tasks Database Backend" whatever
the language: ``INSTALLED_APPS`` names the configs below, which give translated names
(and django-tasks-db's config names the admin columns it leaves in plain English).
"""

from __future__ import annotations

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in lockout")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Task queue")

    def ready(self) -> None:
        super().ready()
        # Three column names of its admin are plain English strings, not messages.
        from django_tasks_db.admin import DBTaskResultAdmin
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.task_name.fget.short_description = _("task name")
        DBTaskResultAdmin.formatted_traceback.short_description = _("traceback")
        DBTaskResultAdmin.display_run_after.short_description = _("run after")


MESSAGES = (
    # django-axes: models, fields and admin
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("Access lock out"),
    gettext_noop("User Agent"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Username"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Not set"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    # django-tasks-db: the task result and its fields
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    # django-tasks: a task result's status
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)
