"""The workspace for the office: coordinators, data providers, analysts, administrators.

Every view asks ``stradom.accounts.permissions``; a signed-in user without any role of
the office gets 403 everywhere here, an indicator the user may not see answers 404, and
an action the user may not take on an indicator they may see answers 403.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from types import MappingProxyType
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stradom.accounts.permissions import (
    Action,
    can,
    require,
    roles,
    visible_indicators,
    workspace_view,
)
from stradom.catalog import queries
from stradom.catalog.freshness import assess_freshness
from stradom.catalog.models import Domain, Indicator, IndicatorChange, ObservationChange
from stradom.catalog.services import ObservationInput, WriteReport, write_observations
from stradom.core.formatting import name_of
from stradom.core.history import shown_history
from stradom.core.i18n import localize
from stradom.core.kept import Kept, version_key
from stradom.core.messages import StradomError
from stradom.strategy import queries as strategy_queries
from stradom.strategy.models import Strategy
from stradom.territory.models import Territory, TerritoryKind
from stradom.workspace import queries as workspace_queries
from stradom.workspace.forms import ObservationForm
from stradom.workspace.models import Visit

HISTORY_PAGE = 20
CHANGES_SHOWN = 30
FIRST_VISIT_WINDOW = timedelta(days=30)


class LoginView(auth_views.LoginView):
    template_name = "workspace/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _indicator(request, code: str) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("domain"), code=code)
    require(request.user, Action.VIEW, indicator)
    return indicator


def _since(request):
    """The time of the previous visit: kept for the whole session, then moved to now."""
    key = "stradom_since"
    if key in request.session:
        return timezone.datetime.fromisoformat(request.session[key])
    now = timezone.now()
    visit = Visit.objects.filter(user=request.user).first()
    since = visit.seen_at if visit else now - FIRST_VISIT_WINDOW
    Visit.objects.update_or_create(user=request.user, defaults={"seen_at": now})
    request.session[key] = since.isoformat()
    return since


@workspace_view
def home(request):
    """My domain, first: a coordinator's or data provider's own domains and indicators
    (or a domain picked with ``?domain=``); everyone else, and everything, on
    :func:`overview`."""
    r = roles(request.user)
    code = request.GET.get("domain")
    if code:
        picked = get_object_or_404(Domain, code=code)
        view = workspace_queries.my_domain(request.user, domains=[picked])
    elif r.domain_ids or r.indicator_ids:
        view = workspace_queries.my_domain(request.user)
    else:
        return _overview(request)
    return render(
        request,
        "workspace/my_domain.html",
        {
            "section": "workspace",
            "view": view,
            "roles": r.names(),
            "may_create": _may_create_instruments(request.user, view.domains),
            "all_domains": Domain.objects.order_by("order", "code"),
        },
    )


def _may_create_instruments(user, domains) -> bool:
    """Whether to offer the new-instrument form (it asks ``can`` itself on the way in):
    an administrator, or a coordinator of one of ``domains`` (or of any, when none)."""
    r = roles(user)
    wanted = {d.pk for d in domains}
    return r.administrator or bool(r.domain_ids & wanted if wanted else r.domain_ids)


@workspace_view
def overview(request):
    """The whole strategy, every indicator's freshness, the overdue updates and the
    changes since the last visit: everyone's, one click from the home."""
    return _overview(request)


def _overview(request):
    user = request.user
    r = roles(user)
    since = _since(request)
    visible = visible_indicators(user)
    fresh = (
        visible.select_related("domain")
        .annotate(
            last_period=queries.latest_period_subquery(),
            last_update=Max("observations__updated_at"),
        )
        .order_by("domain__order", "domain__code", "code")
    )
    today = timezone.localdate()
    freshness = [
        {
            "indicator": ind,
            "mine": r.owns(ind),
            "may_enter": can(user, Action.ENTER_VALUES, ind),
            "freshness": assess_freshness(
                ind.frequency, ind.publication_lag_days, ind.last_period, today
            ).as_dict(),
        }
        for ind in fresh
    ]
    # One row per batch (an import, a form entry, a recomputation), newest first: a whole
    # import reads as one line, not as a thousand.
    changes = list(
        ObservationChange.objects.filter(at__gt=since, indicator__in=visible.values("pk"))
        .values(
            "batch",
            "indicator__code",
            "indicator__name_pl",
            "indicator__name_en",
            "reason",
            "channel",
            "user__username",
        )
        .annotate(n=Count("id"), last=Max("at"), territories=Count("territory", distinct=True))
        .order_by("-last", "indicator__code")[:CHANGES_SHOWN]
    )
    for c in changes:
        c["indicator_name"] = name_of(c, "indicator__name")
    views = [
        strategy_queries.strategy_view(s, user, rows_for=())
        for s in strategy_queries.current_strategies()
    ]
    mine = [f for f in freshness if f["mine"]]
    return render(
        request,
        "workspace/home.html",
        {
            "section": "workspace",
            "strategies": views,
            "freshness": freshness,
            "mine": mine,
            "overdue": _overdue(user),
            "changes": changes,
            "since": since,
            "roles": r.names(),
            "domains": Domain.objects.filter(pk__in=r.domain_ids)
            if not r.reads_everything
            else Domain.objects.all(),
            "all_domains": Domain.objects.order_by("order", "code"),
            "has_own": bool(r.domain_ids or r.indicator_ids),
            "may_create": _may_create_instruments(user, ()),
        },
    )


