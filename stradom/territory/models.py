"""Territorial units: the TERYT hierarchy, sub-municipal units and BDL unit codes.

A unit's ``code`` is its stable key: the TERYT (TERC) code for official units
(``12`` voivodeship, ``1261`` powiat, ``1261011`` gmina with its type digit),
``PL`` for the country, and ``<gmina code>-<number>`` for a sub-municipal unit
such as a Kraków district (``1261011-01``), which has no TERYT code of its own.
Statistics Poland's 12-digit BDL unit ids change when NUTS changes, so they are
kept apart in :class:`BdlUnit` and resolved to a unit here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TerritoryKind(models.TextChoices):
    COUNTRY = "country", _("country")
    VOIVODESHIP = "voivodeship", _("voivodeship")
    POWIAT = "powiat", _("powiat")
    GMINA = "gmina", _("gmina")
    SUBMUNICIPAL = "submunicipal", _("sub-municipal unit")
    STATISTICAL = "statistical", _("statistical region")


class Territory(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=TerritoryKind.choices)
    kind_detail = models.CharField(
        _("kind detail"),
        max_length=100,
        blank=True,
        help_text=_("As the register says, e.g. 'gmina miejska', 'miasto na prawach powiatu'."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    number = models.CharField(
        _("number"), max_length=16, blank=True, help_text=_("E.g. the Roman numeral of a district.")
    )
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    geometry = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    valid_from = models.DateField(_("register state as of"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class BdlUnit(models.Model):
    """A Statistics Poland Local Data Bank unit id and the territory it stands for."""

    code = models.CharField(_("BDL unit id"), max_length=12, unique=True)
    name = models.CharField(_("name in BDL"), max_length=200)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territorial unit"),
        on_delete=models.CASCADE,
        related_name="bdl_units",
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("E.g. why a statistical subregion stands for a city."),
    )

    class Meta:
        verbose_name = _("BDL unit")
        verbose_name_plural = _("BDL units")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} → {self.territory.code}"
