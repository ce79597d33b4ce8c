"""The Stradom API: ``NinjaAPI`` with one router per resource; OpenAPI 3 at
``/api/openapi.json``, browsable at ``/api/docs``.

Reads accept a Bearer token, the browser session, or nobody (the public sees published
indicators only). Writes need a Bearer token (``stradom api_token create USER``).
"""

from __future__ import annotations

from ninja import NinjaAPI

from stradom.api import errors
from stradom.api.auth import OptionalAuth
from stradom.api.routers import catalog, exports, observations, strategies

api = NinjaAPI(
    title="Stradom API",
    version="1",
    description=(
        "Indicators, observations, strategies and open data of a Stradom office. "
        'Errors: {"error": {"code", "message", "details"}}.'
    ),
    urls_namespace="api",
    auth=OptionalAuth(),
    docs_url="/docs",
)
errors.install(api)
api.add_router("", catalog.router)
api.add_router("", observations.router)
api.add_router("", strategies.router)
api.add_router("", exports.router)
