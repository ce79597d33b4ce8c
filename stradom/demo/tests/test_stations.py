"""Measuring stations get their names and addresses from GIOŚ's station metadata.

The metadata rows here are written for the test in GIOŚ's layout: two Kraków stations
with the names and streets found/SOURCES.md gives them, and one made-up station
("Testowo") that has every field, to show how dates and coordinates are described.
"""

from django.utils import translation

from stradom.catalog.models import Dimension, DimensionValue
from stradom.catalog.queries import disaggregation_labels
from stradom.demo import stations
from stradom.demo.loader import DemoReport

HEADER = (
    '"Nr","Kod stacji","Kod międzynarodowy","Nazwa stacji","Stary Kod stacji",'
    '"Data uruchomienia","Data zamknięcia","Status","Typ stacji","Typ obszaru","Rodzaj stacji",'
    '"Województwo","Miejscowość","Ulica","WGS84 φ N","WGS84 λ E"\n'
)
ROWS = (
    '1,"MpKrakAlKras",,"Kraków, Aleja Krasińskiego","MpKrakowWIOSAKra6117",,,"aktywny",'
    '"komunikacyjna","miejski",,"MAŁOPOLSKIE","Kraków","al. Krasińskiego",,\n'
    '2,"MpKrakBujaka",,"Kraków, ul. Bujaka","MpKrakowWIOSBuja6119",,,"aktywny","tło","miejski",,'
    '"MAŁOPOLSKIE","Kraków","ul. Bujaka",,\n'
    '3,"XxTestNowy",,"Testowo - Próbna","XxTestStary",2001-01-01,2004-12-31,"nieaktywny","tło",'
    '"miejski",,"MAŁOPOLSKIE","Testowo","ul. Próbna 1","50,1","19,9"\n'
)
CODES = [
    "MpKrakowWIOSAKra6117",  # Krasińskiego under its old code
    "MpKrakowWIOSBuja6119",  # Bujaka under its old code …
    "MpKrakBujaka",  # … and its new one: one station, two series
    "XxTestStary",
    "MpKrakNieznana",  # not in the metadata
]


def setup(tmp_path):
    (tmp_path / "found").mkdir()
    (tmp_path / "found" / stations.STATIONS).write_text(HEADER + ROWS, encoding="utf-8")
    station = Dimension.objects.create(
        code="station", name_pl="stacja pomiarowa", name_en="measuring station"
    )
    for code in CODES:
        DimensionValue.objects.create(dimension=station, code=code, name_pl=code)
    return tmp_path


def names():
    return {
        v.code: (v.name_pl, v.name_en)
        for v in DimensionValue.objects.filter(dimension__code="station")
    }


def test_each_station_value_is_named_after_its_station_in_both_languages(db, tmp_path):
    report = DemoReport()
    stations.name_stations(setup(tmp_path), report)

    assert names() == {
        "MpKrakowWIOSAKra6117": ("Kraków, Aleja Krasińskiego", "Kraków, Aleja Krasińskiego"),
        "MpKrakowWIOSBuja6119": (
            "Kraków, ul. Bujaka (MpKrakowWIOSBuja6119)",
            "Kraków, ul. Bujaka (MpKrakowWIOSBuja6119)",
        ),
        "MpKrakBujaka": ("Kraków, ul. Bujaka (MpKrakBujaka)", "Kraków, ul. Bujaka (MpKrakBujaka)"),
        "XxTestStary": ("Testowo - Próbna", "Testowo - Próbna"),
        "MpKrakNieznana": ("MpKrakNieznana", ""),
    }
    kras = DimensionValue.objects.get(code="MpKrakowWIOSAKra6117")
    assert kras.description_pl == (
        "al. Krasińskiego, Kraków. Kod stacji GIOŚ: MpKrakAlKras (wcześniej MpKrakowWIOSAKra6117)."
    )
    assert kras.description_en == (
        "al. Krasińskiego, Kraków. GIOŚ station code: MpKrakAlKras (formerly MpKrakowWIOSAKra6117)."
    )
    test = DimensionValue.objects.get(code="XxTestStary")
    assert test.description_pl == (
        "ul. Próbna 1, Testowo. Kod stacji GIOŚ: XxTestNowy (wcześniej XxTestStary). "
        "Współrzędne (WGS84): 50,1 N, 19,9 E. Pomiary od 2001-01-01 do 2004-12-31."
    )
    assert test.description_en == (
        "ul. Próbna 1, Testowo. GIOŚ station code: XxTestNowy (formerly XxTestStary). "
        "Coordinates (WGS84): 50.1 N, 19.9 E. Measuring from 2001-01-01 to 2004-12-31."
    )
    assert [str(line) for line in report.skipped] == [
        "station MpKrakNieznana: not in found/gios_stations.csv, shown by its code"
    ]
    assert report.lines()[0] == ["stacje pomiarowe: nazwano 5, zmieniono 4"]
    with translation.override("en"):
        assert report.lines() == (
            ["stations: 5 measuring stations named, 4 changed"],
            ["station MpKrakNieznana: not in found/gios_stations.csv, shown by its code"],
        )

    # What the pages show for a station's series (the disaggregation in words).
    for language in ("pl", "en"):
        with translation.override(language):
            assert disaggregation_labels({"station=MpKrakowWIOSAKra6117"}) == {
                "station=MpKrakowWIOSAKra6117": (
                    "stacja pomiarowa" if language == "pl" else "measuring station"
                )
                + ": Kraków, Aleja Krasińskiego"
            }

    again = DemoReport()
    stations.name_stations(tmp_path, again)
    with translation.override("en"):
        assert again.lines()[0] == ["stations: 5 measuring stations named, 0 changed"]


def test_without_the_metadata_the_stations_keep_their_codes_and_the_demo_says_so(db, tmp_path):
    root = setup(tmp_path)
    (root / "found" / stations.STATIONS).unlink()
    report = DemoReport()
    stations.name_stations(root, report)
    assert names()["MpKrakowWIOSAKra6117"] == ("MpKrakowWIOSAKra6117", "")
    assert report.lines()[1] == [
        "brak pliku found/gios_stations.csv: stacje pomiarowe (5) są pokazywane pod kodami GIOŚ"
    ]
    with translation.override("en"):
        assert report.lines()[1] == [
            "found/gios_stations.csv is missing: the 5 measuring stations are shown by their "
            "GIOŚ codes"
        ]
