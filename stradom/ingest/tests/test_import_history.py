"""What an import leaves in the history is what any other write leaves."""

from __future__ import annotations

import json
from decimal import Decimal

from stradom.catalog.models import Observation, ObservationChange
from stradom.catalog.services.observations import _snapshot
from stradom.ingest.services import import_file

TEXT = (
    "indicator;territory;period;value;note;status\n"
    'PM10_AVG;1261011;2019;41,50;"pomiar ""ręczny"" \\ stacja";final\n'
    "PM10_AVG;1261011;2020;0,000123;;provisional\n"
    'PM10_AVG;1261011-01;2020;7;=HYPERLINK("x");estimated\n'
)


def test_history_rows_of_an_import_hold_the_same_snapshot_as_the_observation(tmp_path, world):
    path = tmp_path / "pm.csv"
    path.write_text(TEXT, encoding="utf-8")
    report = import_file(path, actor=world.provider, reason="GIOŚ annual report")
    assert report.ok, report.problems
    assert report.write.created == 3
    for obs in Observation.objects.all():
        change = ObservationChange.objects.get(
            indicator=obs.indicator, territory=obs.territory, period=obs.period
        )
        assert change.new == json.loads(json.dumps(_snapshot(obs)))
        assert (change.action, change.old, change.old_value, change.old_status) == (
            "created",
            None,
            None,
            "",
        )
        assert (change.new_value, change.new_status) == (obs.value, obs.status)
        assert (change.user, change.reason, change.batch) == (
            world.provider,
            "GIOŚ annual report",
            report.write.batch,
        )
        assert change.at == obs.updated_at
        assert obs.updated_by == world.provider
        assert obs.flags == []
        assert obs.provenance is None
    first = Observation.objects.get(period="2019")
    assert first.note == 'pomiar "ręczny" \\ stacja'
    assert first.value == Decimal("41.5")
    assert (first.period_kind, str(first.period_start), str(first.period_end)) == (
        "Y",
        "2019-01-01",
        "2019-12-31",
    )
    assert Observation.objects.get(territory__code="1261011-01").note == '=HYPERLINK("x")'
    assert Observation.objects.get(period="2020", territory__code="1261011").value == Decimal(
        "0.000123"
    )


def test_the_history_text_of_a_new_value_is_what_json_dumps_gives(world):
    from stradom.catalog.services.observations import (
        ObservationInput,
        _Row,
        _row_snapshot_json,
    )
    from stradom.core.periods import parse_period

    inp = ObservationInput(
        "PM10_AVG",
        "1261011",
        "2020",
        Decimal("12.3400"),
        ci_low=Decimal("1E+1"),
        ci_high=Decimal("13"),
        base_n=250,
        note='ą "q" \\ \n\t',
        source="GUS",
    )
    flags = [{"rule": "jump", "message": "x", "params": {"a": "1"}}]
    row = _Row(inp, world.pm10, world.city, parse_period("2020"), "", flags, (1, 1, "2020", ""))
    obs = Observation(
        value=inp.value,
        status=inp.status,
        ci_low=inp.ci_low,
        ci_high=inp.ci_high,
        base_n=inp.base_n,
        note=inp.note,
        source=inp.source,
        flags=flags,
    )
    assert _row_snapshot_json(row) == json.dumps(_snapshot(obs))
