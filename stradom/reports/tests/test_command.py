"""``stradom report``: prints the file's path; bad input is a CommandError in words."""

from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.utils import translation

from stradom.reports.kinds import KINDS, ReportKind, register
from stradom.reports.tests.test_services import build_sample


@pytest.fixture
def sample():
    register(
        ReportKind(
            code="sample", label="Sample", formats=("xlsx",), build=build_sample, params=("name",)
        )
    )
    yield
    KINDS.pop("sample")


def test_report_prints_the_path_of_the_file(sample, tmp_path, db):
    out = StringIO()
    call_command("report", "sample", "--output", str(tmp_path), stdout=out)
    path = tmp_path / "sample.xlsx"
    assert out.getvalue().strip() == str(path)
    assert openpyxl.load_workbook(path)["Raport"]["A1"].value == "Próba Łódź"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "Nieznany rodzaj raportu „nope”"),
        (["indicator", "--format", "docx"], "Raport indicator nie powstaje w formacie „docx”"),
        (["indicator"], "Raport indicator wymaga parametru indicator."),
        (["indicator", "--indicator", "X", "--user", "nobody"], "Nie ma użytkownika „nobody”."),
        (["indicator", "--indicator", "NOPE"], "Nie ma wskaźnika „NOPE”, który możesz zobaczyć."),
    ],
)
def test_bad_input_says_what_is_wrong_and_writes_nothing(args, message, tmp_path, db):
    with translation.override("pl"), pytest.raises(CommandError, match=message):
        call_command("report", *args, "--output", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("pl", "Przygotuj plik raportu: monitoring (roczny raport z monitorowania strategii)"),
        ("en", "Make a report file: monitoring (the annual strategy-monitoring report)"),
    ],
)
def test_help_in_both_languages(language, words):
    with translation.override(language):
        command = load_command_class(get_commands()["report"], "report")
        text = command.create_parser("stradom", "report").format_help()
    assert words in " ".join(text.split())
    assert "--indicator" in text and "--territory" in text
