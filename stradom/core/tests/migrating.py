"""Moving the test database between migration states, for the tests of migrations.

A test that uses these needs ``@pytest.mark.django_db(transaction=True)`` (migrations do
not run inside the test's transaction) and must leave the database at the latest state,
``migrate_to(latest_migrations())`` in a ``finally``, so that the tests after it find
every table as the code expects.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

Targets = list[tuple[str, str]]


def latest_migrations() -> Targets:
    """The last migration of every app, as the code is now."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate_to(targets: Targets) -> MigrationExecutor:
    """Applies or unapplies migrations until the database is at ``targets``. The executor
    returned knows what is applied now; ``executor.loader.project_state(targets).apps``
    holds the models as they were at ``targets``."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def migrate_empty_database_to(targets: Targets) -> MigrationExecutor:
    """Drops every table, then applies the migrations up to ``targets`` from nothing: the
    database as the code whose last migrations are ``targets`` created it. Going there
    from nothing, not back from the latest state, needs no later migration to be
    reversible."""
    tables = connection.introspection.table_names(include_views=False)
    views = set(connection.introspection.table_names(include_views=True)) - set(tables)
    with connection.schema_editor() as editor:  # on SQLite: foreign keys off meanwhile
        for view in views:  # catalog's history view, which names tables dropped below
            editor.execute(f"DROP VIEW {editor.quote_name(view)}")
        for table in tables:
            editor.execute(editor.sql_delete_table % {"table": editor.quote_name(table)})
    ContentType.objects.clear_cache()  # the ids it remembers belonged to the dropped table
    return migrate_to(targets)
