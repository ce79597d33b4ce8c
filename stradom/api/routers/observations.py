"""Observations: filtered, paged reads (JSON or CSV) and writes through the one write path."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from itertools import chain, islice

from django.core.cache import caches
from django.db import connections
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
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
from stradom.core.page_cache import CACHE_ALIAS, public_page, served_publicly
from stradom.core.periods import PeriodError, parse_period
from stradom.exports import build
from stradom.exports import csv as csv_export
from stradom.exports.dataset import split_key
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
    # A public read is kept whole in the page cache (and its ETag is a hash of the whole
    # body), so it is written whole; any other is streamed: nothing keeps it.
    return observations_json(
        _filtered(request, filters),
        params.limit,
        params.offset,
        stream=not served_publicly(request),
    )


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
# The notes' provenance keys come as their JSON text too, decoded here once per distinct
# text: then no column has a converter, and Django applies none to any row.
_AS_TEXT = ("period_start", "period_end", "value", "ci_low", "ci_high", "updated_at", *NOTE_COLUMNS)

# The page is read from one cursor this many rows at a time and written chunk by chunk
# (``StreamingHttpResponse``): what a request holds does not grow with the page.
CHUNK_ROWS = 2000


def _on_postgresql(db: str) -> bool:
    return connections[db].vendor == "postgresql"


def _chunks(queryset, limit: int, offset: int) -> Iterator[list[tuple]]:
    """The rows of the page, and one past it if there is one, as tuples of ``_COLUMNS``
    (``_AS_TEXT`` as text on PostgreSQL), in lists of at most ``CHUNK_ROWS``.

    One cursor, read ``CHUNK_ROWS`` at a time (``iterator``). On PostgreSQL it is a
    server-side cursor, which the planner plans for its first rows
    (``cursor_tuple_fraction``) and never in parallel: the indicators in code order,
    each read through the primary key (indicator, territory, period, disaggregation)
    with an incremental sort of its few rows — where the same query on its own was a
    parallel scan of all 475,000 values and a sort of the selection (the city's 10,000
    values since 2015: 26 ms on one process instead of 57 ms on three; bench/web).
    Outside a transaction Django declares it ``WITH HOLD``: the server makes the rows at
    the ``DECLARE``, in the view, and keeps them for the fetches. No transaction is held
    open while the page is sent. SQLite's cursor is read with ``fetchmany``."""
    text = _on_postgresql(queryset.db)
    columns = [Cast(c, TextField()) if text and c in _AS_TEXT else c for c in _COLUMNS]
    selected = queryset.values_list(*columns)[offset : offset + limit + 1]
    rows = selected.iterator(chunk_size=CHUNK_ROWS)
    try:
        while chunk := list(islice(rows, CHUNK_ROWS)):
            yield chunk
            if len(chunk) < CHUNK_ROWS:
                break
    finally:  # the cursor is closed at once, also when the client leaves
        # (the WSGI server closes the response, which closes this generator; a response
        # never read nor closed, as the test client leaves one, is closed by the garbage
        # collector instead, possibly in the middle of another query: read it.)
        rows.close()


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
# separators), in three parts around the value: what says whose value it is, what says
# when, and the rest — each part repeats across rows, and is written once per page for
# each distinct set of its values.
_WHO = '{"indicator": %s, "territory": %s, '
_WHEN = (
    '"period": %s, "period_kind": %s, "period_start": %s, "period_end": %s, '
    '"dimensions": %s, "value": '
)
_REST = (
    ', "status": %s, "ci_low": %s, "ci_high": %s, "base_n": %s, "note": %s, "source": %s, '
    '"updated_at": %s}'
)
# Parts kept at most per page (then forgotten and written again): a page of values that
# all differ keeps no more than this.
_KEPT_PARTS = 4096


