"""Reads of the commentary, as frozen dataclasses: a record's thread for the workspace
(comments, their replies and what the reader may do with each), the goals' threads of a
strategy page at once, and the published commentary for the public pages and reports
(top-level comments their authors published; never replies).

A record's comments are listed newest period first, then in the order written; replies
in the order written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q

from stradom.accounts.permissions import Action, can, roles
from stradom.catalog.models import Indicator
from stradom.commentary.models import Comment, CommentChange, TargetKind
from stradom.core.formatting import period as period_shown
from stradom.core.history import ShownChange, shown_history
from stradom.core.periods import parse_period
from stradom.instruments.models import Instrument
from stradom.strategy.models import Goal

# An edit within this time of writing (a typo put right at once) is not "edited".
EDITED_AFTER = timedelta(seconds=1)


@dataclass(frozen=True)
class CommentView:
    id: int
    period: str  # the canonical code: 2025, 2025-Q3
    period_text: str  # as the pages write periods (a day as a date)
    text: str
    actions: str
    public: bool
    author: str  # the author's full name, else their user name; "" when unknown
    written: datetime
    edited: datetime | None  # the last change, when there was one after writing
    is_reply: bool
    may_edit: bool = False
    may_delete: bool = False
    replies: tuple[CommentView, ...] = ()


@dataclass(frozen=True)
class Thread:
    """The commentary on one record as the workspace shows it."""

    kind: str  # TargetKind: indicator, goal, instrument
    key: str  # what its address takes: the indicator's or instrument's code, the goal's id
    code: str
    name: str
    may_comment: bool
    may_reply: bool
    comments: tuple[CommentView, ...]

    @property
    def count(self) -> int:
        return len(self.comments) + sum(len(c.replies) for c in self.comments)


@dataclass(frozen=True)
class PublishedComment:
    """A published top-level comment, for the public pages and the reports."""

    id: int
    kind: str
    record_id: int  # the id of the record commented on
    code: str  # of the record commented on
    name: str
    period: str
    period_text: str
    text: str
    actions: str
    author: str
    written: datetime


def _author(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def target_key(target) -> tuple[str, str]:
    """``(kind, key)`` of a record, as the commentary's addresses take them."""
    if isinstance(target, Indicator):
        return TargetKind.INDICATOR, target.code
    if isinstance(target, Goal):
        return TargetKind.GOAL, str(target.pk)
    if isinstance(target, Instrument):
        return TargetKind.INSTRUMENT, target.code
    raise TypeError(f"not a record that takes comments: {target!r}")


def find_target(kind: str, key: str):
    """The record of ``kind`` with ``key`` (code, or the goal's id), or None."""
    if kind == TargetKind.INDICATOR:
        return Indicator.objects.select_related("domain").filter(code=key).first()
    if kind == TargetKind.GOAL:
        if not key.isdigit():
            return None
        return Goal.objects.select_related("strategy").filter(pk=int(key)).first()
    if kind == TargetKind.INSTRUMENT:
        return Instrument.objects.select_related("domain").filter(code=key).first()
    return None


def _comments(**where):
    replies = Prefetch(
        "replies", queryset=Comment.objects.select_related("author").order_by("created_at", "id")
    )
    return (
        Comment.objects.filter(parent__isnull=True, **where)
        .select_related("author")
        .prefetch_related(replies)
    )


def _newest_first(rows) -> list[Comment]:
    """Newest period first (by its end: 2025 before 2025-H1, 2025-Q3 before 2025-07),
    then the order written; the codes do not sort so as text."""

    def key(c: Comment):
        p = parse_period(c.period)
        return (-p.end.toordinal(), -p.days, c.created_at, c.pk)

    return sorted(rows, key=key)


def _view(c: Comment, *, user=None, may_write=False, admin=False, replies=()) -> CommentView:
    mine = user is not None and c.author_id is not None and c.author_id == user.pk
    edited = c.updated_at if c.updated_at - c.created_at > EDITED_AFTER else None
    return CommentView(
        id=c.pk,
        period=c.period,
        period_text=period_shown(c.period),
        text=c.text,
        actions=c.actions,
        public=c.public,
        author=_author(c.author),
        written=c.created_at,
        edited=edited,
        is_reply=c.parent_id is not None,
        may_edit=mine and may_write,
        may_delete=(mine and may_write) or admin,
        replies=tuple(replies),
    )


