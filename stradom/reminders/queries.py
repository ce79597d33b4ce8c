"""The daily digest: what each user owes on a day, one section per kind of thing owed.

A user owes

* **progress updates** of the instruments they manage (``Instrument.manager``) or whose
  domain they coordinate: the one of the last closed period, *overdue*, and the one of
  the last ended period whose deadline is at most ``STRADOM_REMINDERS_DAYS_AHEAD`` days
  away, *due* (``stradom.instruments.queries.owed_updates``, the rule of the workspace's
  overdue list);
* **indicator values** of the indicators they provide data for or whose domain they
  coordinate: the expected period's when the series is out of date, *overdue*, or the
  last ended period's when its publication deadline is that near, *due*
  (``stradom.catalog.freshness.owed_value``; an irregular indicator, one whose lag is not
  known and a computed one, which nobody enters, owe nothing).

Each section is built by one function for all users at once (a few queries, whatever
the number of users), listed in :data:`SECTIONS`; and

* **values awaiting approval**: an indicator's values of a period submitted for
  approval (``stradom.approval``) in a domain the user coordinates, waiting for their
  decision (``values_awaiting_approval``; the oldest submission first). ``SentReminder``
  keeps no count of them yet (a field and a migration of this app).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from stradom.catalog.freshness import IRREGULAR, OwedValue, owed_value
from stradom.catalog.models import Domain, Indicator
from stradom.catalog.queries import latest_period_subquery
from stradom.instruments.queries import OverdueUpdate, owed_updates
from stradom.reminders.models import ReminderPreference

UPDATES = "updates"
VALUES = "values"
APPROVALS = "approvals"


@dataclass(frozen=True)
class UpdateOwed:
    """A progress update the user owes: as the instrument's manager, or as a coordinator
    of its domain."""

    owed: OverdueUpdate
    as_manager: bool

    @property
    def overdue(self) -> bool:
        return self.owed.overdue

    @property
    def deadline(self) -> date:
        return self.owed.due

    @property
    def code(self) -> str:
        return self.owed.instrument.code


@dataclass(frozen=True)
class ValueOwed:
    """An indicator's value the user owes: as its data provider, or as a coordinator of
    its domain; ``latest`` is the latest period with a value (None: none yet)."""

    indicator: Indicator
    owed: OwedValue
    latest: str | None
    as_provider: bool

    @property
    def overdue(self) -> bool:
        return self.owed.overdue

    @property
    def deadline(self) -> date:
        return self.owed.deadline

    @property
    def code(self) -> str:
        return self.indicator.code


@dataclass(frozen=True)
class ApprovalOwed:
    """Values submitted for approval in a domain the user coordinates."""

    indicator: Indicator
    period: str
    submitted_at: datetime
    submitted_by: str

    overdue = False  # a decision has no deadline: listed after what is overdue

    @property
    def deadline(self) -> date:
        return self.submitted_at.date()

    @property
    def code(self) -> str:
        return self.indicator.code


@dataclass(frozen=True)
class Section:
    kind: str  # UPDATES, VALUES, APPROVALS
    items: tuple

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    @property
    def due(self) -> int:
        return len(self.items) - self.overdue


@dataclass(frozen=True)
class Digest:
    """One user's digest for one day, in the language they read e-mail in."""

    user: object
    day: date
    address: str
    language: str
    sections: tuple[Section, ...]

    @property
    def count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def empty(self) -> bool:
        return self.count == 0

    def section(self, kind: str) -> Section:
        return next((s for s in self.sections if s.kind == kind), Section(kind, ()))

    @property
    def counts(self) -> dict[str, int]:
        """What ``SentReminder`` keeps of the digest."""
        updates, values = self.section(UPDATES), self.section(VALUES)
        return {
            "updates_due": updates.due,
            "updates_overdue": updates.overdue,
            "values_due": values.due,
            "values_overdue": values.overdue,
        }


def _order(items: Iterable) -> tuple:
    """Overdue first, the longest overdue first; then due, the nearest deadline first."""
    return tuple(sorted(items, key=lambda i: (not i.overdue, i.deadline, i.code)))


def _coordinators(domain_ids: Iterable[int], user_ids: set[int]) -> dict[int, set[int]]:
    """Of ``user_ids``, who coordinates each of the domains (one query)."""
    through = Domain.coordinators.through
    out: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(domain_id__in=set(domain_ids), user_id__in=user_ids)
    for domain_id, user_id in rows.values_list("domain_id", "user_id"):
        out[domain_id].add(user_id)
    return out


