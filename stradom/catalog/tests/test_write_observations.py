from decimal import Decimal

import pytest

from stradom.catalog.models import ChangeAction, Observation, ObservationChange
from stradom.catalog.services import (
    ObservationInput,
    delete_observations,
    write_observations,
)
from stradom.core.messages import StradomError


def obs(indicator="PM10_AVG", territory="1261011", period="2020", value="43.7", **kw):
    return ObservationInput(
        indicator, territory, period, None if value is None else Decimal(value), **kw
    )


def write(inputs, actor=None, **kw):
    kw.setdefault("reason", "test")
    kw.setdefault("channel", "form")
    return write_observations(inputs, actor=actor, **kw)


def snapshot():
    return (
        sorted(
            Observation.objects.values_list(
                "indicator__code", "territory__code", "period", "dimensions", "value", "status"
            )
        ),
        ObservationChange.objects.count(),
    )


def test_first_write_stores_value_and_history(world):
    report = write([obs(value="43.7", note="GIOŚ")], actor=world.env_coordinator)
    assert report.ok and report.created == 1
    stored = Observation.objects.get()
    assert stored.value == Decimal("43.7")
    assert (stored.period_start.isoformat(), stored.period_end.isoformat()) == (
        "2020-01-01",
        "2020-12-31",
    )
    change = ObservationChange.objects.get()
    assert change.action == ChangeAction.CREATED
    assert change.old_value is None and change.new_value == Decimal("43.7")
    assert change.user == world.env_coordinator and change.reason == "test"


def test_writing_same_value_again_changes_nothing(world):
    write([obs()])
    before = snapshot()
    report = write([obs()])
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert snapshot() == before


def test_different_value_is_refused_without_replace(world):
    write([obs(value="43.7")])
    before = snapshot()
    report = write([obs(value="40.1")])
    assert not report.ok
    assert "43.7 is already stored" in str(report.problems[0])
    assert snapshot() == before


def test_replacing_keeps_both_values_in_history(world):
    write([obs(value="43.7")], reason="first publication")
    report = write([obs(value="40.1")], replace=True, reason="GIOŚ corrected the figure")
    assert report.updated == 1
    assert Observation.objects.get().value == Decimal("40.1")
    changes = list(
        ObservationChange.objects.order_by("id").values_list(
            "action", "old_value", "new_value", "reason"
        )
    )
    assert changes == [
        ("created", None, Decimal("43.7"), "first publication"),
        ("updated", Decimal("43.7"), Decimal("40.1"), "GIOŚ corrected the figure"),
    ]


def test_delete_leaves_tombstone(world):
    write([obs(value="43.7")])
    report = delete_observations(
        [("PM10_AVG", "1261011", "2020", ())],
        actor=None,
        reason="published by mistake",
        channel="command",
    )
    assert report.deleted == 1
    assert not Observation.objects.exists()
    tomb = ObservationChange.objects.get(action=ChangeAction.DELETED)
    assert tomb.old_value == Decimal("43.7") and tomb.new_value is None
    assert tomb.reason == "published by mistake"


def test_reason_is_required(world):
    with pytest.raises(StradomError, match="reason is required"):
        write([obs()], reason="  ")
    assert not Observation.objects.exists()


def test_one_bad_row_rejects_the_whole_batch(world):
    before = snapshot()
    report = write(
        [
            obs(period="2019", value="50.1", line=2),
            obs(period="2020", value="43.7", line=3),
            obs(indicator="NOPE", line=4),
            obs(period="2021-13", line=5),
            obs(territory="9999999", line=6),
        ]
    )
    assert not report.ok
    assert [(p.line, p.field) for p in report.problems] == [
        (4, "indicator"),
        (5, "period"),
        (6, "territory"),
    ]
    assert "unknown indicator 'NOPE'" in str(report.problems[0])
    assert "month 13" in str(report.problems[1])
    assert snapshot() == before
    assert report.created == 0


def test_bad_row_in_a_later_chunk_rolls_back_earlier_chunks(world):
    rows = [obs(period=str(1990 + i), value=str(i), line=i) for i in range(30)]
    rows.append(obs(period="2020", value="1", indicator="NOPE", line=99))
    report = write_observations(rows, actor=None, reason="t", channel="import", chunk_size=7)
    assert not report.ok
    assert Observation.objects.count() == 0
    assert ObservationChange.objects.count() == 0


def test_duplicate_key_within_batch_is_refused(world):
    report = write([obs(line=2), obs(value="44", line=3)])
    assert [(p.line, str(p.message)) for p in report.problems] == [
        (3, "the same indicator, territory, period and disaggregation appear twice")
    ]
    assert not Observation.objects.exists()


def test_range_rule_rejects_with_reason(world):
    report = write([obs(indicator="TRAM_SAT", value="120", line=7)])
    assert not report.ok
    assert report.problems[0].line == 7
    assert "120" in str(report.problems[0]) and "100" in str(report.problems[0])
    assert not Observation.objects.exists()


