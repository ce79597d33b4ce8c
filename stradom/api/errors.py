"""One shape for every error the API answers:
``{"error": {"code": "...", "message": "...", "details": [...]}}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError


class ErrorDetail(Schema):
    field: str | None = None
    line: int | None = None
    message: str


class ErrorBody(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    """Raise from an endpoint to answer with ``status`` and the error shape."""

    def __init__(self, status: int, code: str, message: str, details: list | None = None):
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []
        super().__init__(message)


def error_body(code: str, message: str, details: list | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def _location(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload")]
    return ".".join(parts) or None


def install(api) -> None:
    """Register the handlers on a ``NinjaAPI``."""

    def respond(request, status, code, message, details=None):
        return api.create_response(request, error_body(code, message, details), status=status)

    @api.exception_handler(ApiError)
    def _api_error(request, exc: ApiError):
        return respond(request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(ValidationError)
    def _validation(request, exc: ValidationError):
        details = [
            {"field": _location(e.get("loc", ())), "line": None, "message": e.get("msg", "")}
            for e in exc.errors
        ]
        return respond(request, 422, "invalid_request", _("The request is not valid."), details)

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        return respond(
            request, 401, "unauthenticated", _("A valid API token is required (Bearer).")
        )

    @api.exception_handler(PermissionDenied)
    def _forbidden(request, exc):
        return respond(request, 403, "forbidden", _("You may not do this."))

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        codes = {400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found"}
        return respond(request, exc.status_code, codes.get(exc.status_code, "error"), str(exc))


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def with_errors(ok: Any, *codes: int) -> dict:
    """The ``response=`` of an endpoint: ``ok`` for 200 plus the documented errors
    (400, 401 and 422 always: a wrong token is refused everywhere, even on public reads;
    any parameter may be malformed)."""
    chosen = {400, 401, 422, *(codes or (404,))}
    return {200: ok, **dict.fromkeys(sorted(chosen), ErrorOut)}