@workspace_view
def strategy(request, pk: int):
    s = get_object_or_404(Strategy, pk=pk)
    view = strategy_queries.viewed(s, request.user)  # kept, shared with the same roles
    return render(request, "workspace/strategy.html", {"section": "workspace", "view": view})


@workspace_view
def indicator(request, code: str):
    ind = _indicator(request, code)
    territory = None
    if request.GET.get("territory"):
        territory = get_object_or_404(Territory, code=request.GET["territory"])
    view = strategy_queries.indicator_view(
        ind, territory, request.GET.get("dimensions"), user=request.user
    )
    assessments = strategy_queries.indicator_assessments(
        ind, request.user, [li.goal_id for li in view.links], links=view.links
    )
    context = {
        "view": view,
        "indicator": view.indicator,
        "section": "workspace",
        "assessments": assessments,
        "may_enter": can(request.user, Action.ENTER_VALUES, ind),
        "may_see_history": can(request.user, Action.VIEW_HISTORY, ind),
        "show_status": True,
    }
    if context["may_see_history"]:
        # The same for everyone who may see it: kept per data version and shared.
        context["history"], context["metadata_changes"] = _HISTORIES.get(
            version_key("indicator history", ind.pk),
            lambda: (_history_page(ind, 1), tuple(shown_history(IndicatorChange, ind))),
        )
    return render(request, "workspace/indicator.html", context)


# per process: indicator × language (the first page of its values' history, its own)
_HISTORIES: Kept[tuple] = Kept(64)


def _history_page(ind: Indicator, number: int):
    paginator = Paginator(queries.history(ind).order_by("-at", "-id"), HISTORY_PAGE)
    page = paginator.get_page(number)
    page.object_list = list(page.object_list)
    in_words = queries.disaggregation_labels({c.dimensions for c in page.object_list})
    for c in page.object_list:
        c.dimensions_label = in_words.get(c.dimensions, c.dimensions)
    return page


@workspace_view
def history(request, code: str):
    """One page of an indicator's change history (an htmx fragment, or a whole page)."""
    ind = _indicator(request, code)
    require(request.user, Action.VIEW_HISTORY, ind)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        raise Http404 from None
    page = _history_page(ind, number)
    template = (
        "workspace/_history.html" if request.headers.get("HX-Request") else "workspace/history.html"
    )
    return render(request, template, {"indicator": ind, "history": page, "section": "workspace"})


@workspace_view
def domain(request, code: str):
    d = get_object_or_404(Domain, code=code)
    # What the page shows depends on the user only through their roles: kept and shared.
    key = version_key("domain page", d.pk, roles(request.user), timezone.localdate())
    parts = _DOMAIN_PAGES.get(key, lambda: _domain_page(request.user, d))
    context = {"section": "workspace", **parts, "domain": d}
    return render(request, "workspace/domain.html", context)


# per process: domain × set of roles × day × language
_DOMAIN_PAGES: Kept[Mapping[str, Any]] = Kept(16)


def _domain_page(user, d: Domain) -> Mapping[str, Any]:
    """What the domain page shows ``user`` (read only: it is kept and shared)."""
    visible = visible_indicators(user).filter(domain=d)
    ids = visible.order_by().values("pk")  # a subquery: 1,000 ids as parameters cost more
    home = strategy_queries.home_territory()
    # Every indicator's value, kept and shared; the user's visibility applied on top.
    seen = set(visible.values_list("pk", flat=True))
    shown = [s for s in workspace_queries.domain_values(d, home) if s.indicator.pk in seen]
    inds = [s.indicator for s in shown]
    rows = tuple(
        MappingProxyType(
            {
                "indicator": s.indicator,
                "shown": s,
                "may_enter": can(user, Action.ENTER_VALUES, s.indicator),
            }
        )
        for s in shown
    )
    goals, _money = workspace_queries.linked_goals(
        user, inds, timezone.localdate().year, ids=ids, money=False
    )
    instruments = _instruments_of(d, ids if inds else [])
    return MappingProxyType(
        {
            "rows": rows,
            "home": home,
            "goals": goals,
            "instruments": tuple(instruments) if instruments is not None else None,
            "budget": _budget_of(d),
            "coordinators": tuple(d.coordinators.all()),
        }
    )


