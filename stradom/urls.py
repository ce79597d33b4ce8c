from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from stradom.core.views import healthz

urlpatterns = [
    # For load balancers, outside the language prefix (stradom.core.middleware answers
    # it before the rest of the middleware).
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("stradom.api.urls")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("panel/reports/", include("stradom.reports.urls")),  # report requests
    path("panel/reports/", include("stradom.jobs.urls")),  # their jobs: progress, the file
    path("panel/comments/", include("stradom.commentary.urls")),  # coordinators' commentary
    path("panel/reminders/", include("stradom.reminders.urls")),  # one's e-mail reminders
    path("panel/approval/", include("stradom.approval.urls")),  # data approval, locks
    path("panel/", include("stradom.workspace.urls")),
    path("", include("stradom.portal.urls")),
    prefix_default_language=False,
)
