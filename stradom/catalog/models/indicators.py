from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stradom.core.models import Bilingual, ChangeRecord


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", _("higher is better")
    LOWER_IS_BETTER = "lower_is_better", _("lower is better")
    NEUTRAL = "neutral", _("neutral")


class IndicatorKind(models.TextChoices):
    OBJECTIVE = "objective", _("objective (measured)")
    SUBJECTIVE = "subjective", _("subjective (survey)")


class Theme(models.TextChoices):
    QUALITY_OF_LIFE = "quality_of_life", _("quality of life")
    PUBLIC_SERVICES = "public_services", _("quality of public services")
    CONTEXT = "context", _("context")


MAX_PUBLICATION_LAG_DAYS = 32767


class Frequency(models.TextChoices):
    YEAR = "Y", _("yearly")
    HALF = "H", _("half-yearly")
    QUARTER = "Q", _("quarterly")
    MONTH = "M", _("monthly")
    DAY = "D", _("daily")
    IRREGULAR = "I", _("irregular")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Dimension(Bilingual):
    """A disaggregation dimension (sex, age group, station…) and its allowed values."""

    code = models.SlugField(_("code"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("disaggregation dimension")
        verbose_name_plural = _("disaggregation dimensions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class DimensionValue(Bilingual):
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="values"
    )
    code = models.CharField(_("code"), max_length=64)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("dimension value")
        verbose_name_plural = _("dimension values")
        ordering = ["dimension", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="dimension_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension.code}={self.code}"


class Indicator(Bilingual):
    """An indicator of the catalogue (wskaźnik): what is measured, how, and by whom.

    ``description`` is the definition. An indicator is *computed* when it has a
    ``formula`` over other indicators or an ``aggregation`` of a finer series of
    ``aggregation_source``; its observations are then written by the system only.
    """

    code = models.CharField(_("code"), max_length=64, unique=True)
    calculation_pl = models.TextField(_("calculation method (Polish)"), blank=True)
    calculation_en = models.TextField(_("calculation method (English)"), blank=True)
    unit = models.CharField(_("unit of measure"), max_length=64, blank=True)
    decimals = models.PositiveSmallIntegerField(_("decimal places shown"), default=1)
    polarity = models.CharField(
        _("polarity"), max_length=20, choices=Polarity.choices, default=Polarity.NEUTRAL
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=IndicatorKind.choices, default=IndicatorKind.OBJECTIVE
    )
    theme = models.CharField(
        _("theme"), max_length=20, choices=Theme.choices, default=Theme.CONTEXT
    )
    frequency = models.CharField(
        _("frequency"), max_length=1, choices=Frequency.choices, default=Frequency.YEAR
    )
    # Days after a period ends until its value is normally out (see catalog/freshness.py):
    # with the frequency, which period a page should show by today, and whether it does.
    publication_lag_days = models.PositiveSmallIntegerField(
        _("publication lag (days)"),
        null=True,
        blank=True,
        # What PostgreSQL's smallint holds; SQLite would take more and PostgreSQL refuse it.
        validators=[MaxValueValidator(MAX_PUBLICATION_LAG_DAYS)],
        help_text=_(
            "How many days after a period ends its value is normally published, e.g. 181 "
            "for Statistics Poland's annual data (out by 30 June of the next year). A value "
            "missing longer than that is shown as out of date. Empty: not known, and "
            "nothing is said."
        ),
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    publication_status = models.CharField(
        _("publication status"),
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    domain = models.ForeignKey(
        "catalog.Domain",
        verbose_name=_("domain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    services = models.ManyToManyField(
        "catalog.PublicService",
        verbose_name=_("public services"),
        blank=True,
        related_name="indicators",
    )
    dimensions = models.ManyToManyField(
        Dimension,
        verbose_name=_("disaggregation dimensions"),
        blank=True,
        related_name="indicators",
    )
    data_providers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("people chosen in a list", "data providers"),  # as Domain's
        blank=True,
        related_name="provided_indicators",
    )
    formula = models.CharField(
        _("formula"),
        max_length=2000,
        blank=True,
        help_text=_("Over other indicators' codes in brackets, e.g. [BIRTHS] / [POP] * 1000."),
    )
    aggregation_source = models.ForeignKey(
        "self",
        verbose_name=_("aggregated from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="aggregated_into",
    )
    aggregation = models.JSONField(
        _("aggregation over time"),
        null=True,
        blank=True,
        help_text=_('E.g. {"function": "count_above", "threshold": "50", "min_coverage": "0.9"}.'),
    )
    rules = models.JSONField(
        _("validation rules"),
        default=list,
        blank=True,
        help_text=_('E.g. [{"kind": "range", "min": "0", "max": "100", "action": "reject"}].'),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def is_computed(self) -> bool:
        return bool(self.formula) or self.aggregation_source_id is not None

    @property
    def calculation(self) -> str:
        return self._localized("calculation")


class IndicatorChange(ChangeRecord):
    """One change to an indicator's metadata — its name, definition, unit, polarity,
    source, computation… (see :class:`stradom.core.models.ChangeRecord`). Changes of its
    values are kept in ``ObservationChange``."""

    class Meta(ChangeRecord.Meta):
        verbose_name = _("change of an indicator's metadata")
        verbose_name_plural = _("changes of indicators' metadata")
