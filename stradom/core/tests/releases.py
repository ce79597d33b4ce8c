"""The migration state of Stradom's releases: the last migration of every app with
migrations (Stradom's own, Django's contrib apps, axes, django_tasks_db) at the release.

``PREVIOUS`` is commit 8668a39, computed from its migration files, not written by hand:
``git archive 8668a39 stradom | tar -x -C /tmp/release``, then, with ``/tmp/release``
first on ``sys.path``, ``MigrationLoader(None).graph.leaf_nodes()`` (the third-party
apps' migrations are those of the versions installed then: Django 5.2.19, django-axes
8.3.1, django-tasks-db 0.13.0). Those migration files stay in the code (or a squashed
migration replaces them), so a database of that release can always be migrated forward.
"""

from __future__ import annotations

PREVIOUS_COMMIT = "8668a39"

PREVIOUS = [
    ("admin", "0003_logentry_add_action_flag_choices"),
    ("api", "0001_initial"),
    ("assessment", "0001_initial"),
    ("auth", "0012_alter_user_first_name_max_length"),
    ("axes", "0010_accessattemptexpiration"),
    ("catalog", "0002_lighter_observation_indexes"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("core", "0001_data_version"),
    ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ("finance", "0003_moneychange_old_new_as_text"),
    ("instruments", "0006_instrument_domain"),
    ("jobs", "0002_job_updated_at"),
    ("registers", "0001_initial"),
    ("sessions", "0001_initial"),
    ("strategy", "0001_initial"),
    ("surveys", "0001_initial"),
    ("territory", "0001_initial"),
    ("workspace", "0001_initial"),
]
