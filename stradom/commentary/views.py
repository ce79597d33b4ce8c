"""The workspace's commentary pages: a record's thread with its forms (a comment for a
period, a reply), a comment's edit and deletion pages (each asks for a reason).

The thread is also shown on the record's own page (the indicator's, the instrument's;
the goals' on the strategy page) through ``stradom.commentary.templatetags``; its forms
post here and come back to that page (``next``). A record the user may not see answers
404, a write they may not make 403 — nothing is written; a form with a mistake comes
back with the mistake named at its field (422).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stradom.accounts.permissions import Action, can, workspace_view
from stradom.commentary import queries, services
from stradom.commentary.forms import CommentForm, DeleteForm, EditForm, ReplyForm
from stradom.commentary.models import Comment, TargetKind
from stradom.core.i18n import localize
from stradom.core.messages import StradomError


def record_url(kind: str, key: str) -> str:
    """The workspace page that shows a record's commentary."""
    if kind == TargetKind.INDICATOR:
        return reverse("workspace:indicator", args=[key]) + "#comments"
    if kind == TargetKind.INSTRUMENT:
        return reverse("workspace:instrument", args=[key]) + "#comments"
    return reverse("commentary:record", args=[kind, key]) + "#comments"


def _target(request, kind: str, key: str):
    target = queries.find_target(kind, key)
    if target is None:
        raise Http404
    if kind == TargetKind.INDICATOR and not can(request.user, Action.VIEW, target):
        raise Http404
    return target


def _back(request, kind: str, key: str, anchor: str = "") -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = wanted.split("#", 1)[0]
    else:
        url = record_url(kind, key).split("#", 1)[0]
    return f"{url}#{anchor or 'comments'}"


def thread_context(request, target, *, form=None, reply_to=None, reply_form=None) -> dict:
    """What ``commentary/_thread.html`` needs: the thread, the new comment's form (when
    the user may comment) and one reply form per comment (when they may reply), the
    bound one in place of the comment it answers."""
    thread = queries.thread(target, request.user)
    items = []
    for c in thread.comments:
        answer = None
        if thread.may_reply:
            answer = reply_form if reply_to == c.id else ReplyForm(comment_id=c.id)
        items.append({"comment": c, "reply_form": answer})
    if thread.may_comment and form is None:
        form = CommentForm(initial={"period": str(timezone.localdate().year - 1)})
    return {
        "thread": thread,
        "items": items,
        "comment_form": form if thread.may_comment else None,
        "next": request.get_full_path(),
    }


def _record_page(request, target, status: int = 200, **forms) -> object:
    kind, key = queries.target_key(target)
    context = thread_context(request, target, **forms)
    context.update(
        {
            "section": "workspace",
            "target": target,
            "kind": kind,
            "record_page": record_url(kind, key) if kind != TargetKind.GOAL else "",
            "strategy_page": (
                reverse("workspace:strategy", args=[target.strategy_id]) + f"#goal-{target.pk}"
                if kind == TargetKind.GOAL
                else ""
            ),
            "next": request.POST.get("next") or request.get_full_path(),
        }
    )
    return render(request, "commentary/record.html", context, status=status)


@workspace_view
@require_http_methods(["GET", "POST"])
def record(request, kind: str, key: str):
    """A record's commentary; a POST writes a new comment."""
    target = _target(request, kind, key)
    if request.method == "GET":
        return _record_page(request, target)
    if not can(request.user, Action.COMMENT, target):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.create_comment(
                target,
                actor=request.user,
                period=data["period"],
                text=data["text"],
                actions=data["actions"],
                public=data["public"],
                channel="workspace",
            )
        except StradomError as exc:
            form.add_error("period" if isinstance(exc, services.BadPeriod) else None, localize(exc))
        else:
            messages.success(
                request,
                _("Your comment for %(period)s was saved.") % {"period": comment.period},
            )
            return redirect(_back(request, kind, key, f"comment-{comment.pk}"))
    return _record_page(request, target, status=422, form=form)


def _comment(request, pk: int) -> tuple[Comment, object]:
    comment = get_object_or_404(
        Comment.objects.select_related("indicator__domain", "goal", "instrument", "parent"),
        pk=pk,
    )
    kind, key = queries.target_key(comment.target)
    return comment, _target(request, kind, key)


@workspace_view
@require_POST
def reply(request, pk: int):
    comment, target = _comment(request, pk)
    top = comment.parent or comment
    if not can(request.user, Action.REPLY, target):
        raise PermissionDenied
    form = ReplyForm(request.POST, comment_id=top.pk)
    if form.is_valid():
        try:
            answer = services.reply(
                top, actor=request.user, text=form.cleaned_data["text"], channel="workspace"
            )
        except StradomError as exc:
            form.add_error("text", localize(exc))
        else:
            messages.success(request, _("Your reply was saved."))
            kind, key = queries.target_key(target)
            return redirect(_back(request, kind, key, f"comment-{answer.pk}"))
    return _record_page(request, target, status=422, reply_to=top.pk, reply_form=form)


def _edit_page(request, comment, target, form, status=200):
    kind, key = queries.target_key(target)
    return render(
        request,
        "commentary/edit.html",
        {
            "section": "workspace",
            "comment": comment,
            "target": target,
            "form": form,
            "back": record_url(kind, key),
            "changes": queries.comment_history(comment),
        },
        status=status,
    )


@workspace_view
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    comment, target = _comment(request, pk)
    try:
        services.require_author(request.user, comment)
    except services.Refused:
        raise PermissionDenied from None
    is_reply = comment.parent_id is not None
    if request.method == "GET":
        initial = {f: getattr(comment, f) for f in ("period", "text", "actions", "public")}
        return _edit_page(request, comment, target, EditForm(initial=initial, reply=is_reply))
    form = EditForm(request.POST, reply=is_reply)
    if form.is_valid():
        data = form.cleaned_data
        changes = {f: data[f] for f in ("period", "text", "actions", "public") if f in data}
        before = (comment.period, comment.text, comment.actions, comment.public)
        try:
            saved = services.edit_comment(
                comment, actor=request.user, reason=data["reason"], channel="workspace", **changes
            )
        except StradomError as exc:
            field = "period" if isinstance(exc, services.BadPeriod) else None
            form.add_error(field, localize(exc))
        else:
            after = (saved.period, saved.text, saved.actions, saved.public)
            text = _("The comment was changed.") if after != before else _("Nothing changed.")
            messages.success(request, text)
            kind, key = queries.target_key(target)
            return redirect(record_url(kind, key).split("#")[0] + f"#comment-{saved.pk}")
    return _edit_page(request, comment, target, form, status=422)


@workspace_view
@require_http_methods(["GET", "POST"])
def delete(request, pk: int):
    comment, target = _comment(request, pk)
    try:
        services.require_author(request.user, comment, deleting=True)
    except services.Refused:
        raise PermissionDenied from None
    kind, key = queries.target_key(target)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            gone = services.delete_comment(
                comment, actor=request.user, reason=form.cleaned_data["reason"], channel="workspace"
            )
        except StradomError as exc:
            form.add_error("reason", localize(exc))
        else:
            messages.success(
                request,
                _("The comment was deleted.")
                if gone == 1
                else _("The comment and its replies were deleted."),
            )
            return redirect(record_url(kind, key))
    return render(
        request,
        "commentary/delete.html",
        {
            "section": "workspace",
            "comment": comment,
            "target": target,
            "form": form,
            "back": record_url(kind, key),
            "replies": comment.replies.count(),
        },
        status=422 if request.method == "POST" else 200,
    )
