from decimal import Decimal

import pytest

from stradom.finance.models import MoneyChange, Undertaking, WpfValue, WpfVersion
from stradom.finance.queries import check_version, compare_versions
from stradom.finance.queries import wpf_table as stored_table
from stradom.finance.services import (
    FinanceError,
    FinanceRefused,
    UndertakingInput,
    amend_wpf_version,
    create_wpf_version,
)
from stradom.finance.tests.conftest import small_wpf

D = Decimal


def snapshot():
    return (
        list(WpfVersion.objects.order_by("pk").values_list("pk", "code", "number")),
        list(WpfValue.objects.order_by("pk").values_list("pk", "amount")),
        Undertaking.objects.count(),
        MoneyChange.objects.count(),
    )


def undertaking(units, **changes):
    data = {
        "number": "1.3.2.1",
        "name": "Rozbudowa linii tramwajowej",
        "purpose": "Poprawa dostępności transportu zbiorowego",
        "unit": units.transport,
        "start_year": 2025,
        "end_year": 2028,
        "total_outlays": D("900.00"),
        "limits": {2026: D("300.00"), 2027: D("300.00")},
        "obligations_limit": D("600.00"),
    }
    data.update(changes)
    return UndertakingInput(**data)


def create(table, **kwargs):
    arguments = {"code": "WPF2026", "budget_year": 2026, "rows": table, "reason": "uchwała"}
    arguments.update(kwargs)
    return create_wpf_version(**arguments)


def test_a_closing_forecast_is_stored_with_value_types_and_labels(world, wpf_table, units):
    version = create(wpf_table, undertakings=[undertaking(units)], resolution="XX/1/2025")
    assert version.label == "WPF2026/1"
    assert dict(version.years.values_list("year", "value_type")) == {
        2024: "execution",
        2025: "q3_plan",
        2026: "plan",
        2027: "forecast",
        2028: "forecast",
        2029: "forecast",
    }
    assert version.rows.get(code="1.1").label_pl == "Dochody bieżące"
    assert stored_table(version)["3"] == {
        2024: D("-49.75"),
        2025: D("-39.75"),
        2026: D("-29.75"),
        2027: D("-19.75"),
        2028: D("-9.75"),
        2029: D("0.25"),
    }
    assert list(version.undertakings.get().limits.values_list("year", "amount")) == [
        (2026, D("300.00")),
        (2027, D("300.00")),
    ]
    assert check_version(version).sums_close


def test_a_forecast_whose_sum_does_not_close_is_refused_and_nothing_is_written(world, wpf_table):
    wpf_table["1"][2027] += D("0.01")
    with pytest.raises(FinanceRefused) as error:
        create(wpf_table)
    assert [str(p) for p in error.value.problems] == [
        "1: Row 1 in 2027 is 1250.26, but 1 = 1.1 + 1.2 gives 1250.25; difference 0.01.",
        "3: Row 3 in 2027 is -19.75, but 3 = 1 − 2 gives -19.74; difference -0.01.",
    ]
    assert snapshot() == ([], [], 0, 0)


def test_a_financing_balance_that_does_not_close_is_refused(world, wpf_table):
    wpf_table["4.3"][2028] += D("5")
    wpf_table["4"][2028] += D("5")
    with pytest.raises(FinanceRefused) as error:
        create(wpf_table)
    assert [str(p) for p in error.value.problems] == [
        "In 2028 3 + 4 − 5 = 0 does not hold: the left side is 5.00 (difference 5.00)."
    ]
    assert snapshot() == ([], [], 0, 0)


def test_a_forecast_shorter_than_budget_year_and_three_more_is_refused(world):
    with pytest.raises(FinanceError, match="at least three following years"):
        create(small_wpf(2024, 2028))
    assert snapshot() == ([], [], 0, 0)


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({"limits": {2029: D("1.00")}}, "has a limit for 2029, outside its period 2025–2028"),
        ({"limits": {2026: D("600.00"), 2027: D("400.00")}}, "more than its total outlays"),
        ({"end_year": 2024}, "ends (2024) before it starts (2025)"),
        ({"obligations_limit": D("-1.00")}, "has a negative amount"),
    ],
)
def test_bad_undertakings_are_refused(world, wpf_table, units, changes, text):
    with pytest.raises(FinanceRefused) as error:
        create(wpf_table, undertakings=[undertaking(units, **changes)])
    assert any(text in str(p) for p in error.value.problems), error.value.problems
    assert snapshot() == ([], [], 0, 0)


