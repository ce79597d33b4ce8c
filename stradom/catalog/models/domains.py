from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stradom.core.models import Bilingual


class Domain(Bilingual):
    """A management domain (dziedzina zarządzania) and the people who coordinate it."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        # "people …" in Polish: the admin's list writes "Dostępne %s" / "Wybrane %s", and
        # "koordynatorzy" (masculine-personal) would need other adjectives.
        verbose_name=pgettext_lazy("people chosen in a list", "coordinators"),
        blank=True,
        related_name="coordinated_domains",
    )
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("management domain")
        verbose_name_plural = _("management domains")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class PublicService(Bilingual):
    """A public service from the office's service catalogue."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("domain"), on_delete=models.PROTECT, related_name="services"
    )

    class Meta:
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        ordering = ["domain__order", "code"]

    def __str__(self) -> str:
        return self.name
