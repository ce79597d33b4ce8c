"""The coordinators' commentary (``stradom.commentary``): a record's comments, and the same
writes as the workspace and ``stradom comments`` through the same services (channel
``api``). Reads: the public (and anyone without a role of the office) gets the published
comments only, without replies; the office gets the whole thread of a record it may see.
Writes need a Bearer token; the service checks the right (403 when refused)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from stradom.accounts.permissions import Action, can
from stradom.api.auth import TokenAuth, current_user
from stradom.api.errors import ApiError, ErrorOut, with_errors
from stradom.commentary import queries, services
from stradom.commentary.models import Comment
from stradom.core.i18n import localize
from stradom.core.messages import StradomError

router = Router(tags=["commentary"])
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Kind(StrEnum):
    indicator = "indicator"
    goal = "goal"
    instrument = "instrument"


class ReplyOut(Schema):
    id: int
    text: str
    author: str
    written: datetime


class CommentOut(Schema):
    id: int
    period: str = Field(description="2025, 2025-H1, 2025-Q3 or 2025-07")
    text: str = Field(description="what happened")
    actions: str = Field(description="what is being done")
    public: bool
    author: str
    written: datetime
    replies: list[ReplyOut] = Field(description="empty for the public")


class CommentIn(Schema):
    period: str = Field(description="e.g. 2025, 2025-H1, 2025-Q3, 2025-07")
    text: str = Field(description="what happened")
    actions: str = Field("", description="what is being done")
    public: bool = Field(False, description="show it on the public pages and in the reports")


class ReplyIn(Schema):
    text: str


class EditIn(Schema):
    reason: str
    period: str | None = None
    text: str | None = None
    actions: str | None = None
    public: bool | None = None


class ReasonIn(Schema):
    reason: str


def _target(request, kind: Kind, key: str):
    target = queries.find_target(kind.value, key)
    if target is None or (
        kind is Kind.indicator and not can(current_user(request), Action.VIEW, target)
    ):
        words = _("There is no record %(key)s of the kind “%(kind)s”.")
        raise ApiError(404, "not_found", words % {"kind": kind.value, "key": key})
    return target


def _comment(request, pk: int) -> Comment:
    found = Comment.objects.filter(pk=pk).first()
    if found is None:
        raise ApiError(404, "not_found", _("There is no comment %(id)s.") % {"id": pk})
    kind, key = queries.target_key(found.target)
    _target(request, Kind(kind), key)  # a comment on an indicator the caller may not see: 404
    return found


def _call(step, *args, **kwargs):
    try:
        return step(*args, **kwargs)
    except services.Refused as exc:
        raise ApiError(403, "forbidden", localize(exc)) from exc
    except StradomError as exc:
        raise ApiError(400, "bad_request", localize(exc)) from exc


def _out(c) -> dict:
    return {
        "id": c.id,
        "period": c.period,
        "text": c.text,
        "actions": c.actions,
        "public": getattr(c, "public", True),
        "author": c.author,
        "written": c.written,
        "replies": [
            {"id": r.id, "text": r.text, "author": r.author, "written": r.written}
            for r in getattr(c, "replies", ())
        ],
    }


@router.get("/comments/record/{kind}/{key}", response=with_errors(list[CommentOut], 404))
def list_comments(request, kind: Kind, key: str):
    """The comments on a record (an indicator's or instrument's code, a goal's id), newest
    period first."""
    target = _target(request, kind, key)
    user = current_user(request)
    if can(user, Action.USE_WORKSPACE):
        return [_out(c) for c in queries.thread(target, user).comments]
    published = queries.published(**{f"{kind.value}s": [target]})
    return [_out(c) | {"author": "", "public": True} for c in published]


@router.post("/comments/record/{kind}/{key}", auth=TokenAuth(), response={**WRITE, 200: CommentOut})
def add_comment(request, kind: Kind, key: str, payload: CommentIn):
    """A coordinator's comment on the record for a period."""
    made = _call(
        services.create_comment,
        _target(request, kind, key),
        actor=request.auth,
        period=payload.period,
        text=payload.text,
        actions=payload.actions,
        public=payload.public,
        channel="api",
    )
    return _found(request.auth, made)


def _found(user, comment: Comment) -> dict:
    top = comment.parent or comment
    thread = queries.thread(top.target, user)
    view = next(c for c in thread.comments if c.id == top.pk)
    return _out(view)


@router.post(
    "/comments/{comment_id}/replies", auth=TokenAuth(), response={**WRITE, 200: CommentOut}
)
def add_reply(request, comment_id: int, payload: ReplyIn):
    """A reply to a comment; answers with the comment and its replies."""
    made = _call(
        services.reply,
        _comment(request, comment_id),
        actor=request.auth,
        text=payload.text,
        channel="api",
    )
    return _found(request.auth, made)


@router.patch("/comments/{comment_id}", auth=TokenAuth(), response={**WRITE, 200: CommentOut})
def edit(request, comment_id: int, payload: EditIn):
    """Change a comment (its author), with a reason kept in the history."""
    changes = {
        f: getattr(payload, f)
        for f in ("period", "text", "actions", "public")
        if getattr(payload, f) is not None
    }
    saved = _call(
        services.edit_comment,
        _comment(request, comment_id),
        actor=request.auth,
        reason=payload.reason,
        channel="api",
        **changes,
    )
    return _found(request.auth, saved)


@router.post("/comments/{comment_id}/delete", auth=TokenAuth(), response={**WRITE, 200: None})
def delete(request, comment_id: int, payload: ReasonIn):
    """Delete a comment and its replies (its author, or an administrator), with a reason."""
    _call(
        services.delete_comment,
        _comment(request, comment_id),
        actor=request.auth,
        reason=payload.reason,
        channel="api",
    )