class _Items:
    """Rows of ``_chunks`` as the JSON text of ``ObservationOut``, chunk by chunk. The
    parts of an item (``_WHO``, ``_WHEN``, ``_REST``) are kept for the rows that follow,
    so a part seen before costs one lookup and an item one concatenation, not a
    dictionary per row for ``json.dumps`` nor an encoding per value."""

    def __init__(self, text: bool):
        self.text = text  # PostgreSQL: ``_AS_TEXT`` columns are text
        self.who: dict = {}
        self.when: dict = {}
        self.rest: dict = {}

    def __call__(self, rows: list[tuple]) -> list[str]:
        who, when, rest, items = self.who, self.when, self.rest, []
        for parts in (who, when, rest):
            if len(parts) > _KEPT_PARTS:
                parts.clear()
        append = items.append
        amount = None if self.text else self.amount  # PostgreSQL's text: below, inline
        for row in rows:
            ind, ter, period, kind, start, end, dims, value = row[:8]
            try:
                a = who[ind, ter]
            except KeyError:
                a = who[ind, ter] = _WHO % (json.dumps(ind), json.dumps(ter))
            try:
                b = when[period, kind, start, end, dims]
            except KeyError:
                b = when[period, kind, start, end, dims] = self.when_part(
                    period, kind, start, end, dims
                )
            others = row[8:]
            try:
                c = rest[others]
            except KeyError:
                c = rest[others] = self.rest_part(*others)
            except TypeError:  # a provenance value that is a list or an object (SQLite)
                c = self.rest_part(*others)
            if amount is not None:
                append(a + b + amount(value) + c)
            elif value is None:
                append(a + b + "null" + c)
            else:  # as ``_plain_text``, without a call per row
                if "." in value:
                    value = value.rstrip("0").rstrip(".")
                    if value in ("", "-0"):
                        value = "0"
                append(f'{a}{b}"{value}"{c}')
        return items

    def amount(self, number) -> str:
        if number is None:
            return "null"
        return '"' + (_plain_text(number) if self.text else plain(number)) + '"'

    def when_part(self, period, kind, start, end, dims) -> str:
        return _WHEN % (
            json.dumps(period),
            json.dumps(kind),
            json.dumps(_moment(start)),
            json.dumps(_moment(end)),
            json.dumps(parse_dimensions_key(dims)),
        )

    def rest_part(self, status, lo, hi, n, note, source, at, *why) -> str:
        if self.text:  # JSON text, or None for a key the provenance does not have
            why = [None if w is None else json.loads(w) for w in why]
        return _REST % (
            json.dumps(status),
            self.amount(lo),
            self.amount(hi),
            "null" if n is None else str(int(n)),
            json.dumps(note_shown(note, *why)),
            json.dumps(source),
            json.dumps(_moment(at)),
        )


def _document(
    count: int, limit: int, offset: int, chunks, items: _Items, kept_from=None
) -> Iterator[str]:
    """``ObservationPage`` as JSON, in parts: the items of each chunk, at most ``limit``
    of them (a row past the page only says there are more). ``kept_from``: the queryset
    whose kept total ``count`` is; if the page ends short of it (a change outside the
    write paths), that total is forgotten, so the next request counts again."""
    yield f'{{"count": {count}, "limit": {limit}, "offset": {offset}, "items": ['
    left, comma, read = limit, "", 0
    for chunk in chunks:
        read += len(chunk)
        written = items(chunk[:left])
        if written:
            yield comma + ", ".join(written)
            left, comma = left - len(written), ", "
    yield "]}"
    if kept_from is not None and read <= limit and offset + read != count:
        caches[CACHE_ALIAS].delete(_count_key(kept_from))


