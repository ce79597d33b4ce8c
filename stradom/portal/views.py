"""The public dashboard: the strategy, its goals and the published indicators.

Reads only through the query functions (``stradom.strategy.queries``: the strategy
assessed, the indicator page; ``stradom.catalog.queries``) and asks
``stradom.accounts.permissions`` what the viewer may see: anonymous visitors get the
published indicators only, and anything else answers 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from html import escape
from types import MappingProxyType
from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from stradom.accounts.permissions import Action, can, public_only, roles, visible_indicators
from stradom.approval.queries import approval_version, published_values
from stradom.catalog.freshness import assess_freshness
from stradom.catalog.models import Domain, Indicator, PublicationStatus
from stradom.catalog.notes import freshness_text
from stradom.catalog.queries import catalogue_version, latest_periods
from stradom.core.formatting import is_english
from stradom.core.markup import PATH_SAFE, code_url_pattern
from stradom.core.page_cache import public_page
from stradom.exports.series import series_csv
from stradom.strategy import queries
from stradom.strategy.models import Goal
from stradom.territory.models import Territory


def visible_indicator(request, code: str) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("domain"), code=code)
    if not can(request.user, Action.VIEW, indicator):
        raise Http404
    return indicator


def chosen_territory(request) -> Territory | None:
    code = request.GET.get("territory")
    if not code:
        return None
    return get_object_or_404(Territory, code=code)


@public_page
@published_values()  # approved values only, when so set
def home(request):
    strategies = list(queries.current_strategies())
    views = [queries.strategy_view(s, request.user, rows_for=()) for s in strategies]
    return render(request, "portal/home.html", {"views": views, "section": "strategy"})


@public_page
@published_values()  # approved values only, when so set
def goal(request, pk: int):
    g = get_object_or_404(
        Goal.objects.select_related("strategy"),
        pk=pk,
        strategy__next_versions__isnull=True,
    )
    # The strategy with every goal's rows, kept and shared by the readers of the same
    # roles (``viewed``): the page shows this goal's rows and its children's roll-ups.
    view = queries.viewed(g.strategy, request.user)
    node = view.by_id[g.pk]
    trail = []
    parent_id = node.parent_id
    while parent_id is not None:
        trail.insert(0, view.by_id[parent_id])
        parent_id = view.by_id[parent_id].parent_id
    return render(
        request,
        "portal/goal.html",
        {"view": view, "goal": node, "trail": trail, "section": "strategy"},
    )


@public_page
@published_values()  # approved values only, when so set
def indicators(request):
    # The items are written once per version of the catalogue and its values, language
    # and day (``_catalogue_items``), and each group's text once more per set of
    # indicators a reader may see (``_visible_items``): the public and each set of roles
    # share them. Through the template engine a thousand items took most of the page's
    # time; written for every request they still grew with the catalogue (issue 16:
    # 3,000 indicators at most 1.5x the time of 1,000).
    groups = _visible_items(request.user, is_english())
    domains = {d.pk: d for d in Domain.objects.all()}
    ordered = sorted(
        groups.items(),
        key=lambda kv: (
            kv[0] is None,
            domains[kv[0]].order if kv[0] else 0,
            domains[kv[0]].code if kv[0] else "",
        ),
    )
    context = [
        {"domain": domains.get(k), "rows": mark_safe(text)}  # noqa: S308 - escaped
        for k, text in ordered
    ]
    return render(
        request,
        "portal/indicators.html",
        {"domains": context, "section": "indicators", "public": public_only(request.user)},
    )


def _visible_items(user, en: bool) -> Mapping[int | None, str]:
    """domain id → the list items of its indicators that ``user`` may see, as one text;
    kept with the catalogue's items for each set of roles (the public's, an analyst's,
    a coordinator's domains and indicators)."""
    key, items = _catalogue_items(en)
    r = roles(user)
    who = None if r.reads_everything else (r.domain_ids, r.indicator_ids)
    kept = _VISIBLE_ITEMS.get((key, who))
    if kept is None:
        visible = set(visible_indicators(user).values_list("pk", flat=True))
        groups: dict[int | None, list[str]] = {}
        for pk, domain_id, item in items:
            if pk in visible:
                groups.setdefault(domain_id, []).append(item)
        kept = MappingProxyType({k: "".join(texts) for k, texts in groups.items()})
        if len(_VISIBLE_ITEMS) >= 64:
            _VISIBLE_ITEMS.pop(next(iter(_VISIBLE_ITEMS)))
        _VISIBLE_ITEMS[(key, who)] = kept
    return kept


