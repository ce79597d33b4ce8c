"""Database defaults for the observation columns that every plain new value has the same
value in — disaggregation, status, note, source and flags — and for its time
(``updated_at``: the transaction's time on PostgreSQL). The column-wise import leaves
them out of its ``COPY``: PostgreSQL no longer parses a million copies of the same
texts and times (``bench/ingest/README.md``, 7 Dec 2026). No row changes.

On PostgreSQL ``ALTER COLUMN … SET DEFAULT`` (backwards ``DROP DEFAULT``). On SQLite,
where a column's default changes only with its table, the table is built anew from the
model of the state migrated to, ``WITHOUT ROWID`` as 0007 made it, and every row
copied (Django's own rebuild would drop ``WITHOUT ROWID``); the history view, which
reads the table, is dropped first and made again.
"""

from importlib import import_module

from django.db import migrations, models

import stradom.catalog.models.observations

change_sets = import_module("stradom.catalog.migrations.0006_change_sets")

TABLE = "catalog_observation"
# The PostgreSQL defaults: what the fields' db_default compile to (CURRENT_TIMESTAMP is
# the transaction's time there; see ``TransactionTime``).
DEFAULTS = {
    "dimensions": "''",
    "status": "'final'",
    "note": "''",
    "source": "''",
    "flags": "'[]'::jsonb",
    "updated_at": "CURRENT_TIMESTAMP",
}


def _rebuild_sqlite(schema_editor, state: tuple[str, str]) -> None:
    """The SQLite table as the model of migration ``state`` defines it, rows kept."""
    from django.db.migrations.loader import MigrationLoader

    quote = schema_editor.quote_name
    apps = MigrationLoader(schema_editor.connection).project_state(state).apps
    model = apps.get_model("catalog", "Observation")
    sql, params = schema_editor.table_sql(model)
    columns = ", ".join(quote(f.column) for f in model._meta.local_concrete_fields)
    new = f"new__{TABLE}"
    schema_editor.execute("DROP VIEW IF EXISTS catalog_observationchange")
    schema_editor.execute(
        sql.replace(quote(TABLE), quote(new), 1) + " WITHOUT ROWID", params or None
    )
    schema_editor.execute(
        f"INSERT INTO {quote(new)} ({columns}) SELECT {columns} FROM {quote(TABLE)}"  # noqa: S608
    )
    schema_editor.execute(f"DROP TABLE {quote(TABLE)}")
    schema_editor.execute(f"ALTER TABLE {quote(new)} RENAME TO {quote(TABLE)}")
    change_sets.create_view(apps, schema_editor)


def set_defaults(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuild_sqlite(schema_editor, ("catalog", "0008_observation_column_defaults"))
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} "
        + ", ".join(f"ALTER COLUMN {c} SET DEFAULT {d}" for c, d in DEFAULTS.items())
    )


def drop_defaults(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _rebuild_sqlite(schema_editor, ("catalog", "0007_lean_observation_table"))
        return
    schema_editor.execute(
        f"ALTER TABLE {TABLE} " + ", ".join(f"ALTER COLUMN {c} DROP DEFAULT" for c in DEFAULTS)
    )


class Migration(migrations.Migration):
    atomic = True

    dependencies = [
        ("catalog", "0007_lean_observation_table"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="observation",
                    name="dimensions",
                    field=models.CharField(
                        blank=True,
                        db_default="",
                        default="",
                        max_length=300,
                        verbose_name="disaggregation",
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="flags",
                    field=models.JSONField(
                        blank=True, db_default=[], default=list, verbose_name="validation flags"
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="note",
                    field=models.TextField(
                        blank=True, db_default="", default="", verbose_name="note"
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="source",
                    field=models.CharField(
                        blank=True,
                        db_default="",
                        default="",
                        max_length=500,
                        verbose_name="source",
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("final", "final"),
                            ("provisional", "provisional"),
                            ("estimated", "estimated"),
                            ("not_available", "not available"),
                        ],
                        db_default="final",
                        default="final",
                        max_length=16,
                        verbose_name="status",
                    ),
                ),
                migrations.AlterField(
                    model_name="observation",
                    name="updated_at",
                    field=models.DateTimeField(
                        db_default=stradom.catalog.models.observations.TransactionTime(),
                        verbose_name="updated",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(set_defaults, drop_defaults)],
        ),
    ]
