"""The data version: one number that grows after every committed change to what the
public pages show, so a cached page (``stradom.core.page_cache``) is served only while
nothing it shows has changed.

Every write path calls :func:`changed` once per change (``write_observations``, the
strategy and link services, assessments, finance, instruments, the admin). The number is
raised in ``transaction.on_commit``: a reader who sees the new number also sees the new
data, and a long import holds no lock on the row while it runs. Outside a transaction
the number is raised at once.
"""

from __future__ import annotations

import threading
from datetime import UTC
from functools import partial

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

ROW = 1


def changed(using: str | None = None) -> None:
    """Say that published data changed: the version is raised when the current
    transaction commits (at once outside one). Calling it many times in one transaction
    raises the version once."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump(connection.alias)
        return
    # Django replaces its list of callbacks when a transaction or savepoint rolls back,
    # so ours is still pending when the list is the same object as at sign-up (and we are
    # in the same savepoint: one callback per level keeps a rolled-back inner level from
    # taking the outer one's with it).
    here = (connection.run_on_commit, tuple(connection.savepoint_ids))
    pending = getattr(connection, "_stradom_data_version", None)
    if pending is not None and pending[0] is here[0] and pending[1] == here[1]:
        return
    transaction.on_commit(partial(bump, connection.alias), using=connection.alias)
    connection._stradom_data_version = here


# Models whose rows the public pages, the API and the reports show. Their ordinary saves
# and deletes (the admin, services that save instances) raise the version through
# receivers connected to each of these models. Tables of many rows are left out: a
# delete receiver would stop Django's fast bulk delete on them; their write paths call
# ``changed`` themselves (the observation writer, the finance history, survey estimates
# through the observation writer; microdata alone changes no published number).
PUBLISHED_APPS = (
    "territory",
    "catalog",
    "strategy",
    "assessment",
    "instruments",
    "finance",
    "surveys",
)
BULK_MODELS = {
    "surveys.respondent",
    "catalog.observation",
    "catalog.observationchange",
    "catalog.observationrevision",
    "catalog.changeset",
    "finance.moneychange",
    "finance.wpfvalue",
    "finance.budgettaskmonth",
}


def _on_save_or_delete(sender, using=None, **kwargs) -> None:
    changed(using)


def _on_m2m_change(sender, action, using=None, **kwargs) -> None:
    if action.startswith("post_"):
        changed(using)


def connect() -> None:
    """Called once from ``CoreConfig.ready``."""
    from django.apps import apps
    from django.core.signals import request_finished, request_started

    request_started.connect(_request_started, dispatch_uid="dv-request-started")
    request_finished.connect(_request_finished, dispatch_uid="dv-request-finished")
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for label in PUBLISHED_APPS:
        if not apps.is_installed(f"stradom.{label}"):
            continue
        for model in apps.get_app_config(label).get_models():
            if model._meta.label_lower in BULK_MODELS:
                continue
            post_save.connect(_on_save_or_delete, sender=model, dispatch_uid=f"dv-s-{model}")
            post_delete.connect(_on_save_or_delete, sender=model, dispatch_uid=f"dv-d-{model}")
            for m2m in model._meta.local_many_to_many:
                through = m2m.remote_field.through
                m2m_changed.connect(_on_m2m_change, sender=through, dispatch_uid=f"dv-m-{through}")


def bump(using: str | None = None) -> int:
    """Raise the version now (one UPDATE, or the first INSERT) and return it."""
    from stradom.core.models import DataVersion

    manager = DataVersion.objects.using(using) if using else DataVersion.objects
    now = timezone.now()
    if not manager.filter(pk=ROW).update(number=F("number") + 1, changed_at=now):
        try:
            with transaction.atomic(using=using):
                manager.create(pk=ROW, number=1, changed_at=now)
        except IntegrityError:  # another process created it first
            manager.filter(pk=ROW).update(number=F("number") + 1, changed_at=now)
    _REQUEST.number = None  # this request reads the new one
    return current(using)[0]


def current(using: str | None = None) -> tuple[int, object]:
    """``(number, changed_at)``; ``(0, None)`` before the first change. Asked on every
    cached page, so one plain statement rather than a query built by the ORM."""
    from stradom.core.models import DataVersion

    connection = connections[using or DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute(_CURRENT_SQL % DataVersion._meta.db_table, [ROW])
        row = cursor.fetchone()
    if row is None:
        return (0, None)
    number, changed_at = row
    if isinstance(changed_at, str):  # SQLite hands back text through a plain cursor
        changed_at = parse_datetime(changed_at)
    if changed_at is not None and timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, UTC)
    return (number, changed_at)


def in_this_request() -> int:
    """The number, read once per request of this thread and remembered until it ends or
    this process raises it (a page whose kept parts each ask it reads it once); out of a
    request, as :func:`current`, every time."""
    if not getattr(_REQUEST, "open", False):
        return current()[0]
    number = getattr(_REQUEST, "number", None)
    if number is None:
        number = _REQUEST.number = current()[0]
    return number


_REQUEST = threading.local()


def _request_started(**kwargs) -> None:
    _REQUEST.open, _REQUEST.number = True, None


def _request_finished(**kwargs) -> None:
    _REQUEST.open, _REQUEST.number = False, None


_CURRENT_SQL = "SELECT number, changed_at FROM %s WHERE id = %%s"  # noqa: S608 - our table