def test_amendment_is_a_new_version_comparable_with_the_last(world, wpf_table):
    adopted = create(wpf_table)
    before = {code: dict(values) for code, values in wpf_table.items()}
    amended = amend_wpf_version(
        adopted,
        changes={
            ("2.2", 2027): D("260.00"),
            ("2", 2027): D("1280.00"),
            ("3", 2027): D("-29.75"),
            ("4.3", 2027): D("59.75"),
            ("4", 2027): D("59.75"),
        },
        resolution="zarządzenie 12/2026",
        actor=world.admin,
        reason="more for trams",
    )
    assert (amended.number, amended.previous) == (2, adopted)
    assert stored_table(adopted) == before  # the old one is untouched
    changes = [(c.row, c.year, c.old, c.new) for c in compare_versions(amended)]
    assert changes == [
        ("2", 2027, D("1270.00"), D("1280.00")),
        ("2.2", 2027, D("250.00"), D("260.00")),
        ("3", 2027, D("-19.75"), D("-29.75")),
        ("4", 2027, D("49.75"), D("59.75")),
        ("4.3", 2027, D("49.75"), D("59.75")),
    ]
    history = MoneyChange.objects.filter(reason="more for trams")
    assert sorted((h.field, h.old, h.new) for h in history if "/" in h.field) == [
        ("2.2/2027", "250.00", "260.00"),
        ("2/2027", "1270.00", "1280.00"),
        ("3/2027", "-19.75", "-29.75"),
        ("4.3/2027", "49.75", "59.75"),
        ("4/2027", "49.75", "59.75"),
    ]
    assert {h.actor for h in history} == {world.admin}


def test_an_amendment_that_breaks_the_sums_is_refused(world, wpf_table):
    adopted = create(wpf_table)
    before = snapshot()
    with pytest.raises(FinanceRefused, match="problems found: 1;"):
        amend_wpf_version(adopted, changes={("2.2", 2027): D("260.00")}, reason="x")
    assert snapshot() == before


def test_only_the_latest_version_can_be_amended(world, wpf_table):
    adopted = create(wpf_table)
    amend_wpf_version(adopted, changes={("6", 2029): D("1.00")}, reason="x")
    before = snapshot()
    with pytest.raises(FinanceError, match=r"latest version \(WPF2026/2\)"):
        amend_wpf_version(adopted, changes={("6", 2029): D("2.00")}, reason="x")
    assert snapshot() == before


def test_only_an_administrator_changes_the_forecast(world, wpf_table):
    with pytest.raises(FinanceError, match="Only an administrator"):
        create(wpf_table, actor=world.env_coordinator)
    assert snapshot() == ([], [], 0, 0)


def test_debt_rules_flag_the_year_that_breaks_the_limit(world):
    table = small_wpf(2019, 2030)
    # 2027: repay 300 instead of 30, borrowed to keep the financing balance at zero
    table["5.1"][2027] = table["5"][2027] = D("300")
    table["4.3"][2027] += D("270")
    table["4"][2027] += D("270")
    version = create(table)
    check = check_version(version)
    assert check.sums_close
    assert check.breaks_debt_rules == [2027]
    year = next(y for y in check.art243 if y.year == 2027)
    assert year.left == D(310) / D("1400.25")
    assert year.window == 7 and len(year.window_years) == 7
    assert [y.year for y in check.art242 if y.breaks_rule] == []
    assert str(year.message).startswith("In 2027 debt service is 22.14% of revenue")


def test_an_amended_annex_2_is_compared_and_kept_in_the_history(world, wpf_table, units):
    from stradom.finance.queries import compare_undertakings

    adopted = create(wpf_table, undertakings=[undertaking(units)])
    changed = undertaking(units, limits={2026: D("250.00"), 2027: D("300.00"), 2028: D("50.00")})
    added = undertaking(units, number="1.3.2.2", name="Pętla autobusowa", total_outlays=D("5.00"),
                        limits={}, obligations_limit=D("0.00"))  # fmt: skip
    amended = amend_wpf_version(adopted, undertakings=[changed, added], reason="Annex 2")
    assert [(c.number, c.field, c.old, c.new) for c in compare_undertakings(amended)] == [
        ("1.3.2.1", "limit 2026", "300.00", "250.00"),
        ("1.3.2.1", "limit 2028", "", "50.00"),
        ("1.3.2.2", "*", "", "Pętla autobusowa"),
    ]
    assert sorted(
        MoneyChange.objects.filter(reason="Annex 2", field__startswith="annex2:").values_list(
            "field", "old", "new"
        )
    ) == [
        ("annex2:1.3.2.1:limit 2026", "300.00", "250.00"),
        ("annex2:1.3.2.1:limit 2028", "", "50.00"),
        ("annex2:1.3.2.2:*", "", "Pętla autobusowa"),
    ]
    assert adopted.undertakings.get().limits.count() == 2  # the adopted version is untouched


def test_row_10_1_is_compared_with_the_annex_2_limits(world, wpf_table, units):
    for year in range(2024, 2030):
        wpf_table.setdefault("10.1", {})[year] = D("300.00") if year in (2026, 2027) else D(0)
    wpf_table["10.1.2"] = {2026: D("300.00"), 2027: D("200.00")}
    version = create(wpf_table, undertakings=[undertaking(units)])  # 300 + 300, property
    assert [str(m) for m in check_version(version).annex_mismatches] == [
        "In 2027 row 10.1.2 is 200.00, but the Annex 2 limits add up to 300.00."
    ]
