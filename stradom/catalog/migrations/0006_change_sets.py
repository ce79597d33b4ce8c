"""Change sets: every write of values is one; a new value names it on its own row.

The history table becomes ``ObservationRevision`` (updates and deletions, and the
``created`` rows written before this migration, kept as they were: same ids, same
columns, nothing rewritten), and ``catalog_observationchange`` becomes a view of the
history as before: those rows, plus the creation of every value written from now on,
derived from its row and its change set (see ``ObservationChange``).

Why the old ``created`` rows stay rows rather than becoming change sets: they are the
record as it was written; turning them into derived entries would be exact only if no
value had ever been changed outside the write path, which a migration cannot prove
for every row. Kept, they read the same through the view, ids included.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import stradom.core.channels

SPAN = "4294967296"  # catalog.models.observations.SEQ_SPAN, as it is in this migration
KEY = (
    "{a}.indicator_id = {b}.indicator_id AND {a}.territory_id = {b}.territory_id AND "
    "{a}.period = {b}.period AND {a}.dimensions = {b}.dimensions"
)
COLUMNS = (
    "id, indicator_id, territory_id, period, dimensions, action, old_value, new_value, "
    "old_status, new_status, old, new, reason, channel, batch, user_id, at, change_set_id"
)
SNAPSHOT = {
    "postgresql": (
        "jsonb_build_object('value', trim_scale(o.value)::text, 'status', o.status, "
        "'ci_low', trim_scale(o.ci_low)::text, 'ci_high', trim_scale(o.ci_high)::text, "
        "'base_n', o.base_n, 'note', o.note, 'source', o.source, 'flags', o.flags)"
    ),
    "sqlite": (
        "stradom_snapshot(o.value, o.status, o.ci_low, o.ci_high, o.base_n, o.note, "
        "o.source, o.flags)"
    ),
}
VIEW = f"""
CREATE VIEW catalog_observationchange ({COLUMNS}) AS
SELECT CASE WHEN r.change_set_id IS NULL THEN r.id ELSE r.change_set_id * {SPAN} + r.seq END,
       r.indicator_id, r.territory_id, r.period, r.dimensions, r.action, r.old_value,
       r.new_value, r.old_status, r.new_status, r.old, r.new, r.reason, r.channel, r.batch,
       r.user_id, r.at, r.change_set_id
FROM catalog_observationrevision r
UNION ALL
SELECT c.id * {SPAN} + o.seq, o.indicator_id, o.territory_id, o.period, o.dimensions,
       'created', NULL, o.value, '', o.status, NULL, {{snapshot}}, c.reason, c.channel,
       c.batch, c.user_id, c.at, c.id
FROM catalog_observation o JOIN catalog_changeset c ON c.id = o.change_set_id
WHERE NOT EXISTS (
    SELECT 1 FROM catalog_observationrevision x
    WHERE x.created_in_id = o.change_set_id AND {KEY.format(a="x", b="o")}
)
UNION ALL
SELECT c.id * {SPAN} + r.created_seq, r.indicator_id, r.territory_id, r.period,
       r.dimensions, 'created', NULL, r.old_value, '', r.old_status, NULL, r.old, c.reason,
       c.channel, c.batch, c.user_id, c.at, c.id
