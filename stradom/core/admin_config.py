"""The admin app with Stradom's site (``stradom.core.admin_site``), so every model admin,
the libraries' too, says its sentences in grammatical Polish. Named in
``settings.INSTALLED_APPS`` in place of ``django.contrib.admin``."""

from django.contrib.admin.apps import AdminConfig


class StradomAdminConfig(AdminConfig):
    default_site = "stradom.core.admin_site.StradomAdminSite"
