"""Who is asking: a Bearer token, else the browser session, else the public."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from stradom.api.services import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; required (writes)."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            raise AuthenticationError
        request.user = user
        return user


class OptionalAuth(TokenAuth):
    """Reads: a token if one is sent (a wrong one is refused), else the session user,
    else the public. Never refuses a request that sends no credentials."""

    def __call__(self, request):
        header = request.headers.get(self.header)
        if header:
            return super().__call__(request) or _refuse()
        user = getattr(request, "user", None) or AnonymousUser()
        request.user = user
        return _Who(user)


class _Who:
    """Truthy stand-in: ninja treats a falsy auth result as a refusal."""

    def __init__(self, user):
        self.user = user

    def __bool__(self) -> bool:
        return True


def _refuse():
    raise AuthenticationError


def current_user(request):
    return getattr(request, "user", None) or AnonymousUser()
