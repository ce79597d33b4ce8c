"""Surveys of residents and clients: questionnaires, waves, microdata, indicator definitions.

Dependencies point one way: ``catalog`` and ``territory`` ← ``surveys``. The
microdata (:class:`Respondent`) are personal answers: only administrators and
analysts may read them (``Action.READ_MICRODATA`` in
:mod:`stradom.accounts.permissions`), and nothing exports or publishes them; what
leaves the app are estimates, written as observations by
:mod:`stradom.surveys.services`.

Answers are kept as one JSON object per respondent (``{"Q1": 4, "Q2": null}``)
rather than one row per answer: a wave of 3,000 respondents and 60 questions is
3,000 rows instead of 180,000, an import is one bulk insert and an estimate one
query per wave read into numpy arrays. Nothing queries single answers in SQL,
so nothing is lost by that.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from stradom.core.models import Bilingual
from stradom.surveys.estimators import MEAN, NPS, SHARE


class Survey(Bilingual):
    """A survey run in waves: e.g. quality of life and public services, city-hall clients."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territorial unit"),
        on_delete=models.PROTECT,
        related_name="surveys",
        help_text=_("The city the survey represents; its estimates are written for it."),
    )
    population = models.CharField(
        _("population"), max_length=300, blank=True, help_text=_("E.g. residents aged 18+.")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Question(models.Model):
    """A question with a numeric answer scale, its value labels and its "don't know" codes."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.CharField(_("code"), max_length=64)
    text_pl = models.TextField(_("text (Polish)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    scale_min = models.IntegerField(_("lowest answer"))
    scale_max = models.IntegerField(_("highest answer"))
    value_labels = models.JSONField(
        _("value labels"),
        default=dict,
        blank=True,
        help_text=_('E.g. {"1": "very dissatisfied", "5": "very satisfied", "9": "don\'t know"}.'),
    )
    missing_codes = models.JSONField(
        _('"don\'t know" and refusal codes'),
        default=list,
        blank=True,
        help_text=_("Answer codes outside the scale that mean don't know or refused, e.g. [9]."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="question_code_in_survey"),
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="question_scale_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.scale_min}–{self.scale_max})"

    def clean(self) -> None:
        if not isinstance(self.missing_codes, list) or not all(
            isinstance(c, int) and not isinstance(c, bool) for c in self.missing_codes
        ):
            raise ValidationError({"missing_codes": _("A list of whole numbers, e.g. [9].")})
        if any(self.scale_min <= c <= self.scale_max for c in self.missing_codes):
            raise ValidationError(
                {"missing_codes": _("A don't-know code cannot be a point of the scale.")}
            )


class Mode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("face-to-face (CAPI/PAPI)")
    TELEPHONE = "telephone", _("telephone (CATI)")
    WEB = "web", _("web (CAWI)")
    MIXED = "mixed", _("mixed mode")


class Wave(models.Model):
    """One round of fieldwork; its estimates are observations of the wave's ``year``."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="waves"
    )
    code = models.SlugField(_("code"), max_length=64, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    field_start = models.DateField(_("fieldwork from"), null=True, blank=True)
    field_end = models.DateField(_("fieldwork to"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices)
    sample_size = models.PositiveIntegerField(
        _("sample size"), null=True, blank=True, help_text=_("Respondents; set by the import.")
    )
    comparable_with_previous = models.BooleanField(
        _("comparable with earlier waves"),
        default=True,
        help_text=_("Untick when the method changed (mode, questionnaire, sampling)."),
    )
    comparability_note = models.TextField(_("note on comparability"), blank=True)
    note = models.TextField(_("note"), blank=True)
    imported_at = models.DateTimeField(_("microdata imported"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_file = models.CharField(_("source file"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["survey", "year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "year"], name="wave_year_in_survey"),
            models.CheckConstraint(
                condition=(
                    models.Q(comparable_with_previous=True) | ~models.Q(comparability_note="")
                ),
                name="wave_break_has_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.year})"

    def clean(self) -> None:
        if not self.comparable_with_previous and not self.comparability_note.strip():
            raise ValidationError(
                {"comparability_note": _("Say why this wave is not comparable with earlier ones.")}
            )
        if self.field_start and self.field_end and self.field_end < self.field_start:
            raise ValidationError({"field_end": _("Fieldwork cannot end before it starts.")})


class Respondent(models.Model):
    """One respondent of a wave: weight, district, sex, age group and answers (microdata)."""

    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="respondents"
    )
    row_id = models.CharField(_("respondent id"), max_length=64)
    weight = models.DecimalField(_("weight"), max_digits=16, decimal_places=8)
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sex = models.CharField(_("sex"), max_length=8, blank=True)
    age_group = models.CharField(_("age group"), max_length=32, blank=True)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents (microdata)")
        ordering = ["wave", "id"]
        constraints = [
            models.UniqueConstraint(fields=["wave", "row_id"], name="respondent_id_in_wave")
        ]

    def __str__(self) -> str:
        return f"{self.wave.code} #{self.row_id}"


class Statistic(models.TextChoices):
    SHARE = SHARE, _("share of respondents in chosen answers (%)")
    MEAN = MEAN, _("mean score")
    NPS = NPS, _("Net Promoter Score")


class SubjectiveIndicator(models.Model):
    """How a subjective indicator of the catalogue is computed from a survey question."""

    indicator = models.OneToOneField(
        "catalog.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="survey_definition",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    statistic = models.CharField(_("statistic"), max_length=8, choices=Statistic.choices)
    categories = models.JSONField(
        _("answers counted"),
        default=list,
        blank=True,
        help_text=_('For a share: the answer codes counted, e.g. [4, 5] for "satisfied".'),
    )
    exclude_dont_know = models.BooleanField(
        _('leave out "don\'t know"'),
        default=True,
        help_text=_(
            "Ticked: respondents who answered don't know are left out of the base. "
            "Unticked: they count in the base (as not in the chosen answers)."
        ),
    )
    min_base = models.PositiveIntegerField(
        _("minimum base"),
        null=True,
        blank=True,
        help_text=_("Fewer respondents than this: the estimate is suppressed. Empty: default."),
    )

    class Meta:
        verbose_name = _("subjective indicator definition")
        verbose_name_plural = _("subjective indicator definitions")
        ordering = ["indicator__code"]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.statistic} {self.question.code}"

    def clean(self) -> None:
        errors = {}
        if self.indicator_id and self.indicator.kind != "subjective":
            errors["indicator"] = _("Only a subjective (survey) indicator can be defined here.")
        if self.statistic == SHARE:
            if (
                not isinstance(self.categories, list)
                or not self.categories
                or not all(isinstance(c, int) and not isinstance(c, bool) for c in self.categories)
            ):
                errors["categories"] = _("List the answer codes counted, e.g. [4, 5].")
            elif self.question_id and not all(
                self.question.scale_min <= c <= self.question.scale_max for c in self.categories
            ):
                errors["categories"] = _("The answers counted must be points of the scale.")
        elif self.categories:
            errors["categories"] = _("Answers counted apply to a share only.")
        if (
            self.statistic == NPS
            and self.question_id
            and (self.question.scale_min, self.question.scale_max) != (0, 10)
        ):
            errors["statistic"] = _("Net Promoter Score needs a 0–10 question.")
        if errors:
            raise ValidationError(errors)
