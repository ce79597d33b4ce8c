"""Any BDL (Bank Danych Lokalnych) CSV export reads, whatever its dimension columns."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stradom.ingest.readers import Limits, ReadError, mapping_from_dict, open_source

HEADER = '"Kod";"Nazwa";"Wiek";"Płeć";"Rok";"Wartosc";"Jednostka miary";"Atrybut";\r\n'


def line(code, name, age, sex, year, value, unit="osoba", attribute=""):
    return f'{code};"{name}";"{age}";"{sex}";"{year}";{value};"{unit}";"{attribute}";\r\n'


KRAKOW = "011212100000"
ROWS = [
    line(KRAKOW, "PODREGION MIASTO KRAKÓW", "ogółem", "ogółem", 2020, "800531"),
    line(KRAKOW, "PODREGION MIASTO KRAKÓW", "15-19", "kobiety", 2020, "15 123"),
    line(KRAKOW, "PODREGION MIASTO KRAKÓW", "15-19", "mężczyźni", 2020, "14 987"),
    line(KRAKOW, "PODREGION MIASTO KRAKÓW", "15-19", "kobiety", 2023, "", attribute="n"),
    line(
        "026000000000", "REGION POŁUDNIOWO-ZACHODNI", "ogółem", "ogółem", 2020, "0", attribute="x"
    ),
    line(
        "026000000000", "REGION POŁUDNIOWO-ZACHODNI", "ogółem", "ogółem", 2021, "3,5", attribute="s"
    ),
    line("026000000000", "REGION POŁUDNIOWO-ZACHODNI", "ogółem", "ogółem", 2022, "", attribute=""),
    line(
        "026000000000", "REGION POŁUDNIOWO-ZACHODNI", "ogółem", "ogółem", 2019, "7", attribute="k"
    ),
]
POP = {
    "indicator": "POP",
    "dimensions": {
        "Wiek": {"code": "age", "values": {"ogółem": "total"}},
        "Płeć": {"code": "sex", "values": {"ogółem": "total", "Kobiety": "F", "MĘŻCZYŹNI": "M"}},
    },
}


def read(tmp_path, text: str, mapping: dict | None, encoding: str = "cp1250"):
    path = tmp_path / "bdl_export.csv"
    path.write_bytes(text.encode(encoding))
    source = open_source(path, mapping_from_dict(mapping) if mapping else None, limits=Limits())
    return source, list(source.records())


def test_a_cp1250_export_with_age_and_sex_columns(tmp_path):
    source, records = read(tmp_path, HEADER + "".join(ROWS), POP)
    info = source.info
    assert (info.format, info.profile, info.encoding, info.separator, info.decimal) == (
        "bdl",
        "bdl",
        "Windows-1250",
        ";",
        ",",
    )
    assert info.columns == {
        "Kod": "territory",
        "Nazwa": "ignore",
        "Wiek": "dimension:age",
        "Płeć": "dimension:sex",
        "Rok": "period",
        "Wartosc": "value",
        "Jednostka miary": "unit",
        "Atrybut": "attribute",
    }
    assert [r.errors for r in records] == [()] * len(ROWS)
    assert [
        (r.line, r.territory, r.territory_kind, r.period, r.dimensions, r.value)
        for r in records[:3]
    ] == [
        (2, KRAKOW, "bdl", "2020", (), Decimal("800531")),
        (3, KRAKOW, "bdl", "2020", (("age", "15-19"), ("sex", "F")), Decimal("15123")),
        (4, KRAKOW, "bdl", "2020", (("age", "15-19"), ("sex", "M")), Decimal("14987")),
    ]


def test_bdl_attributes_decide_the_status_and_are_kept(tmp_path):
    _, records = read(tmp_path, HEADER + "".join(ROWS), POP)
    assert [(r.period, r.value, r.status, r.attribute) for r in records[3:]] == [
        ("2023", None, "not_available", "n"),  # not yet published
        ("2020", None, "not_available", "x"),  # confidential: the 0 only stands in
        ("2021", Decimal("3.5"), "provisional", "s"),  # preliminary estimate
        ("2022", None, "not_available", ""),  # an empty value is "no data"
        ("2019", Decimal("7"), "final", "k"),  # other flags keep the value
    ]


def test_the_mapping_can_change_what_an_attribute_means(tmp_path):
    mapping = POP | {"attribute_status": {"s": "estimated", "k": "provisional"}}
    _, records = read(tmp_path, HEADER + "".join(ROWS), mapping)
    assert [r.status for r in records[5:]] == ["estimated", "not_available", "provisional"]


def test_dimension_columns_without_a_mapping_entry_are_named_after_their_header(tmp_path):
    header = '"Kod";"Nazwa";"Grupy wieku (lata)";"Rok";"Wartość";"Jednostka miary";"Atrybut";\n'
    rows = (
        f'{KRAKOW};"X";"65 i więcej";"2020";12,5;"%";"";\n'
        f'{KRAKOW};"X";"ogółem";"2020";100;"%";"";\n'
    )
    source, records = read(tmp_path, header + rows, {"indicator": "OLD_AGE_SHARE"}, "utf-8")
    assert source.info.columns["Grupy wieku (lata)"] == "dimension:grupy_wieku_lata"
    assert [(r.dimensions, r.value) for r in records] == [
        ((("grupy_wieku_lata", "65 i więcej"),), Decimal("12.5")),
        ((), Decimal("100")),
    ]


def test_a_bdl_export_without_an_indicator_is_refused_with_advice(tmp_path):
    with pytest.raises(ReadError) as caught:
        read(tmp_path, HEADER + "".join(ROWS), None)
    assert "a BDL export does not name the variable it holds" in str(caught.value)


def test_unit_mismatch_total_only_columns_and_bad_unit_ids_are_row_errors(tmp_path):
    header = '"Kod";"Nazwa";"Ogółem";"Rok";"Wartosc";"Jednostka miary";"Atrybut";\n'
    rows = (
        f'{KRAKOW};"X";"ogółem";"2020";3,1;"%";"";\n'
        f'{KRAKOW};"X";"ogółem";"2021";2900;"osoba";"";\n'
        f'{KRAKOW};"X";"kobiety";"2022";3,0;"%";"";\n'
        f'1261000;"X";"ogółem";"2022";3,0;"%";"";\n'
    )
    mapping = {"indicator": "UNEMP", "unit": "%", "dimensions": {"Ogółem": "total"}}
    _, records = read(tmp_path, header + rows, mapping, "utf-8")
    assert records[0].errors == ()
    assert [str(e) for r in records[1:] for e in r.errors] == [
        "line 3, column 'Jednostka miary': the unit is 'osoba', but the mapping expects '%'",
        "line 4, column 'Ogółem': 'kobiety': the mapping says this column only holds the total",
        "line 5, column 'Kod': '1261000' is not a 12-digit BDL unit id",
    ]


def test_indicator_by_dimensions_refuses_a_value_it_does_not_know(tmp_path):
    header = '"Kod";"Nazwa";"Rozwody i separacje";"Rok";"Wartosc";"Jednostka miary";"Atrybut";\n'
    rows = f'{KRAKOW};"X";"rozwody";"2020";1;"-";"";\n{KRAKOW};"X";"śluby";"2020";2;"-";"";\n'
    mapping = {"indicator_by_dimensions": {"Rozwody i separacje": {"rozwody": "DIV"}}}
    _, records = read(tmp_path, header + rows, mapping, "utf-8")
    assert (records[0].indicator, records[0].dimensions, records[0].errors) == ("DIV", (), ())
    assert str(records[1].errors[0].message) == (
        "the mapping says no indicator for 'śluby' (it knows: rozwody)"
    )


def test_a_mapping_saying_bdl_for_another_layout_is_refused(tmp_path):
    with pytest.raises(ReadError) as caught:
        read(tmp_path, "indicator;territory;period;value\nA;1;2020;5\n", {"format": "bdl"}, "utf-8")
    assert "the header lacks kod, nazwa, rok, wartosc" in str(caught.value)