def _catalogue_items(en: bool) -> tuple[tuple, list[tuple[int, int | None, str]]]:
    """Every indicator's item of the list as (id, domain id, item), in code order, and
    what it is kept for in this process: the catalogue's and the values' versions, the
    approved-only view, the language and the day (freshness is judged on it)."""
    version = catalogue_version()
    key = (version, approval_version(), en, timezone.localdate())
    kept = _CATALOGUE_ITEMS.get(key)
    if kept is not None:
        return key, kept
    latest = latest_periods(version[:2])  # the values' version leads the catalogue's
    rows = Indicator.objects.order_by("code").values_list(
        "pk",
        "code",
        "name_pl",
        "name_en",
        "publication_status",
        "domain_id",
        "frequency",
        "publication_lag_days",
    )
    rows = [(pk, (*row, latest.get(pk))) for pk, *row in rows]
    items = _items(((row for _pk, row in rows)), en)
    kept = [
        (pk, domain_id, item) for (pk, _row), (domain_id, item) in zip(rows, items, strict=True)
    ]
    if len(_CATALOGUE_ITEMS) >= 4:
        _CATALOGUE_ITEMS.pop(next(iter(_CATALOGUE_ITEMS)))
    _CATALOGUE_ITEMS[key] = kept
    return key, kept


# Kept per process; the keys say when they are out of date.
_CATALOGUE_ITEMS: dict[tuple, list[tuple[int, int | None, str]]] = {}
_VISIBLE_ITEMS: dict[tuple, Mapping[int | None, str]] = {}


# One item of the list, with the white space the template's loop left around it.
_INDICATOR_ITEM = (
    '\n  <li><a href="{url}">{name}</a> <span class="code">{code}</span>{status}{stale}</li>\n  '
)
# An indicator whose latest value is older than its frequency and lag lead to expect.
_STALE_MARK = ' <span class="stale"><span aria-hidden="true">⌛</span> {text}</span>'


def indicator_items(rows, en: bool) -> dict[int | None, list[str]]:
    """The list items of the indicator list, by domain id, written here rather than by a
    template loop: a catalogue of a thousand indicators through the template engine took
    most of the page's time (``bench/render`` measures both; ``tests/test_pages.py``
    checks the text is what ``tests/reference.py``'s loop writes). ``rows``: (code,
    Polish name, English name, publication status, domain id, frequency, publication
    lag, latest period), in the order shown."""
    groups: dict[int | None, list[str]] = {}
    for domain_id, item in _items(rows, en):
        groups.setdefault(domain_id, []).append(item)
    return groups


def _items(rows, en: bool) -> Iterator[tuple[int | None, str]]:
    """(domain id, list item) for each of ``indicator_items``' rows, in their order."""
    statuses = dict(PublicationStatus.choices)
    pattern = code_url_pattern("portal:indicator")
    today = timezone.localdate()
    for code, name_pl, name_en, status, domain_id, frequency, lag, latest in rows:
        fresh = assess_freshness(frequency, lag, latest, today)
        item = _INDICATOR_ITEM.format(
            url=escape(pattern.replace("__code__", quote(code, safe=PATH_SAFE))),
            name=escape(str((en and name_en) or name_pl)),
            code=escape(code),
            status=(
                f" <strong>({escape(str(statuses.get(status, '')))})</strong>"
                if status != PublicationStatus.PUBLISHED
                else ""
            ),
            stale=(
                _STALE_MARK.format(text=escape(freshness_text(fresh.as_dict())))
                if fresh.stale
                else ""
            ),
        )
        yield domain_id, item


@public_page
@published_values()  # approved values only, when so set
def indicator(request, code: str):
    ind = visible_indicator(request, code)
    view = queries.indicator_view(
        ind, chosen_territory(request), request.GET.get("dimensions"), user=request.user
    )
    return render(
        request,
        "portal/indicator.html",
        {"view": view, "indicator": view.indicator, "section": "indicators"},
    )


@public_page
@published_values()  # approved values only, when so set
def indicator_csv(request, code: str):
    ind = visible_indicator(request, code)
    territory, dimensions, _keys, _links = queries.choose_series(
        ind, chosen_territory(request), request.GET.get("dimensions")
    )
    body = series_csv(ind, territory, dimensions)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    place = territory.code if territory else "none"
    response["Content-Disposition"] = f'attachment; filename="{ind.code}_{place}.csv"'
    return response
