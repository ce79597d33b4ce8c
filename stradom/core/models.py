"""Abstract models shared by several apps."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from stradom.core import channels
from stradom.core.formatting import is_english


class Bilingual(models.Model):
    """A name and description kept in Polish and English.

    ``name`` and ``description`` give the text in the active language, falling back
    to Polish (the language every office fills in first).
    """

    name_pl = models.CharField(_("name (Polish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description_pl = models.TextField(_("description (Polish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        abstract = True

    def _localized(self, field: str) -> str:
        if is_english():
            return getattr(self, f"{field}_en") or getattr(self, f"{field}_pl")
        return getattr(self, f"{field}_pl")

    @property
    def name(self) -> str:
        return self._localized("name")

    @property
    def description(self) -> str:
        return self._localized("description")


class DataVersion(models.Model):
    """One row whose ``number`` grows after every committed change to what public pages
    show (values, indicators, strategies and their links, assessments, money,
    instruments). Pages cached by ``stradom.core.page_cache`` are keyed by it, and it is
    their ETag and Last-Modified. Kept in the database, not in a process, so every web
    worker and every server behind a load balancer sees the same version. Written only
    by ``stradom.core.data_version``."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.number)


def history_text(value: Any, field=None) -> str:
    """A value as every history keeps it, so a reader later sees what was there: empty for
    nothing, ISO dates (``2026-03-31``; the admin shows them as ``31.03.2026``), exact
    decimals (``1250000.50``, never a float), ``1``/``0`` for yes/no, codes of linked
    records, sorted codes of a set of them, JSON for lists and mappings.

    ``field`` (the model field the value belongs to) fixes a decimal's places: amounts
    keep their two (``100.00``), measures drop trailing zeros (``30``, not
    ``30.0000000000``), so a value typed as ``30`` and read back from the database as
    ``30.0000000000`` is the same value, not a change.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        places = getattr(field, "decimal_places", None)
        if places is not None and places <= 2:
            return format(value.quantize(Decimal(1).scaleb(-places)), "f")
        if places is not None and value == value.to_integral_value():
            return format(value.quantize(Decimal(1)), "f")
        if places is not None:
            return format(value.normalize(), "f")
        return format(value, "f")
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, models.Model):
        code = getattr(value, "code", None)
        return str(code) if code is not None else str(value)
    if hasattr(value, "all") and hasattr(value, "model"):  # a many-to-many manager
        return ", ".join(sorted(history_text(obj) for obj in value.all()))
    return str(value)


def snapshot(obj, fields) -> dict[str, str]:
    """``{field: text}`` of ``obj``'s ``fields`` as :func:`history_text` writes them (an
    empty mapping for no object: everything is new). Many-to-many fields give the
    sorted codes of the linked records."""
    if obj is None:
        return {}
    out = {}
    for name in fields:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is not None and field.many_to_many and obj.pk is None:
            out[name] = ""
            continue
        out[name] = history_text(getattr(obj, name), field)
    return out


def changed_fields(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    """``(field, old, new)`` for every field of ``after`` whose text differs from before."""
    return [
        (name, before.get(name, ""), new)
        for name, new in after.items()
        if before.get(name, "") != new
    ]


class ChangeRecord(models.Model):
    """One recorded change to a record of any kind: who, when, which field, old and new
    value, why, and through which channel (admin, import, API, demo…).

    ``old`` is empty for something new, ``new`` empty for something removed (the record
    itself may be gone; its history stays). Concrete histories (``registers``,
    ``instruments``, ``finance.MoneyChange``) subclass it and add their verbose names.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("kind of record"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("record"))
    object_repr = models.CharField(_("record"), max_length=300)
    field = models.CharField(_("what changed"), max_length=100)
    old = models.TextField(_("old value"), blank=True)
    new = models.TextField(_("new value"), blank=True)
    reason = models.TextField(_("reason"))
    channel = models.CharField(
        _("channel"), max_length=20, default="service", choices=channels.CHOICES
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.object_repr}: {self.field_label}"

    def recorded_field(self):
        """The model field ``field`` names on the recorded model, or None."""
        model = self.content_type.model_class() if self.content_type_id else None
        if model is None:
            return None
        try:
            return model._meta.get_field(self.field)
        except FieldDoesNotExist:
            return None

    @property
    def field_label(self) -> str:
        """What changed, in the reader's words: the field's name (``stan realizacji`` for
        the stored ``status``); a history that records other things says them (a subclass)."""
        field = self.recorded_field()
        return str(getattr(field, "verbose_name", "") or self.field)

    @classmethod
    def entry(cls, obj, field: str, old: str, new: str, *, actor, reason: str, channel: str):
        """An unsaved record of one change of ``obj``: the one way every history builds one."""
        return cls(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=obj.pk,
            object_repr=str(obj)[:300],
            field=field[:100],
            old=old,
            new=new,
            reason=(reason or "").strip(),
            channel=channel[:20],
            actor=actor if getattr(actor, "pk", None) else None,
        )

    @classmethod
    def record(cls, obj, changes, *, actor, reason: str, channel: str) -> None:
        """Save one record per ``(field, old, new)`` of ``changes``."""
        cls.objects.bulk_create(
            cls.entry(obj, f, old, new, actor=actor, reason=reason, channel=channel)
            for f, old, new in changes
        )

    @classmethod
    def record_diff(
        cls, obj, before: dict[str, str], after: dict[str, str], *, actor, reason: str, channel
    ) -> list[str]:
        """The one diff every history uses: compare two :func:`snapshot` s of ``obj`` (before
        and after a change), save one record per changed field (old, new, who, when,
        channel, why) and return the changed fields' names (none: nothing was saved)."""
        changes = changed_fields(before, after)
        cls.record(obj, changes, actor=actor, reason=reason, channel=channel)
        return [name for name, _old, _new in changes]
