"""``/healthz``: whether this web server can serve, for a load balancer."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from stradom.core.health import database_ready

HEALTHZ_PATH = "/healthz"


@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    """``200 ok`` while the database answers and every migration is applied, else
    ``503``. The answer says nothing more (no counts, versions or errors: the log has
    the reason), is never cached, needs no sign-in and is the same in every language.
    One query once the migrations have been found applied (``health.database_ready``).

    ``HealthCheckMiddleware`` answers it before the rest of the middleware runs; the
    URL is also in ``stradom.urls`` (``reverse("healthz")``).
    """
    if database_ready():
        return HttpResponse("ok", content_type="text/plain; charset=utf-8")
    return HttpResponse("unavailable", status=503, content_type="text/plain; charset=utf-8")
