"""The observation table keyed by its natural key alone (``Observation``'s docstring says
why): the primary key is (indicator, territory, period, disaggregation), the surrogate
``id``, the unique key that duplicated it, the two read indexes, the indexes of the
foreign keys and their constraints go.

Django does not migrate a table to a composite primary key, so the database side is
written here: on PostgreSQL ``ALTER TABLE`` in place; on SQLite the table is built
anew, ``WITHOUT ROWID`` (its rows are stored in the key's own b-tree, one structure
instead of two), and the rows copied. Every row is kept. The history view, which
reads the table, is dropped first and made again as 0006 made it.

Backwards, the table is made again as 0006 left it (id, unique key, indexes, foreign
keys: Django builds it from 0006's model) and every row copied into it, so a database
can go back to 0006 and forward again.
"""

from importlib import import_module

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

change_sets = import_module("stradom.catalog.migrations.0006_change_sets")

TABLE = "catalog_observation"
KEY = "indicator_id, territory_id, period, dimensions"


def lean_table(apps, schema_editor):
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    schema_editor.execute("DROP VIEW IF EXISTS catalog_observationchange")
    if connection.vendor == "sqlite":
        model = apps.get_model("catalog", "Observation")
        sql, params = schema_editor.table_sql(model)
        columns = ", ".join(quote(f.column) for f in model._meta.local_concrete_fields)
        new = f"new__{TABLE}"
        schema_editor.execute(
            sql.replace(quote(TABLE), quote(new), 1) + " WITHOUT ROWID", params or None
        )
        schema_editor.execute(
            f"INSERT INTO {quote(new)} ({columns}) SELECT {columns} FROM {quote(TABLE)}"  # noqa: S608
        )
        schema_editor.execute(f"DROP TABLE {quote(TABLE)}")
        schema_editor.execute(f"ALTER TABLE {quote(new)} RENAME TO {quote(TABLE)}")
    else:
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, TABLE)
        for name, info in constraints.items():
            if info["foreign_key"] or info["primary_key"] or (info["unique"] and info["columns"]):
                schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT {quote(name)}")
        for name, info in constraints.items():
            if info["index"] and not info["primary_key"] and not info["unique"]:
                schema_editor.execute(f"DROP INDEX IF EXISTS {quote(name)}")
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN id")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT catalog_observation_pkey PRIMARY KEY ({KEY})"
        )
    change_sets.create_view(apps, schema_editor)


def keyed_table(apps, schema_editor):
    """Back to the table of 0006, every row kept (they get new ids: nothing names them)."""
    from django.db.migrations.loader import MigrationLoader

    quote = schema_editor.quote_name
    connection = schema_editor.connection
    before = MigrationLoader(connection).project_state(("catalog", "0006_change_sets")).apps
    model = before.get_model("catalog", "Observation")
    old = f"old__{TABLE}"
    schema_editor.execute("DROP VIEW IF EXISTS catalog_observationchange")
    schema_editor.execute(f"ALTER TABLE {quote(TABLE)} RENAME TO {quote(old)}")
    if connection.vendor == "postgresql":  # constraint names stay with a renamed table
        schema_editor.execute(
            f"ALTER TABLE {quote(old)} RENAME CONSTRAINT catalog_observation_pkey "
            f"TO {quote(old + '_pkey')}"
        )
    schema_editor.create_model(model)
    columns = ", ".join(
        quote(f.column) for f in model._meta.local_concrete_fields if f.column != "id"
    )
    schema_editor.execute(
        f"INSERT INTO {quote(TABLE)} ({columns}) SELECT {columns} FROM {quote(old)} "  # noqa: S608
        f"ORDER BY {KEY}"
    )
    schema_editor.execute(f"DROP TABLE {quote(old)}")
    change_sets.create_view(apps, schema_editor)


class Migration(migrations.Migration):
    atomic = True

    dependencies = [
        ("catalog", "0006_change_sets"),
        ("territory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="observation", name="observation_key"),
                migrations.RemoveIndex(
                    model_name="observation", name="catalog_obs_indicat_e507ed_idx"
                ),
                migrations.RemoveIndex(
                    model_name="observation", name="catalog_obs_indicat_eae5fc_idx"
                ),
                migrations.RemoveField(model_name="observation", name="id"),
                migrations.AddField(
                    model_name="observation",
                    name="pk",
                    field=models.CompositePrimaryKey(
                        "indicator",
                        "territory",
                        "period",
                        "dimensions",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="indicator",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="observations",
                        to="catalog.indicator",
                        verbose_name="indicator",
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="territory",
                    field=models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="observations",
                        to="territory.territory",
                        verbose_name="territorial unit",
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="updated_by",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="updated by",
                    ),
                ),
            ]
        ),
        migrations.RunPython(lean_table, keyed_table),
    ]
