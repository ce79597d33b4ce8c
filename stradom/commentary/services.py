"""Writes to the commentary: a new comment, a reply, an edit, a deletion.

Who may write (``stradom.accounts.permissions``, ``Action.COMMENT`` and ``Action.REPLY``):

=================================  =======  =======  ===============  =============
write                              admin    analyst  coordinator      data provider
=================================  =======  =======  ===============  =============
comment on a record for a period   yes      no       own domain       no
reply to a comment                 yes      yes      if they see it   if they see it
edit a comment (or reply)          own      own      own              own
delete a comment (or reply)        any      own      own              own
=================================  =======  =======  ===============  =============

``own domain`` is the record's domain (an indicator's, an instrument's, for a goal any
domain of an indicator linked to it or below it). ``own`` is the comment's author, while
they may still write it: a coordinator who lost the domain can no longer edit their
comment (an administrator can still delete it). Nobody edits someone else's words; an
administrator removes them with a reason. The operator at the command line
(``actor=None``) may do everything.

A comment is private (the workspace only) unless its author publishes it (``public``):
then the public indicator and goal pages and the reports show it. Replies are
conversations of the office and are never public.

Every function checks the permission and validates before it writes, and writes nothing
when it refuses. History (``CommentChange`` through ``stradom.core.history``): a new
comment or reply records its first values (no reason needed: the comment is its own);
an edit records each changed field and needs a reason; a deletion records the last
values, with a reason, of the comment and of each of its replies.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from stradom.accounts.permissions import Action, can, is_administrator
from stradom.catalog.models import Indicator
from stradom.commentary.models import Comment, CommentChange
from stradom.core.history import record_deletion, save_tracked
from stradom.core.messages import StradomError, Term, gettext_noop
from stradom.core.periods import PeriodError, parse_period
from stradom.instruments.models import Instrument
from stradom.strategy.models import Goal

TEXT_LIMIT = 5000
FIELDS = ("indicator", "goal", "instrument", "parent", "period", "text", "actions", "public")
EDITABLE = ("period", "text", "actions", "public")


class Refused(StradomError):
    """The actor may not make this change; nothing was written."""


class BadPeriod(StradomError):
    """The period of a comment is not one it may be about (the form's period field)."""


def _target_field(target) -> str:
    if isinstance(target, Indicator):
        return "indicator"
    if isinstance(target, Goal):
        return "goal"
    if isinstance(target, Instrument):
        return "instrument"
    raise StradomError(
        gettext_noop(
            "Comments are written on an indicator, a goal or an instrument, not %(what)s."
        ),
        what=type(target).__name__,
    )


def check_period(period, today: date | None = None) -> str:
    """The canonical code of ``period`` (``2025``, ``2025-H1``, ``2025-Q3``, ``2025-07``),
    or :class:`StradomError` saying what is wrong with it."""
    text = str(period if period is not None else "").strip()
    if not text:
        raise BadPeriod(
            gettext_noop(
                "Say which period the comment is about: a year (2025), half-year (2025-H1), "
                "quarter (2025-Q3) or month (2025-07)."
            )
        )
    try:
        parsed = parse_period(text)
    except PeriodError as exc:
        raise BadPeriod(
            gettext_noop("%(period)r is not a period (%(reason)s)."), period=text, reason=str(exc)
        ) from exc
    if parsed.kind == "D":
        raise BadPeriod(
            gettext_noop(
                "A comment is about a month, quarter, half-year or year, not a single day "
                "(%(period)s): write e.g. %(month)s."
            ),
            period=parsed.code,
            month=parsed.code[:7],
        )
    today = today or timezone.localdate()
    if parsed.start > today:
        raise BadPeriod(
            gettext_noop(
                "The period %(period)s has not started yet: comment on what has happened."
            ),
            period=parsed.code,
        )
    return parsed.code


WHAT_HAPPENED = Term(gettext_noop("what happened"))
WHAT_IS_DONE = Term(gettext_noop("what is being done"))


def _text(value, what: Term) -> str:
    text = (value or "").strip()
    if len(text) > TEXT_LIMIT:
        raise StradomError(
            gettext_noop("“%(what)s” is %(n)s characters long; at most %(limit)s are kept."),
            what=what,
            n=len(text),
            limit=TEXT_LIMIT,
        )
    return text


def _require_text(value) -> str:
    text = _text(value, WHAT_HAPPENED)
    if not text:
        raise StradomError(gettext_noop("Say what happened: the comment is empty."))
    return text


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise StradomError(
            gettext_noop("Say why the comment changes (a reason); it is kept in the history.")
        )
    return reason


def _require_comment(actor, target) -> None:
    if not can(actor, Action.COMMENT, target):
        raise Refused(
            gettext_noop(
                "Only a coordinator of the domain of %(record)s or an administrator may "
                "comment on it."
            ),
            record=target.code,
        )


def _require_reply(actor, target) -> None:
    if not can(actor, Action.REPLY, target):
        raise Refused(
            gettext_noop("Only someone of the office who may see %(record)s may reply here."),
            record=target.code,
        )


def require_author(actor, comment: Comment, *, deleting: bool = False) -> None:
    """Refuse (:class:`Refused`) unless ``actor`` is the comment's author and may still
    write it (comment, or reply for a reply); for a deletion, an administrator too."""
    if deleting and is_administrator(actor):
        return
    may_write = can(actor, Action.REPLY if comment.parent_id else Action.COMMENT, comment.target)
    mine = actor is None or (comment.author_id is not None and comment.author_id == actor.pk)
    if not (mine and may_write):
        if deleting:
            raise Refused(
                gettext_noop("Only the author of a comment or an administrator may delete it.")
            )
        raise Refused(gettext_noop("Only the author of a comment may change it."))


@transaction.atomic
def create_comment(
    target,
    *,
    actor,
    period,
    text: str,
    actions: str = "",
    public: bool = False,
    channel: str = "service",
    today: date | None = None,
) -> Comment:
    """A coordinator's commentary on ``target`` (an indicator, goal or instrument) for
    ``period``: what happened (``text``, required) and what is being done (``actions``).
    Private unless ``public``. Its history starts with every value it was written with."""
    field = _target_field(target)
    _require_comment(actor, target)
    values = {
        field: target,
        "period": check_period(period, today),
        "text": _require_text(text),
        "actions": _text(actions, WHAT_IS_DONE),
        "public": bool(public),
    }
    comment, _changed = save_tracked(
        CommentChange,
        Comment,
        None,
        values,
        actor=actor,
        reason="",
        channel=channel,
        new=lambda: Comment(author=actor if getattr(actor, "pk", None) else None),
    )
    return comment


@transaction.atomic
def reply(parent: Comment, *, actor, text: str, channel: str = "service") -> Comment:
    """A reply to the top-level comment ``parent`` (one level: a reply to a reply goes to
    the comment it answers). Same record and period as the parent, never public."""
    if parent.parent_id is not None:
        parent = parent.parent
    target = parent.target
    _require_reply(actor, target)
    values = {
        _target_field(target): target,
        "parent": parent,
        "period": parent.period,
        "text": _require_text(text),
    }
    comment, _changed = save_tracked(
        CommentChange,
        Comment,
        None,
        values,
        actor=actor,
        reason="",
        channel=channel,
        new=lambda: Comment(author=actor if getattr(actor, "pk", None) else None),
    )
    return comment


@transaction.atomic
def edit_comment(
    comment: Comment,
    *,
    actor,
    reason: str,
    channel: str = "service",
    today: date | None = None,
    **changes,
) -> Comment:
    """Change the ``period``, ``text``, ``actions`` or ``public`` of a comment (a reply:
    its ``text`` only). A reason is required; each changed field is kept in the history
    with its old and new value. Nothing changed: nothing is saved."""
    require_author(actor, comment)
    unknown = set(changes) - set(EDITABLE)
    if comment.parent_id is not None:
        unknown |= set(changes) - {"text"}
    if unknown:
        raise StradomError(
            gettext_noop("These cannot be changed on this comment: %(fields)s."),
            fields=", ".join(sorted(unknown)),
        )
    reason = _require_reason(reason)
    values = {}
    if "period" in changes:
        values["period"] = check_period(changes["period"], today)
    if "text" in changes:
        values["text"] = _require_text(changes["text"])
    if "actions" in changes:
        values["actions"] = _text(changes["actions"], WHAT_IS_DONE)
    if "public" in changes:
        values["public"] = bool(changes["public"])
    saved, _changed = save_tracked(
        CommentChange, Comment, comment, values, actor=actor, reason=reason, channel=channel
    )
    return saved


@transaction.atomic
def delete_comment(comment: Comment, *, actor, reason: str, channel: str = "service") -> int:
    """Delete a comment and its replies; each keeps its last values in the history, with
    who, when and why. Returns how many comments were deleted."""
    require_author(actor, comment, deleting=True)
    reason = _require_reason(reason)
    gone = 0
    for answer in list(comment.replies.order_by("id")):
        record_deletion(CommentChange, answer, FIELDS, actor=actor, reason=reason, channel=channel)
        gone += 1
    record_deletion(CommentChange, comment, FIELDS, actor=actor, reason=reason, channel=channel)
    return gone + 1