def updates_owed(day: date, user_ids: set[int], days_ahead: int) -> dict[int, list[UpdateOwed]]:
    owed = owed_updates(day, days_ahead=days_ahead)
    coordinators = _coordinators({o.instrument.domain_id for o in owed} - {None}, user_ids)
    out: dict[int, list[UpdateOwed]] = defaultdict(list)
    for item in owed:
        manager = item.instrument.manager_id
        if manager in user_ids:
            out[manager].append(UpdateOwed(item, as_manager=True))
        for user_id in coordinators.get(item.instrument.domain_id, ()):
            if user_id != manager:
                out[user_id].append(UpdateOwed(item, as_manager=False))
    return out


def values_owed(day: date, user_ids: set[int], days_ahead: int) -> dict[int, list[ValueOwed]]:
    indicators = (
        Indicator.objects.filter(
            Q(data_providers__in=user_ids) | Q(domain__coordinators__in=user_ids),
            formula="",
            aggregation_source__isnull=True,
            publication_lag_days__isnull=False,
        )
        .exclude(frequency=IRREGULAR)
        .distinct()
        .annotate(last_period=latest_period_subquery())
        .order_by("code")
    )
    owing = []
    for indicator in indicators:
        owed = owed_value(
            indicator.frequency,
            indicator.publication_lag_days,
            indicator.last_period,
            day,
            days_ahead,
        )
        if owed is not None:
            owing.append((indicator, owed))
    if not owing:
        return {}
    providers: dict[int, set[int]] = defaultdict(set)
    through = Indicator.data_providers.through
    for indicator_id, user_id in through.objects.filter(
        indicator_id__in=[i.pk for i, _ in owing], user_id__in=user_ids
    ).values_list("indicator_id", "user_id"):
        providers[indicator_id].add(user_id)
    coordinators = _coordinators({i.domain_id for i, _ in owing} - {None}, user_ids)
    out: dict[int, list[ValueOwed]] = defaultdict(list)
    for indicator, owed in owing:
        mine = providers.get(indicator.pk, set())
        for user_id in mine:
            out[user_id].append(ValueOwed(indicator, owed, indicator.last_period, True))
        for user_id in coordinators.get(indicator.domain_id, set()) - mine:
            out[user_id].append(ValueOwed(indicator, owed, indicator.last_period, False))
    return out


def values_awaiting_approval(
    day: date, user_ids: set[int], days_ahead: int
) -> dict[int, list[ApprovalOwed]]:
    """Of ``user_ids``, each coordinator's submitted values awaiting approval (two queries)."""
    from stradom.approval.models import Approval, ApprovalStatus

    waiting = list(
        Approval.objects.filter(
            status=ApprovalStatus.SUBMITTED,
            indicator__domain__coordinators__in=user_ids,
        )
        .select_related("indicator", "changed_by")
        .distinct()
    )
    coordinators = _coordinators({a.indicator.domain_id for a in waiting}, user_ids)
    out: dict[int, list[ApprovalOwed]] = defaultdict(list)
    for a in waiting:
        item = ApprovalOwed(
            a.indicator,
            a.period,
            a.changed_at,
            a.changed_by.get_username() if a.changed_by else "",
        )
        for user_id in coordinators.get(a.indicator.domain_id, ()):
            out[user_id].append(item)
    return out


SectionBuilder = Callable[[date, set[int], int], dict[int, list]]
SECTIONS: tuple[tuple[str, SectionBuilder], ...] = (
    (UPDATES, updates_owed),
    (VALUES, values_owed),
    (APPROVALS, values_awaiting_approval),
)


def recipients(usernames: Sequence[str] | None = None):
    """The users who get reminders: active, with an e-mail address, not turned off
    (optionally only those named)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .exclude(reminder_preference__enabled=False)
        .select_related("reminder_preference")
        .order_by("username")
    )
    if usernames is not None:
        users = users.filter(username__in=usernames)
    return users


def language_of(user) -> str:
    """The language the user reads e-mail in: their own choice, else the office's."""
    try:
        chosen = user.reminder_preference.language
    except ReminderPreference.DoesNotExist:
        chosen = ""
    return chosen or settings.LANGUAGE_CODE


def digests(day: date, users=None) -> list[Digest]:
    """The digests of ``day`` with something in them, one per user of ``users`` (default:
    :func:`recipients`), by username. A user who owes nothing has none."""
    users = list(recipients() if users is None else users)
    ids = {u.pk for u in users}
    days_ahead = settings.STRADOM_REMINDERS_DAYS_AHEAD
    built = [(kind, build(day, ids, days_ahead)) for kind, build in SECTIONS]
    out = []
    for user in users:
        sections = tuple(
            Section(kind, _order(items[user.pk])) for kind, items in built if items.get(user.pk)
        )
        if sections:
            out.append(Digest(user, day, user.email, language_of(user), sections))
    return out
