"""``stradom import``: counts, sample, every problem with line and column, exit status."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from stradom.catalog.models import Observation, ObservationChange

HEADER = "indicator;territory;period;value\n"
GOOD = HEADER + "PM10_AVG;1261011;2020;40\nPM10_AVG;1261011;2021;38,5\nBIRTHS;1261011;2021;12000\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, text: str | bytes, name: str = "values.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def counts() -> tuple[int, int]:
    return Observation.objects.count(), ObservationChange.objects.count()


def test_import_writes_the_values_and_reports_the_counts(tmp_path, world):
    out, _ = run(write(tmp_path, GOOD), "--no-progress")
    assert "values.csv: 3 rows read" in out
    assert "new: 3, changed: 0, unchanged: 0" in out
    assert "new        PM10_AVG 1261011 2021: — → 38.5" in out
    assert counts() == (3, 3)
    change = ObservationChange.objects.get(period="2021", indicator__code="PM10_AVG")
    assert (change.action, change.new_value, change.channel) == (
        "created",
        Decimal("38.5"),
        "import",
    )
    assert change.reason == "import of values.csv"
    assert change.new["value"] == "38.5"


def test_the_same_file_imported_again_changes_nothing(tmp_path, world):
    path = write(tmp_path, GOOD)
    run(path, "--no-progress")
    before = list(Observation.objects.values_list("pk", "value", "updated_at").order_by("pk"))
    out, _ = run(path, "--no-progress")
    assert "new: 0, changed: 0, unchanged: 3" in out
    assert counts() == (3, 3)
    assert list(Observation.objects.values_list("pk", "value", "updated_at").order_by("pk")) == (
        before
    )


def test_dry_run_shows_what_would_change_and_writes_nothing(tmp_path, world):
    run(write(tmp_path, HEADER + "PM10_AVG;1261011;2020;40\n", "first.csv"), "--no-progress")
    path = write(tmp_path, GOOD.replace(";40\n", ";41\n"))
    out, _ = run(path, "--dry-run", "--replace", "--reason", "GIOŚ corrected 2020")
    assert "new: 2, changed: 1, unchanged: 0" in out
    assert "changed    PM10_AVG 1261011 2020: 40 → 41" in out
    assert "dry run: nothing was written" in out
    assert counts() == (1, 1)


def test_dry_run_in_polish_says_the_change_in_words_and_numbers_with_a_decimal_comma(
    tmp_path, world
):
    run(write(tmp_path, HEADER + "PM10_AVG;1261011;2020;40\n", "first.csv"), "--no-progress")
    path = write(tmp_path, GOOD.replace(";40\n", ";40,8\n"))
    with translation.override("pl"):
        out, _ = run(path, "--dry-run", "--replace", "--reason", "korekta GIOŚ")
    assert "nowa       PM10_AVG 1261011 2021: — → 38,5" in out
    assert "zmieniona  PM10_AVG 1261011 2020: 40 → 40,8" in out
    assert "nowa       BIRTHS 1261011 2021: — → 12\xa0000" in out
    assert "created" not in out and "updated" not in out and "38.5" not in out
    assert counts() == (1, 1)


def test_replace_changes_a_stored_value_and_keeps_the_reason(tmp_path, world):
    run(write(tmp_path, HEADER + "PM10_AVG;1261011;2020;40\n", "first.csv"), "--no-progress")
    path = write(tmp_path, HEADER + "PM10_AVG;1261011;2020;41\n")
    out, _ = run(path, "--replace", "--reason", "GIOŚ corrected 2020", "--no-progress")
    assert "new: 0, changed: 1, unchanged: 0" in out
    obs = Observation.objects.get()
    assert obs.value == Decimal(41)
    change = ObservationChange.objects.latest("pk")
    assert (change.action, change.old_value, change.new_value, change.reason) == (
        "updated",
        Decimal(40),
        Decimal(41),
        "GIOŚ corrected 2020",
    )


def test_replace_without_a_reason_is_refused(tmp_path, world):
    with pytest.raises(CommandError, match="--reason"):
        run(write(tmp_path, GOOD), "--replace")
    assert counts() == (0, 0)


def test_a_file_with_bad_rows_lists_each_and_exits_non_zero(tmp_path, world):
    text = HEADER + "PM10_AVG;1261011;2020;40\nNOPE;1261011;2020;1\nPM10_AVG;1261011;2021;x\n"
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"values.csv refused: 2 problems; nothing"):
        call_command("import", str(write(tmp_path, text)), stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert "problems (2):" in lines
    assert "  line 3, column indicator: unknown indicator 'NOPE'" in lines
    assert any(line.startswith("  line 4, column value: 'x' is not a number") for line in lines)
    assert counts() == (0, 0)


def test_problems_are_translated_to_polish(tmp_path, world):
    text = HEADER + "NOPE;1261011;2020;1\n"
    out = io.StringIO()
    with translation.override("pl"), pytest.raises(CommandError):
        call_command("import", str(write(tmp_path, text)), stdout=out, stderr=io.StringIO())
    assert "nieznany wskaźnik 'NOPE'" in out.getvalue()


def test_json_format_gives_counts_samples_and_problems(tmp_path, world):
    text = HEADER + "PM10_AVG;1261011;2020;40\nPM10_AVG;1261011;2020;40\n"
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import", str(write(tmp_path, text)), "--format", "json", stdout=out, stderr=out
        )
    data = json.loads(out.getvalue().split("\n}\n")[0] + "\n}")
    assert (data["ok"], data["rows"], data["created"]) == (False, 2, 0)
    assert data["problems"] == [
        {
            "line": 3,
            "column": "period",
            "reason": "the same indicator, territory, period and disaggregation appear twice",
            "indicator": "PM10_AVG",
            "territory": "1261011",
            "period": "2020",
        }
    ]
    assert data["info"]["separator"] == ";"


def test_an_unreadable_file_is_a_clear_error_naming_the_file_and_line(tmp_path, world):
    data = (HEADER + "PM10_AVG;1261011;2020;40\n" * 100).encode() + b"X;Krak\x00w;2020;1\n"
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, data))
    assert str(caught.value).startswith("values.csv, line 102: ")
    assert counts() == (0, 0)


def test_a_missing_file_is_a_clear_error(tmp_path, world):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nothing.csv")


def test_a_data_provider_imports_only_their_indicators(tmp_path, world):
    with pytest.raises(CommandError):
        run(write(tmp_path, GOOD), "--user", "celina", "--no-progress")
    assert counts() == (0, 0)
    out, _ = run(write(tmp_path, HEADER + "PM10_AVG;1261011;2020;40\n"), "--user", "celina")
    assert "new: 1" in out
    assert Observation.objects.get().updated_by == world.provider


def test_an_unknown_mapping_name_lists_the_shipped_ones(tmp_path, world):
    with pytest.raises(CommandError, match="bdl_cities_unemployment_rate"):
        run(write(tmp_path, GOOD), "--mapping", "no_such_mapping")


def test_a_progress_bar_is_shown_on_stderr_for_a_long_file(tmp_path, world):
    from stradom.catalog.models import Indicator

    Indicator.objects.create(code="DAILY", name_pl="Dzienny", unit="-", frequency="D")
    from datetime import date, timedelta

    lines = [f"DAILY;1261011;{date(2000, 1, 1) + timedelta(days=n)};{n}" for n in range(6000)]
    out, err = run(write(tmp_path, HEADER + "\n".join(lines) + "\n"))
    assert "new: 6000" in out
    assert "6.00k" in err or "6000" in err
    short_out, short_err = run(write(tmp_path, GOOD, "short.csv"))
    assert short_err == ""


def test_help_describes_the_command_and_its_options():
    from django.core.management import load_command_class

    command = load_command_class("stradom.ingest", "import")
    text = command.create_parser("stradom", "import").format_help()
    assert "a file with any bad row is refused whole" in " ".join(text.split())
    assert "--dry-run" in text
