"""The workspace's forms: the data-entry form (one value of one indicator for one unit
and period) and those of the import screen (upload, confirm), which the admin's import
screen uses too."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stradom.catalog.models import ObservationStatus
from stradom.ingest.services import shipped_mappings


def parse_number(text: str) -> Decimal | None:
    """``1 234,5`` or ``1234.5`` → ``Decimal('1234.5')``; empty → None (no value)."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        raise forms.ValidationError(
            _("Write the number with one decimal separator, e.g. 1234,5."), code="number"
        )
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise forms.ValidationError(
            _("“%(text)s” is not a number. Write digits with a decimal comma, e.g. 1234,5."),
            code="number",
            params={"text": text},
        ) from None
    if not value.is_finite():
        raise forms.ValidationError(_("The value must be a finite number."), code="number")
    return value


class ObservationForm(forms.Form):
    territory = forms.ChoiceField(label=_("Territorial unit"))
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_(
            "A year (2024), a quarter (2024-Q1), a half-year (2024-H1) or a month (2024-03)."
        ),
    )
    value = forms.CharField(
        label=_("Value"),
        max_length=60,
        required=False,
        help_text=_("Decimal comma or point; leave empty when the value is not available."),
    )
    status = forms.ChoiceField(
        label=_("Status of the value"),
        choices=ObservationStatus.choices,
        initial=ObservationStatus.FINAL,
    )
    dimensions = forms.CharField(
        label=_("Disaggregation"),
        max_length=300,
        required=False,
        help_text=_("Empty for the total; otherwise e.g. sex=F."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required: it is kept in the history with your name and the time."),
    )
    replace = forms.BooleanField(
        label=_("I am replacing a value that is already stored"),
        required=False,
    )

    def __init__(self, *args, territories=(), disaggregated=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not disaggregated:
            del self.fields["dimensions"]
        self.fields["territory"].choices = [(t.code, f"{t.name} ({t.code})") for t in territories]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"

    def clean_value(self):
        return parse_number(self.cleaned_data.get("value") or "")

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise forms.ValidationError(_("Say why you enter or change this value."))
        return reason

    def clean(self):
        data = super().clean()
        data.setdefault("dimensions", ())
        return data

    def clean_dimensions(self):
        text = (self.cleaned_data.get("dimensions") or "").strip()
        pairs = []
        for part in filter(None, (p.strip() for p in text.split("|"))):
            if "=" not in part:
                raise forms.ValidationError(
                    _("Write the disaggregation as dimension=value, e.g. sex=F."), code="dims"
                )
            key, value = (s.strip() for s in part.split("=", 1))
            pairs.append((key, value))
        return tuple(sorted(pairs))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("A file with any bad row is refused whole; nothing is written."),
    )
    mapping = forms.ChoiceField(
        label=_("Mapping"),
        required=False,
        help_text=_("Leave empty to recognise the columns by their names."),
    )
    replace = forms.BooleanField(
        label=_("Replace values already stored"),
        required=False,
        help_text=_("Without this, a value that differs from the stored one is a problem."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mapping"].choices = [("", "—")] + [(m, m) for m in shipped_mappings()]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.STRADOM_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is %(size)s; the largest file accepted is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class ConfirmForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=_("Kept in the history of every value this import writes."),
        widget=forms.TextInput(attrs={"size": 80}),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(gettext("Say why these values are imported."))
        return reason
