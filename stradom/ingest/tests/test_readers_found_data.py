"""Every real file in stradom/demo/data/found/ reads with its mapping, with no errors."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from stradom.demo import DATA_DIR
from stradom.ingest.readers import Limits, load_mapping, open_source

FOUND = DATA_DIR / "found"
MAPPINGS = Path(__file__).resolve().parents[1] / "mappings"

KRAKOW = "011212100000"
# file -> (records, indicator codes with their counts, not_available records)
EXPECTED = {
    "bdl_cities_unemployment_rate.csv": (114, {"BDL_UNEMP_RATE": 114}, 0),
    "bdl_cities_population_by_age_total.csv": (1296, {"BDL_POP": 1296}, 0),
    "bdl_cities_population_by_age_women.csv": (1296, {"BDL_POP": 1296}, 0),
    "bdl_cities_population_by_age_men.csv": (1296, {"BDL_POP": 1296}, 0),
    "bdl_cities_fertility_rate.csv": (126, {"BDL_FERTILITY": 126}, 6),
    "bdl_cities_feminization_ratio.csv": (120, {"BDL_FEMINIZATION": 120}, 0),
    "bdl_cities_marriages_per_1000.csv": (126, {"BDL_MARRIAGES_1000": 126}, 6),
    "bdl_cities_divorces_separations.csv": (
        576,
        {
            "BDL_DIVORCES": 144,
            "BDL_DIVORCES_10K": 144,
            "BDL_SEPARATIONS": 144,
            "BDL_SEPARATIONS_10K": 144,
        },
        126,
    ),
    "bdl_cities_dwelling_price_m2_median.csv": (72, {"BDL_DWELLING_PRICE_M2": 72}, 0),
    "bdl_cities_nursery_places_per_1000.csv": (60, {"BDL_NURSERY_PLACES_1000": 60}, 12),
    "bdl_cities_family_benefits.csv": (84, {"BDL_FAMILY_BENEFITS": 84}, 0),
    "bdl_cities_child_benefit_500plus.csv": (30, {"BDL_CHILD_BENEFIT_500": 30}, 0),
    "gios_pm_daily_2000-2016_krakow.csv": (17929, {"PM10_DAILY": 12391, "PM25_DAILY": 5538}, 0),
    "gios_pm_daily_2000-2016_other_cities.csv": (
        69068,
        {"PM10_DAILY": 52314, "PM25_DAILY": 16754},
        0,
    ),
}


def read(name: str):
    source = open_source(
        FOUND / name, load_mapping(MAPPINGS / f"{name[:-4]}.yaml"), limits=Limits()
    )
    return source, list(source.records())


def find(records, **fields):
    hits = [r for r in records if all(getattr(r, k) == v for k, v in fields.items())]
    assert len(hits) == 1, (fields, hits)
    return hits[0]


def test_every_found_file_except_the_derived_one_has_a_mapping():
    data_files = {p.name for p in FOUND.glob("*.csv") if not p.name.startswith("DERIVED_")}
    assert data_files == set(EXPECTED)
    for name in data_files:
        assert (MAPPINGS / f"{name[:-4]}.yaml").is_file(), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_found_file_reads_with_its_mapping_without_errors(name):
    count, indicators, not_available = EXPECTED[name]
    source, records = read(name)
    assert [r for r in records if r.errors] == []
    assert len(records) == count
    assert Counter(r.indicator for r in records) == indicators
    assert sum(r.status == "not_available" for r in records) == not_available
    assert all((r.value is None) == (r.status == "not_available") for r in records)
    assert all(r.period for r in records)
    assert source.info.encoding == "UTF-8"


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith("bdl_")))
def test_bdl_files_are_detected_as_bdl_with_comma_decimals(name):
    source, records = read(name)
    assert source.info.format == "bdl"
    assert source.info.separator == ";"
    assert source.info.decimal == ","
    assert {r.territory_kind for r in records} == {"bdl"}
    assert {r.territory for r in records} == {
        "011212100000",
        "071412800000",
        "030210500000",
        "051011600000",
        "023016200000",
        "042214300000",
    }


def test_krakow_unemployment_2004_is_7_5_percent():
    _, records = read("bdl_cities_unemployment_rate.csv")
    record = find(records, territory=KRAKOW, period="2004")
    assert record.value == Decimal("7.5")
    assert record.line == 2
    assert record.dimensions == ()
    assert record.status == "final"


def test_krakow_population_matches_the_city_figures():
    _, records = read("bdl_cities_population_by_age_total.csv")
    totals = {r.period: r.value for r in records if r.territory == KRAKOW and not r.dimensions}
    assert totals["2017"] == Decimal("767348")
    assert totals["2018"] == Decimal("771069")
    assert totals["2019"] == Decimal("779115")
    assert totals["2020"] == Decimal("800531")  # rebased on the 2021 census
    assert len(totals) == 27


def test_population_files_disaggregate_by_sex_and_age_without_colliding():
    keys = Counter()
    for name in ("total", "women", "men"):
        _, records = read(f"bdl_cities_population_by_age_{name}.csv")
        keys.update((r.territory, r.period, r.dimensions) for r in records)
    assert max(keys.values()) == 1
    _, women = read("bdl_cities_population_by_age_women.csv")
    record = find(
        women, territory=KRAKOW, period="2010", dimensions=(("age", "30-34"), ("sex", "F"))
    )
    assert record.value == Decimal("34275")
    assert record.line == 125
    _, men = read("bdl_cities_population_by_age_men.csv")
    assert find(men, territory=KRAKOW, period="1995", dimensions=(("sex", "M"),)).value == 350404


def test_not_yet_published_2022_fertility_has_no_value_and_keeps_the_n_flag():
    _, records = read("bdl_cities_fertility_rate.csv")
    assert find(records, territory=KRAKOW, period="2002").value == Decimal("1.006")
    record = find(records, territory=KRAKOW, period="2022")
    assert (record.value, record.status, record.attribute) == (None, "not_available", "n")


def test_divorces_file_splits_into_four_indicators_and_empty_values_are_not_available():
    _, records = read("bdl_cities_divorces_separations.csv")
    assert find(records, indicator="BDL_DIVORCES", territory=KRAKOW, period="2021").value == 1734
    per_10k = find(records, indicator="BDL_SEPARATIONS_10K", territory=KRAKOW, period="2010")
    assert per_10k.value == Decimal("0.82")
    early = find(records, indicator="BDL_SEPARATIONS", territory=KRAKOW, period="1999")
    assert (early.value, early.status, early.attribute) == (None, "not_available", "")
    assert {r.dimensions for r in records} == {()}


def test_nursery_places_before_2014_are_not_available():
    _, records = read("bdl_cities_nursery_places_per_1000.csv")
    assert {r.period for r in records if r.value is None} == {"2012", "2013"}
    assert find(records, territory="042214300000", period="2014").value == Decimal("88")


def test_other_bdl_values():
    _, price = read("bdl_cities_dwelling_price_m2_median.csv")
    assert find(price, territory="071412800000", period="2021").value == Decimal("10495")
    _, benefits = read("bdl_cities_family_benefits.csv")
    assert find(benefits, territory=KRAKOW, period="2008").value == Decimal("82295")


def test_gios_krakow_daily_rows_become_station_records_in_krakow():
    source, records = read("gios_pm_daily_2000-2016_krakow.csv")
    assert (source.info.format, source.info.profile, source.info.separator) == (
        "long",
        "station",
        ",",
    )
    first = records[0]
    assert first == (
        2,
        "PM10_DAILY",
        "1261011",
        "code",
        "2000-01-01",
        (("station", "MpKrakowWIOSAKra6117"),),
        Decimal("135.9"),
        "final",
        "",
        (),
        "",
        None,
        None,
        "",
    )
    pm25 = records[1557]
    assert (pm25.line, pm25.indicator, pm25.period, pm25.value) == (
        1559,
        "PM25_DAILY",
        "2002-01-04",
        Decimal("244.1"),
    )
    assert len({r.dimensions for r in records}) == 10
    assert {r.territory for r in records} == {"1261011"}


def test_gios_other_cities_take_the_territory_from_the_station_prefix():
    _, records = read("gios_pm_daily_2000-2016_other_cities.csv")
    assert Counter(r.territory for r in records).keys() == {
        "1465011",
        "0264011",
        "1061011",
        "3064011",
        "2261011",
    }
    wroclaw = records[0]
    assert (wroclaw.territory, wroclaw.dimensions, wroclaw.value) == (
        "0264011",
        (("station", "DsWrocWie"),),
        Decimal("37.9"),
    )
    poznan = find(records, line=47748)
    assert poznan.dimensions == (("station", "WpPoznanPOSIRPM10/11"),)
    assert (poznan.territory, poznan.value) == ("3064011", Decimal("34.18"))
    last = records[-1]
    assert (last.line, last.territory, last.value) == (69069, "3064011", Decimal("40.43"))


def test_mapping_readme_lists_every_mapping_file():
    readme = (MAPPINGS / "README.md").read_text(encoding="utf-8")
    for mapping in MAPPINGS.glob("*.yaml"):
        assert f"`{mapping.name}`" in readme, mapping.name


def test_krakow_indicator_values_file_reads_by_header_names_alone():
    path = DATA_DIR / "krakow" / "indicator_values.csv"
    source = open_source(path, limits=Limits())
    assert source.info.columns == {
        "indicator_code": "indicator",
        "year": "period",
        "territory": "territory",
        "value": "value",
        "source_url": "ignore",
        "note": "note",
    }
    records = list(source.records())
    assert len(records) == 94
    bad = {r.line: [e.column for e in r.errors] for r in records if r.errors}
    # Two credit ratings are not numbers and four survey results have no year.
    assert bad == {
        51: ["value"],
        52: ["value"],
        80: ["year"],
        81: ["year"],
        82: ["year"],
        83: ["year"],
    }
    unemployment = find(records, indicator="UNEMP_RATE", period="2019")
    assert (unemployment.territory, unemployment.territory_kind) == ("Kraków", "name")
    assert unemployment.value == Decimal("2.0")
    assert find(records, indicator="NAT_INC", period="2021").value == Decimal("-798")
