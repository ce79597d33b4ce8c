"""Read permissions the API needs: ``stradom.accounts.permissions``, under the API's names.

The rules are the accounts app's: the public reads published indicators; analysts and
administrators read everything; a coordinator or a data provider also reads their own
(unpublished) indicators. Writes are checked by the write path itself
(``ValuePermissions``), never here.
"""

from __future__ import annotations

from django.db.models import QuerySet

from stradom.accounts import permissions as accounts


def readable_indicators(user, queryset: QuerySet | None = None) -> QuerySet:
    """The indicators ``user`` may read, as a filter on ``queryset`` (default: all)."""
    return accounts.visible_indicators(user, queryset)


def is_office_user(user) -> bool:
    """Anyone with a role in the office (administrator, analyst, coordinator, data
    provider): who may use the workspace, and so read instruments and money."""
    return accounts.can(user, accounts.Action.USE_WORKSPACE)
