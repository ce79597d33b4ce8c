from decimal import Decimal

import openpyxl
import pytest

from stradom.finance.models import WpfVersion
from stradom.finance.queries import wpf_table
from stradom.finance.services import FinanceRefused, UndertakingInput, create_wpf_version
from stradom.finance.xlsx import ANNEX1, ANNEX2, import_wpf_workbook, write_wpf_workbook

D = Decimal


@pytest.fixture
def version(world, strategy, units, wpf_table):
    return create_wpf_version(
        code="WPF2026",
        budget_year=2026,
        rows=wpf_table,
        undertakings=[
            UndertakingInput(
                number="1.3.2.1",
                name="Rozbudowa linii tramwajowej",
                purpose="Dostępność transportu",
                unit=units.transport,
                start_year=2025,
                end_year=2028,
                total_outlays=D("900.10"),
                limits={2026: D("300.05"), 2027: D("300.00")},
                obligations_limit=D("600.05"),
                goals=(strategy.iv3,),
            ),
            UndertakingInput(
                number="1.1.1.1",
                name="Czyste powietrze",
                unit=units.env,
                group="eu",
                kind="current",
                start_year=2026,
                end_year=2027,
                total_outlays=D("50.00"),
                limits={2026: D("25.00"), 2027: D("25.00")},
                obligations_limit=D("50.00"),
            ),
        ],
        illustrative=True,
        reason="uchwała",
    )


def annex2(version):
    return sorted(
        (u.number, u.name, u.purpose, u.unit.code, u.group, u.kind, u.start_year, u.end_year,
         u.total_outlays, u.obligations_limit,
         tuple(u.limits.values_list("year", "amount")),
         tuple(u.goals.values_list("code", flat=True)))
        for u in version.undertakings.all()
    )  # fmt: skip


def test_workbook_round_trip_keeps_every_grosz(version, strategy, tmp_path):
    path = write_wpf_workbook(version, tmp_path / "wpf.xlsx")
    copy = import_wpf_workbook(path, code="COPY", strategy=strategy, reason="import")
    assert copy.budget_year == 2026
    assert copy.illustrative  # the workbook says so
    assert wpf_table(copy) == wpf_table(version)
    assert dict(copy.years.values_list("year", "value_type")) == dict(
        version.years.values_list("year", "value_type")
    )
    assert dict(copy.rows.values_list("code", "label_pl")) == dict(
        version.rows.values_list("code", "label_pl")
    )
    assert annex2(copy) == annex2(version)


def test_workbook_shows_the_template_layout_and_the_illustrative_label(version, tmp_path):
    path = write_wpf_workbook(version, tmp_path / "wpf.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[ANNEX1]
    assert sheet["A2"].value == "Przykład ilustracyjny / Illustrative example"
    assert [c.value for c in sheet[4]][:5] == ["Lp.", "Wyszczególnienie", 2024, 2025, 2026]
    assert [c.value for c in sheet[5]][2:6] == ["Wykonanie", "Plan 3 kw.", "Plan", "Prognoza"]
    sheet = book[ANNEX2]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == [
        "1", "1.a", "1.b", "1.1", "1.1.1", "1.1.1.1", "1.1.2", "1.2", "1.2.1", "1.2.2",
        "1.3", "1.3.1", "1.3.2", "1.3.2.1",
    ]  # fmt: skip
    total = rows[0]
    assert total[5] == pytest.approx(950.10) and total[6] == pytest.approx(325.05)


def test_a_broken_workbook_is_refused_with_row_and_column_and_writes_nothing(version, tmp_path):
    path = write_wpf_workbook(version, tmp_path / "wpf.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book[ANNEX1]
    for row in sheet.iter_rows(min_row=6):
        if row[0].value == "1.1":
            row[4].value = 9999  # 2026 current revenue: row 1 no longer equals 1.1 + 1.2
        if row[0].value == "2.2":
            row[5].value = "abc"
    book[ANNEX2]["A20"] = "9.9"
    book.save(path)
    count = WpfVersion.objects.count()
    with pytest.raises(FinanceRefused) as error:
        import_wpf_workbook(path, code="BROKEN", reason="import")
    problems = [str(p) for p in error.value.problems]
    assert any(p.startswith("line ") and "Załącznik nr 1, F (2027)" in p for p in problems)
    assert any("'9.9' is not a line of Annex 2" in p for p in problems)
    assert WpfVersion.objects.count() == count
    # once the cells read, the sum rules are what refuses it
    sheet = book[ANNEX1]
    for row in sheet.iter_rows(min_row=6):
        if row[0].value == "2.2":
            row[5].value = 250
    book[ANNEX2]["A20"] = None
    book.save(path)
    with pytest.raises(FinanceRefused) as error:
        import_wpf_workbook(path, code="BROKEN", reason="import")
    assert str(error.value.problems[0]).startswith("1: Row 1 in 2026 is 1200.25")
    assert WpfVersion.objects.count() == count


def test_importing_over_a_version_makes_an_amendment(version, strategy, tmp_path):
    path = write_wpf_workbook(version, tmp_path / "wpf.xlsx")
    amended = import_wpf_workbook(
        path, code="WPF2026", amend=version, strategy=strategy, reason="same figures"
    )
    assert (amended.number, amended.previous_id) == (2, version.pk)
    assert wpf_table(amended) == wpf_table(version)
