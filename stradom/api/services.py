"""Writes of the API app: creating, finding and revoking tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from stradom.api.models import ApiToken

TOKEN_PREFIX = "stradom_"  # noqa: S105 - a label, not a secret
# Writing ``last_used_at`` on every request would turn each read into a write.
_TOUCH_EVERY = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(user, *, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``; the plain token is returned once and never stored."""
    plain_token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=plain_token[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(plain_token),
    )
    return token, plain_token


def user_for_token(plain_token: str):
    """The active user a valid, unrevoked token stands for, or ``None``."""
    if not plain_token or len(plain_token) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(plain_token), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke_token(token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
