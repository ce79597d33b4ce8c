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


# -- validation rules ------------------------------------------------------------------------
# Each demo indicator's rules (stradom.catalog.rules), from what it measures: a value that
# cannot be true by definition is refused ("reject": a share above 100 %, a negative
# concentration, half a person); one that is only implausible is kept and flagged ("flag"),
# so a real but surprising value published by the source stays, marked for a person to see.
NON_NEGATIVE = ({"kind": "range", "min": "0", "action": "reject"},)
SHARE = ({"kind": "range", "min": "0", "max": "100", "action": "reject"},)  # a part of a whole, %
WHOLE = ({"kind": "integer", "action": "reject"},)
COUNT = WHOLE + NON_NEGATIVE  # persons, days, businesses
# A city's population (or a district's) moving by more than a tenth in a year is a break in
# the series or an error, not growth: flagged.
STEADY_POPULATION = ({"kind": "max_change", "max_pct": "10", "action": "flag"},)
# Registered unemployment in a big city has not moved 5 percentage points in a year in the
# demo's series (the largest change is 4.7, Łódź 2006): more is worth a look.
STEADY_UNEMPLOYMENT = ({"kind": "max_change", "max_abs": "5", "action": "flag"},)


def bounded(low: str | None = None, high: str | None = None, action: str = "reject") -> tuple:
    rule = {"kind": "range", "action": action}
    if low is not None:
        rule["min"] = low
    if high is not None:
        rule["max"] = high
    return (rule,)


# Rules of the indicators in krakow/indicators.csv and of the district indicators; an
# indicator in % not listed here is a share (of respondents, of the city's area): SHARE.
KRAKOW_RULES = {
    "POP_GUS": COUNT + STEADY_POPULATION,
    "POP_F_GUS": COUNT + STEADY_POPULATION,
    "POP_CENSUS": COUNT,
    "POP_DENSITY": NON_NEGATIVE,
    "BIRTHS": COUNT,
    "DEATHS": COUNT,
    "NAT_INC": WHOLE,  # births minus deaths: a count that may be negative
    "MIGR_INT_BAL": WHOLE,  # arrivals minus departures: likewise
    "NAT_INC_PM": bounded("-1000", "1000"),  # per 1000 residents, either way
    "UNEMP_RATE": SHARE + STEADY_UNEMPLOYMENT,
    "BUDGET_TOTAL": NON_NEGATIVE,
    "REVENUE": NON_NEGATIVE,
    "EXPENDITURE": NON_NEGATIVE,
    "INVEST_EXP": NON_NEGATIVE,
    "INVEST_EXP_COMP": NON_NEGATIVE,
    "INVEST_EXP_DISTR": NON_NEGATIVE,
    "EXT_FUNDS": NON_NEGATIVE,
    "DEBT_RATIO": NON_NEGATIVE,  # debt may exceed a year's revenue: no upper bound
    "BUSINESS_ENT": COUNT,
    "UMK_CSAT_SCORE": bounded("1", "5"),  # a mean rating on the 1–5 scale the unit names
    "UMK_NPS_ONLINE": bounded("-100", "100"),  # Net Promoter Score
    "UMK_NPS_DESK": bounded("-100", "100"),
    # Mean ratings whose scale the source does not state: only that they are not negative.
    "UMK_EMP_COMPETENCE": NON_NEGATIVE,
    "UMK_EMP_COURTESY": NON_NEGATIVE,
    "PM10_AVG": NON_NEGATIVE,
    "PM25_AVG": NON_NEGATIVE,
    "DISTRICT_POP": COUNT + STEADY_POPULATION,
    "DISTRICT_AREA": NON_NEGATIVE,
    "DISTRICT_DENSITY": NON_NEGATIVE,
}
UNIT_RULES = {"%": SHARE}
# Indicators with no rule, and why.
NO_RULE = {
    # S&P's rating is a letter grade (A-, AA…); the demo stores no value of it (see the
    # loader's report), and no numeric rule can say what a grade may be.
    "CREDIT_RATING_SP": "a letter grade, not a number",
}


def rules_of(code: str, unit: str = "") -> list[dict]:
    """The demo's rules for an indicator of krakow/ or the districts (an empty list only
    for the indicators in NO_RULE)."""
    return [dict(rule) for rule in KRAKOW_RULES.get(code, UNIT_RULES.get(unit, ()))]


# -- descriptions ----------------------------------------------------------------------------
# krakow/indicators.csv gives every indicator the same note, in English, about how the table
# was made; shown on the indicator's page, it is said in the reader's language instead.
KRAKOW_NOTES = {
    "No SRK 2030 baseline/target values were found in sources read; see "
    "krakow_indicator_values.csv for observed values. Indicator codes are ours.": (
        "Kod wskaźnika i jego przypisanie do dziedziny zarządzania nadał Stradom. "
        "W przeczytanych źródłach nie znaleziono wartości bazowej ani docelowej tego wskaźnika "
        "w Strategii Rozwoju Krakowa 2030.",
        "The indicator's code and its management domain were assigned by Stradom. No baseline "
        "or target value of the Kraków Development Strategy 2030 was found in the sources read.",
    ),
}


def description_of_note(note: str) -> tuple[str, str]:
    """(Polish, English) description for a note of krakow/indicators.csv. A note not known
    here is English text from the table: it is kept for English readers only, so the Polish
    page does not show English."""
    return KRAKOW_NOTES.get(note, ("", note))
