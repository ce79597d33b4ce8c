"""A large plain file is read and written column-wise (pyarrow); the result, the report
and the history are exactly what the row reader and the per-row checks give, and any
row those would refuse sends the whole file to them, with their messages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stradom.catalog.models import ChangeSet, Observation, ObservationChange
from stradom.catalog.services.observations import ObservationWriter
from stradom.ingest import services
from stradom.ingest.readers import columnar as columnar_reader
from stradom.ingest.services import import_file

STORED = (
    "indicator_id",
    "territory_id",
    "period",
    "period_kind",
    "period_start",
    "period_end",
    "dimensions",
    "value",
    "status",
    "ci_low",
    "ci_high",
    "base_n",
    "note",
    "source",
    "flags",
    "provenance",
    "updated_by",
    "seq",
)


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of 3 rows, so that a file of a dozen rows takes several."""
    monkeypatch.setattr(columnar_reader, "BATCH_ROWS", 3)
    original = columnar_reader.column_batches

    def batches(source, *, max_rows, size=3):
        return original(source, max_rows=max_rows, size=size)

    monkeypatch.setattr(services, "column_batches", batches)


@pytest.fixture
def row_calls(monkeypatch):
    """How many chunks went through the per-row path (``ObservationWriter.add``)."""
    calls = []
    original = ObservationWriter.add

    def add(self, inputs):
        calls.append(len(inputs))
        return original(self, inputs)

    monkeypatch.setattr(ObservationWriter, "add", add)
    return calls


def _row_path_only(monkeypatch):
    monkeypatch.setattr(services, "columnar", lambda source: False)


def _file(tmp_path, lines, name="values.csv"):
    path = tmp_path / name
    path.write_text("indicator;territory;period;value\n" + "".join(lines), encoding="utf-8")
    return path


def _lines(years, territories=("1261011", "1261011-01")):
    return [
        f"PM10_AVG;{t};{y};{40 + (y - 2010) + 10 * k},{y % 10}5\n"
        for k, t in enumerate(territories)
        for y in years
    ]


def _stored():
    return sorted(Observation.objects.values_list(*STORED))


def _history():
    return sorted(
        ObservationChange.objects.values_list(
            "indicator_id", "territory_id", "period", "action", "new_value", "user", "reason"
        )
    )


def test_a_plain_file_is_written_column_wise_as_the_row_path_writes_it(
    tmp_path, world, small_batches, row_calls, monkeypatch
):
    path = _file(tmp_path, _lines(range(2010, 2017)))
    report = import_file(path, actor=world.provider, reason="GIOŚ annual report")
    assert report.ok, report.problems
    assert row_calls == []  # no row went through the per-row path
    assert (report.rows, report.write.created, report.write.unchanged) == (14, 14, 0)
    assert Observation.objects.get(territory=world.district1, period="2012").value == Decimal(
        "52.25"
    )
    columns = (_stored(), _history(), report.write.samples)
    change_set = ChangeSet.objects.get()
    assert (change_set.created, change_set.file_name, change_set.channel) == (
        14,
        "values.csv",
        "import",
    )
    assert sorted(Observation.objects.values_list("seq", flat=True)) == list(range(1, 15))

    Observation.objects.all().delete()  # the change set stays; the second import makes its own
    _row_path_only(monkeypatch)
    again = import_file(path, actor=world.provider, reason="GIOŚ annual report")
    assert row_calls == [14]
    assert (_stored(), _history(), again.write.samples) == columns
    assert _history()[0][3:] == (
        "created",
        Decimal("40.05"),
        world.provider.pk,
        "GIOŚ annual report",
    )


def test_the_same_file_again_is_compared_in_the_database_and_writes_nothing(
    tmp_path, world, small_batches, row_calls
):
    path = _file(tmp_path, _lines(range(2010, 2017)))
    import_file(path, actor=world.provider, reason="first")
    before = (_stored(), _history(), ChangeSet.objects.count())
    report = import_file(path, actor=world.provider, reason="second")
    assert report.ok
    assert row_calls == []
    assert (report.write.created, report.write.unchanged, report.write.updated) == (0, 14, 0)
    assert (_stored(), _history(), ChangeSet.objects.count()) == before