def _model(app_label: str, name: str):
    """A model of another part of the system, or None when that part is not installed."""
    if not apps.is_installed(f"stradom.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _instruments_of(d: Domain, ids) -> list | None:
    """The domain's own instruments (``Instrument.domain``: its coordinators manage them)
    and those its indicators (``ids``: a list or a subquery) measure."""
    instrument = _model("instruments", "Instrument")
    if instrument is None:
        return None
    return list(
        instrument.objects.filter(
            Q(domain=d) | Q(result_indicators__in=ids) | Q(output_indicators__in=ids)
        )
        .distinct()
        .order_by("code")
    )


def _overdue(user) -> list | None:
    """Progress updates owed for the last closed period, the user's own instruments first."""
    if not apps.is_installed("stradom.instruments"):
        return None
    from stradom.instruments.queries import ILLUSTRATIVE, overdue_updates

    rows = [
        {
            "item": item,
            "mine": item.instrument.manager_id == user.pk,
            "example": ILLUSTRATIVE if item.illustrative else "",
        }
        for unit in overdue_updates()
        for item in unit.items
    ]
    return sorted(rows, key=lambda r: not r["mine"])


def _budget_of(d: Domain) -> dict | None:
    task = _model("finance", "BudgetTask")
    if task is None:
        return None
    tasks = task.objects.filter(domain=d)
    year = tasks.aggregate(y=Max("year"))["y"]
    if year is None:
        return {"year": None, "tasks": []}
    return {
        "year": year,
        "tasks": list(tasks.filter(year=year).select_related("unit").order_by("code")),
    }


def _entry_territories(ind: Indicator) -> list[Territory]:
    home = strategy_queries.home_territory()
    units = {t.pk: t for t in queries.territories_with_data(ind)}
    if home is not None:
        units.setdefault(home.pk, home)
        for child in home.children.filter(kind=TerritoryKind.SUBMUNICIPAL):
            units.setdefault(child.pk, child)
    return sorted(units.values(), key=lambda t: t.code)


@workspace_view
@require_http_methods(["GET", "POST"])
def enter(request, code: str):
    """Enter one value; every change goes through ``write_observations``."""
    ind = _indicator(request, code)
    require(request.user, Action.ENTER_VALUES, ind)
    territories = _entry_territories(ind)
    disaggregated = ind.dimensions.exists()
    problems: list[str] = []
    needs_replace = False
    if request.method == "POST":
        form = ObservationForm(request.POST, territories=territories, disaggregated=disaggregated)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = write_observations(
                    [
                        ObservationInput(
                            indicator=ind.code,
                            territory=data["territory"],
                            period=data["period"].strip(),
                            value=data["value"],
                            dimensions=data["dimensions"],
                            status=data["status"],
                            note=data["note"],
                        )
                    ],
                    actor=request.user,
                    reason=data["reason"],
                    channel="form",
                    replace=data["replace"],
                )
            except StradomError as exc:  # a value computed from this one may not change
                report = WriteReport()
                problems.append(localize(exc))
            if report.ok and not problems:
                if report.created:
                    messages.success(request, _("The value was saved."))
                elif report.updated:
                    messages.success(request, _("The stored value was replaced."))
                else:
                    messages.info(request, _("The value was already stored; nothing changed."))
                url = f"{pages_url('workspace:indicator', ind.code)}?territory={data['territory']}"
                return redirect(url)
            for p in report.problems:
                field = {"period": "period", "value": "value", "territory": "territory"}.get(
                    p.field
                )
                text = localize(p.message)
                if field and field in form.fields:
                    form.add_error(field, text)
                else:
                    problems.append(text)
                if "already stored" in p.message.template:
                    needs_replace = True
    else:
        home = strategy_queries.home_territory()
        form = ObservationForm(
            territories=territories,
            disaggregated=disaggregated,
            initial={
                "territory": home.code if home else None,
                "period": str(timezone.now().year - 1),
            },
        )
    recent = queries.history(ind).order_by("-at", "-id")[:5]
    return render(
        request,
        "workspace/enter.html",
        {
            "section": "workspace",
            "indicator": ind,
            "form": form,
            "problems": problems,
            "needs_replace": needs_replace,
            "recent": recent,
        },
        status=422 if request.method == "POST" else 200,
    )


def pages_url(name: str, code: str) -> str:
    from django.urls import reverse

    return reverse(name, args=[code])