def test_flag_rule_stores_value_with_flag(world):
    world.pm10.rules = [{"kind": "max_change", "max_pct": "20", "action": "flag"}]
    world.pm10.save()
    write([obs(period="2019", value="40")])
    report = write([obs(period="2020", value="60")])
    assert report.ok and report.flagged == 1
    flags = Observation.objects.get(period="2020").flags
    assert [f["rule"] for f in flags] == ["max_change"]
    before = snapshot()
    again = write([obs(period="2020", value="60")])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert snapshot() == before
    fixed = write([obs(period="2020", value="45")], replace=True, reason="typo")
    assert (fixed.updated, fixed.flagged) == (1, 0)
    change = ObservationChange.objects.get(action=ChangeAction.UPDATED)
    assert [f["rule"] for f in change.old["flags"]] == ["max_change"]
    assert (change.old["value"], change.new["value"], change.new["flags"]) == ("60", "45", [])
    assert Observation.objects.get(period="2020").flags == []


def test_dimensions_are_checked_against_the_indicator(world):
    report = write(
        [
            obs(indicator="POP", value="100", dimensions=(("sex", "X"),), line=2),
            obs(indicator="POP", value="100", dimensions=(("age", "0-4"),), line=3),
            obs(indicator="POP", value="100", dimensions=(("sex", "F"),), line=4),
        ]
    )
    assert [(p.line, p.field) for p in report.problems] == [(2, "sex"), (3, "age")]
    report = write([obs(indicator="POP", value="100", dimensions=(("sex", "F"),))])
    assert report.ok
    assert Observation.objects.get().dimensions == "sex=F"


def test_missing_value_needs_not_available_status(world):
    assert not write([obs(value=None)]).ok
    report = write([obs(value=None, status="not_available", note="station out of order")])
    assert report.ok
    assert Observation.objects.get().value is None


def test_value_with_too_many_decimals_is_refused_not_rounded(world):
    report = write([obs(value="1.123456789012")])
    assert "would be rounded" in str(report.problems[0])
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("value", "refused"),
    [
        ("1.00000000000000", False),  # trailing zeros past the 10th place lose nothing
        ("0.0000000001", False),
        ("0.00000000001", True),
        ("-0E-20", False),
        ("12345.1234567891", False),
        ("10000000000000000", False),  # 17 integer digits
        ("1234567890123456789", True),  # 19 integer digits: more than the column holds
        ("1E+17", False),
        ("1E+18", True),
    ],
)
def test_precision_limits_of_a_value(world, value, refused):
    report = write([obs(value=value)])
    assert (not report.ok) == refused
    assert Observation.objects.count() == (0 if refused else 1)
    if not refused:
        assert Observation.objects.get().value == Decimal(value)


def test_confidence_interval_must_contain_value(world):
    report = write([obs(value="50", ci_low=Decimal("51"), ci_high=Decimal("60"))])
    assert "does not contain" in str(report.problems[0])
    assert write([obs(value="50", ci_low=Decimal("45"), ci_high=Decimal("55"))]).ok


def test_period_must_match_indicator_frequency(world):
    report = write([obs(period="2020-Q1")])
    assert report.problems[0].field == "period"


def test_data_provider_cannot_write_other_indicators(world):
    before = snapshot()
    report = write([obs(indicator="TRAM_SAT", value="80")], actor=world.provider)
    assert "may not enter values of indicator TRAM_SAT" in str(report.problems[0])
    assert snapshot() == before
    assert write([obs()], actor=world.provider).ok


def test_coordinator_writes_only_own_domain(world):
    assert not write([obs()], actor=world.transport_coordinator).ok
    assert write([obs(indicator="TRAM_SAT", value="80")], actor=world.transport_coordinator).ok


def test_analyst_cannot_write_values(world):
    report = write([obs()], actor=world.analyst)
    assert not report.ok
    assert not Observation.objects.exists()


def test_dry_run_reports_counts_and_writes_nothing(world):
    write([obs(period="2019", value="50")])
    before = snapshot()
    report = write([obs(period="2019", value="50"), obs(period="2020", value="43.7")], dry_run=True)
    assert (report.created, report.unchanged) == (1, 1)
    assert report.samples[0]["period"] == "2020"
    assert snapshot() == before


def test_text_with_tabs_newlines_and_backslashes_is_stored_as_given(world):
    """Every database path (COPY text on PostgreSQL) keeps awkward text and numbers exact."""
    from stradom.catalog.services.observations import _snapshot

    note = "a\tb\nc\\N d\\e\r\nkoniec ąę"
    source = "GUS \\ BDL\t2024"
    provenance = {"from": ["A\tB"], "formula": "x\\y"}
    report = write(
        [
            obs(value="1E+1", note=note, source=source, provenance=provenance),
            obs(
                period="2021",
                value="-0.0000000001",
                ci_low=Decimal("-1.50"),
                ci_high=Decimal("2"),
                base_n=120,
            ),
        ]
    )
    assert report.ok and report.created == 2
    first = Observation.objects.get(period="2020")
    assert (first.value, first.note, first.source, first.provenance) == (
        Decimal("10"),
        note,
        source,
        provenance,
    )
    second = Observation.objects.get(period="2021")
    assert (second.value, second.ci_low, second.ci_high, second.base_n, second.note) == (
        Decimal("-0.0000000001"),
        Decimal("-1.5"),
        Decimal("2"),
        120,
        "",
    )
    for stored in (first, second):
        change = ObservationChange.objects.get(period=stored.period)
        assert change.new == _snapshot(stored)
        assert (change.action, change.old, change.new_value) == ("created", None, stored.value)
    assert ObservationChange.objects.get(period="2020").new["value"] == "10"
    assert ObservationChange.objects.get(period="2021").new["ci_low"] == "-1.5"
    assert write([obs(value="10", note=note, source=source, provenance=provenance)]).unchanged == 1
