"""Each user turns their reminders off or on, and chooses their language, in the
workspace; an administrator can do it for them in the admin."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from stradom.reminders.models import ReminderPreference, SentReminder
from stradom.reminders.queries import digests, recipients
from stradom.reminders.tests.conftest import DAY, MORNING

URL = "/en/panel/reminders/"


def test_the_page_shows_the_choice_and_what_is_owed_today(client, owing, english):
    client.force_login(owing.env_coordinator)
    with time_machine.travel(MORNING, tick=True):
        page = client.get(URL).content.decode()
    assert reverse("reminders:settings") == URL
    assert "Reminders go to anna@krakow.example." in page
    assert 'name="enabled"' in page and "checked" in page
    assert (
        "ENV-1 Clean air programme: the progress update for 2026-Q2 was due by 14 Jul 2026, "
        "88 days ago." in page
    )
    assert "NO2_M NO2 concentration (monthly): the value for 2026-09 is due by 15 Oct 2026." in (
        page
    )
    # No e-mail is set up in the test settings: the page says so.
    assert "This installation has no e-mail set up yet" in page
    assert f'href="{URL}" aria-current="page"' in page


def test_turning_reminders_off_and_choosing_english(client, owing, english):
    client.force_login(owing.env_coordinator)
    answer = client.post(URL, {"language": "en"})  # the box left unticked: off
    assert answer.status_code == 302 and answer["Location"] == URL
    preference = ReminderPreference.objects.get(user=owing.env_coordinator)
    assert (preference.enabled, preference.language) == (False, "en")
    assert "Reminders by e-mail are off." in client.get(URL).content.decode()
    assert "anna" not in {u.username for u in recipients()}
    assert "anna" not in {d.user.username for d in digests(DAY)}

    client.post(URL, {"enabled": "on", "language": ""})
    preference.refresh_from_db()
    assert (preference.enabled, preference.language) == (True, "")
    assert "anna" in {d.user.username for d in digests(DAY)}


def test_an_unknown_language_is_refused_and_nothing_changes(client, owing, english):
    client.force_login(owing.provider)
    page = client.post(URL, {"enabled": "on", "language": "de"}).content.decode()
    assert "Nothing was saved" in page
    preference = ReminderPreference.objects.get(user=owing.provider)
    assert (preference.enabled, preference.language) == (True, "en")


def test_the_page_is_for_the_office_only(client, owing):
    assert client.get(URL).status_code == 302  # to sign in
    client.force_login(owing.manager)  # ewa manages an instrument but has no office role
    assert client.get(URL).status_code == 403


def test_the_last_reminder_sent_is_named(client, owing, english):
    SentReminder.objects.create(
        user=owing.env_coordinator, day=DAY, address="anna@krakow.example", language="pl"
    )
    client.force_login(owing.env_coordinator)
    assert "The last reminder was sent to you on 10 Oct 2026." in client.get(URL).content.decode()


def test_an_administrator_turns_a_users_reminders_off_in_the_admin(client, owing):
    client.force_login(owing.admin)
    answer = client.post(
        "/en/admin/reminders/reminderpreference/add/",
        {"user": owing.manager.pk, "language": ""},
    )
    assert answer.status_code == 302
    assert ReminderPreference.objects.get(user=owing.manager).enabled is False
    assert "ewa" not in {d.user.username for d in digests(DAY)}
    sent = client.get("/en/admin/reminders/sentreminder/")
    assert sent.status_code == 200
    assert client.get("/en/admin/reminders/sentreminder/add/").status_code == 403
