"""The import screen (``stradom.workspace.imports``), mounted in the admin at
``/admin/import/`` and listed on its index as "Data import → Import a file of values".

There is no model to register, so the admin site's URLs and app list are extended
here rather than through a ``ModelAdmin``. ``admin_view`` gives the pages the
admin's login, staff check and CSRF protection.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import path, reverse
from django.utils.translation import gettext as _

from stradom.workspace import imports as views

_site = admin.site
_admin_urls = _site.get_urls
_admin_app_list = _site.get_app_list


def _get_urls():
    return [
        path("import/", _site.admin_view(views.upload_view), name="ingest_import"),
        path(
            "import/<uuid:token>/",
            _site.admin_view(views.confirm_view),
            name="ingest_import_confirm",
        ),
        path(
            "import/job/<int:pk>/",
            _site.admin_view(views.job_view),
            name="ingest_import_job",
        ),
        path(
            "import/job/<int:pk>/status/",
            _site.admin_view(views.job_status_view),
            name="ingest_import_job_status",
        ),
        *_admin_urls(),
    ]


def _get_app_list(request, app_label=None):
    app_list = _admin_app_list(request, app_label)
    if app_label in (None, "ingest") and request.user.is_active and request.user.is_staff:
        url = reverse("admin:ingest_import", current_app=_site.name)
        app_list.append(
            {
                "name": _("Data import"),
                "app_label": "ingest",
                "app_url": url,
                "has_module_perms": True,
                "models": [
                    {
                        "name": _("Import a file of values"),
                        "object_name": "Import",
                        "admin_url": url,
                        "add_url": None,
                        "view_only": True,
                        "perms": {"view": True},
                    }
                ],
            }
        )
    return app_list


_site.get_urls = _get_urls
_site.get_app_list = _get_app_list