def test_new_rows_among_stored_ones_are_the_only_ones_written(
    tmp_path, world, small_batches, row_calls
):
    import_file(_file(tmp_path, _lines(range(2010, 2014))), actor=world.provider, reason="r")
    report = import_file(
        _file(tmp_path, _lines(range(2010, 2017)), name="more.csv"),
        actor=world.provider,
        reason="more",
    )
    assert report.ok, report.problems
    assert row_calls == []
    assert (report.write.created, report.write.unchanged) == (6, 8)
    assert Observation.objects.count() == 14
    assert sorted(
        Observation.objects.filter(change_set__file_name="more.csv").values_list(
            "territory__code", "period"
        )
    ) == [(t, str(y)) for t in ("1261011", "1261011-01") for y in (2014, 2015, 2016)]


@pytest.mark.parametrize(
    ("bad_line", "field", "message"),
    [
        ("PM10_AVG;1261011;2019;12,5x\n", "value", "is not a number"),
        ("PM10_AVG;9999999;2019;12,5\n", "territory", "unknown territorial unit"),
        ("NOPE;1261011;2019;12,5\n", "indicator", "unknown indicator"),
        ("PM10_AVG;1261011;2019-13;12,5\n", "period", ""),
        ("PM10_AVG;1261011;2010;12,5\n", "period", "appear twice"),
        ("PM10_AVG;1261011;2019;0,123456789012\n", "value", "decimal places"),
        ("PM10_AVG;1261011;2019;1234567890123456789\n", "value", "digits"),
    ],
)
def test_a_row_the_row_path_refuses_gives_its_message_and_nothing_is_written(
    tmp_path, world, small_batches, monkeypatch, bad_line, field, message
):
    lines = _lines(range(2010, 2017))
    lines.insert(9, bad_line)  # in the fourth batch, line 11 of the file
    path = _file(tmp_path, lines)
    report = import_file(path, actor=world.provider, reason="r")
    assert not report.ok
    assert Observation.objects.count() == 0
    assert ChangeSet.objects.count() == 0
    problems = [(p.line, p.field, str(p.message)) for p in report.problems]
    assert problems[-1][0] == 11
    assert problems[-1][1] == field
    assert message in problems[-1][2]

    _row_path_only(monkeypatch)
    expected = import_file(path, actor=world.provider, reason="r")
    assert [(p.line, p.field, str(p.message)) for p in expected.problems] == problems
    assert report.write.as_dict() | {"batch": ""} == expected.write.as_dict() | {"batch": ""}


def test_a_changed_value_is_refused_or_replaced_with_its_history_as_by_the_row_path(
    tmp_path, world, small_batches
):
    import_file(_file(tmp_path, _lines(range(2010, 2014))), actor=world.provider, reason="r")
    lines = _lines(range(2010, 2014))
    lines[5] = "PM10_AVG;1261011-01;2011;99,5\n"
    path = _file(tmp_path, lines, name="fix.csv")
    refused = import_file(path, actor=world.provider, reason="fix")
    assert [(p.line, p.field) for p in refused.problems] == [(7, "value")]
    assert Observation.objects.get(territory=world.district1, period="2011").value == Decimal(
        "51.15"
    )
    replaced = import_file(path, actor=world.provider, reason="fix", replace=True)
    assert (replaced.write.updated, replaced.write.unchanged) == (1, 7)
    change = ObservationChange.objects.get(action="updated")
    assert (change.old_value, change.new_value, change.reason) == (
        Decimal("51.15"),
        Decimal("99.5"),
        "fix",
    )


