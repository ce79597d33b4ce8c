"""Observations: filtered, paged reads (JSON or CSV) and writes through the one write path."""

from __future__ import annotations

import json

from django.db import connections
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import NinjaJSONEncoder

from stradom.accounts.permissions import ValuePermissions
from stradom.api.auth import TokenAuth, current_user
from stradom.api.errors import ApiError, ErrorOut, with_errors
from stradom.api.pagination import DEFAULT_LIMIT, PageParams
from stradom.api.permissions import readable_indicators
from stradom.api.schemas import ObservationPage, ObservationWrite, WriteReportOut
from stradom.catalog import queries
from stradom.catalog.models import Indicator
from stradom.catalog.services import ObservationInput, parse_dimensions_key, write_observations
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.core.numbers import plain
from stradom.core.page_cache import public_page
from stradom.core.periods import PeriodError, parse_period
from stradom.exports import build
from stradom.exports import csv as csv_export
from stradom.surveys.queries import SUPPRESSION_COLUMNS, note_shown
from stradom.territory.models import Territory

router = Router(tags=["observations"])
OBSERVATIONS_MAX_LIMIT = 10_000


# The shape of a period code (year 1800–2200, half, quarter, month, day); the calendar
# is checked when it is parsed (2024-02-30 is well formed and still refused, with a 400).
PERIOD_PATTERN = (
    r"^(1[89][0-9]{2}|2[01][0-9]{2}|2200)"
    r"(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
)


class ObservationFilter(Schema):
    indicator: str | None = None
    territory: str | None = None
    period_from: str | None = Field(None, pattern=PERIOD_PATTERN, examples=["2020"])
    period_to: str | None = Field(None, pattern=PERIOD_PATTERN, examples=["2024-Q4"])
    dimensions: str | None = Field(None, description="e.g. sex=F; empty: totals only")


def _filtered(request, f: ObservationFilter):
    indicators = readable_indicators(current_user(request), Indicator.objects.all())
    if f.indicator:
        indicators = [get_object_or_404(indicators, code=f.indicator)]
    territories = None
    if f.territory:
        territories = [get_object_or_404(Territory, code=f.territory)]
    for name in ("period_from", "period_to"):
        text = getattr(f, name)
        if text:
            try:
                parse_period(text)
            except PeriodError as exc:
                raise ApiError(
                    400,
                    "bad_request",
                    _("Not a period."),
                    [{"field": name, "line": None, "message": str(exc)}],
                ) from exc
    return queries.observations(
        indicators,
        territories=territories,
        period_from=f.period_from,
        period_to=f.period_to,
        dimensions=f.dimensions,
    )


class ObservationPageParams(PageParams):
    # One page may hold ten thousand values: the rows are read as tuples and written
    # straight to JSON (``observations_json``), not built as model instances.
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=OBSERVATIONS_MAX_LIMIT)


@router.get("/observations", response=with_errors(ObservationPage, 400, 404, 422))
@decorate_view(public_page)  # anonymous reads kept per data version, like the public pages
def list_observations(
    request, filters: Query[ObservationFilter], params: Query[ObservationPageParams]
):
    """Observations of the indicators the user may read, in a stable order (indicator,
    territory, period, disaggregation). ``dimensions`` is a key such as ``sex=F``
    (empty for totals only). Up to 10,000 per page."""
    return observations_json(_filtered(request, filters), params.limit, params.offset)


# The columns of ``ObservationOut``, in its order, read as tuples.
_COLUMNS = (
    "indicator__code",
    "territory__code",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "dimensions",
    "value",
    "status",
    "ci_low",
    "ci_high",
    "base_n",
    "note",
    "source",
    "updated_at",
    *SUPPRESSION_COLUMNS,  # ``note`` of a suppressed survey estimate: in words, translated
)


_ENCODER = NinjaJSONEncoder()
# On PostgreSQL these come as text: turning ten thousand numerics into Decimals and
# time stamps into datetimes cost more than the rest of the page. Numerics print
# exactly (no exponent), dates as ISO, times are converted once per distinct value.
_AS_TEXT = ("period_start", "period_end", "value", "ci_low", "ci_high", "updated_at")


def _read(queryset, limit: int, offset: int) -> tuple[list[tuple], bool]:
    text = connections[queryset.db].vendor == "postgresql"
    columns = [Cast(c, TextField()) if text and c in _AS_TEXT else c for c in _COLUMNS]
    return list(queryset.values_list(*columns)[offset : offset + limit + 1]), text


