"""Security headers every response carries."""

from __future__ import annotations

# No inline scripts anywhere: every script is a file under /static/, and chart specs
# travel as <script type="application/json"> data (not executed). Vega runs in its
# CSP-safe interpreter mode, so no 'unsafe-eval'. Styles allow 'unsafe-inline' only
# because Vega's SVG renderer writes style attributes on the shapes it draws.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.setdefault("Referrer-Policy", "same-origin")
        return response
