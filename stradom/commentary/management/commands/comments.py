"""``stradom comments``: the coordinators' commentary from the command line — list a
record's thread, add a comment, reply, edit or delete one (with a reason), through the
same services as the workspace (channel ``command``). ``--user`` acts as that user, with
their rights; without it the operator acts, who may do everything."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.commentary import queries, services
from stradom.commentary.models import Comment, TargetKind
from stradom.core.formatting import when
from stradom.core.i18n import localize
from stradom.core.management.base import Command as StradomCommand
from stradom.core.messages import StradomError


class Command(StradomCommand):
    help = gettext_lazy(
        "Coordinators' commentary on indicators, goals and instruments: list a record's "
        "comments, add one for a period, reply, edit or delete one (with a reason)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        kinds = [k.value for k in TargetKind]
        listing = sub.add_parser("list", help=str(gettext_lazy("a record's comments")))
        listing.add_argument("kind", choices=kinds)
        listing.add_argument(
            "key", help=gettext_lazy("the indicator's or instrument's code, the goal's id")
        )
        add = sub.add_parser("add", help=str(gettext_lazy("a comment for a period")))
        add.add_argument("kind", choices=kinds)
        add.add_argument(
            "key", help=gettext_lazy("the indicator's or instrument's code, the goal's id")
        )
        add.add_argument(
            "--period", required=True, help=gettext_lazy("e.g. 2025, 2025-H1, 2025-Q3, 2025-07")
        )
        add.add_argument("--text", required=True, help=gettext_lazy("what happened"))
        add.add_argument("--actions", default="", help=gettext_lazy("what is being done"))
        add.add_argument("--public", action="store_true", help=gettext_lazy("publish it"))
        answer = sub.add_parser("reply", help=str(gettext_lazy("a reply to a comment")))
        answer.add_argument("id", type=int)
        answer.add_argument("--text", required=True)
        edit = sub.add_parser("edit", help=str(gettext_lazy("change a comment")))
        edit.add_argument("id", type=int)
        edit.add_argument("--reason", required=True, help=gettext_lazy("why"))
        edit.add_argument("--period")
        edit.add_argument("--text")
        edit.add_argument("--actions")
        edit.add_argument("--public", dest="public", action="store_const", const=True)
        edit.add_argument("--private", dest="public", action="store_const", const=False)
        delete = sub.add_parser(
            "delete", help=str(gettext_lazy("delete a comment and its replies"))
        )
        delete.add_argument("id", type=int)
        delete.add_argument("--reason", required=True, help=gettext_lazy("why"))
        for p in (listing, add, answer, edit, delete):
            p.add_argument("--user", help=gettext_lazy("act as this user (default: the operator)"))

    def handle(self, *args, **options):
        actor = self._actor(options["user"])
        try:
            getattr(self, "_" + options["action"])(options, actor)
        except StradomError as exc:
            raise CommandError(localize(exc)) from None

    def _actor(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("no user %(name)r") % {"name": username}) from None

    def _target(self, kind, key):
        target = queries.find_target(kind, key)
        if target is None:
            raise CommandError(
                _("There is no record %(key)s of the kind “%(kind)s”.")
                % {"kind": TargetKind(kind).label, "key": key}
            )
        return target

    def _comment(self, pk: int) -> Comment:
        found = Comment.objects.filter(pk=pk).first()
        if found is None:
            raise CommandError(_("There is no comment %(id)s.") % {"id": pk})
        return found

    def _list(self, options, actor):
        thread = queries.thread(self._target(options["kind"], options["key"]), actor)
        if not thread.comments:
            self.stdout.write(_("No comment has been written yet."))
        happened, doing = _("What happened:"), _("What is being done:")
        for c in thread.comments:
            shown = _("published") if c.public else _("workspace only")
            head = [f"#{c.id} {c.period_text}", c.author or "–", when(c.written), shown]
            self.stdout.write(" · ".join(head))
            self.stdout.write(f"  {happened} {c.text}")
            if c.actions:
                self.stdout.write(f"  {doing} {c.actions}")
            for r in c.replies:
                self.stdout.write(f"    #{r.id} {r.author or '–'} · {when(r.written)}: {r.text}")

    def _add(self, options, actor):
        comment = services.create_comment(
            self._target(options["kind"], options["key"]),
            actor=actor,
            period=options["period"],
            text=options["text"],
            actions=options["actions"],
            public=options["public"],
            channel="command",
        )
        self.stdout.write(
            _("Comment #%(id)s for %(period)s saved.")
            % {"id": comment.pk, "period": comment.period}
        )

    def _reply(self, options, actor):
        answer = services.reply(
            self._comment(options["id"]), actor=actor, text=options["text"], channel="command"
        )
        self.stdout.write(_("Reply #%(id)s saved.") % {"id": answer.pk})

    def _edit(self, options, actor):
        changes = {
            f: options[f]
            for f in ("period", "text", "actions", "public")
            if options.get(f) is not None
        }
        services.edit_comment(
            self._comment(options["id"]),
            actor=actor,
            reason=options["reason"],
            channel="command",
            **changes,
        )
        self.stdout.write(_("Comment #%(id)s saved.") % {"id": options["id"]})

    def _delete(self, options, actor):
        gone = services.delete_comment(
            self._comment(options["id"]), actor=actor, reason=options["reason"], channel="command"
        )
        replies = gone - 1
        self.stdout.write(
            ngettext(
                "Comment #%(id)s deleted, with %(n)s reply.",
                "Comment #%(id)s deleted, with %(n)s replies.",
                replies,
            )
            % {"id": options["id"], "n": replies}
            if replies
            else _("Comment #%(id)s deleted.") % {"id": options["id"]}
        )
