import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from stradom.finance.models import WpfVersion
from stradom.finance.services import amend_wpf_version, create_wpf_version
from stradom.finance.xlsx import ANNEX1, write_wpf_workbook

D = Decimal


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def tasks(world, strategy, make_task):
    s = strategy
    make_task("NE-1", plan="1000.00", execution=D("400.10"), commitments=D("600.00"),
              shares={s.iv31: D("50"), s.vi1: D("50")}, illustrative=True)  # fmt: skip
    make_task("ZIE-2", plan="300.00", execution=D("0.99"), shares={s.iv32: D("100")},
              illustrative=True)  # fmt: skip
    make_task("T-OLD", year=2025, plan="77.00", shares={s.iv3: D("100")})


def test_summary_answers_how_much_is_left_for_a_goal_this_year(tasks):
    data = json.loads(run("finance", "summary", "--year", "2026", "--by", "goal", "--goal",
                          "IV.3", "--format", "json"))  # fmt: skip
    assert data["illustrative"] is True
    assert data["label"] == "Przykład ilustracyjny / Illustrative example"
    assert data["years"] == [2026]
    rows = {r["key"]: r for r in data["rows"]}
    assert list(rows) == ["IV.3", "IV.3.1", "IV.3.2"]
    assert rows["IV.3"]["planned_after_changes"] == "800.00"  # 500.00 + 300.00
    assert rows["IV.3"]["spent"] == "201.04"  # 200.05 + 0.99
    assert rows["IV.3"]["remaining"] == "598.96"
    assert data["total"]["planned_after_changes"] == "1300.00"


def test_summary_table_is_labelled_illustrative_and_shows_grosze(tasks):
    with_language = run("finance", "summary", "--year", "2026", "--goal", "IV.3")
    lines = with_language.splitlines()
    assert lines[0] == "*** Przykład ilustracyjny / Illustrative example ***"
    iv3 = next(line for line in lines if line.strip().startswith("IV.3 "))
    assert "598,96" in iv3 and "201,04" in iv3  # Polish by default, with grosze


@pytest.mark.usefixtures("english")
def test_summary_by_unit_and_unknown_goal(tasks):
    data = json.loads(run("finance", "summary", "--year", "2026", "--by", "unit", "--format",
                          "json"))  # fmt: skip
    assert [(r["key"], r["remaining"]) for r in data["rows"]] == [("wks", "898.91")]
    with pytest.raises(CommandError, match="No goal IX"):
        run("finance", "summary", "--year", "2026", "--goal", "IX")


def test_wpf_check_passes_a_closing_version_and_compares_amendments(world, wpf_table):
    version = create_wpf_version(code="WPF2026", budget_year=2026, rows=wpf_table, reason="x")
    data = json.loads(run("wpf", "check", "WPF2026", "--format", "json"))
    assert data["sums_close"] is True and data["problems"] == []
    assert [y["year"] for y in data["art242"]] == [2026, 2027, 2028, 2029]
    assert "WPF2026/1" in run("wpf", "check", "WPF2026/1").splitlines()[0]
    amend_wpf_version(version, changes={("6", 2029): D("400.00")}, reason="x")
    out = run("wpf", "compare", "WPF2026")
    assert out.splitlines()[0] == "WPF2026/1 → WPF2026/2: 1"
    assert out.splitlines()[1].split()[:2] == ["6", "2029"]


@pytest.mark.usefixtures("english")
def test_wpf_check_catches_a_broken_forecast_in_a_workbook(world, wpf_table, tmp_path):
    version = create_wpf_version(code="WPF2026", budget_year=2026, rows=wpf_table, reason="x")
    path = write_wpf_workbook(version, tmp_path / "wpf.xlsx")
    book = openpyxl.load_workbook(path)
    for row in book[ANNEX1].iter_rows(min_row=6):
        if row[0].value == "4.3":
            row[6].value = 999  # 2028 borrowing: 4 ≠ 4.1+…+4.4 and the balance breaks
    book.save(path)
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"1 problem"):
        call_command("wpf", "check", str(path), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["sums_close"] is False
    assert [(p["row"], p["year"], p["difference"], p["rule"]) for p in data["problems"]] == [
        ("4", 2028, "-959.25", "4 = 4.1 + 4.2 + 4.3 + 4.4")
    ]
    assert WpfVersion.objects.count() == 1


def test_wpf_import_refuses_a_broken_workbook_and_stores_nothing(world, wpf_table, tmp_path):
    version = create_wpf_version(code="WPF2026", budget_year=2026, rows=wpf_table, reason="x")
    path = write_wpf_workbook(version, tmp_path / "wpf.xlsx")
    book = openpyxl.load_workbook(path)
    for row in book[ANNEX1].iter_rows(min_row=6):
        if row[0].value == "2":
            row[3].value = 1
    book.save(path)
    with pytest.raises(CommandError, match="2025.*−1\xa0189,00"):
        run("wpf", "import", str(path), "--code", "WPF2026", "--amend", "--reason", "x")
    assert WpfVersion.objects.count() == 1


@pytest.mark.parametrize("name", ["finance", "wpf"])
def test_help_describes_the_actions(name):
    from django.core.management import load_command_class
    from django.utils import translation

    with translation.override("en"):
        text = load_command_class("stradom.finance", name).create_parser("stradom", name)
        text = text.format_help()
    assert (
        "{summary,import,history}" if name == "finance" else "{list,check,compare,export,import}"
    ) in text


def test_history_lists_who_changed_what_and_why(tasks, world):
    from stradom.finance.models import BudgetTask
    from stradom.finance.services import record_execution

    task = BudgetTask.objects.get(code="ZIE-2")
    record_execution(task, execution=D("10.00"), reason="Rb-28S", actor=world.admin)
    lines = run("finance", "history", "ZIE-2", "--year", "2026").splitlines()
    assert lines[0] == "*** Przykład ilustracyjny / Illustrative example ***"
    assert lines[2].split()[2:] == ["admin", "execution", "0.99", "→", "10.00", "(Rb-28S)"]
    with pytest.raises(CommandError, match="ZIE-9"):
        run("finance", "history", "ZIE-9", "--year", "2026")


def test_summary_column_planned_is_the_adopted_plan_not_an_instrument_status(tasks):
    from stradom.instruments.models import InstrumentStatus

    header = next(
        line for line in run("finance", "summary", "--year", "2026").splitlines() if "kod" in line
    )
    assert header.split()[:5] == ["kod", "nazwa", "plan", "pierwotny", "plan"]
    assert "planowany" not in header
    assert str(InstrumentStatus.PLANNED.label) == "planowany"  # the same English word
