"""Public pages (and public API reads), rendered once per data version and kept in the
server's page cache.

A page is served from the cache only to a visitor who carries no session or message
cookie and no API token: signed-in users (who may see unpublished items) always get a
fresh page, marked private, and a page rendered for them is never stored. The cache
key holds the data version (``stradom.core.data_version``), the language and the full
path with its query, so the next request after a committed change renders the page
anew; entries also expire after ``settings.STRADOM_PAGE_CACHE_SECONDS``, for changes
made outside the write paths.

The page's ETag is a hash of its content (kept with it) and its Last-Modified the time of
the data version, so a browser or proxy that asks again with ``If-None-Match`` gets
``304 Not Modified``.
"""

from __future__ import annotations

import hashlib
import zlib
from functools import wraps
from importlib import metadata

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from stradom.core import data_version

PUBLIC_MAX_AGE = 300  # seconds a browser or a proxy may keep an anonymous page
# Bodies above this many bytes are kept compressed (an API page of 10,000 values is about
# 3 MB as JSON and a tenth of that compressed; unpacking it takes a few milliseconds).
PACK_ABOVE = 32 * 1024
CACHE_ALIAS = "pages"

try:  # a new release may render the same data differently (a server restart empties
    _RELEASE = metadata.version("stradom")  # the memory anyway; a shared cache would not)
except metadata.PackageNotFoundError:  # running from a checkout
    _RELEASE = "dev"


def _anonymous(request) -> bool:
    """No session and no pending message: nothing on the page depends on who asks."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        and not request.user.is_authenticated
    )


def served_publicly(request) -> bool:
    """Whether :func:`public_page` answers ``request`` as a public page: kept in the cache
    and tagged with a hash of its body, so a view it wraps must give the whole body (a
    ``StreamingHttpResponse`` is passed on as a private page, and never kept). Any other
    request (signed in, an API token, not a read) is the view's alone: it may stream."""
    return request.method in ("GET", "HEAD") and _anonymous(request)


def _key(request, version: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{_RELEASE}:{version}:{get_language()}:{path}"


def _etag(body: bytes) -> str:
    """From the content itself: the same page gives the same tag in every worker and
    server, and a new release that renders it differently gives a new one."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def public_page(view):
    """Cache an anonymous GET page by data version and language; send ETag (of the
    content) and Last-Modified (of the data version); keep signed-in pages private and
    out of the cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not served_publicly(request):
            return _private(view(request, *args, **kwargs))
        seconds = settings.STRADOM_PAGE_CACHE_SECONDS
        version, changed_at = data_version.current()
        key = _key(request, version)
        last_modified = changed_at.timestamp() if changed_at else None
        cache = caches[CACHE_ALIAS]
        kept = cache.get(key) if seconds > 0 else None
        if kept is not None:
            status, content_type, headers, body, packed, etag = kept
            body = zlib.decompress(body) if packed else body
            response = HttpResponse(body, status=status, content_type=content_type)
            for name, value in headers:
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return _private(response)
            body = response.content
            etag = _etag(body)
            if (
                seconds > 0
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in _OWN_HEADERS
                ]
                packed = len(body) > PACK_ABOVE
                cache.set(
                    key,
                    (
                        response.status_code,
                        response["Content-Type"],
                        headers,
                        zlib.compress(body, 1) if packed else body,
                        packed,
                        etag,
                    ),
                    seconds,
                )
        # Only a page known to exist (200) at this version answers 304.
        response = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        return _public(response, etag, last_modified)

    return wrapper


_OWN_HEADERS = {"content-type", "content-length", "vary", "cache-control", "etag", "last-modified"}


def _private(response):
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _public(response, etag: str, last_modified: float | None):
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response