def test_a_dry_run_counts_and_samples_without_writing(tmp_path, world, small_batches, row_calls):
    report = import_file(
        _file(tmp_path, _lines(range(2010, 2017))), actor=world.provider, dry_run=True
    )
    assert row_calls == []
    assert (report.write.created, len(report.write.samples)) == (14, 10)
    assert report.write.samples[0] == {
        "change": "created",
        "indicator": "PM10_AVG",
        "territory": "1261011",
        "period": "2010",
        "dimensions": "",
        "old": None,
        "new": "40.05",
    }
    assert Observation.objects.count() == ChangeSet.objects.count() == 0


def test_a_value_entered_by_someone_not_allowed_is_refused_by_the_row_path(
    tmp_path, world, small_batches
):
    report = import_file(
        _file(tmp_path, _lines(range(2010, 2012))), actor=world.transport_coordinator
    )
    assert not report.ok
    assert {p.field for p in report.problems} == {"indicator"}
    assert len(report.problems) == 4
    assert Observation.objects.count() == 0


def test_computed_indicators_follow_a_column_wise_import(tmp_path, world, small_batches):
    from stradom.catalog.models import Indicator
    from stradom.catalog.services import set_computation

    twice = Indicator.objects.create(code="PM10_X2", name_pl="dwa razy", unit="-")
    set_computation(twice, formula="[PM10_AVG] * 2", actor=None, reason="definicja wskaźnika")
    report = import_file(
        _file(tmp_path, _lines(range(2010, 2012))), actor=world.provider, reason="r"
    )
    assert report.ok, report.problems
    assert report.write.recomputed == 4
    assert Observation.objects.get(
        indicator__code="PM10_X2", territory=world.city, period="2011"
    ).value == Decimal("82.3")


@pytest.mark.parametrize(
    "variant",
    ["crlf", "bom", "blank lines", "spaces around codes", "decimal point", "comma separated"],
)
def test_the_column_wise_path_reads_a_file_as_the_row_reader_does(
    tmp_path, world, small_batches, row_calls, monkeypatch, variant
):
    header = "indicator;territory;period;value\n"
    lines = _lines(range(2010, 2015))
    if variant == "spaces around codes":
        lines = [line.replace("PM10_AVG;", " PM10_AVG ;") for line in lines]
    if variant == "decimal point":
        lines = [line.replace(",", ".") for line in lines]
    if variant == "comma separated":
        header = header.replace(";", ",")
        lines = [line.replace(",", ".").replace(";", ",") for line in lines]
    if variant == "blank lines":
        lines.insert(4, "\n")
        lines.append("\n\n")
    text = header + "".join(lines)
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    data = text.encode()
    if variant == "bom":
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "values.csv"
    path.write_bytes(data)
    report = import_file(path, actor=world.provider, reason="r")
    assert report.ok, report.problems
    assert row_calls == []
    assert (report.rows, report.write.created) == (10, 10)
    columns = _stored()
    assert Observation.objects.get(territory=world.district1, period="2012").value == Decimal(
        "52.25"
    )

    Observation.objects.all().delete()
    _row_path_only(monkeypatch)
    again = import_file(path, actor=world.provider, reason="r")
    assert row_calls == [10]
    assert (again.rows, _stored()) == (10, columns)


def test_a_file_with_quotes_or_a_note_column_is_read_by_the_row_reader(
    tmp_path, world, small_batches, row_calls
):
    quoted = _file(tmp_path, [line.replace("PM10_AVG", '"PM10_AVG"') for line in _lines([2010])])
    report = import_file(quoted, actor=world.provider, reason="r")
    assert report.ok, report.problems
    assert (report.write.created, row_calls) == (2, [2])
    noted = tmp_path / "noted.csv"
    noted.write_text("indicator;territory;period;value;note\nPM10_AVG;1261011;2011;3;x\n")
    report = import_file(noted, actor=world.provider, reason="r")
    assert report.ok, report.problems
    assert (report.write.created, row_calls) == (1, [2, 1])
    assert Observation.objects.get(period="2011").note == "x"
