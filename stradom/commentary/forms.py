"""The short forms of the commentary: a comment, a reply, an edit, a deletion. They
check the shape of what is typed; ``stradom.commentary.services`` checks the rest (who,
the period) and its refusals are put back on the form's fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stradom.commentary.services import TEXT_LIMIT


def _described(form: forms.Form) -> None:
    """Help texts are tied to their fields for screen readers (``workspace/_field.html``
    writes them with these ids)."""
    for name, field in form.fields.items():
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"{form.auto_id % name}-help"


class CommentForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("The year (2025), half-year (2025-H1), quarter (2025-Q3) or month (2025-07)."),
        error_messages={"required": _("Say which period the comment is about.")},
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what happened: the comment is empty.")},
    )
    actions = forms.CharField(
        label=_("What is being done"),
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    public = forms.BooleanField(
        label=_("Publish: show on the public pages and in the reports"),
        required=False,
        help_text=_("Unticked, the comment is seen only in the workspace."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_comment_%s")
        super().__init__(*args, **kwargs)
        _described(self)


class EditForm(CommentForm):
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        help_text=_("Required: it is kept in the history with your name and the time."),
        error_messages={"required": _("Say why the comment changes.")},
    )

    def __init__(self, *args, reply: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "id_edit_%s")
        super().__init__(*args, **kwargs)
        if reply:
            for name in ("period", "actions", "public"):
                del self.fields[name]
            self.fields["text"].label = _("Reply")


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write the reply: it is empty.")},
    )

    def __init__(self, *args, comment_id: int, **kwargs):
        kwargs.setdefault("auto_id", f"id_reply{comment_id}_%s")
        super().__init__(*args, **kwargs)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the deletion"),
        max_length=500,
        help_text=_("Required: the comment's last words are kept in the history with it."),
        error_messages={"required": _("Say why the comment is deleted.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_delete_%s")
        super().__init__(*args, **kwargs)
        _described(self)
