"""Forms of the import screen in the admin."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stradom.ingest.services import shipped_mappings


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or XLSX)"),
        help_text=gettext_lazy("A file with any bad row is refused whole; nothing is written."),
    )
    mapping = forms.ChoiceField(
        label=gettext_lazy("Mapping"),
        required=False,
        help_text=gettext_lazy("Leave empty to recognise the columns by their names."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace values already stored"),
        required=False,
        help_text=gettext_lazy(
            "Without this, a value that differs from the stored one is a problem."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].choices = [("", "—")] + [(m, m) for m in shipped_mappings()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.STRADOM_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest file accepted is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        help_text=gettext_lazy("Kept in the history of every value this import writes."),
        widget=forms.TextInput(attrs={"size": 80}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why these values are imported."))
        return reason
