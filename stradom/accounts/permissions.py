"""Who may do what: the one place every view, form, command and API asks.

Roles: an *administrator* (superuser, or member of the ``administrators`` group);
a *domain coordinator* (listed on a domain: everything in own domains); a *data
provider* (listed on an indicator: its values); an *analyst* (``analysts`` group:
reads everything); the public (anonymous: published items only).
``actor=None`` stands for the operator at the command line, who has full rights.

The rules, as a table (``own`` = the indicator is in a domain the user coordinates,
or — for a data provider — is assigned to the user):

=====================  =======  =======  ==============  ==============  ========
action                 admin    analyst  coordinator     data provider   public
=====================  =======  =======  ==============  ==============  ========
view (published)       yes      yes      yes             yes             yes
view (unpublished)     yes      yes      own             own             no
view history           yes      yes      own             own             no
enter values (*)       yes      no       own             own             no
use the workspace      yes      yes      yes             yes             no
request reports (**)   all      all      some            none            none
report on a domain     yes      yes      own             no              no
or an indicator (***)
edit a budget task     yes      no       own             no              no
edit a register entry  yes      no       own (****)      no              no
manage an instrument   yes      no       own (*****)     no              no
read survey microdata  yes      yes      no              no              no
edit an indicator's    yes      granted  granted         granted         no
metadata (******)
edit a strategy's      yes      granted  granted         granted         no
targets (******)
edit a strategy's      yes      granted  granted         granted         no
structure (******)
comment on a record    yes      no       own (*******)   no              no
reply to a comment     yes      yes      if seen         if seen         no
submit values          yes      no       own             own             no
for approval (8*)
approve or return      yes      no       own domain      no              no
values (8*)
lock or unlock a       yes      no       no              no              no
period (8*)
=====================  =======  =======  ==============  ==============  ========

(*) never for a computed indicator (a formula or an aggregation): the system writes those.

(**) ``REQUEST_REPORT`` with the kind's code (or none: any kind at all). A coordinator
may request the strategy-monitoring report (it shows what the coordinator may see of
the strategy, as the workspace does), the domain report and indicator sheets
(``COORDINATOR_REPORTS``); the report on the state of the municipality is not theirs.

(***) ``REPORT_ON`` with a domain (its domain report) or an indicator (its sheet):
``own`` here is the domain, or the indicator's domain — an indicator a data provider
is assigned to is not enough. Checked on request and again when the job runs, since
roles may change in between.

``EDIT_BUDGET_TASK`` takes a budget task or a domain (the one a new task is created in,
or a task is moved to): ``own`` is a domain the user coordinates; a task of no domain is
the administrators'.

(****) ``EDIT_REGISTER`` takes a resolution or civic-budget project, a domain, or a
tuple of these (an entry moved between domains: the coordinator needs every domain
given; ``None`` in the tuple is skipped). An entry of no domain is the administrators'.

(*****) ``MANAGE_INSTRUMENT`` takes an instrument: its manager (any signed-in user named
on it) or a coordinator of its domain (``Instrument.domain``). Links to goals,
indicators and money grant nothing. With a domain (creating an instrument in it) it is
the domain's coordinators'. Without either (creating an instrument of no domain,
building a project network) it is the administrators'. ``manageable_instruments`` is
the same rule as a filter on a list of instruments.

(******) ``EDIT_INDICATOR`` takes an indicator (its metadata: names, definition, unit,
source, computation, links; one not saved yet, or none, is a new indicator);
``EDIT_TARGET`` a goal's indicator (its baseline, target, milestones, weight…; a new or
deleted one too) or the goal a new one is added to; ``EDIT_STRATEGY`` the strategy's
structure: a strategy (none: a new one) or one of its levels, or a goal of its tree (a
new, changed or deleted one). None follows the domains: the catalogue and the strategy
are the city's, not a domain's. ``granted`` is a user the administrator has given
Django's model permission in the admin (``catalog.add_indicator`` for a new indicator,
``catalog.change_indicator`` for an existing one, ``strategy.change_goalindicator`` for
targets, ``strategy.change_strategy`` for a strategy and its levels,
``strategy.change_goal`` for goals), whatever else they are. Deleting a goal or a
strategy deletes what hangs below it, so it needs the right to each kind deleted
(``stradom.strategy.services``).

``READ_MICRODATA`` (a survey's or wave's respondent-level answers; the object, if
given, does not change the answer): administrators and analysts only.

(*******) ``COMMENT`` takes an indicator, a goal or an instrument: the coordinator's
commentary for a period (``stradom.commentary``). ``own`` is the record's domain: the
indicator's, the instrument's (``Instrument.domain``) or, for a goal (which has no domain
of its own), any domain of an indicator linked to the goal or to a goal below it — the
indicators its assessment counts. A comment is words about the record, not the record,
so a link is enough here, unlike for ``MANAGE_INSTRUMENT``. ``REPLY`` takes the same
records: anyone with a role of the office who may see the record (an indicator they may
``VIEW``; every goal and instrument is seen in the workspace). Editing or deleting a
comment is its author's while they may still comment (or reply), and an administrator
may delete any (``stradom.commentary.services``).

(8*) Data approval (``stradom.approval``). ``SUBMIT_VALUES`` takes an indicator: whoever
may enter its values (its domain's coordinators, its data providers) submits a period's
values, computed indicators' too. ``APPROVE_VALUES`` takes an indicator: approving or
returning its values is its domain's coordinators' (an indicator of no domain: the
administrators'), as DHIS2 gives approval to the level above the one that enters.
``LOCK_PERIODS`` (a domain, or none for every domain) is the administrators' only.

These twelve are write paths (or, for microdata, the most sensitive read): they read the
roles afresh from the database, so a role granted or taken a moment ago counts at once.

A page that a user may not *see* answers 404 (it does not exist for them: nothing
about an unpublished item leaks); a page they may see but an action they may not take
answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.views.decorators.cache import never_cache

ADMINISTRATORS = "administrators"
ANALYSTS = "analysts"

PUBLISHED = "published"  # Indicator.publication_status of what the public sees


class Action(StrEnum):
    VIEW = "view"  # an indicator's page, values, chart, downloads
    VIEW_HISTORY = "view_history"  # who changed which value, when and why
    ENTER_VALUES = "enter_values"  # write values through the form / import / API
    USE_WORKSPACE = "use_workspace"  # the signed-in workspace at all
    REQUEST_REPORT = "request_report"  # a kind of report (its code), or any at all
    REPORT_ON = "report_on"  # the domain report of a domain, the sheet of an indicator
    EDIT_BUDGET_TASK = "edit_budget_task"  # a budget task (or the domain it goes to)
    EDIT_REGISTER = "edit_register"  # a resolution / civic-budget project (or domains)
    MANAGE_INSTRUMENT = "manage_instrument"  # an instrument, its milestones and progress
    READ_MICRODATA = "read_microdata"  # survey answers of single respondents
    EDIT_INDICATOR = "edit_indicator"  # an indicator's metadata (or a new indicator)
    EDIT_TARGET = "edit_target"  # a goal's indicator: baseline, target… (or its goal)
    EDIT_STRATEGY = "edit_strategy"  # a strategy, its levels, the goals of its tree
    COMMENT = "comment"  # a coordinator's commentary on an indicator, goal or instrument
    REPLY = "reply"  # a reply to the commentary on such a record
    SUBMIT_VALUES = "submit_values"  # an indicator's values of a period, for approval
    APPROVE_VALUES = "approve_values"  # approve or return an indicator's submitted values
    LOCK_PERIODS = "lock_periods"  # lock or unlock a period (of a domain, or of all)


# Actions that read the roles afresh (see the module's docstring).
_FRESH = frozenset(
    {
        Action.EDIT_BUDGET_TASK,
        Action.EDIT_REGISTER,
        Action.MANAGE_INSTRUMENT,
        Action.READ_MICRODATA,
        Action.EDIT_INDICATOR,
        Action.EDIT_TARGET,
        Action.EDIT_STRATEGY,
        Action.COMMENT,
        Action.REPLY,
        Action.SUBMIT_VALUES,
        Action.APPROVE_VALUES,
        Action.LOCK_PERIODS,
    }
)


# Kinds of report a domain coordinator may request (see the table above).
COORDINATOR_REPORTS = ("monitoring", "domain", "indicator")


def is_administrator(user) -> bool:
    if user is None:
        return True
    return roles(user, cached=False).administrator


@dataclass(frozen=True)
class Roles:
    """What one user is, worked out once per request (two or three queries, cached)."""

    authenticated: bool
    administrator: bool = False
    analyst: bool = False
    domain_ids: frozenset[int] = field(default_factory=frozenset)
    indicator_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def reads_everything(self) -> bool:
        return self.administrator or self.analyst

    @property
    def staff_role(self) -> bool:
        """Any role of the office (not merely the public)."""
        return (
            self.administrator or self.analyst or bool(self.domain_ids) or bool(self.indicator_ids)
        )

    def owns(self, indicator) -> bool:
        return indicator.domain_id in self.domain_ids or indicator.pk in self.indicator_ids

    def names(self) -> list[str]:
        out = []
        if self.administrator:
            out.append("administrator")
        if self.analyst:
            out.append("analyst")
        if self.domain_ids:
            out.append("coordinator")
        if self.indicator_ids:
            out.append("data_provider")
        return out


_ANONYMOUS = Roles(authenticated=False)
_CACHE_ATTR = "_stradom_roles"


def roles(user, *, cached: bool = True) -> Roles:
    """The user's roles; computed once and kept on the user object for the request.

    ``cached=False`` asks the database afresh (the write path does, so a role granted
    a moment ago counts at once)."""
    if user is None:
        return Roles(authenticated=True, administrator=True)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _ANONYMOUS
    kept = getattr(user, _CACHE_ATTR, None) if cached else None
    if kept is not None:
        return kept
    groups, domain_ids, indicator_ids = _memberships(user)
    administrator = user.is_superuser or ADMINISTRATORS in groups
    if administrator:
        result = Roles(authenticated=True, administrator=True, analyst=ANALYSTS in groups)
    else:
        result = Roles(
            authenticated=True,
            analyst=ANALYSTS in groups,
            domain_ids=frozenset(domain_ids),
            indicator_ids=frozenset(indicator_ids),
        )
    setattr(user, _CACHE_ATTR, result)
    return result


def _memberships(user) -> tuple[set[str], set[int], set[int]]:
    """The user's group names, coordinated domains and provided indicators: one
    statement (three queries on every signed-in request before, issue 16)."""

    def tagged(qs, key, kind: str):
        return (
            qs.order_by()
            .annotate(
                role_key=Cast(key, CharField()), role_kind=Value(kind, output_field=CharField())
            )
            .values_list("role_key", "role_kind")
        )

    rows = tagged(user.groups.all(), "name", "g").union(
        tagged(user.coordinated_domains.all(), "id", "d"),
        tagged(user.provided_indicators.all(), "id", "i"),
        all=True,
    )
    found: dict[str, set] = {"g": set(), "d": set(), "i": set()}
    for key, kind in rows:
        found[kind].add(key if kind == "g" else int(key))
    return found["g"], found["d"], found["i"]


def can(user, action: Action | str, obj=None, *, fresh: bool | None = None) -> bool:
    """May ``user`` take ``action`` (on ``obj`` where the action concerns one: an
    indicator; for ``REQUEST_REPORT`` a report kind's code; for ``REPORT_ON`` a domain
    or an indicator; for the others see the module's docstring)?

    ``fresh`` (default: the write paths' actions do) reads the roles afresh; a page that
    only decides whether to offer a form passes ``fresh=False`` and uses the roles read
    for the request, since the write path asks again when the form is sent."""
    action = Action(action)
    if action is Action.ENTER_VALUES and obj is not None and obj.is_computed:
        return False  # computed from other values: the system writes them, nobody types them
    if action is Action.MANAGE_INSTRUMENT and _manages(user, obj):
        return True  # the named manager, whatever else they are (asked first: no queries)
    r = roles(user, cached=not fresh if fresh is not None else action not in _FRESH)
    if r.administrator:
        return True
    if action is Action.READ_MICRODATA:
        return r.analyst
    if action is Action.EDIT_BUDGET_TASK:
        domain_id = _domain_id(obj)
        return domain_id is not None and domain_id in r.domain_ids
    if action is Action.EDIT_REGISTER:
        given = obj if isinstance(obj, tuple | list) else (obj,)
        wanted = {_domain_id(o) for o in given if o is not None} - {None}
        return bool(wanted) and wanted <= r.domain_ids
    if action is Action.MANAGE_INSTRUMENT:
        domain_id = _domain_id(obj)  # the instrument's domain, or the domain given
        return domain_id is not None and domain_id in r.domain_ids
    if action is Action.EDIT_INDICATOR:
        new = obj is None or obj.pk is None
        return _granted(user, "catalog.add_indicator" if new else "catalog.change_indicator")
    if action is Action.EDIT_TARGET:
        return _granted(user, "strategy.change_goalindicator")
    if action is Action.EDIT_STRATEGY:
        return _granted(
            user, "strategy.change_goal" if _is_goal(obj) else "strategy.change_strategy"
        )
    if action is Action.USE_WORKSPACE:
        return r.staff_role
    if action is Action.LOCK_PERIODS:
        return False  # administrators only (answered above)
    if action is Action.SUBMIT_VALUES:
        return obj is not None and r.owns(obj)
    if action is Action.APPROVE_VALUES:
        return obj is not None and obj.domain_id is not None and obj.domain_id in r.domain_ids
    if action is Action.COMMENT:
        return obj is not None and bool(_record_domain_ids(obj) & r.domain_ids)
    if action is Action.REPLY:
        if obj is None or not r.staff_role:
            return False
        return not _is_indicator(obj) or (
            obj.publication_status == PUBLISHED or r.analyst or r.owns(obj)
        )
    if action is Action.REQUEST_REPORT:
        if r.reads_everything:
            return True
        return bool(r.domain_ids) and (obj is None or obj in COORDINATOR_REPORTS)
    if obj is None:
        raise ValueError(f"action {action} needs an object")
    if action is Action.REPORT_ON:
        domain_id = obj.domain_id if hasattr(obj, "domain_id") else obj.pk  # indicator, domain
        return r.reads_everything or domain_id in r.domain_ids
    if action is Action.VIEW:
        return obj.publication_status == PUBLISHED or r.analyst or r.owns(obj)
    if action is Action.VIEW_HISTORY:
        return r.analyst or r.owns(obj)
    if action is Action.ENTER_VALUES:
        return r.owns(obj)
    return False


def _manages(user, instrument) -> bool:
    """The user (signed in and active) is the instrument's named manager."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    manager_id = getattr(instrument, "manager_id", None)
    return manager_id is not None and manager_id == user.pk


def _granted(user, permission: str) -> bool:
    """The (active) user holds Django's model ``permission``, read afresh: the backend
    keeps what it read on the user object, and a write path does not trust that."""
    if not getattr(user, "is_active", False):
        return False
    for kept in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(kept, None)
    return user.has_perm(permission)


def _is_goal(obj) -> bool:
    from stradom.strategy.models import Goal

    return isinstance(obj, Goal)


def _is_indicator(obj) -> bool:
    from stradom.catalog.models import Indicator

    return isinstance(obj, Indicator)


def _record_domain_ids(obj) -> frozenset[int]:
    """The domains whose coordinators comment on ``obj`` (see ``COMMENT`` above): an
    indicator's or instrument's own; a goal's are those of the indicators linked to it or
    to a goal below it (two queries: the strategy's goal tree, then the links)."""
    from stradom.strategy.models import Goal, GoalIndicator

    if not isinstance(obj, Goal):
        domain_id = getattr(obj, "domain_id", None)
        return frozenset() if domain_id is None else frozenset({domain_id})
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Goal.objects.filter(strategy_id=obj.strategy_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    below, todo = set(), [obj.pk]
    while todo:
        pk = todo.pop()
        if pk not in below:
            below.add(pk)
            todo.extend(children.get(pk, ()))
    return frozenset(
        GoalIndicator.objects.filter(goal_id__in=below, indicator__domain__isnull=False)
        .values_list("indicator__domain_id", flat=True)
        .distinct()
    )


def _domain_id(obj) -> int | None:
    """The domain a record belongs to (its ``domain_id``), or the domain itself."""
    from stradom.catalog.models import Domain

    if obj is None:
        return None
    if isinstance(obj, Domain):
        return obj.pk
    return obj.domain_id


def require(user, action: Action | str, obj=None) -> None:
    """Raise 404 when ``obj`` is an indicator the user may not even see, 403 when the
    action (on ``obj``, a record of any kind, as :func:`can` takes it) is refused; return
    quietly when allowed."""
    from stradom.catalog.models import Indicator

    if isinstance(obj, Indicator) and not can(user, Action.VIEW, obj):
        raise Http404
    if not can(user, action, obj):
        raise PermissionDenied


def workspace_view(view):
    """A view of the workspace: signed in, with a role of the office; never cached."""

    @wraps(view)
    @never_cache
    @login_required
    def wrapper(request, *args, **kwargs):
        if not can(request.user, Action.USE_WORKSPACE):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def visible_indicators(user, queryset: QuerySet | None = None) -> QuerySet:
    """The indicators ``user`` may see, as a filter on ``queryset`` (default: all)."""
    from stradom.catalog.models import Indicator

    qs = Indicator.objects.all() if queryset is None else queryset
    r = roles(user)
    if r.reads_everything:
        return qs
    published = Q(publication_status=PUBLISHED)
    if not r.authenticated:
        return qs.filter(published)
    # Conditions on the indicator's own columns: no join, so no duplicate rows to remove
    # (a DISTINCT over every column made the workspace's list of 1,000 indicators sort
    # them all, descriptions included).
    return qs.filter(published | Q(domain_id__in=r.domain_ids) | Q(pk__in=r.indicator_ids))


def manageable_instruments(user) -> Q | None:
    """The instruments ``user`` may manage (``MANAGE_INSTRUMENT``), as a filter on
    instruments (roles as read for the request: for showing a list, not for writing);
    None when every instrument is (an administrator)."""
    r = roles(user)
    if r.administrator:
        return None
    if not r.authenticated:
        return Q(pk__in=[])
    return Q(manager_id=user.pk) | Q(domain_id__in=r.domain_ids)


def public_only(user) -> bool:
    """True when the user sees only what the public sees (so pages may be shared caches)."""
    r = roles(user)
    return not (r.reads_everything or r.domain_ids or r.indicator_ids)


@dataclass
class ValuePermissions:
    """Which indicators' values a user may write, worked out once for a whole batch."""

    everything: bool
    domain_ids: frozenset[int] = field(default_factory=frozenset)
    indicator_ids: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def for_user(cls, user) -> ValuePermissions:
        r = roles(user, cached=False)
        if r.administrator:
            return cls(everything=True)
        return cls(everything=False, domain_ids=r.domain_ids, indicator_ids=r.indicator_ids)

    def allows(self, indicator) -> bool:
        return (
            self.everything
            or indicator.domain_id in self.domain_ids
            or indicator.pk in self.indicator_ids
        )
