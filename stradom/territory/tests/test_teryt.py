import pytest

from stradom.core.messages import StradomError
from stradom.territory.codes import teryt_from_bdl
from stradom.territory.models import Territory, TerritoryKind
from stradom.territory.queries import resolve_territories
from stradom.territory.services import load_teryt, register_bdl_unit


@pytest.fixture
def terc(demo_data):
    return demo_data / "teryt" / "TERC_Urzedowy_2020-01-01.csv"


def test_load_teryt_builds_the_hierarchy(db, terc):
    report = load_teryt(terc)
    # 4,194 data rows in the 2020-01-01 register (the file ends with an empty line), plus PL.
    assert report.created == 4194 and Territory.objects.count() == 4195
    krakow = Territory.objects.get(code="1261011")
    assert (krakow.name, krakow.kind, krakow.kind_detail) == ("Kraków", "gmina", "gmina miejska")
    assert krakow.parent.code == "1261"
    assert krakow.parent.kind_detail == "miasto na prawach powiatu"
    assert krakow.parent.parent.code == "12" and krakow.parent.parent.parent.code == "PL"
    assert Territory.objects.filter(kind=TerritoryKind.VOIVODESHIP).count() == 16


def test_load_teryt_twice_changes_nothing(db, terc):
    load_teryt(terc)
    report = load_teryt(terc)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4194)


def test_parts_of_urban_rural_gmina_hang_under_it(db, terc):
    load_teryt(terc)
    # Bochnia-area example from the register: type 4 (town) and 5 (rural area) of a type 3 gmina.
    town = Territory.objects.filter(code__endswith="4", kind=TerritoryKind.GMINA).first()
    assert town.parent.code == town.code[:6] + "3"


def test_warsaw_districts_are_submunicipal(db, terc):
    load_teryt(terc)
    districts = Territory.objects.filter(code__startswith="1465", code__endswith="8")
    assert districts.count() == 18
    assert set(districts.values_list("kind", flat=True)) == {TerritoryKind.SUBMUNICIPAL}


def test_not_a_terc_file_is_refused_and_nothing_written(db, tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("A;B\n1;2\n", encoding="utf-8")
    with pytest.raises(StradomError, match="missing columns WOJ"):
        load_teryt(bad)
    assert Territory.objects.count() == 0


@pytest.mark.parametrize(
    ("bdl", "teryt"),
    [
        ("011212001011", "1201011"),  # Bochnia (polish_finance.md §4.4)
        ("011212161000", "1261"),
        ("011212161011", "1261011"),
        ("071412865000", "1465"),
        ("011200000000", "12"),
        ("011212100000", ""),  # a subregion has no TERC code
    ],
)
def test_teryt_from_bdl(bdl, teryt):
    assert teryt_from_bdl(bdl) == teryt


def test_teryt_from_bdl_refuses_malformed(db):
    with pytest.raises(StradomError, match="12-digit"):
        teryt_from_bdl("1261011")


def test_resolve_by_code_bdl_and_name(world):
    register_bdl_unit("011212100000", "PODREGION MIASTO KRAKÓW", world.city)
    found = resolve_territories(
        [
            ("code", "1261011"),
            ("bdl", "011212100000"),
            ("bdl", "011212161011"),
            ("name", "Stare Miasto"),
            ("code", "0000000"),
            ("bdl", "071412865000"),
        ]
    )
    assert found[("code", "1261011")] == world.city
    assert found[("bdl", "011212100000")] == world.city
    assert found[("bdl", "011212161011")] == world.city  # derived TERC code
    assert found[("name", "Stare Miasto")] == world.district1
    assert ("code", "0000000") not in found and ("bdl", "071412865000") not in found
