"""What every page's template knows about the person looking at it."""

from __future__ import annotations

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from stradom.accounts.permissions import Action, can

# Each language's name in itself, so a reader finds their own language whatever the page's.
NATIVE_NAMES = {"pl": "Polski", "en": "English"}


def roles(request):
    user = getattr(request, "user", None)
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    path = request.get_full_path()
    return {
        "may_use_workspace": bool(
            user is not None and user.is_authenticated and can(user, Action.USE_WORKSPACE)
        ),
        # The URL carries the language (/en/… or unprefixed Polish), so switching is a plain
        # link: it works without a cookie, and public pages stay cacheable.
        "language_links": [
            {
                "code": code,
                "name": NATIVE_NAMES.get(code, code),
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ],
    }
