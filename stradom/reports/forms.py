"""The form that requests one kind of report: its params, the format and the language.

One form per kind, built from the kind's ``params`` (``stradom.reports.kinds``); the
choices offered are those the user may request (a coordinator sees own domains and
their indicators). The service checks everything again when the job is queued.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from stradom.accounts.permissions import Action, can, visible_indicators

PARAM_LABELS = {
    "strategy": _("Strategy"),
    "year": _("Year"),
    "indicator": _("Indicator"),
    "domain": _("Domain"),
    "territory": _("Territorial unit (TERYT code)"),
}
PARAM_HELP = {
    "year": _("The year the report covers."),
    "territory": _("Leave empty for the office's own unit."),
}
FORMAT_LABELS = {"pdf": "PDF", "docx": _("DOCX (Word, editable)"), "xlsx": _("XLSX (spreadsheet)")}


class ReportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"))
    language = forms.ChoiceField(label=_("Language of the report"), choices=settings.LANGUAGES)

    def __init__(self, kind, user, *args, **kwargs):
        kwargs.setdefault("prefix", kind.code)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["format"].choices = [(f, FORMAT_LABELS.get(f, f.upper())) for f in kind.formats]
        self.fields["language"].initial = (get_language() or "pl")[:2]
        params = {
            name: self._param_field(name, user, name in kind.required) for name in kind.params
        }
        self.fields = {**params, **self.fields}
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"

    def _param_field(self, name: str, user, required: bool) -> forms.Field:
        label = PARAM_LABELS.get(name, name)
        help_text = PARAM_HELP.get(name, "")
        if name == "year":
            return forms.IntegerField(
                label=label,
                required=required,
                min_value=1900,
                max_value=2200,
                initial=timezone.now().year - 1,
                help_text=help_text,
            )
        choices = self._choices(name, user)
        if choices is None:
            return forms.CharField(
                label=label, required=required, max_length=64, help_text=help_text
            )
        if not required:
            choices = [("", "—"), *choices]
        return forms.ChoiceField(
            label=label, required=required, choices=choices, help_text=help_text
        )

    @staticmethod
    def _choices(name: str, user) -> list[tuple[str, str]] | None:
        from stradom.catalog.models import Domain
        from stradom.strategy.queries import current_strategies

        if name == "strategy":
            return [(str(s.pk), s.name) for s in current_strategies()]
        # What the user may report on (accounts.permissions' REPORT_ON), in one read each.
        if name == "domain":
            domains = Domain.objects.order_by("order", "code")
            return [(d.code, d.name) for d in domains if can(user, Action.REPORT_ON, d)]
        if name == "indicator":
            indicators = visible_indicators(user).order_by("code")
            return [
                (i.code, f"{i.code} — {i.name}")
                for i in indicators
                if can(user, Action.REPORT_ON, i)
            ]
        return None

    def params(self) -> dict:
        """The cleaned params (no format or language), empty ones left out."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.kind.params and value not in (None, "")
        }


EXPORT_LABELS = {
    "csv": _("CSV (UTF-8)"),
    "csv-pl": _("CSV for Excel in Polish (semicolons, decimal comma)"),
    "xlsx": _("XLSX (spreadsheet)"),
    "jsonstat": "JSON-stat 2.0",
    "sdmx-csv": "SDMX-CSV",
}


class ExportForm(forms.Form):
    """The open-data file of the whole published catalogue, in one of the export formats."""

    format = forms.ChoiceField(label=_("Format"))

    def __init__(self, *args, **kwargs):
        from stradom.exports import FORMATS

        kwargs.setdefault("prefix", "export")
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [(f, EXPORT_LABELS.get(f, f)) for f in FORMATS]
