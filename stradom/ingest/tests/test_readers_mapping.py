"""Mapping files are validated strictly: every mistake names its key and its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from stradom.core.periods import PeriodKind
from stradom.ingest.readers import MappingError, load_mapping, mapping_from_dict

MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"


def load_text(tmp_path, text: str, name: str = "my_mapping.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_mapping(path)


def fails(tmp_path, text: str) -> str:
    with pytest.raises(MappingError) as caught:
        load_text(tmp_path, text)
    return str(caught.value)


@pytest.mark.parametrize("path", sorted(MAPPINGS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_mapping_is_valid(path):
    mapping = load_mapping(path)
    assert mapping.origin == str(path)
    assert mapping.source == f"{path.stem}.csv"
    assert mapping.format in {"bdl", "long"}
    assert mapping.description
    assert mapping.indicator or mapping.indicator_map


def test_a_bdl_mapping_in_full(tmp_path):
    mapping = load_text(
        tmp_path,
        """
format: bdl
indicator: BDL_POP
decimal: ","
missing: ["-", "B.D."]
dimensions:
  Płeć: {code: sex, values: {ogółem: total, Kobiety: F}}
  Wiek: age
  Lokalizacja: total
territory: {by: bdl}
attribute_status: {s: estimated}
unit: osoba
period_kind: year
""",
    )
    assert mapping.format == "bdl"
    assert mapping.indicator == "BDL_POP"
    assert mapping.missing == frozenset({"-", "b.d."})
    sex = mapping.dimensions["Płeć"]
    assert (sex.code, sex.values) == ("sex", {"ogółem": "total", "kobiety": "F"})
    assert mapping.dimensions["Wiek"].code == "age"
    assert mapping.dimensions["Lokalizacja"].total_only
    assert mapping.territory.by == "bdl"
    assert mapping.attribute_status == {"s": "estimated"}
    assert mapping.period_kind is PeriodKind.YEAR


def test_indicator_by_dimensions_turns_the_column_into_the_indicator(tmp_path):
    mapping = load_text(
        tmp_path,
        'indicator_by_dimensions:\n  "Rozwody i separacje": {rozwody: DIV, Separacje: SEP}\n',
    )
    assert mapping.columns == {"Rozwody i separacje": "indicator"}
    assert mapping.indicator_map == {"rozwody": "DIV", "separacje": "SEP"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("indicatr: X\n", "unknown key 'indicatr'; known keys: attribute_status, columns"),
        ("format: excel\n", "format must be one of auto, long, wide, bdl"),
        ("decimal: ';'\n", 'decimal must be "," or "."'),
        ("separator: ':'\n", 'separator must be ";", ",", tab or "|"'),
        ("encoding: klingon\n", "'klingon' is not a known encoding"),
        ("header_row: 0\n", "header_row must be a line number from 1"),
        ("missing: '-'\n", "missing must be a list of texts"),
        ("columns: {a: valeur}\n", "columns: a: 'valeur' is not a role"),
        ("columns: {a: 'dimension:Płeć'}\n", "columns: a: 'Płeć' is not a valid code"),
        ("indicator: 'two words'\n", "indicator: 'two words' is not a valid code"),
        ("status_map: {wstępne: maybe}\n", "status_map: wstępne: 'maybe' is not a status"),
        ("constant: {territory: '1', year: '2020'}\n", "constant: year: only territory"),
        ("constant: {period: '2020-13'}\n", "constant: period: month 13"),
        ("period_kind: week\n", "period_kind must be year, half, quarter, month or day"),
        ("dimensions: {Płeć: {code: sex, value: {}}}\n", "unknown key 'dimensions: Płeć: value'"),
        ("dimensions: {Płeć: {values: {}}}\n", "dimensions: Płeć needs a code"),
        ("territory: {by: teryt}\n", "territory: by must be code, bdl, name or auto"),
        ("territory: {kind: code}\n", "unknown key 'territory: kind'"),
        ("territory: {match: regex}\n", "territory: match must be exact or prefix"),
        ("indicator_map: {yes: X}\n", "indicator_map (a name) must be text; write True in quotes"),
        ("indicator_map: {2.5: X}\n", "write 2.5 in quotes"),
        ("- a\n- b\n", "a mapping must be a table of keys, not list"),
        ("indicator: X\nconstant: {indicator: Y}\n", "the indicator is given twice"),
    ],
)
def test_invalid_mappings_are_refused_naming_the_key_and_the_file(tmp_path, text, expected):
    message = fails(tmp_path, text)
    assert message.startswith("my_mapping.yaml")
    assert expected in message


def test_indicator_by_dimensions_takes_exactly_one_column(tmp_path):
    assert "must name exactly one column" in fails(
        tmp_path, "indicator_by_dimensions: {A: {a: X}, B: {b: Y}}\n"
    )
    assert "cannot be used with indicator" in fails(
        tmp_path, "indicator: X\nindicator_by_dimensions: {A: {a: X}}\n"
    )


def test_a_key_written_twice_is_refused_with_its_line(tmp_path):
    with pytest.raises(MappingError) as caught:
        load_text(tmp_path, "format: bdl\nindicator: A\nindicator: B\n")
    assert caught.value.line == 3
    assert "key 'indicator' is written twice" in str(caught.value)


def test_broken_yaml_is_refused_with_its_line(tmp_path):
    with pytest.raises(MappingError) as caught:
        load_text(tmp_path, "format: bdl\ncolumns: {a: value\n")
    assert caught.value.line is not None
    assert "not valid YAML" in str(caught.value)


def test_yaml_tags_that_build_objects_are_refused(tmp_path):
    assert "not valid YAML" in fails(tmp_path, "format: !!python/object/apply:os.system [ls]\n")


def test_a_missing_or_binary_mapping_file_is_refused(tmp_path):
    with pytest.raises(MappingError) as caught:
        load_mapping(tmp_path / "nowhere.yaml")
    assert "cannot open the mapping file" in str(caught.value)
    path = tmp_path / "binary.yaml"
    path.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(MappingError):
        load_mapping(path)


def test_an_empty_mapping_file_means_read_by_header_names(tmp_path):
    mapping = load_text(tmp_path, "# nothing yet\n")
    assert (mapping.format, mapping.columns, mapping.indicator) == ("auto", {}, None)


def test_mapping_from_dict_validates_the_same_way():
    assert mapping_from_dict({"separator": "tab"}).separator == "\t"
    with pytest.raises(MappingError) as caught:
        mapping_from_dict({"sheeet": "Dane"}, origin="upload form")
    assert str(caught.value).startswith("upload form: unknown key 'sheeet'")
