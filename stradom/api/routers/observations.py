"""Observations: filtered, paged reads (JSON or CSV) and writes through the one write path."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import caches
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
from stradom.approval.queries import published_values
from stradom.catalog import queries
from stradom.catalog.models import Indicator
from stradom.catalog.notes import NOTE_COLUMNS, note_shown
from stradom.catalog.services import ObservationInput, parse_dimensions_key, write_observations
from stradom.core import data_version
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.core.numbers import plain
from stradom.core.page_cache import CACHE_ALIAS, public_page
from stradom.core.periods import PeriodError, parse_period
from stradom.exports import build
from stradom.exports import csv as csv_export
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
    with published_values():  # the public API: approved values only, when so set
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
    (empty for totals only). Up to 10,000 per page. ``count`` is the number of all the
    observations selected; it follows every committed write at once."""
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
    *NOTE_COLUMNS,  # ``note`` of a suppressed or computed value: in words, translated
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


# One item of ``ObservationPage`` as ``json.dumps`` writes it (same keys, order and
# separators), its values already encoded.
_ITEM = (
    '{"indicator": %s, "territory": %s, "period": %s, "period_kind": %s, '
    '"period_start": %s, "period_end": %s, "dimensions": %s, "value": %s, "status": %s, '
    '"ci_low": %s, "ci_high": %s, "base_n": %s, "note": %s, "source": %s, "updated_at": %s}'
)


class _Encoded(dict):
    """Values and their JSON text, each made by ``encode`` the first time it is asked."""

    def __init__(self, encode):
        super().__init__()
        self.encode = encode

    def __missing__(self, value):
        text = self[value] = self.encode(value)
        return text


def observations_json(queryset, limit: int, offset: int) -> HttpResponse:
    """A page of ``queryset`` as the JSON of ``ObservationPage``, written directly: the
    same document ninja would make by validating ``ObservationOut`` objects built from
    model instances (the API tests compare the two, on SQLite and PostgreSQL), without
    either per row, nor a dictionary per row for ``json.dumps``: each item is one string
    filled in from values encoded once per distinct value (codes, periods, dates, notes
    and change times repeat across rows). One row past the page says whether there are
    more; only then is the total counted, once per data version (:func:`total`)."""
    rows, text = _read(queryset, limit, offset)
    more = len(rows) > limit
    rows = rows[:limit]
    count = total(queryset) if more or (offset and not rows) else offset + len(rows)
    number = _plain_text if text else plain
    # Each distinct value is encoded once (a dictionary's ``__missing__``, so a value
    # seen before costs one lookup).
    enc = _Encoded(json.dumps)  # codes, periods, statuses, sources
    moment = _Encoded(lambda v: json.dumps(_moment(v)))  # dates and change times
    amount = _Encoded(lambda v: "null" if v is None else '"' + number(v) + '"')
    dimensions = _Encoded(lambda v: json.dumps(parse_dimensions_key(v)))
    notes: dict = {}
    items = []
    for (
        ind, ter, period, kind, start, end, dims, value, status, lo, hi, n, note, src, at,
        *why,
    ) in rows:  # fmt: skip
        try:
            shown = notes[note, *why]
        except KeyError:
            shown = notes[note, *why] = json.dumps(note_shown(note, *why))
        except TypeError:  # a provenance value that is a list or an object
            shown = json.dumps(note_shown(note, *why))
        items.append(
            _ITEM
            % (
                enc[ind],
                enc[ter],
                enc[period],
                enc[kind],
                moment[start],
                moment[end],
                dimensions[dims],
                amount[value],
                enc[status],
                amount[lo],
                amount[hi],
                "null" if n is None else str(int(n)),
                shown,
                enc[src],
                moment[at],
            )
        )
    body = (
        f'{{"count": {count}, "limit": {limit}, "offset": {offset}, "items": [{", ".join(items)}]}}'
    )
    return HttpResponse(body, content_type="application/json")


# A count is kept this long at most, in case a change reached the database without
# raising the data version (a write outside the write paths).
COUNT_SECONDS = 600


def total(queryset) -> int:
    """``queryset.count()``, kept per data version (``stradom.core.data_version``) in the
    page cache: the first page of all 475,000 values counted them all on every request.
    The key is the query itself (its SQL holds what the reader may see) and the version,
    so the next request after any committed write counts again."""
    sql, params = queryset.query.sql_with_params()
    version, _changed_at = data_version.current(queryset.db)
    key = hashlib.sha256(f"{queryset.db}\0{sql}\0{params!r}".encode()).hexdigest()[:32]
    key = f"api-count:{version}:{key}"
    cache = caches[CACHE_ALIAS]
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_SECONDS)
    return count


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