def thread(target, user) -> Thread:
    """The comments on ``target`` with their replies, and what ``user`` may do: write a
    comment, reply, edit or delete each (``stradom.commentary.services`` decides the same
    way when it is asked)."""
    kind, key = target_key(target)
    # The roles read for the request: the services ask afresh when a form is sent.
    may_comment = can(user, Action.COMMENT, target, fresh=False)
    may_reply = can(user, Action.REPLY, target, fresh=False)
    admin = roles(user).administrator
    comments = tuple(
        _view(
            c,
            user=user,
            may_write=may_comment,
            admin=admin,
            replies=[
                _view(r, user=user, may_write=may_reply, admin=admin) for r in c.replies.all()
            ],
        )
        for c in _newest_first(_comments(**{kind: target}))
    )
    return Thread(
        kind=kind,
        key=key,
        code=target.code,
        name=target.name,
        may_comment=may_comment,
        may_reply=may_reply,
        comments=comments,
    )


def goal_threads(goal_ids: Iterable[int]) -> dict[int, tuple[CommentView, ...]]:
    """The comments (with replies) on each of ``goal_ids`` at once, for a strategy page
    that lists many goals (two queries); writing happens on each goal's own page."""
    out: dict[int, list[CommentView]] = {}
    for c in _newest_first(_comments(goal_id__in=list(goal_ids))):
        replies = [_view(r) for r in c.replies.all()]
        out.setdefault(c.goal_id, []).append(_view(c, replies=replies))
    return {k: tuple(v) for k, v in out.items()}


def goals_of_domain(domain) -> set[int]:
    """The goals whose commentary a domain's coordinators write (``Action.COMMENT``): those
    an indicator of the domain is linked to, and every goal above them (two queries)."""
    from stradom.strategy.models import GoalIndicator

    linked = set(
        GoalIndicator.objects.filter(indicator__domain=domain).values_list("goal_id", flat=True)
    )
    if not linked:
        return set()
    parents = dict(
        Goal.objects.filter(strategy__goals__in=linked).distinct().values_list("pk", "parent_id")
    )
    out: set[int] = set()
    for pk in linked:
        while pk is not None and pk not in out:
            out.add(pk)
            pk = parents.get(pk)
    return out


def comment_history(comment: Comment) -> list[ShownChange]:
    """Every recorded change of a comment, newest first, in the reader's language."""
    return shown_history(CommentChange, comment)


def _published(c: Comment) -> PublishedComment:
    target = c.target
    return PublishedComment(
        id=c.pk,
        kind=c.target_kind,
        record_id=target.pk,
        code=target.code,
        name=target.name,
        period=c.period,
        period_text=period_shown(c.period),
        text=c.text,
        actions=c.actions,
        author=_author(c.author),
        written=c.created_at,
    )


def published(
    *,
    indicators: Iterable = (),
    goals: Iterable = (),
    instruments: Iterable = (),
    year: int | None = None,
) -> tuple[PublishedComment, ...]:
    """The published top-level comments on any of the records given (records or their
    ids), of periods in ``year`` when given; newest period first (one query)."""
    ids = {
        "indicator_id__in": [getattr(i, "pk", i) for i in indicators],
        "goal_id__in": [getattr(g, "pk", g) for g in goals],
        "instrument_id__in": [getattr(i, "pk", i) for i in instruments],
    }
    which = Q()
    for lookup, keys in ids.items():
        if keys:
            which |= Q(**{lookup: keys})
    if not which:
        return ()
    rows = Comment.objects.filter(which, parent__isnull=True, public=True)
    if year is not None:
        rows = rows.filter(period__startswith=str(year))
    rows = rows.select_related("author", "indicator", "goal", "instrument")
    return tuple(_published(c) for c in _newest_first(rows))
