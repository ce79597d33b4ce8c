from django import forms
from django.utils.translation import gettext_lazy as _

from stradom.catalog.models import Domain


class DecisionForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput)
    period = forms.CharField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return for correction"))]
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when returning: say what is to be corrected."),
    )


class SubmitForm(forms.Form):
    indicator = forms.CharField(widget=forms.HiddenInput)
    period = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False)


class LockForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=10, help_text=_("e.g. 2025"))
    domain = forms.ModelChoiceField(
        label=_("Domain"),
        queryset=Domain.objects.order_by("order", "code"),
        required=False,
        empty_label=_("all domains"),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Reason for unlocking"), max_length=2000)
