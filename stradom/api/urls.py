"""The API under /api/. Its answers speak the language the client asks for
(``Accept-Language``, else the language cookie, else the office's default): the site's
unprefixed URLs otherwise always use the default language."""

import functools

from django.utils import translation

from stradom.api.api import api

app_name = "api"


def _in_requested_language(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", language)
            return response

    return wrapped


urlpatterns = list(api.urls[0])
for _pattern in urlpatterns:
    _pattern.callback = _in_requested_language(_pattern.callback)
