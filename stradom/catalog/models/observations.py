from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from stradom.core import channels
from stradom.core.periods import PeriodKind

# Values keep up to this many decimal places; a value with more is refused, not rounded.
VALUE_DECIMAL_PLACES = 10
VALUE_MAX_DIGITS = 28


class ObservationStatus(models.TextChoices):
    FINAL = "final", _("final")
    PROVISIONAL = "provisional", _("provisional")
    ESTIMATED = "estimated", _("estimated")
    NOT_AVAILABLE = "not_available", _("not available")


class ChangeAction(models.TextChoices):
    CREATED = "created", _("created")
    UPDATED = "updated", _("updated")
    DELETED = "deleted", _("deleted")


PERIOD_KIND_CHOICES = [
    (PeriodKind.YEAR.value, _("year")),
    (PeriodKind.HALF.value, _("half-year")),
    (PeriodKind.QUARTER.value, _("quarter")),
    (PeriodKind.MONTH.value, _("month")),
    (PeriodKind.DAY.value, _("day")),
]


def _value_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=VALUE_MAX_DIGITS,
        decimal_places=VALUE_DECIMAL_PLACES,
        null=True,
        blank=True,
    )


class ChangeSet(models.Model):
    """One write of values: who, when, through which channel, why, and what it did.

    Every value written — typed in a form, imported from a file, sent to the API,
    recomputed, loaded by the demo — belongs to exactly one change set: one call of
    the write path (``ObservationWriter``), made when it first writes something. A new
    observation records its change set on its own row (``Observation.change_set``);
    updates and deletions keep a per-value row each (``ObservationRevision``). Their
    union, value by value, is the history (``ObservationChange``).

    ``batch`` is the write report's code; a recomputation that follows a write is a
    change set of its own (channel ``computed``) with the same code. For an import,
    the file's name, size and SHA-256 say exactly which file it was.
    """

    at = models.DateTimeField(_("when"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=channels.CHOICES)
    reason = models.TextField(_("reason"))
    batch = models.CharField(_("batch"), max_length=64, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_size = models.BigIntegerField(_("file size"), null=True, blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    deleted = models.PositiveIntegerField(_("deleted"), default=0)

    class Meta:
        verbose_name = _("change set")
        verbose_name_plural = _("change sets")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {self.batch}"


class TransactionTime(Now):
    """The time the transaction began, on PostgreSQL (``CURRENT_TIMESTAMP``, where Django's
    ``Now`` is the statement's): one time for every row one write stores, whichever of its
    statements stores it. Elsewhere as ``Now``."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CURRENT_TIMESTAMP", **extra_context)


# Where a change set's entries sort among the history's ids (see ``ObservationChange``):
# entry ``seq`` of change set ``c`` has the id ``c * SEQ_SPAN + seq``.
SEQ_SPAN = 2**32


class Observation(models.Model):
    """One value of an indicator for a territory, a period and a disaggregation.

    ``dimensions`` is the canonical key of the disaggregation, ``sex=F|age=15-19``
    (dimension codes sorted), empty for the total. Written only through
    ``stradom.catalog.services.write_observations``.

    ``change_set`` is the write that created the value and ``seq`` its place in it:
    with them the history shows the value's creation without a history row per value.
    An update leaves both as they are (the update's own row names its change set).

    The table is as lean as a keyed row per value can be (``bench/ingest/floor.py``
    measures it): the natural key is the primary key and the only index — it serves
    every query by indicator, by indicator and territory (a series) and, scanning one
    indicator's entries, by indicator and period (a map) — with no surrogate id and
    no foreign-key constraint. Each of those cost every import of a million values
    time: a second unique index on an id 1.7×, the two read indexes it had 3.2×, the
    three constraints' checks at commit about as much as writing the rows.

    Why no constraints is safe: the references are kept by Django (``PROTECT``,
    ``SET_NULL``), and the only way values are written, ``write_observations``, looks
    every indicator and territory up in its transaction and, on PostgreSQL, locks them
    against deletion (``FOR KEY SHARE``) once per chunk — what a constraint does for
    every row. Indicators and territories are deleted only through Django, whose
    ``PROTECT`` refuses while values name them.
    """

    pk = models.CompositePrimaryKey("indicator", "territory", "period", "dimensions")
    indicator = models.ForeignKey(
        "catalog.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territorial unit"),
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )
    period = models.CharField(_("period"), max_length=10)
    period_kind = models.CharField(_("period kind"), max_length=1, choices=PERIOD_KIND_CHOICES)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # The database defaults (``db_default``) are what a plain new value has: the
    # column-wise import leaves these columns out of its COPY, so PostgreSQL does not
    # parse a million copies of the same text (see ``observation_columns``). Python
    # code gets the same values from ``default``.
    dimensions = models.CharField(
        _("disaggregation"), max_length=300, blank=True, default="", db_default=""
    )
    value = _value_field(_("value"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ObservationStatus.choices,
        default=ObservationStatus.FINAL,
        db_default=ObservationStatus.FINAL.value,
    )
    ci_low = _value_field(_("confidence interval, lower bound"))
    ci_high = _value_field(_("confidence interval, upper bound"))
    base_n = models.PositiveIntegerField(_("unweighted base"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, default="", db_default="")
    source = models.CharField(_("source"), max_length=500, blank=True, default="", db_default="")
    flags = models.JSONField(_("validation flags"), default=list, db_default=[], blank=True)
    provenance = models.JSONField(_("computed from"), null=True, blank=True)
    # The column-wise import sends no time: the rows take the transaction's (``now()``),
    # which its change set records as its ``at``; every other write sends its own.
    updated_at = models.DateTimeField(_("updated"), db_default=TransactionTime())
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # Kept by Django (PROTECT), not by a database constraint: the write path creates the
    # change set in the same transaction, just before the rows that name it, and a
    # constraint would have the database check it again for every one of a million rows.
    # No index: the history asks by value (the key), not by change set.
    change_set = models.ForeignKey(
        ChangeSet,
        verbose_name=_("change set"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    seq = models.PositiveIntegerField(_("place in its change set"), null=True, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        dims = f" [{self.dimensions}]" if self.dimensions else ""
        return f"{self.indicator_id} {self.territory_id} {self.period}{dims} = {self.value}"


class ObservationRevision(models.Model):
    """A stored entry of the history: an update or a deletion of a value (old and new
    value and status, who, when, why), kept per value.

    Keyed by the observation's natural key rather than a foreign key, so the record
    of a deleted value (its tombstone) outlives it. ``created_in`` / ``created_seq``
    name the change set that created the value this entry changes, so the creation of
    a value that is later changed or deleted can still be shown, with the value it was
    created with (this entry's ``old``). Rows written before change sets existed also
    include ``created`` entries, kept as they were.

    The foreign keys are kept by Django (``PROTECT``, ``SET_NULL``), not by database
    constraints: an append-only record, written only by the write path with ids it has
    just looked up, and each constraint made PostgreSQL check every history row of an
    import at commit — about as much work as writing the row. ``indicator`` has no
    index of its own; the natural-key index starts with it.
    """

    indicator = models.ForeignKey(
        "catalog.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territorial unit"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    period = models.CharField(_("period"), max_length=10)
    dimensions = models.CharField(_("disaggregation"), max_length=300, blank=True, default="")
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    old_value = _value_field(_("old value"))
    new_value = _value_field(_("new value"))
    old_status = models.CharField(_("old status"), max_length=16, blank=True)
    new_status = models.CharField(_("new status"), max_length=16, blank=True)
    old = models.JSONField(_("before"), null=True, blank=True)
    new = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    channel = models.CharField(_("channel"), max_length=16, choices=channels.CHOICES)
    batch = models.CharField(_("batch"), max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    at = models.DateTimeField(_("when"))
    change_set = models.ForeignKey(
        ChangeSet,
        verbose_name=_("change set"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    seq = models.PositiveIntegerField(_("place in its change set"), null=True, blank=True)
    created_in = models.ForeignKey(
        ChangeSet,
        verbose_name=_("created in"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    created_seq = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("observation change")
        verbose_name_plural = _("observation history")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(
                fields=["indicator", "territory", "period", "dimensions"],
                name="catalog_obs_indicat_d32542_idx",  # the name it had before its table's
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.indicator_id} {self.period}"


class ObservationChange(models.Model):
    """The history of every observation: who changed what, when, from what to what, and why.

    A database view (migration ``catalog.0006``), read-only: every stored revision
    (``ObservationRevision``) and, derived, the creation of every value that has a
    change set — from the observation's own row while it is unchanged, else from the
    first revision after its creation (whose ``old`` is the value as created). So each
    value's timeline reads as it did when every creation had its own row: ``created``
    with the value and status it was created with, then each change.

    Ids: an entry of a change set has ``change_set * SEQ_SPAN + seq`` (its place in the
    write, creations and changes numbered together in the order they were written), an
    entry from before change sets its own row's id; so ``-at, -id`` lists newest first
    as before. ``on_delete=DO_NOTHING``: nothing is ever deleted or updated through the
    view; the tables under it keep ``PROTECT`` and ``SET_NULL``.
    """

    indicator = models.ForeignKey(
        "catalog.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territorial unit"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    period = models.CharField(_("period"), max_length=10)
    dimensions = models.CharField(_("disaggregation"), max_length=300, blank=True, default="")
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    old_value = _value_field(_("old value"))
    new_value = _value_field(_("new value"))
    old_status = models.CharField(_("old status"), max_length=16, blank=True)
    new_status = models.CharField(_("new status"), max_length=16, blank=True)
    old = models.JSONField(_("before"), null=True, blank=True)
    new = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    channel = models.CharField(_("channel"), max_length=16, choices=channels.CHOICES)
    batch = models.CharField(_("batch"), max_length=64, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    at = models.DateTimeField(_("when"))
    change_set = models.ForeignKey(
        ChangeSet,
        verbose_name=_("change set"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        managed = False
        db_table = "catalog_observationchange"
        verbose_name = _("observation change")
        verbose_name_plural = _("observation history")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.indicator_id} {self.period}"
