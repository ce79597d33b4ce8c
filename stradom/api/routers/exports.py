"""Open data downloads and the DCAT-AP catalogue. Published indicators only."""

from __future__ import annotations

from enum import StrEnum

from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Router

from stradom.api.errors import ErrorOut
from stradom.exports import FORMATS, build
from stradom.exports.dcat import catalogue, write_dcat

router = Router(tags=["open data"])


class Format(StrEnum):
    csv = "csv"
    csv_pl = "csv-pl"
    xlsx = "xlsx"
    jsonstat = "jsonstat"
    sdmx_csv = "sdmx-csv"


_BINARY = {
    200: {
        "description": "the file",
        "content": {
            media.split(";")[0]: {
                "schema": {"type": "object"}
                if media.startswith("application/json")
                else {"type": "string", "format": "binary"}
            }
            for _ext, media in FORMATS.values()
        },
    }
}


def _file(fmt: str, body: bytes, name: str) -> HttpResponse:
    ext, media = FORMATS[fmt]
    response = HttpResponse(body, content_type=media)
    suffix = "-pl" if fmt == "csv-pl" else ("-sdmx" if fmt == "sdmx-csv" else "")
    response["Content-Disposition"] = f'attachment; filename="{name}{suffix}.{ext}"'
    return response


@router.get(
    "/exports/catalogue/{fmt}",
    response={400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra={"responses": _BINARY},
)
def export_catalogue(request, fmt: Format):
    """Every published indicator in one file."""
    return _file(fmt.value, build.render(fmt.value, build.datasets(), whole=True), "stradom")


@router.get(
    "/exports/indicators/{code}/{fmt}",
    response={400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra={"responses": _BINARY},
)
def export_indicator(request, code: str, fmt: Format):
    """One published indicator; 404 for an unknown or unpublished one."""
    chosen = build.datasets(code)
    if not chosen:
        raise Http404
    return _file(fmt.value, build.render(fmt.value, chosen), code)


def dcat_catalogue(request) -> dict:
    def download(code: str, fmt: str) -> str:
        return request.build_absolute_uri(
            reverse("api:export_indicator", kwargs={"code": code, "fmt": fmt})
        )

    def page(code: str) -> str:
        return request.build_absolute_uri(reverse("api:get_indicator", kwargs={"code": code}))

    return catalogue(
        build.datasets(with_rows=False),
        catalogue_url=request.build_absolute_uri(reverse("api:dcat")),
        download_url=download,
        page_url=page,
        publisher=build.publisher(),
        license_url=build.license_url(),
    )


@router.get(
    "/dcat.jsonld",
    url_name="dcat",
    response={400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "DCAT-AP catalogue",
                "content": {"application/ld+json": {"schema": {"type": "object"}}},
            }
        }
    },
)
def dcat(request):
    """The DCAT-AP catalogue of the published datasets (JSON-LD), for harvesting."""
    return HttpResponse(write_dcat(dcat_catalogue(request)), content_type="application/ld+json")
