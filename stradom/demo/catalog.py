"""How the demo files map onto Stradom's catalogue.

The numbers all come from ``stradom/demo/data``; what is decided here is only how
they are filed: which management domain an indicator belongs to, whether it is
measured or from a survey, its theme. Those assignments are ours (the sources
do not give them) and are marked so in each indicator's description.
"""

from __future__ import annotations

# The 13 management domains Kraków reports in (stradom/demo/data/krakow/management_domains.csv,
# Polish names as published); the code and English name are ours.
DOMAINS = {
    "bezpieczeństwo": ("bezpieczenstwo", "Public safety"),
    "gospodarka komunalna": ("gospodarka-komunalna", "Municipal services"),
    "kultura i ochrona dziedzictwa narodowego": ("kultura", "Culture and heritage"),
    "mieszkalnictwo": ("mieszkalnictwo", "Housing"),
    "nauka i technologie": ("nauka", "Science and technology"),
    "ochrona i kształtowanie środowiska": ("srodowisko", "Environment"),
    "oświata i wychowanie": ("oswiata", "Education"),
    "planowanie przestrzenne i architektura": ("planowanie", "Spatial planning and architecture"),
    "pomoc i integracja społeczna": ("pomoc-spoleczna", "Social assistance and integration"),
    "przedsiębiorczość": ("przedsiebiorczosc", "Entrepreneurship"),
    "sport i rekreacja": ("sport", "Sport and recreation"),
    "transport": ("transport", "Transport"),
    "zdrowie": ("zdrowie", "Health"),
}

# indicator code → domain code (our assignment); absent = a context indicator of no domain.
INDICATOR_DOMAIN = {
    "UNEMP_RATE": "przedsiebiorczosc",
    "BUSINESS_ENT": "przedsiebiorczosc",
    "MPZP_COVER": "planowanie",
    "BK_SAT_CENTRE": "planowanie",
    "BK_SAT_CULTURE": "kultura",
    "BK_TOURISTS_POS": "kultura",
    "BK_TOURISTS_MORE": "kultura",
    "BK_SAT_WASTE": "gospodarka-komunalna",
    "BK_SAT_EDU": "oswiata",
    "BK_SAT_PARKING": "transport",
    "BK_DISSAT_PARKING": "transport",
    "BK_SAT_AIR": "srodowisko",
    "BK_DISSAT_AIR": "srodowisko",
    "PM10_AVG": "srodowisko",
    "PM25_AVG": "srodowisko",
    "BK_TRUST_POLICE": "bezpieczenstwo",
    "BK_TRUST_CITYGUARD": "bezpieczenstwo",
    "BK_TRUST_HEALTH": "zdrowie",
    "BK_SAT_COSTLIVING": "mieszkalnictwo",
    "BK_DISSAT_COSTLIVING": "mieszkalnictwo",
    "BDL_UNEMP_RATE": "przedsiebiorczosc",
    "BDL_DWELLING_PRICE_M2": "mieszkalnictwo",
    "BDL_NURSERY_PLACES_1000": "pomoc-spoleczna",
    "BDL_FAMILY_BENEFITS": "pomoc-spoleczna",
    "BDL_CHILD_BENEFIT_500": "pomoc-spoleczna",
    "PM10_DAILY": "srodowisko",
    "PM25_DAILY": "srodowisko",
    "PM10_ANNUAL_MEAN": "srodowisko",
    "PM25_ANNUAL_MEAN": "srodowisko",
    "PM10_DAYS_ABOVE_50": "srodowisko",
    "PM25_DAYS_ABOVE_25": "srodowisko",
    "BDL_FAMILY_BENEFITS_PC": "pomoc-spoleczna",
    "BDL_CHILD_BENEFIT_500_PC": "pomoc-spoleczna",
}

# Survey-based indicators (Barometr Krakowski, City Hall client surveys): prefix → theme.
SUBJECTIVE_PREFIXES = {"BK_": "quality_of_life", "UMK_": "public_services"}
PUBLIC_SERVICE_SURVEY = {"BK_SAT_WASTE", "BK_SAT_EDU", "BK_SAT_SERVICES"}
QUALITY_OF_LIFE_OBJECTIVE = {
    "PM10_AVG",
    "PM25_AVG",
    "PM10_ANNUAL_MEAN",
    "PM25_DAYS_ABOVE_25",
    "PM25_ANNUAL_MEAN",
    "PM10_DAYS_ABOVE_50",
}

# The territory names used in indicator_values.csv → territory codes.
TERRITORY_NAMES = {
    "Kraków": "1261011",
    "Kraków (UMK)": "1261011",  # clients of the City Hall (Urząd Miasta Krakowa)
    "aglomeracja krakowska": "strefa-aglomeracja-krakowska",
}

KRAKOW = "1261011"

# BDL subregions in the Local Data Bank exports (stradom/demo/data/found/SOURCES.md).
# Five of them cover exactly one city with powiat rights; the sixth is three cities.
BDL_SUBREGIONS = [
    ("011212100000", "PODREGION MIASTO KRAKÓW", "1261011"),
    ("071412800000", "PODREGION MIASTO WARSZAWA", "1465011"),
    ("030210500000", "PODREGION MIASTO WROCŁAW", "0264011"),
    ("051011600000", "PODREGION MIASTO ŁÓDŹ", "1061011"),
    ("023016200000", "PODREGION MIASTO POZNAŃ", "3064011"),
    ("042214300000", "PODREGION TRÓJMIEJSKI", "podregion-trojmiejski"),
]
BDL_CITY_UNITS = [  # powiat- and gmina-level ids (docs/domain/polish_finance.md §4.4)
    ("011212161000", "Powiat m. Kraków", "1261"),
    ("011212161011", "Kraków", "1261011"),
]

STATISTICAL_UNITS = [
    # code, name, parent, note
    (
        "podregion-trojmiejski",
        "Podregion trójmiejski (Gdańsk, Gdynia, Sopot)",
        "22",
        "BDL subregion 042214300000: Gdańsk, Gdynia and Sopot together, not Gdańsk alone",
    ),
    (
        "strefa-aglomeracja-krakowska",
        "Aglomeracja krakowska (strefa oceny jakości powietrza)",
        "12",
        "Air-quality assessment zone used in GIOŚ reports",
    ),
]

# GIOŚ station codes → the city whose territory the station measures.
STATION_PREFIX_CITY = {
    "MpKrak": "1261011",
    "MzWar": "1465011",
    "DsWroc": "0264011",
    "LdLodz": "1061011",
    "WpPozn": "3064011",
    "PmGda": "2261011",
}
