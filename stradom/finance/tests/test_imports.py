from decimal import Decimal

import openpyxl
import pytest

from stradom.finance.imports import import_budget_file
from stradom.finance.models import BudgetTask, BudgetTaskGoal, MoneyChange
from stradom.finance.services import FinanceRefused
from stradom.ingest.readers import ReadError

D = Decimal

PLAN = """Plan zadań budżetowych 2026
Rok;Kod;Nazwa;Jednostka;Klasyfikacja;Plan;Plan po zmianach;Cele
2026;NE-1;Program ograniczania niskiej emisji;wks;900-90005-6230;1 250 000,50;\
1 300 000,00;"IV.3.1:70; VI.1:30"
2026;ZIE-2;Utrzymanie zieleni;Wydział Kształtowania Środowiska;900-90004-4300;400 000,00;;IV.3.2:100
"""


def write(tmp_path, text, name="plan.csv", encoding="cp1250"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def state():
    return (
        list(BudgetTask.objects.order_by("pk").values()),
        list(BudgetTaskGoal.objects.order_by("pk").values()),
        MoneyChange.objects.count(),
    )


def test_plan_in_a_polish_csv_creates_tasks_with_shares(world, strategy, units, tmp_path):
    report = import_budget_file(write(tmp_path, PLAN), strategy=strategy, reason="uchwała")
    assert (report.rows, report.created, report.updated) == (2, 2, 0)
    ne = BudgetTask.objects.get(code="NE-1")
    assert (ne.plan, ne.plan_after_changes, ne.classification) == (
        D("1250000.50"),
        D("1300000.00"),
        "900-90005-6230",
    )
    assert sorted(ne.shares.values_list("goal__code", "share")) == [
        ("IV.3.1", D("70")),
        ("VI.1", D("30")),
    ]
    zie = BudgetTask.objects.get(code="ZIE-2")
    assert zie.unit == units.env and zie.plan_after_changes == D("400000.00")
    assert set(MoneyChange.objects.values_list("channel", flat=True)) == {"import"}


def test_execution_by_month_from_xlsx_adds_up(world, strategy, units, tmp_path):
    import_budget_file(write(tmp_path, PLAN), strategy=strategy, reason="uchwała")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["rok", "kod", "miesiąc", "wykonanie", "zaangażowanie"])
    sheet.append([2026, "NE-1", 1, 100000.1, 500000])
    sheet.append([2026, "NE-1", 2, 200000.25, None])
    sheet.append([2026, "ZIE-2", None, 450000, None])
    path = tmp_path / "wykonanie.xlsx"
    book.save(path)
    report = import_budget_file(path, reason="Rb-28S luty")
    ne = BudgetTask.objects.get(code="NE-1")
    assert ne.execution == D("300000.35") and ne.commitments == D("500000.00")
    assert list(ne.months.values_list("month", "execution")) == [
        (1, D("100000.10")),
        (2, D("200000.25")),
    ]
    assert [(line, str(w)) for line, w in report.warnings] == [
        (
            4,
            "Task ZIE-2 spent 450000.00 in 2026, more than its plan after changes of "
            "400000.00 (by 50000.00).",
        )
    ]


def test_one_bad_row_refuses_the_whole_file(world, strategy, units, tmp_path):
    import_budget_file(write(tmp_path, PLAN), strategy=strategy, reason="uchwała")
    before = state()
    bad = (
        "rok;kod;wykonanie;plan po zmianach;klasyfikacja\n"
        "2026;NE-1;1,5x;;\n"
        "2026;ZIE-2;;-5,00;\n"
        "2026;ZIE-2;;;\n"
        "2026;NOWE;1,00;;900-90005-4300\n"
    )
    with pytest.raises(FinanceRefused) as error:
        import_budget_file(write(tmp_path, bad, "bad.csv"), strategy=strategy, reason="x")
    problems = [str(p) for p in error.value.problems]
    assert problems[0].startswith("line 2, execution: ")
    assert problems[1:] == [
        "line 3, plan: Task ZIE-2 has a negative plan for 2026: -5.00.",
        "line 4, code: Task ZIE-2 appears twice for 2026.",
        "line 5, name_pl: Task NOWE is new; it needs name_pl, unit, plan.",
    ]
    assert state() == before


def test_unknown_columns_are_refused_before_reading(world, tmp_path):
    with pytest.raises(FinanceRefused) as error:
        import_budget_file(write(tmp_path, "kod;kwota\nA;1\n", "x.csv"), year=2026, reason="x")
    assert [str(p) for p in error.value.problems] == ["line 1, kwota: Unknown column 'kwota'."]


def test_utf8_with_bom_and_commas_reads_like_the_polish_file(world, strategy, units, tmp_path):
    text = (
        "\ufeffrok,kod,nazwa,jednostka,klasyfikacja,plan\n"
        '2026,ZIE-3,Nasadzenia drzew,wks,900-90004-4300,"12 500,75"\n'
    )
    report = import_budget_file(write(tmp_path, text, encoding="utf-8"), reason="uchwała")
    assert (report.rows, report.created) == (1, 1)
    task = BudgetTask.objects.get(code="ZIE-3")
    assert (task.year, task.name_pl, task.plan) == (2026, "Nasadzenia drzew", D("12500.75"))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "plan.csv: the file is empty"),
        (b"\xff\xfer\x00o\x00k\x00",
         "plan.csv: the file is written in UTF-16; save it as CSV in UTF-8 (or Windows-1250)"),
        ("rok;kod;plan\n2026;NE-1;1,00\n2026;\"NE-2;2,00\n".encode("cp1250"),
         "plan.csv, line 3: the file cannot be read as CSV here: unexpected end of data"),
    ],
    ids=["empty", "utf-16", "open quote"],
)  # fmt: skip
def test_an_unreadable_file_is_refused_naming_file_and_line(world, strategy, units, tmp_path,
                                                            content, message):  # fmt: skip
    path = tmp_path / "plan.csv"
    path.write_bytes(content)
    before = state()
    with pytest.raises(ReadError) as error:
        import_budget_file(path, strategy=strategy, reason="x")
    assert str(error.value) == message
    assert state() == before


def test_a_file_over_the_size_limit_is_refused_before_reading(world, tmp_path, settings):
    settings.STRADOM_IMPORT_MAX_BYTES = 100
    path = write(tmp_path, PLAN)
    with pytest.raises(ReadError) as error:
        import_budget_file(path, reason="x")
    size = path.stat().st_size
    assert (
        str(error.value) == f"plan.csv: the file is {size} bytes, more than the limit of 100 bytes"
    )
    assert BudgetTask.objects.count() == 0


def test_a_file_over_the_row_limit_writes_nothing(world, strategy, units, tmp_path, settings):
    settings.STRADOM_IMPORT_MAX_ROWS = 1
    with pytest.raises(ReadError) as error:
        import_budget_file(write(tmp_path, PLAN), strategy=strategy, reason="x")
    assert str(error.value) == "plan.csv, line 4: the file has more than 1 rows, the limit"
    assert BudgetTask.objects.count() == 0
