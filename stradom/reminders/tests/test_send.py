"""The day's digests reach a real SMTP server (aiosmtpd, see conftest): to whom, with
what subject and items, in which language; once a day; never to who turned them off."""

from __future__ import annotations

import pytest
import time_machine

from stradom.core.messages import StradomError
from stradom.reminders import services
from stradom.reminders.models import ReminderPreference, SentReminder
from stradom.reminders.tests.conftest import DAY, MORNING, free_port

SITE = "https://stradom.krakow.example"


def sent_rows():
    return sorted(
        (
            r.user.username,
            r.day.isoformat(),
            r.address,
            r.language,
            r.updates_overdue,
            r.updates_due,
            r.values_overdue,
            r.values_due,
        )
        for r in SentReminder.objects.select_related("user")
    )


def test_each_user_who_owes_something_gets_one_message_from_the_office(smtp, owing):
    report = services.send_reminders(DAY)

    assert [(o.digest.user.username, o.status) for o in report.outcomes] == [
        ("anna", "sent"),
        ("celina", "sent"),
        ("ewa", "sent"),
    ]
    assert sorted(r for d in smtp.delivered for r in d.recipients) == [
        "anna@krakow.example",
        "celina@krakow.example",
        "ewa@krakow.example",
    ]
    assert {d.sender for d in smtp.delivered} == {"stradom@krakow.example"}
    assert {str(d.message["From"]) for d in smtp.delivered} == {"Stradom <stradom@krakow.example>"}
    assert {str(d.message["Auto-Submitted"]) for d in smtp.delivered} == {"auto-generated"}
    # bartek turned them off; daniel and admin have no address.
    assert smtp.to("bartek@krakow.example") == []
    assert sent_rows() == [
        ("anna", "2026-10-10", "anna@krakow.example", "pl", 1, 1, 1, 1),
        ("celina", "2026-10-10", "celina@krakow.example", "en", 0, 0, 1, 0),
        ("ewa", "2026-10-10", "ewa@krakow.example", "pl", 1, 1, 0, 0),
    ]


def test_an_english_reader_gets_the_exact_items_owed_in_english(smtp, owing):
    services.send_reminders(DAY)

    (celina,) = smtp.to("celina@krakow.example")
    assert celina.subject == "Stradom: 1 reminder for 10 Oct 2026"
    assert str(celina.message["Content-Language"]) == "en"
    text = celina.text
    assert text.startswith("Hello celina,\n")
    assert (
        "Values of your indicators\n"
        "- PM10_AVG Średnioroczne stężenie PM10: the value for 2025 was due by 30 Apr 2026 "
        "(latest value: 2024).\n"
        f"  {SITE}/en/panel/indicators/PM10_AVG/\n"
    ) in text
    assert "Progress updates" not in text
    assert f"{SITE}/en/panel/reminders/" in text
    html = celina.html
    assert '<html lang="en">' in html
    assert f'<a href="{SITE}/en/panel/indicators/PM10_AVG/">PM10_AVG' in html


def test_a_manager_gets_the_updates_overdue_first_then_those_due(smtp, owing):
    ReminderPreference.objects.create(user=owing.manager, language="en")
    services.send_reminders(DAY)
    (ewa,) = smtp.to("ewa@krakow.example")
    assert ewa.subject == "Stradom: 2 reminders for 10 Oct 2026"
    assert ewa.text.startswith("Hello Ewa,\n")  # the full name when there is one
    assert (
        "Progress updates of your instruments\n"
        "- ENV-1 Clean air programme: the progress update for 2026-Q2 was due by "
        "14 Jul 2026, 88 days ago.\n"
        f"  {SITE}/en/panel/instruments/ENV-1/\n"
        "- ENV-1 Clean air programme: the progress update for 2026-Q3 is due by "
        "14 Oct 2026.\n"
        f"  {SITE}/en/panel/instruments/ENV-1/\n"
    ) in ewa.text
    assert "Values of your indicators" not in ewa.text


