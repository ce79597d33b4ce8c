"""The Stradom API: ``NinjaAPI`` with one router per resource; OpenAPI 3 at
``/api/openapi.json``, browsable at ``/api/docs``.

Reads accept a Bearer token, the browser session, or nobody (the public sees published
indicators only). Writes need a Bearer token (``stradom api_token create USER``).
"""

from __future__ import annotations

from ninja import NinjaAPI

from stradom.api import errors
from stradom.api.auth import OptionalAuth
from stradom.api.routers import (
    approval,
    catalog,
    commentary,
    exports,
    money,
    observations,
    registers,
    strategies,
)


class StradomApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        """Reads take a token but do not need one: say so with an empty (anonymous)
        security requirement next to the bearer one."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                if operation.get("security") == [{"OptionalAuth": []}]:
                    operation["security"] = [{"OptionalAuth": []}, {}]
                for parameter in operation.get("parameters", []):
                    _no_nul(parameter.get("schema", {}))
        return schema


# Path and query text may hold anything but NUL (refused with a 400 in ``urls.py``).
NO_NUL = "^[^\\u0000]*$"


def _no_nul(schema: dict) -> None:
    for alternative in schema.get("anyOf", []):
        _no_nul(alternative)
    if schema.get("type") == "string" and not ({"pattern", "enum", "format"} & schema.keys()):
        schema["pattern"] = NO_NUL


api = StradomApi(
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
api.add_router("", money.router)
api.add_router("", exports.router)
api.add_router("", registers.router)
api.add_router("", approval.router)
api.add_router("", commentary.router)