def _plain_text(number: str | None) -> str | None:
    """PostgreSQL's text of a numeric as ``plain`` writes it: ``25.2500000000`` →
    ``25.25``, ``1000.0000000000`` → ``1000``."""
    if number is None or "." not in number:
        return number
    number = number.rstrip("0").rstrip(".")
    return "0" if number in ("", "-0") else number


def _moment(value) -> str:
    """A date, datetime or PostgreSQL's text of one, as ninja's encoder writes it."""
    if isinstance(value, str):
        value = parse_datetime(value) if " " in value else value
        if isinstance(value, str):
            return value  # a date: PostgreSQL writes it as ISO already
    return _ENCODER.default(value)


def observations_json(queryset, limit: int, offset: int) -> HttpResponse:
    """A page of ``queryset`` as the JSON of ``ObservationPage``, written directly: the
    same document ninja would make by validating ``ObservationOut`` objects built from
    model instances (the API tests compare the two, on SQLite and PostgreSQL), without
    either per row. One row past the page says whether there are more; only then is the
    total counted."""
    rows, text = _read(queryset, limit, offset)
    more = len(rows) > limit
    rows = rows[:limit]
    count = queryset.count() if more or (offset and not rows) else offset + len(rows)
    number = _plain_text if text else plain
    # Dimensions, dates and change times repeat across rows (a write stamps all its
    # values alike): each distinct one is converted once.
    dimensions: dict[str, dict[str, str]] = {}
    texts: dict = {}
    items = []
    for (
        ind, ter, period, kind, start, end, dims, value, status, lo, hi, n, note, src, at,
        suppressed, min_base,
    ) in rows:  # fmt: skip
        parsed = dimensions.get(dims)
        if parsed is None:
            parsed = dimensions[dims] = parse_dimensions_key(dims)
        for moment in (start, end, at):
            if moment not in texts:
                texts[moment] = _moment(moment)
        items.append(
            {
                "indicator": ind,
                "territory": ter,
                "period": period,
                "period_kind": kind,
                "period_start": texts[start],
                "period_end": texts[end],
                "dimensions": parsed,
                "value": number(value),
                "status": status,
                "ci_low": number(lo),
                "ci_high": number(hi),
                "base_n": n,
                "note": note_shown(note, suppressed, min_base),
                "source": src,
                "updated_at": texts[at],
            }
        )
    body = {"count": count, "limit": limit, "offset": offset, "items": items}
    return HttpResponse(json.dumps(body), content_type="application/json")


@router.get(
    "/observations.csv",
    response={400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "CSV (UTF-8)",
                "content": {"text/csv": {"schema": {"type": "string"}}},
            }
        }
    },
)
def observations_csv(request, filters: Query[ObservationFilter]):
    """The same selection as ``/observations``, unpaged, as CSV (UTF-8)."""
    rows = [row for _pk, row in build.rows_of(_filtered(request, filters))]
    body = csv_export.write_csv(rows)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="observations.csv"'
    return response


@router.post(
    "/observations",
    auth=TokenAuth(),
    response={200: WriteReportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def write(request, payload: ObservationWrite):
    """Write values exactly as the forms do: same validation, rules, permission and
    history (channel ``api``). All or nothing: with any problem nothing is written and
    the answer is 422 with every problem (``line`` = index in ``observations``)."""
    user = request.auth
    permissions = ValuePermissions.for_user(user)
    if not permissions.everything and not (permissions.domain_ids or permissions.indicator_ids):
        raise ApiError(403, "forbidden", _("You may not enter values of any indicator."))
    inputs = [
        ObservationInput(
            indicator=o.indicator,
            territory=o.territory,
            period=o.period,
            value=o.value,
            dimensions=tuple(sorted(o.dimensions.items())),
            status=o.status,
            ci_low=o.ci_low,
            ci_high=o.ci_high,
            base_n=o.base_n,
            note=o.note,
            source=o.source,
            line=index,
        )
        for index, o in enumerate(payload.observations)
    ]
    try:
        report = write_observations(
            inputs,
            actor=user,
            reason=payload.reason,
            channel="api",
            replace=payload.replace,
            dry_run=payload.dry_run,
        )
    except StradomError as exc:
        raise ApiError(400, "bad_request", localize(exc)) from exc
    problems = [
        {"line": p.line, "field": p.field, "message": localize(p.message)} for p in report.problems
    ]
    if problems:
        raise ApiError(
            422,
            "refused",
            ngettext(
                "%(count)d problem; nothing was written.",
                "%(count)d problems; nothing was written.",
                len(problems),
            )
            % {"count": len(problems)},
            problems,
        )
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "flagged": report.flagged,
        "recomputed": report.recomputed,
        "batch": report.batch,
        "dry_run": report.dry_run,
        "problems": [],
    }