def observations_json(queryset, limit: int, offset: int, *, stream: bool = False):
    """A page of ``queryset`` as the JSON of ``ObservationPage``, written directly: the
    same document ninja would make by validating ``ObservationOut`` objects built from
    model instances (the API tests compare the two, on SQLite and PostgreSQL), without
    either per row (``_Items``). One row past the page says whether there are more.

    A page of one chunk (``CHUNK_ROWS``) is read whole first, as before: its count is
    the offset and its rows when there are no more, else the total (:func:`total`, once
    per data version). A longer page begins with the total; with ``stream`` it is then
    sent as it is read (``StreamingHttpResponse``, the same bytes), else returned whole.
    Either way the first chunk is read here, so what goes wrong in the query is still
    answered as an error, before anything is sent."""
    chunks = _chunks(queryset, limit, offset)
    first = next(chunks, [])
    items = _Items(_on_postgresql(queryset.db))
    if len(first) < CHUNK_ROWS or len(first) > limit:  # the page and its next row, if any
        chunks.close()  # nothing is left to read: the cursor is closed
        more = len(first) > limit
        shown = first[:limit]
        count = total(queryset) if more or (offset and not shown) else offset + len(shown)
        body = "".join(_document(count, limit, offset, [shown], items))
        return HttpResponse(body, content_type="application/json")
    parts = _document(total(queryset), limit, offset, chain([first], chunks), items, queryset)
    if not stream:
        return HttpResponse("".join(parts), content_type="application/json")
    # Sent after the view has returned, so in the language of the request, as the rest.
    return StreamingHttpResponse(
        _in_language(translation.get_language(), parts), content_type="application/json"
    )


def _in_language(language: str | None, parts: Iterator[str]) -> Iterator[str]:
    with translation.override(language):
        yield from parts


# A count is kept this long at most, in case a change reached the database without
# raising the data version (a write outside the write paths).
COUNT_SECONDS = 600


def total(queryset) -> int:
    """``queryset.count()``, kept per data version (``stradom.core.data_version``) in the
    page cache: the first page of all 475,000 values counted them all on every request.
    The key is the query itself (its SQL holds what the reader may see) and the version,
    so the next request after any committed write counts again."""
    key = _count_key(queryset)
    cache = caches[CACHE_ALIAS]
    count = cache.get(key)
    if count is None:
        count = queryset.count()
        cache.set(key, count, COUNT_SECONDS)
    return count


def _count_key(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    version, _changed_at = data_version.current(queryset.db)
    key = hashlib.sha256(f"{queryset.db}\0{sql}\0{params!r}".encode()).hexdigest()[:32]
    return f"api-count:{version}:{key}"


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
    selected = _filtered(request, filters)
    # The header names every dimension of the selection: asked first (one query), so the
    # rows can be sent as they are read, the same bytes as ``write_csv`` of all of them.
    keys = selected.order_by().values_list("dimensions", flat=True).distinct()
    dims = sorted({code for key in keys for code, _value in split_key(key)})
    parts = _csv_rows(selected)
    first = next(parts, [])  # the query runs here: what goes wrong is still an error
    if len(first) < CHUNK_ROWS:  # all of it: one piece, as the JSON page of one chunk
        parts.close()
        body = b"".join(csv_export.csv_parts([first], dims))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    else:  # sent as it is read, after the view has returned: in its language
        response = StreamingHttpResponse(
            _in_language(
                translation.get_language(), csv_export.csv_parts(chain([first], parts), dims)
            ),
            content_type="text/csv; charset=utf-8",
        )
    response["Content-Disposition"] = 'attachment; filename="observations.csv"'
    return response


def _csv_rows(selected) -> Iterator[list]:
    """The rows of ``build.rows_of``, ``CHUNK_ROWS`` at a time (one cursor)."""
    rows = build.rows_of(selected)
    try:
        while part := [row for _pk, row in islice(rows, CHUNK_ROWS)]:
            yield part
    finally:  # the cursor is closed at once, also when the client leaves
        # (the WSGI server closes the response, which closes this generator; a response
        # never read nor closed, as the test client leaves one, is closed by the garbage
        # collector instead, possibly in the middle of another query: read it.)
        rows.close()


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