FROM catalog_observationrevision r JOIN catalog_changeset c ON c.id = r.created_in_id
WHERE NOT EXISTS (
    SELECT 1 FROM catalog_observationrevision x
    WHERE x.created_in_id = r.created_in_id AND {KEY.format(a="x", b="r")} AND x.id < r.id
)
"""  # noqa: S608 - constants of this migration, no input


def create_view(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("DROP VIEW IF EXISTS catalog_observationchange")
    schema_editor.execute(VIEW.format(snapshot=SNAPSHOT.get(vendor, SNAPSHOT["postgresql"])))


def drop_view(apps, schema_editor):
    schema_editor.execute("DROP VIEW IF EXISTS catalog_observationchange")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_indicator_history"),
        ("territory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChangeSet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField(verbose_name="when")),
                (
                    "channel",
                    models.CharField(
                        choices=stradom.core.channels.CHOICES,
                        max_length=16,
                        verbose_name="channel",
                    ),
                ),
                ("reason", models.TextField(verbose_name="reason")),
                ("batch", models.CharField(blank=True, max_length=64, verbose_name="batch")),
                (
                    "file_name",
                    models.CharField(blank=True, max_length=255, verbose_name="file name"),
                ),
                (
                    "file_size",
                    models.BigIntegerField(blank=True, null=True, verbose_name="file size"),
                ),
                (
                    "file_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="SHA-256 of the file"),
                ),
                ("created", models.PositiveIntegerField(default=0, verbose_name="created")),
                ("updated", models.PositiveIntegerField(default=0, verbose_name="updated")),
                ("deleted", models.PositiveIntegerField(default=0, verbose_name="deleted")),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={"verbose_name": "change set", "verbose_name_plural": "change sets"},
        ),
        migrations.RenameModel("ObservationChange", "ObservationRevision"),
        migrations.AddField(
            model_name="observationrevision",
            name="change_set",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.changeset",
                verbose_name="change set",
            ),
        ),
        migrations.AddField(
            model_name="observationrevision",
            name="seq",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="place in its change set"
            ),
        ),
        migrations.AddField(
            model_name="observationrevision",
            name="created_in",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.changeset",
                verbose_name="created in",
            ),
        ),
        migrations.AddField(
            model_name="observationrevision",
            name="created_seq",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="observation",
            name="change_set",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.changeset",
                verbose_name="change set",
            ),
        ),
        migrations.AddField(
            model_name="observation",
            name="seq",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="place in its change set"
            ),
        ),
        migrations.CreateModel(
            name="ObservationChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("period", models.CharField(max_length=10, verbose_name="period")),
                (
                    "dimensions",
                    models.CharField(
                        blank=True, default="", max_length=300, verbose_name="disaggregation"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[
                            ("created", "created"),
                            ("updated", "updated"),
                            ("deleted", "deleted"),
                        ],
                        max_length=10,
                        verbose_name="action",
                    ),
                ),
                (
                    "old_value",
                    models.DecimalField(
                        blank=True,
                        decimal_places=10,
                        max_digits=28,
                        null=True,
                        verbose_name="old value",
                    ),
                ),
                (
                    "new_value",
                    models.DecimalField(
                        blank=True,
                        decimal_places=10,
                        max_digits=28,
                        null=True,
                        verbose_name="new value",
                    ),
                ),
                (
                    "old_status",
                    models.CharField(blank=True, max_length=16, verbose_name="old status"),
                ),
                (
                    "new_status",
                    models.CharField(blank=True, max_length=16, verbose_name="new status"),
                ),
                ("old", models.JSONField(blank=True, null=True, verbose_name="before")),
                ("new", models.JSONField(blank=True, null=True, verbose_name="after")),
                ("reason", models.TextField(verbose_name="reason")),
                (
                    "channel",
                    models.CharField(
                        choices=stradom.core.channels.CHOICES,
                        max_length=16,
                        verbose_name="channel",
                    ),
                ),
                ("batch", models.CharField(blank=True, max_length=64, verbose_name="batch")),
                ("at", models.DateTimeField(verbose_name="when")),
                (
                    "change_set",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="catalog.changeset",
                        verbose_name="change set",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="catalog.indicator",
                        verbose_name="indicator",
                    ),
                ),
                (
                    "territory",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="territory.territory",
                        verbose_name="territorial unit",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "observation change",
                "verbose_name_plural": "observation history",
                "db_table": "catalog_observationchange",
                "ordering": ["-at", "-id"],
                "managed": False,
            },
        ),
        migrations.RunPython(create_view, drop_view),
    ]
