from decimal import Decimal

import pytest

from stradom.catalog.models import Indicator, Observation, ObservationChange
from stradom.catalog.services import ObservationInput, set_computation, write_observations
from stradom.core.messages import StradomError


def put(code, period, value, territory="1261011", replace=False, **kw):
    report = write_observations(
        [ObservationInput(code, territory, period, Decimal(value), **kw)],
        actor=None,
        reason="test",
        channel="command",
        replace=replace,
    )
    assert report.ok, report.problems
    return report


def value_of(code, period, territory="1261011", dims=""):
    return Observation.objects.get(
        indicator__code=code, period=period, territory__code=territory, dimensions=dims
    )


@pytest.fixture
def birth_rate(world):
    rate = Indicator.objects.create(code="BIRTH_RATE", name_pl="Urodzenia na 1000 ludności")
    set_computation(
        rate, formula="[BIRTHS] / [POP] * 1000", actor=None, reason="definicja wskaźnika"
    )
    return rate


def test_formula_value_is_computed_with_provenance(birth_rate):
    put("POP", "2019", "779115")
    put("BIRTHS", "2019", "8818")
    obs = value_of("BIRTH_RATE", "2019")
    # 8818 / 779115 * 1000 = 11.31797...
    assert obs.value == Decimal("11.3179697477")
    assert obs.provenance["formula"] == "[BIRTHS] / [POP] * 1000"
    assert obs.provenance["inputs"]["POP"]["value"] == "779115"


def test_formula_is_recomputed_when_an_input_changes(birth_rate):
    put("POP", "2019", "779115")
    put("BIRTHS", "2019", "8818")
    put("BIRTHS", "2019", "9000", replace=True)
    # 9000 / 779115 * 1000 = 11.55156...
    assert value_of("BIRTH_RATE", "2019").value == Decimal("11.5515681254")
    history = ObservationChange.objects.filter(indicator__code="BIRTH_RATE")
    assert sorted(history.values_list("action", flat=True)) == ["created", "updated"]
    assert set(history.values_list("channel", flat=True)) == {"computed"}


def test_no_value_while_an_input_is_missing(birth_rate):
    put("POP", "2019", "779115")
    assert not Observation.objects.filter(indicator__code="BIRTH_RATE").exists()


def test_division_by_zero_gives_not_available_with_reason(birth_rate):
    put("POP", "2019", "0")
    put("BIRTHS", "2019", "5")
    obs = value_of("BIRTH_RATE", "2019")
    assert obs.value is None and obs.status == "not_available"
    # The reason is kept as data and said in the reader's language (test_computed_notes).
    assert obs.provenance["unavailable"]["template"].startswith("division by zero")
    assert obs.note == ""


def test_computed_values_cannot_be_entered_by_hand(birth_rate):
    report = write_observations(
        [ObservationInput("BIRTH_RATE", "1261011", "2019", Decimal(1))],
        actor=None,
        reason="t",
        channel="form",
    )
    assert "is computed" in str(report.problems[0])


def test_cycle_between_computed_indicators_is_refused(birth_rate, world):
    other = Indicator.objects.create(code="X", name_pl="x")
    set_computation(other, formula="[BIRTH_RATE] * 2", actor=None, reason="definicja wskaźnika")
    with pytest.raises(StradomError, match="in a loop: ") as refused:
        set_computation(world.births, formula="[X] + 1", actor=None, reason="definicja wskaźnika")
    path = str(refused.value).split("in a loop: ")[1].split(" → ")
    assert path[0] == path[-1]
    assert sorted(path[:-1]) == ["BIRTHS", "BIRTH_RATE", "X"]
    world.births.refresh_from_db()
    assert world.births.formula == ""


def test_unknown_reference_is_refused(world):
    ind = Indicator.objects.create(code="Y", name_pl="y")
    with pytest.raises(StradomError, match="unknown indicators: NOPE"):
        set_computation(ind, formula="[NOPE] + 1", actor=None, reason="definicja wskaźnika")


def test_annual_mean_and_days_above_threshold_from_daily_values(world):
    daily = Indicator.objects.create(code="PM10_DAILY", name_pl="PM10 dobowe", frequency="D")
    mean = Indicator.objects.create(code="PM10_MEAN", name_pl="PM10 średnia roczna")
    above = Indicator.objects.create(code="PM10_DAYS", name_pl="Dni > 50")
    set_computation(
        mean,
        aggregation_source=daily,
        aggregation={"function": "mean", "min_coverage": "0.9"},
        actor=None,
        reason="definicja wskaźnika",
    )
    set_computation(
        above,
        aggregation_source=daily,
        aggregation={"function": "count_above", "threshold": "50"},
        actor=None,
        reason="definicja wskaźnika",
    )
    rows = [
        ObservationInput("PM10_DAILY", "1261011", f"2020-01-{d:02d}", Decimal(v))
        for d, v in ((1, "40"), (2, "60"), (3, "80"))
    ]
    assert write_observations(rows, actor=None, reason="t", channel="import").ok
    m = value_of("PM10_MEAN", "2020")
    assert m.value == Decimal("60")  # (40 + 60 + 80) / 3
    assert m.status == "estimated"  # 3 of 366 days
    assert (m.provenance["n"], m.provenance["expected"], m.provenance["incomplete"]) == (
        3,
        366,
        True,
    )
    assert value_of("PM10_DAYS", "2020").value == Decimal("2")