def test_a_polish_reader_gets_polish(smtp, owing):
    # Fails until the Polish catalogue has this app's messages (they are in
    # /tmp/po/reminders.json for whoever fills it).
    services.send_reminders(DAY)

    (anna,) = smtp.to("anna@krakow.example")
    assert str(anna.message["Content-Language"]) == "pl"
    assert anna.subject == "Stradom: 4 przypomnienia na 10.10.2026"
    assert (
        "- ENV-1 Program ochrony powietrza: termin sprawozdania z postępu za 2026-Q2 "
        "upłynął 14.07.2026, 88 dni temu.\n"
    ) in anna.text
    assert (
        "- NO2_M Stężenie NO2 (miesięczne): wartość za 2026-09 należy wprowadzić do 15.10.2026.\n"
    ) in anna.text
    assert f"  {SITE}/panel/instruments/ENV-1/\n" in anna.text  # no language prefix: Polish


def test_a_second_run_the_same_day_sends_nothing_and_the_next_day_sends_again(smtp, owing):
    services.send_reminders(DAY)
    assert len(smtp.delivered) == 3

    again = services.send_reminders(DAY)
    assert [o.status for o in again.outcomes] == ["already_sent"] * 3
    assert len(smtp.delivered) == 3
    assert SentReminder.objects.count() == 3

    next_day = DAY.replace(day=11)
    services.send_reminders(next_day)
    assert len(smtp.delivered) == 6
    assert SentReminder.objects.filter(day=next_day).count() == 3


def test_a_dry_run_sends_and_records_nothing(smtp, owing):
    report = services.send_reminders(DAY, dry_run=True)

    assert [(o.digest.user.username, o.status) for o in report.outcomes] == [
        ("anna", "would_send"),
        ("celina", "would_send"),
        ("ewa", "would_send"),
    ]
    assert smtp.delivered == []
    assert SentReminder.objects.count() == 0


def test_a_refused_recipient_is_tried_again_by_the_next_run(smtp, owing):
    smtp.refuse.add("ewa@krakow.example")
    report = services.send_reminders(DAY)

    assert [(o.digest.user.username, o.status) for o in report.outcomes] == [
        ("anna", "sent"),
        ("celina", "sent"),
        ("ewa", "failed"),
    ]
    assert "No such mailbox" in report.of("failed")[0].error
    assert sorted(SentReminder.objects.values_list("user__username", flat=True)) == [
        "anna",
        "celina",
    ]

    smtp.refuse.clear()
    services.send_reminders(DAY)
    assert [d.recipients for d in smtp.delivered][-1] == ["ewa@krakow.example"]
    assert len(smtp.delivered) == 3  # anna and celina not again


def test_only_the_users_named(smtp, owing):
    services.send_reminders(DAY, usernames=["celina"])
    assert [d.recipients for d in smtp.delivered] == [["celina@krakow.example"]]


def test_a_mail_server_that_does_not_answer_sends_and_records_nothing(smtp, owing, settings):
    settings.EMAIL_PORT = free_port()  # nothing listens there
    with pytest.raises(StradomError, match="The mail server cannot be reached"):
        services.send_reminders(DAY)
    assert SentReminder.objects.count() == 0


def test_without_e_mail_set_up_nothing_is_pretended(owing, settings):
    settings.STRADOM_EMAIL_BACKEND = "none"
    with pytest.raises(StradomError, match="No e-mail is set up"):
        services.send_reminders(DAY)
    assert SentReminder.objects.count() == 0
    # A dry run still says what would go.
    assert len(services.send_reminders(DAY, dry_run=True).outcomes) == 3


def test_today_is_the_local_day(smtp, owing):
    # 23:30 UTC on 9 October is already 10 October in Warsaw.
    from datetime import UTC, datetime

    from django.utils import timezone

    with time_machine.travel(datetime(2026, 10, 9, 22, 30, tzinfo=UTC), tick=True):
        assert timezone.localdate() == DAY
        services.send_reminders(timezone.localdate())
    assert {r.day for r in SentReminder.objects.all()} == {DAY}
    assert MORNING.date() == DAY
