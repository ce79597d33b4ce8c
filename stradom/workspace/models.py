from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Visit(models.Model):
    """When a user last opened the workspace, so its home page can say what changed since."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="workspace_visit",
    )
    seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("workspace visit")
        verbose_name_plural = _("workspace visits")

    def __str__(self) -> str:
        return f"{self.user_id} {self.seen_at:%Y-%m-%d %H:%M}"
