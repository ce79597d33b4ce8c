from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PreferenceForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Send me reminders by e-mail"),
        required=False,
        help_text=_("A daily e-mail on the days something is due or overdue; none otherwise."),
    )
    language = forms.ChoiceField(
        label=_("Language of e-mails"),
        required=False,
        choices=[("", _("the office's language"))] + list(settings.LANGUAGES),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:  # the help shown under the field (workspace/_field.html)
                field.widget.attrs["aria-describedby"] = f"id_{name}-help"
