"""The import screen in the workspace, at ``/panel/import/``.

The views are the admin's (``stradom.ingest.views``), given the workspace as their
place: one flow — upload, preview, confirm with a reason, import — in both. Any user
of the office may upload; what they may write is decided by the write path, so values
of indicators not theirs are refused in the preview, line by line.
"""

from __future__ import annotations

from django.urls import path

from stradom.ingest import views
from stradom.workspace.views import workspace_view

place = {"place": views.WORKSPACE}

urlpatterns = [
    path("", workspace_view(views.upload_view), place, name="import"),
    path("<uuid:token>/", workspace_view(views.confirm_view), place, name="import_confirm"),
    path("job/<int:pk>/", workspace_view(views.job_view), place, name="import_job"),
    path(
        "job/<int:pk>/status/",
        workspace_view(views.job_status_view),
        place,
        name="import_job_status",
    ),
]
