"""Import of the registers: Polish spreadsheets read without fuss, all or nothing, every
problem with its line and column, the command thin and honest."""

from datetime import date
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from stradom.registers.imports import ImportRefused, import_projects, import_resolutions
from stradom.registers.models import CivicBudgetProject, RegisterChange, Resolution

RESOLUTIONS = (
    "Kadencja;Numer;Data podjęcia;W sprawie;Jednostka;Stan realizacji;Uwagi\n"
    "2014–2018;XCIV/2449/18;07.02.2018;przyjęcia Strategii Rozwoju Krakowa;wks;"
    "w trakcie realizacji;monitoring roczny\n"
    "2014–2018;Nr XC/2400/17;2017-12-20;programu ochrony powietrza;Zarząd Dróg;wykonana;\n"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_resolutions_from_a_polish_csv(registers, tmp_path):
    w = registers
    path = write(tmp_path, "uchwaly.csv", RESOLUTIONS, "cp1250")
    report = import_resolutions(path, actor=w.admin)
    assert (report.rows, report.created, report.updated) == (2, 2, 0)
    r = Resolution.objects.get(number="XCIV/2449/18")
    assert (r.adopted_on, r.unit, r.domain, r.status, r.note) == (
        date(2018, 2, 7),
        w.env_unit,
        w.environment,
        "in_progress",
        "monitoring roczny",
    )
    other = Resolution.objects.get(number="XC/2400/17")
    assert (other.unit, other.status) == (w.road_unit, "executed")
    assert RegisterChange.objects.filter(reason="import of uchwaly.csv").exists()
    # The same file again changes nothing.
    again = import_resolutions(path, actor=w.admin)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_one_bad_row_refuses_the_whole_file_with_line_and_column(registers, tmp_path):
    text = RESOLUTIONS + (
        "2014–2018;XCV/2500/18;31.02.2018;zła data;wks;wykonana;\n"
        "2014–2018;XCV/2501/18;01.03.2018;zły stan;wks;prawie;\n"
        "2014–2018;XCV/2502/18;01.03.2018;nieznana jednostka;wydział X;wykonana;\n"
    )
    path = write(tmp_path, "uchwaly.csv", text)
    with pytest.raises(ImportRefused) as caught:
        import_resolutions(path)
    where = [(p.line, p.column) for p in caught.value.problems]
    assert where == [(4, "Data podjęcia"), (5, "Stan realizacji"), (6, "Jednostka")]
    assert "'prawie' is not an execution status" in str(caught.value.problems[1])
    assert Resolution.objects.count() == 0 and RegisterChange.objects.count() == 0


def test_a_service_refusal_names_the_column_of_the_field(registers, tmp_path):
    text = "kadencja;numer;data;tytuł\n2014–2018;XCIV/2449/19;07.02.2018;tytuł\n"
    path = write(tmp_path, "u.csv", text)
    with pytest.raises(ImportRefused) as caught:
        import_resolutions(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, "data")
    assert "ends in the year 19" in str(problem)


def test_unknown_and_missing_columns_are_refused_before_reading(registers, tmp_path):
    path = write(tmp_path, "u.csv", "numer;kolor\nI/1/18;zielony\n")
    with pytest.raises(ImportRefused) as caught:
        import_resolutions(path)
    texts = [str(p) for p in caught.value.problems]
    assert texts[0].startswith("line 1, column 'kolor': unknown column 'kolor'")
    assert "the file has no term column" in texts[1]


def test_a_coordinator_imports_only_own_domain(registers, tmp_path):
    w = registers
    path = write(tmp_path, "uchwaly.csv", RESOLUTIONS)
    with pytest.raises(ImportRefused) as caught:
        import_resolutions(path, actor=w.env_coordinator)
    assert [(p.line, p.column) for p in caught.value.problems] == [(3, "")]
    assert Resolution.objects.count() == 0


def test_projects_from_an_xlsx_with_numbers_and_district_names(registers, tmp_path):
    w = registers
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["Edycja", "Numer projektu", "Tytuł", "Dzielnica", "Koszt (zł)", "Głosy", "Status"]
    )
    sheet.append([2025, "BO.2025/1", "Park kieszonkowy", "Stare Miasto", 250000.5, 1234, "wybrany"])
    sheet.append([2025, "BO.2025/2", "Rowerowy Kraków", "ogólnomiejski", 900000, 5000, "selected"])
    sheet.append([2025, "BO.2025/3", "Ławki", "II", 12000, None, "odrzucony w weryfikacji"])
    path = tmp_path / "bo.xlsx"
    book.save(path)
    report = import_projects(path, illustrative=True)
    assert report.created == 3
    rows = {
        p.code: (p.district, p.cost, p.votes, p.status, p.illustrative)
        for p in CivicBudgetProject.objects.all()
    }
    assert rows == {
        "BO.2025/1": (w.district1, Decimal("250000.50"), 1234, "selected", True),
        "BO.2025/2": (None, Decimal("900000.00"), 5000, "selected", True),
        "BO.2025/3": (w.district2, Decimal("12000.00"), None, "rejected", True),
    }


def test_projects_csv_with_decimal_comma_and_a_bad_row(registers, tmp_path):
    text = (
        "numer;tytuł;dzielnica;koszt;głosy;status\n"
        "BO/1;Skwer;Stare Miasto;1 250 000,00;812;wybrany\n"
        "BO/2;Plac;Stare Miasto;12,5,0;10;wybrany\n"
        "BO/1;Skwer drugi raz;Stare Miasto;100;1;wybrany\n"
    )
    path = write(tmp_path, "bo.csv", text, "cp1250")
    with pytest.raises(ImportRefused) as caught:
        import_projects(path, edition=2024)
    assert [(p.line, p.column) for p in caught.value.problems] == [(3, "koszt"), (4, "numer")]
    assert CivicBudgetProject.objects.count() == 0
    good = write(tmp_path, "ok.csv", "\n".join(text.splitlines()[:2]) + "\n", "cp1250")
    import_projects(good, edition=2024)
    assert CivicBudgetProject.objects.get().cost == Decimal("1250000.00")


def test_the_command_prints_counts_and_lists_problems(registers, tmp_path):
    path = write(tmp_path, "uchwaly.csv", RESOLUTIONS)
    out = StringIO()
    call_command("registers", "import", "resolutions", str(path), stdout=out)
    assert "nowe: 2" in out.getvalue()
    bad = write(tmp_path, "zle.csv", "numer;data\nI/1/18;wczoraj\n")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("registers", "import", "resolutions", str(bad), "--term", "VIII", stderr=err)
    assert "nic nie zapisano" in str(caught.value)
    assert "wiersz 2, kolumna data" in err.getvalue()


def test_resolutions_from_an_xlsx_with_date_cells(registers, tmp_path):
    from datetime import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Numer", "Data", "Tytuł", "Dziedzina", "Status"])
    sheet.append(["XCIV/2449/18", datetime(2018, 2, 7), "Strategia", "transport", "ciągła"])
    sheet.append(["XCIV/2450/18", "07.02.2018", "Inna", "Environment", "executed"])
    path = tmp_path / "uchwaly.xlsx"
    book.save(path)
    import_resolutions(path, term="2014–2018")
    rows = {r.number: (r.adopted_on, r.domain.code, r.status) for r in Resolution.objects.all()}
    assert rows == {
        "XCIV/2449/18": (date(2018, 2, 7), "transport", "ongoing"),
        "XCIV/2450/18": (date(2018, 2, 7), "srodowisko", "executed"),
    }
