"""Answers ``/healthz`` before any other middleware runs."""

from __future__ import annotations

from stradom.core.views import HEALTHZ_PATH, healthz


class HealthCheckMiddleware:
    """First in ``MIDDLEWARE``: a load balancer's probe is answered before the host is
    checked against ``ALLOWED_HOSTS`` (probes often address the server by its IP
    address), and before sessions, languages, CSRF, the page cache or sign-in could
    have a say. The answer carries no data, so no host needs to be trusted for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)
