"""The API under /api/.

Every view is wrapped to (1) answer in the language the client asks for
(``Accept-Language``, else the language cookie, else the office's default): the site's
unprefixed URLs otherwise always use the default language; and (2) refuse a NUL
character in the path or the query string, which no code means and PostgreSQL cannot
even compare, with a 400 in the API's error shape.
"""

import functools

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from stradom.api.api import api
from stradom.api.errors import error_body

app_name = "api"


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in k or any("\x00" in v for v in vs) for k, vs in request.GET.lists())


def _api_view(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            if _has_nul(request):
                response = JsonResponse(
                    error_body("bad_request", _("The request contains a NUL character.")),
                    status=400,
                )
            else:
                response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", language)
            return response

    return wrapped


urlpatterns = list(api.urls[0])
for _pattern in urlpatterns:
    _pattern.callback = _api_view(_pattern.callback)
