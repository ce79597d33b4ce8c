"""Recording the day a milestone was reached (services.record_milestone): who may, what is
refused in words with nothing written, and the history kept of every change. The clock is
set to 20 May 2026."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from stradom.core import data_version
from stradom.core.i18n import localize
from stradom.core.messages import StradomError
from stradom.instruments import services
from stradom.instruments.models import InstrumentChange, Milestone

NOW = datetime(2026, 5, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def milestone(world):
    project = services.create_instrument(
        actor=None,
        code="P1",
        kind="project",
        name_pl="Wymiana pieców",
        manager=world.provider,
        planned_start=date(2025, 1, 1),
        actual_start=date(2025, 2, 1),
        reason="nowy instrument",
    )
    return services.add_milestone(
        project,
        actor=None,
        name_pl="Odbiór końcowy",
        due_date=date(2026, 4, 30),
        reason="nowy kamień milowy",
    )


def _recorded():
    """The history of days reached and notes (the fixture's milestone was added through
    the services, so its name and due date have their own first entries)."""
    return InstrumentChange.objects.filter(field__in=("done_date", "note"))


def _state(m):
    m = Milestone.objects.get(pk=m.pk)
    return (m.done_date, m.note, _recorded().count())


def test_manager_records_the_day_reached_and_the_history_keeps_it(
    world, milestone, django_capture_on_commit_callbacks
):
    version = data_version.current()[0]
    with django_capture_on_commit_callbacks(execute=True):
        done = services.record_milestone(
            milestone, actor=world.provider, actual_date=date(2026, 5, 4), note="Protokół nr 7"
        )
    assert (done.done_date, done.note) == (date(2026, 5, 4), "Protokół nr 7")
    assert _state(milestone) == (date(2026, 5, 4), "Protokół nr 7", 2)
    rows = {c.field: (c.old, c.new, c.reason, c.actor, c.channel, c.object_id) for c in _recorded()}
    assert rows == {
        "done_date": ("", "2026-05-04", "", world.provider, "service", milestone.pk),
        "note": ("", "Protokół nr 7", "", world.provider, "service", milestone.pk),
    }
    assert data_version.current()[0] > version


def test_a_correction_needs_a_reason_and_keeps_old_and_new(world, milestone):
    services.record_milestone(milestone, actor=world.provider, actual_date=date(2026, 5, 4))
    with pytest.raises(StradomError) as exc:
        services.record_milestone(milestone, actor=world.provider, actual_date=date(2026, 5, 6))
    assert "say why what is recorded changes" in str(exc.value)
    assert _state(milestone) == (date(2026, 5, 4), "", 1)
    services.record_milestone(
        milestone,
        actor=world.admin,
        actual_date=date(2026, 5, 6),
        reason="Data z protokołu, nie z e-maila",
        channel="workspace",
    )
    latest = InstrumentChange.objects.first()  # newest first
    assert (latest.field, latest.old, latest.new, latest.reason, latest.actor, latest.channel) == (
        "done_date",
        "2026-05-04",
        "2026-05-06",
        "Data z protokołu, nie z e-maila",
        world.admin,
        "workspace",
    )
    # Clearing a date recorded by mistake is a correction too.
    services.record_milestone(
        milestone, actor=world.provider, actual_date=None, reason="Jeszcze nie odebrano"
    )
    assert _state(milestone) == (None, "", 3)


def test_the_same_values_again_write_nothing(world, milestone):
    services.record_milestone(milestone, actor=world.provider, actual_date=date(2026, 5, 4))
    services.record_milestone(milestone, actor=world.provider, actual_date=date(2026, 5, 4))
    assert _state(milestone) == (date(2026, 5, 4), "", 1)


@pytest.mark.parametrize(
    ("actual", "language", "words"),
    [
        (date(2026, 5, 21), "en", "the date reached 21 May 2026 is in the future"),
        (date(2026, 5, 21), "pl", "data osiągnięcia 21.05.2026 jest w przyszłości"),
        (
            date(2025, 1, 31),
            "en",
            "the date reached 31 Jan 2025 is before P1 started (01 Feb 2025)",
        ),
        (date(2025, 1, 31), "pl", "31.01.2025 jest wcześniejsza niż rozpoczęcie P1 (01.02.2025)"),
        ("2026-05-04", "en", "is not a date"),
    ],
)
def test_wrong_dates_are_refused_in_words_and_nothing_changes(
    world, milestone, actual, language, words
):
    with translation.override(language), pytest.raises(StradomError) as exc:
        services.record_milestone(milestone, actor=world.provider, actual_date=actual)
    with translation.override(language):
        assert words in localize(exc.value)
    assert "Odbiór końcowy" in str(exc.value)
    assert _state(milestone) == (None, "", 0)


def test_today_is_allowed_and_a_long_note_is_refused(world, milestone):
    with pytest.raises(StradomError, match="longer than 2000 characters"):
        services.record_milestone(
            milestone, actor=world.provider, actual_date=date(2026, 5, 20), note="x" * 2001
        )
    assert _state(milestone) == (None, "", 0)
    services.record_milestone(milestone, actor=world.provider, actual_date=date(2026, 5, 20))
    assert _state(milestone) == (date(2026, 5, 20), "", 1)


def test_only_the_manager_or_an_administrator_may_and_nothing_changes(world, milestone):
    # P1 is in no domain: no coordinator may, whatever their domain.
    for actor in (world.analyst, world.env_coordinator, world.transport_coordinator,
                  AnonymousUser()):  # fmt: skip
        with pytest.raises(services.Refused) as exc:
            services.record_milestone(milestone, actor=actor, actual_date=date(2026, 5, 4))
        assert str(exc.value) == (
            "Only the manager of P1, a coordinator of its domain or an administrator may change it."
        )
    assert _state(milestone) == (None, "", 0)
    services.record_milestone(milestone, actor=None, actual_date=date(2026, 5, 4))  # command line
    assert _state(milestone) == (date(2026, 5, 4), "", 1)
    assert _recorded().get().actor is None


# -- the admin records through the same function ----------------------------------------------
def _admin_post(client, milestone, **fields):
    from django.urls import reverse

    data = {
        "instrument": milestone.instrument.pk,
        "name_pl": milestone.name_pl,
        "name_en": "",
        "description_pl": "",
        "description_en": "",
        "due_date": "2026-04-30",
        "done_date": "",
        "note": "",
        "reason": "",
    }
    data.update(fields)
    url = reverse("admin:instruments_milestone_change", args=[milestone.pk])
    return client.post(url, data)


@pytest.mark.usefixtures("english")
def test_admin_asks_the_reason_and_keeps_the_history(client, world, milestone):
    from django.urls import reverse

    client.force_login(world.admin)
    page = client.get(reverse("admin:instruments_milestone_change", args=[milestone.pk]))
    assert 'name="reason"' in page.content.decode()
    first = _admin_post(client, milestone, done_date="2026-05-04", note="Protokół")
    assert first.status_code == 302
    assert _state(milestone) == (date(2026, 5, 4), "Protokół", 2)
    assert set(_recorded().values_list("channel", "actor__username")) == {("admin", "admin")}
    refused = _admin_post(client, milestone, done_date="2026-05-06", note="Protokół")
    assert refused.status_code == 200
    assert "say why what is recorded changes" in refused.content.decode()
    assert _state(milestone) == (date(2026, 5, 4), "Protokół", 2)
    future = _admin_post(client, milestone, done_date="2026-06-01", note="Protokół", reason="x")
    assert "is in the future" in future.content.decode()
    assert _state(milestone) == (date(2026, 5, 4), "Protokół", 2)
    fixed = _admin_post(
        client, milestone, done_date="2026-05-06", note="Protokół", reason="Data z protokołu"
    )
    assert fixed.status_code == 302
    latest = InstrumentChange.objects.first()
    assert (latest.field, latest.old, latest.new, latest.reason, latest.channel) == (
        "done_date",
        "2026-05-04",
        "2026-05-06",
        "Data z protokołu",
        "admin",
    )
    history = client.get(reverse("admin:instruments_instrumentchange_changelist"))
    assert history.status_code == 200
    assert "Data z protokołu" in history.content.decode()
    assert client.get(reverse("admin:instruments_instrumentchange_add")).status_code == 403
    # A new name is kept in the history too, so it asks why; it leaves no date history.
    unsaid = _admin_post(
        client, milestone, name_pl="Odbiór", done_date="2026-05-06", note="Protokół"
    )
    assert unsaid.status_code == 200
    assert "Say why this changes (a reason)." in unsaid.content.decode()
    assert Milestone.objects.get(pk=milestone.pk).name_pl == "Odbiór końcowy"
    renamed = _admin_post(
        client,
        milestone,
        name_pl="Odbiór",
        done_date="2026-05-06",
        note="Protokół",
        reason="Nazwa z umowy",
    )
    assert renamed.status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).name_pl == "Odbiór"
    assert _state(milestone) == (date(2026, 5, 6), "Protokół", 3)
    latest = InstrumentChange.objects.first()
    assert (latest.field, latest.old, latest.new, latest.reason, latest.actor, latest.channel) == (
        "name_pl",
        "Odbiór końcowy",
        "Odbiór",
        "Nazwa z umowy",
        world.admin,
        "admin",
    )


def test_filling_an_empty_field_needs_no_reason_changing_a_recorded_one_does(world, milestone):
    services.record_milestone(milestone, actor=world.provider, actual_date=None, note="Zwłoka")
    services.record_milestone(milestone, actor=world.provider, actual_date=date(2026, 5, 4),
                              note="Zwłoka")  # fmt: skip
    assert _state(milestone) == (date(2026, 5, 4), "Zwłoka", 2)
    with pytest.raises(StradomError, match="say why"):
        services.record_milestone(
            milestone, actor=world.provider, actual_date=date(2026, 5, 4), note=""
        )
    assert _state(milestone) == (date(2026, 5, 4), "Zwłoka", 2)


def test_a_milestone_deleted_keeps_its_last_values_and_a_refusal_deletes_nothing(world, milestone):
    services.record_milestone(milestone, actor=world.provider, actual_date=date(2026, 5, 4))
    for actor, reason in ((world.env_coordinator, "nie mój"), (world.provider, " ")):
        with pytest.raises(StradomError):
            services.delete_milestone(milestone, actor=actor, reason=reason)
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert InstrumentChange.objects.filter(new="").count() == 0
    services.delete_milestone(milestone, actor=world.provider, reason="etap odwołany")
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    gone = InstrumentChange.objects.filter(object_id=milestone.pk, new="")
    assert sorted(gone.values_list("field", "old", "reason", "actor")) == [
        ("done_date", "2026-05-04", "etap odwołany", world.provider.pk),
        ("due_date", "2026-04-30", "etap odwołany", world.provider.pk),
        ("illustrative", "0", "etap odwołany", world.provider.pk),
        ("name_pl", "Odbiór końcowy", "etap odwołany", world.provider.pk),
    ]


@pytest.mark.usefixtures("english")
def test_the_milestone_admin_asks_why_before_deleting(client, world, milestone):
    from django.urls import reverse

    client.force_login(world.admin)
    url = reverse("admin:instruments_milestone_delete", args=[milestone.pk])
    assert client.post(url, {"post": "yes", "reason": ""}).status_code == 200
    assert Milestone.objects.filter(pk=milestone.pk).exists()
    assert client.post(url, {"post": "yes", "reason": "duplikat"}).status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    assert set(InstrumentChange.objects.filter(new="").values_list("reason", "channel")) == {
        ("duplikat", "admin")
    }
