"""A real SMTP server for the reminders' tests, and a world in which people owe things.

``smtp`` starts aiosmtpd on a free local port and points Django's SMTP backend at it;
what it received is read back as parsed messages. ``owing`` (on 10 October 2026, frozen
by the tests) gives:

=======================  ====================================================
anna (coordinator of     ENV-1's update for 2026-Q2 overdue (88 days) and for
the environment), pl     2026-Q3 due by 14.10.2026; PM10_AVG's 2025 value overdue
                         (due by 30.04.2026); NO2_M's 2026-09 value due by
                         15.10.2026
celina (PM10's data      PM10_AVG's 2025 value overdue; English chosen
provider)
ewa (ENV-1's manager)    ENV-1's two updates
bartek (coordinator of   TR-1's 2026-Q3 update due, but reminders turned off
transport)
daniel (analyst)         nothing: no e-mail at all
=======================  ====================================================
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User

WARSAW = ZoneInfo("Europe/Warsaw")
DAY = date(2026, 10, 10)
MORNING = datetime(2026, 10, 10, 9, 0, tzinfo=WARSAW)


@dataclass
class Delivered:
    sender: str
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content().replace("\r\n", "\n")

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content().replace("\r\n", "\n")


class Mailbox:
    """What the server received; addresses in ``refuse`` are refused at RCPT."""

    def __init__(self):
        self.delivered: list[Delivered] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.delivered.append(Delivered(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Delivered]:
        return [d for d in self.delivered if address in d.recipients]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.STRADOM_EMAIL_BACKEND = "smtp"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "Stradom <stradom@krakow.example>"
    settings.STRADOM_SITE_URL = "https://stradom.krakow.example"
    settings.STRADOM_REMINDERS_DAYS_AHEAD = 14
    mailbox.controller = controller
    yield mailbox
    controller.stop()
    asyncio.set_event_loop(None)


@pytest.fixture
def owing(world):
    from stradom.catalog.models import Indicator
    from stradom.catalog.services import ObservationInput, write_observations
    from stradom.instruments import services
    from stradom.instruments.models import ReportingCycle
    from stradom.reminders.models import ReminderPreference

    w = world
    for user, address in (
        (w.env_coordinator, "anna@krakow.example"),
        (w.provider, "celina@krakow.example"),
        (w.transport_coordinator, "bartek@krakow.example"),
    ):
        user.email = address
        user.save()
    w.manager = User.objects.create_user("ewa", email="ewa@krakow.example", first_name="Ewa")
    ReminderPreference.objects.create(user=w.provider, language="en")
    ReminderPreference.objects.create(user=w.transport_coordinator, enabled=False)

    Indicator.objects.filter(pk=w.pm10.pk).update(frequency="Y", publication_lag_days=120)
    w.no2 = Indicator.objects.create(
        code="NO2_M",
        name_pl="Stężenie NO2 (miesięczne)",
        name_en="NO2 concentration (monthly)",
        frequency="M",
        publication_lag_days=15,
        domain=w.environment,
    )
    # Computed from PM10: the system writes it, so nobody owes its value.
    w.pm10_ratio = Indicator.objects.create(
        code="PM10_RATIO",
        name_pl="PM10 względem normy",
        formula="[PM10_AVG] / 40",
        frequency="Y",
        publication_lag_days=120,
        domain=w.environment,
    )
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011", "2024", Decimal("27.9")),
            ObservationInput("NO2_M", "1261011", "2026-08", Decimal("21.4")),
        ],
        actor=None,
        reason="test data",
        channel="command",
    )
    assert report.ok, report.problems

    cycle = ReportingCycle.objects.create(
        name_pl="Kwartał", name_en="Quarterly", frequency="Q", starts_on=date(2026, 1, 1)
    )
    w.env1 = services.create_instrument(
        actor=None,
        code="ENV-1",
        kind="programme",
        name_pl="Program ochrony powietrza",
        name_en="Clean air programme",
        status="in_progress",
        actual_start=date(2025, 1, 1),
        manager=w.manager,
        domain=w.environment,
        reason="nowy instrument",
    )
    w.tr1 = services.create_instrument(
        actor=None,
        code="TR-1",
        kind="project",
        name_pl="Linia tramwajowa",
        status="in_progress",
        actual_start=date(2025, 1, 1),
        domain=w.transport,
        reason="nowy instrument",
    )
    cycle.instruments.set([w.env1, w.tr1])
    with time_machine.travel(datetime(2026, 7, 3, 12, tzinfo=WARSAW), tick=False):
        services.record_progress(w.tr1, actor=None, period="2026-Q2", percent_complete=40)
    return w
