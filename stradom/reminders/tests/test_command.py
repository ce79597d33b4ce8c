"""``stradom reminders send``: what it sends and says; --dry-run, --user, --date."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from stradom.reminders.models import SentReminder
from stradom.reminders.tests.conftest import MORNING


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):  # the operator's language (stradom.cli)
        call_command("reminders", "send", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_send_today_then_again_sends_nothing_twice(smtp, owing):
    with time_machine.travel(MORNING, tick=True):
        out, _err = run()
        assert out.splitlines()[-1] == "3 reminders sent for 10 Oct 2026."
        assert "Sent to celina <celina@krakow.example>: Stradom: 1 reminder for 10 Oct 2026" in out
        again, _err = run()
    assert len(smtp.delivered) == 3
    assert "Already sent to anna for 10 Oct 2026: not sent again." in again
    assert again.splitlines()[-1] == "0 reminders sent for 10 Oct 2026."


def test_dry_run_prints_the_messages_and_sends_and_records_nothing(smtp, owing):
    out, _err = run("--dry-run", "--date", "2026-10-10", "--user", "celina")

    assert out.startswith(
        "Would send to celina <celina@krakow.example> (en): Stradom: 1 reminder for 10 Oct 2026\n"
        "Hello celina,\n"
    )
    assert "- PM10_AVG Średnioroczne stężenie PM10: the value for 2025 was due by" in out
    assert out.splitlines()[-1] == (
        "Dry run: 1 reminder would be sent for 10 Oct 2026; nothing was sent."
    )
    assert smtp.delivered == []
    assert SentReminder.objects.count() == 0


def test_date_chooses_the_day_owed_and_recorded(smtp, owing):
    run("--date", "2026-07-01", "--user", "celina")
    (celina,) = smtp.delivered
    assert celina.subject == "Stradom: 1 reminder for 01 Jul 2026"
    assert list(SentReminder.objects.values_list("day", flat=True)) == [
        MORNING.date().replace(month=7, day=1)
    ]


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("bartek", "bartek has turned reminders off."),
        ("daniel", "daniel has no e-mail address, so no reminders are sent."),
        ("nobody", "There is no user “nobody”."),
    ],
)
def test_a_user_named_who_gets_no_reminders_is_told_why(smtp, owing, name, said):
    with pytest.raises(CommandError) as caught:
        run("--user", name)
    assert str(caught.value) == said
    assert smtp.delivered == []


def test_a_bad_date_is_refused(smtp, owing):
    with pytest.raises(CommandError, match="--date: “10.10.2026” is not a date"):
        run("--date", "10.10.2026")


def test_a_refused_message_is_said_and_the_command_fails(smtp, owing):
    smtp.refuse.add("anna@krakow.example")
    with pytest.raises(CommandError, match="1 reminder could not be sent; the next run tries"):
        run("--date", "2026-10-10")
    assert len(smtp.delivered) == 2


def test_without_e_mail_set_up_the_command_says_what_to_do(owing, settings):
    settings.STRADOM_EMAIL_BACKEND = "none"
    with pytest.raises(CommandError, match="No e-mail is set up"):
        run("--date", "2026-10-10")
