"""The Kraków demo's instruments: real ones linked to real goals, examples marked as such.

One test, because it loads the whole demo (most of a minute).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine

from stradom.demo.loader import load_demo
from stradom.instruments.models import (
    Instrument,
    InstrumentChange,
    Milestone,
    ProgressUpdate,
    ProjectNetwork,
)
from stradom.instruments.queries import overdue_updates, schedule_network
from stradom.strategy.models import StrategyChange


def goals(code):
    return sorted(Instrument.objects.get(code=code).goals.values_list("code", flat=True))


def test_demo_has_kraków_instruments_on_its_goals_and_an_illustrative_network(db, demo_data):
    with time_machine.travel(datetime(2026, 11, 26, 9, tzinfo=UTC), tick=False):
        load_demo()
        mjup = Instrument.objects.get(code="MJUP")
        # MJUP: a strategic project of action VI.1.1 (srk2030.pl), 2011-12-01 – 2015-11-30.
        assert goals("MJUP") == ["VI.1.1"]
        assert mjup.goals.get().strategy.code == "SRK2030"
        assert (mjup.actual_start, mjup.actual_end, mjup.status) == (
            date(2011, 12, 1),
            date(2015, 11, 30),
            "completed",
        )
        assert mjup.illustrative is False
        assert goals("UMK-BSK") == ["VI.1"]
        assert "UMK_CSAT_SCORE" in Instrument.objects.get(
            code="UMK-BSK"
        ).result_indicators.values_list("code", flat=True)
        bk = Instrument.objects.get(code="BK")
        assert bk.result_indicators.filter(code__startswith="BK_").count() == 20
        real = Instrument.objects.filter(illustrative=False).values_list("code", flat=True)
        assert sorted(real) == ["BJZ-JUP", "BK", "DKD-2016", "MJUP", "UMK-BSK"]

        network = ProjectNetwork.objects.get(code="SIEC-BK2026")
        schedule = schedule_network(network)
        assert network.illustrative
        assert schedule.finish_days == 135
        assert [[p.code for p in path] for path in schedule.critical_paths] == [
            ["BK2026-PROBA", "BK2026-TEREN", "BK2026-ANALIZA", "BK2026-RAPORT"]
        ]
        assert all(p.instrument.illustrative for p in schedule.projects)

        units = {u.unit: [i.instrument.code for i in u.items] for u in overdue_updates()}
        assert units == {
            "Wydział Rozwoju Miasta UMK": ["BK"],
            "": ["PRZB-GMK", "SEUP-UMK", "UMK-BSK"],
        }
        assert all(i.illustrative for u in overdue_updates() for i in u.items)

        # Milestones the sources date were reached on that day; the day was recorded
        # through record_milestone, so each has its history (the demo loader, no person).
        stones = Milestone.objects.filter(done_date__isnull=False)
        assert stones.count() == Milestone.objects.count() == 6
        assert not stones.filter(illustrative=True).exists()
        history = InstrumentChange.objects.filter(field="done_date")
        assert sorted(history.values_list("object_id", flat=True)) == sorted(
            stones.values_list("pk", flat=True)
        )
        assert {(c.old, c.actor, c.channel) for c in history} == {("", None, "demo")}
        assert all(c.new == Milestone.objects.get(pk=c.object_id).done_date.isoformat()
                   for c in history)  # fmt: skip
        assert all(c.reason.startswith("demo: ") for c in history)
        # One domain given, and said to be the demo's assignment; no other instrument has one.
        housing = Instrument.objects.get(code="PRZB-GMK")
        assert housing.domain.code == "mieszkalnictwo"
        assert "przypisanie demo" in housing.note and housing.illustrative
        assert list(Instrument.objects.filter(domain__isnull=False)) == [housing]

        # Each instrument and milestone was created through the services: its history
        # starts with its first values, the loader's channel and reason.
        from stradom.demo.instruments import INSTRUMENT_REASON, MILESTONE_REASON, NETWORK_REASON

        created = InstrumentChange.objects.filter(
            field="code", old="", content_type__model="instrument"
        )
        assert created.count() == Instrument.objects.count() == 13
        assert set(created.values_list("channel", "reason", "actor")) == {
            ("demo", INSTRUMENT_REASON, None)
        }
        # So do the network, its dependencies and the reporting cycle.
        network = ProjectNetwork.objects.get()
        kept = InstrumentChange.objects.filter(
            content_type__model__in=["projectnetwork", "dependency", "reportingcycle"]
        )
        assert set(kept.values_list("channel", "reason", "actor")) == {
            ("demo", NETWORK_REASON, None)
        }
        assert kept.filter(field="projects", old="").count() == 1
        assert kept.filter(field="instruments", old="").count() == 1
        assert kept.filter(field="predecessor", old="").count() == (network.dependencies.count())
        named = InstrumentChange.objects.filter(
            field="name_pl", old="", content_type__model="milestone"
        )
        assert named.count() == 6
        assert set(named.values_list("reason", flat=True)) == {MILESTONE_REASON}

        updates = ProgressUpdate.objects.count()
        changes = InstrumentChange.objects.count()
        targets = StrategyChange.objects.filter(channel="demo").count()
        load_demo()  # a second load changes nothing
        assert ProgressUpdate.objects.count() == updates == 7
        assert InstrumentChange.objects.count() == changes
        assert StrategyChange.objects.count() == targets > 0  # the links, as first created
        assert Instrument.objects.count() == 13
