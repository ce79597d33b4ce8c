"""The user's own reminder settings, in the workspace."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stradom.accounts.permissions import workspace_view
from stradom.reminders import queries, services
from stradom.reminders.forms import PreferenceForm
from stradom.reminders.mail import blocks
from stradom.reminders.models import ReminderPreference


@workspace_view
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    user = request.user
    preference = ReminderPreference.objects.filter(user=user).first()
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.set_preference(
                user,
                enabled=form.cleaned_data["enabled"],
                language=form.cleaned_data["language"],
            )
            messages.success(
                request,
                _("Reminders by e-mail are on.")
                if form.cleaned_data["enabled"]
                else _("Reminders by e-mail are off."),
            )
            return redirect("reminders:settings")
    else:
        form = PreferenceForm(
            initial={
                "enabled": preference.enabled if preference else True,
                "language": preference.language if preference else "",
            }
        )
    today = queries.digests(timezone.localdate(), [user])
    return render(
        request,
        "reminders/settings.html",
        {
            "section": "reminders",
            "form": form,
            "email_set_up": services.email_is_set_up(),
            "today": blocks(today[0]) if today else [],
            "last": user.sent_reminders.order_by("-day").first(),
        },
    )
