"""Read permissions the API needs, delegating to ``stradom.accounts.permissions``.

The rules are the accounts app's: the public reads published indicators; analysts and
administrators read everything; a coordinator or a data provider also reads their own
(unpublished) indicators. Writes are checked by the write path itself
(``ValuePermissions``), never here.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from stradom.accounts import permissions as accounts
from stradom.catalog.models import Indicator, PublicationStatus


def _reads_everything(user) -> bool:
    if accounts.is_administrator(user):
        return True
    return bool(
        user.is_authenticated
        and user.is_active
        and user.groups.filter(name=accounts.ANALYSTS).exists()
    )


def readable_indicators(user, queryset: QuerySet | None = None) -> QuerySet:
    """The indicators ``user`` may read, as a filter on ``queryset``."""
    qs = Indicator.objects.all() if queryset is None else queryset
    visible = getattr(accounts, "visible_indicators", None)
    if visible is not None:
        return visible(user, qs)
    if _reads_everything(user):
        return qs
    published = Q(publication_status=PublicationStatus.PUBLISHED)
    if not user.is_authenticated or not user.is_active:
        return qs.filter(published)
    own = accounts.ValuePermissions.for_user(user)
    return qs.filter(
        published | Q(domain_id__in=own.domain_ids) | Q(pk__in=own.indicator_ids)
    ).distinct()


def can_read_indicator(user, indicator: Indicator) -> bool:
    if indicator.publication_status == PublicationStatus.PUBLISHED:
        return True
    can = getattr(accounts, "can", None)
    if can is not None:
        return can(user, "view", indicator)
    if _reads_everything(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return accounts.ValuePermissions.for_user(user).allows(indicator)


def is_office_user(user) -> bool:
    """Anyone with a role in the office (administrator, analyst, coordinator, data
    provider): who may use the workspace, and so read instruments and money."""
    can = getattr(accounts, "can", None)
    if can is not None:
        return can(user, "use_workspace")
    if accounts.is_administrator(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if _reads_everything(user):
        return True
    own = accounts.ValuePermissions.for_user(user)
    return bool(own.domain_ids or own.indicator_ids)
