"""The demo's multi-year series: Local Data Bank exports and GIOŚ daily air quality.

Each file in ``stradom/demo/data/found/`` is imported with one call of the real
importer and its stored mapping (``stradom/ingest/mappings/``), exactly as an
office would import it. Daily PM10/PM2.5 values are then aggregated to annual
indicators by computed-indicator definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from stradom.catalog.models import Dimension, DimensionValue, Indicator
from stradom.catalog.services import set_computation
from stradom.core.messages import Message, StradomError, gettext_noop
from stradom.demo import catalog as demo
from stradom.demo import stations
from stradom.ingest.readers import load_mapping, open_source
from stradom.ingest.services import default_limits, import_file

MAPPINGS = Path(__file__).resolve().parent.parent / "ingest" / "mappings"
BDL = "GUS, Bank Danych Lokalnych"
BDL_URL = "https://bdl.stat.gov.pl/bdl/start"
GIOS = "GIOŚ, Bank danych pomiarowych (archiwum)"
GIOS_URL = "https://powietrze.gios.gov.pl/pjp/archives"


class Series(NamedTuple):
    """A Local Data Bank indicator of the demo: names, unit, BDL variable, rules."""

    name_pl: str
    name_en: str
    unit: str
    polarity: str
    variable: str  # the BDL variable (subgroup) code
    decimals: int
    rules: tuple = ()
    note_pl: str = ""  # what the reader should know beyond the variable, in each language
    note_en: str = ""


BDL_INDICATORS = {
    "BDL_UNEMP_RATE": Series(
        "Stopa bezrobocia rejestrowanego",
        "Registered unemployment rate",
        "%",
        "lower_is_better",
        "P2392",
        1,
        demo.SHARE + demo.STEADY_UNEMPLOYMENT,
    ),
    "BDL_POP": Series(
        "Ludność (stan w dniu 31 XII)",
        "Population (31 December)",
        "osoby",
        "neutral",
        "P2137",
        0,
        # An age group changing by more than a quarter in a year is a break in the series,
        # not people: the demo's series have it only in 2020, when the balance was rebased
        # on the 2021 census, and those values are flagged, not refused.
        demo.COUNT + ({"kind": "max_change", "max_pct": "25", "action": "flag"},),
        "Od 2020 r. GUS podaje ludność według bilansu opartego na Narodowym Spisie "
        "Powszechnym 2021, stąd skok między 2019 a 2020 r., zwłaszcza w grupach wieku 20–29 lat.",
        "From 2020 Statistics Poland gives the population from the balance based on the 2021 "
        "census, hence the jump between 2019 and 2020, above all in the age groups 20–29.",
    ),
    "BDL_FERTILITY": Series(
        "Współczynnik dzietności",
        "Total fertility rate",
        "-",
        "higher_is_better",
        "P2346",
        3,
        demo.NON_NEGATIVE,
    ),
    "BDL_FEMINIZATION": Series(
        "Współczynnik feminizacji (kobiety na 100 mężczyzn)",
        "Women per 100 men",
        "-",
        "neutral",
        "P3429",
        0,
        demo.NON_NEGATIVE,
    ),
    "BDL_MARRIAGES_1000": Series(
        "Małżeństwa na 1000 ludności",
        "Marriages per 1000 population",
        "‰",
        "neutral",
        "P1872",
        2,
        demo.bounded("0", "1000"),
    ),
    "BDL_DIVORCES": Series("Rozwody", "Divorces", "-", "neutral", "P1971", 0, demo.COUNT),
    "BDL_DIVORCES_10K": Series(
        "Rozwody na 10 tys. ludności",
        "Divorces per 10,000 population",
        "-",
        "neutral",
        "P1971",
        1,
        demo.bounded("0", "10000"),
    ),
    "BDL_SEPARATIONS": Series("Separacje", "Separations", "-", "neutral", "P1971", 0, demo.COUNT),
    "BDL_SEPARATIONS_10K": Series(
        "Separacje na 10 tys. ludności",
        "Separations per 10,000 population",
        "-",
        "neutral",
        "P1971",
        2,
        # Above 10 separations a year per 10,000 residents is not a rate any city has had
        # (below 1 in every city from 2010): the 2002–2009 values are kept and flagged.
        demo.bounded("0", "10000") + demo.bounded(high="10", action="flag"),
        "W latach 2002–2009 BDL podaje tu wartości rzędu dziesiątek i setek, niewiarygodne jako "
        "liczba separacji na 10 tys. ludności (od 2010 r. poniżej 1); zachowano je tak, jak je "
        "opublikowano, i oznaczono.",
        "For 2002–2009 the Local Data Bank gives values in the tens and hundreds here, not "
        "credible as separations per 10,000 population (below 1 from 2010); they are kept as "
        "published and flagged.",
    ),
    "BDL_DWELLING_PRICE_M2": Series(
        "Mediana ceny za 1 m² lokali mieszkalnych sprzedanych w ramach transakcji rynkowych",
        "Median price per m² of dwellings sold in market transactions",
        "zł",
        "neutral",
        "P3787",
        0,
        demo.NON_NEGATIVE,
    ),
    "BDL_NURSERY_PLACES_1000": Series(
        "Miejsca w żłobkach i klubach dziecięcych na 1000 dzieci w wieku do lat 3",
        "Places in nurseries and children's clubs per 1000 children under 3",
        "-",
        "higher_is_better",
        "P3227",
        1,
        demo.NON_NEGATIVE,  # places may outnumber the children: no upper bound
    ),
    "BDL_FAMILY_BENEFITS": Series(
        "Kwota świadczeń rodzinnych",
        "Family benefits paid",
        "tys. zł",
        "neutral",
        "P2993",
        0,
        demo.NON_NEGATIVE,
    ),
    "BDL_CHILD_BENEFIT_500": Series(
        "Wydatki na świadczenia wychowawcze (500+)",
        "Spending on the child benefit (500+)",
        "zł",
        "neutral",
        "P3803",
        0,
        demo.NON_NEGATIVE,
    ),
}
BDL_ABOUT = (
    "Zmienna %(variable)s Banku Danych Lokalnych GUS dla podregionów (NUTS 3): pięć z nich "
    "obejmuje dokładnie obszar swojego miasta, szósty, trójmiejski, to Gdańsk, Gdynia i Sopot "
    "razem.",
    "Variable %(variable)s of Statistics Poland's Local Data Bank for subregions (NUTS 3): five "
    "of them are exactly the area of their city, the sixth, the Tricity, is Gdańsk, Gdynia and "
    "Sopot together.",
)

DIMENSIONS = {
    "sex": ("płeć", "sex", {"F": ("kobiety", "women"), "M": ("mężczyźni", "men")}),
    "age": ("grupa wieku", "age group", {}),
    "station": ("stacja pomiarowa", "measuring station", {}),
}

# A daily mean concentration is never negative; above 1000 µg/m³ (more than the highest
# daily means in these series, 638 for PM10) it is more likely an instrument's or a
# transcription's error than air: flagged.
PM_DAILY_RULES = demo.NON_NEGATIVE + demo.bounded(high="1000", action="flag")
PM_DAILY = {
    "PM10_DAILY": ("Stężenie pyłu PM10, średnia dobowa", "PM10 concentration, daily mean"),
    "PM25_DAILY": ("Stężenie pyłu PM2,5, średnia dobowa", "PM2.5 concentration, daily mean"),
}
PM_DAILY_ABOUT = (
    "Średnie dobowe (24-godzinne) stężenia na stacjach pomiarowych w mieście, z archiwum Banku "
    "danych pomiarowych GIOŚ, tak jak je opublikowano.",
    "Daily (24-hour) mean concentrations at the city's measuring stations, from the archive of "
    "GIOŚ's measurement data bank, as published.",
)
# Annual indicators computed from the daily ones; a year below 90 % of days is kept
# but marked estimated (GIOŚ's own annual statistics apply their own completeness rules).
PM_ANNUAL = {
    "PM10_ANNUAL_MEAN": (
        "PM10_DAILY",
        {"function": "mean", "min_coverage": "0.9"},
        "Średnioroczne stężenie PM10 na stacji",
        "Annual mean PM10 at a station",
    ),
    "PM25_ANNUAL_MEAN": (
        "PM25_DAILY",
        {"function": "mean", "min_coverage": "0.9"},
        "Średnioroczne stężenie PM2,5 na stacji",
        "Annual mean PM2.5 at a station",
    ),
    "PM10_DAYS_ABOVE_50": (
        "PM10_DAILY",
        {"function": "count_above", "threshold": "50", "min_coverage": "0.9"},
        "Liczba dni ze stężeniem PM10 powyżej 50 µg/m³ na stacji",
        "Days with PM10 above 50 µg/m³ at a station",
    ),
    # 25 µg/m³ is the WHO 2005 air-quality guideline for the 24-hour mean of PM2.5.
    "PM25_DAYS_ABOVE_25": (
        "PM25_DAILY",
        {"function": "count_above", "threshold": "25", "min_coverage": "0.9"},
        "Liczba dni ze stężeniem PM2,5 powyżej 25 µg/m³ na stacji",
        "Days with PM2.5 above 25 µg/m³ at a station",
    ),
}
PM_ANNUAL_ABOUT = (
    "Obliczone przez Stradom ze średnich dobowych na tej stacji; rok, w którym pomiary objęły "
    "mniej niż 90% dni, jest oznaczony jako szacunek. To nie są oficjalne statystyki roczne "
    "GIOŚ, które stosują własne zasady kompletności danych.",
    "Computed by Stradom from the station's daily means; a year measured on fewer than 90% of "
    "its days is marked as an estimate. These are not GIOŚ's official annual statistics, which "
    "apply their own rules of completeness.",
)
# How each aggregation is calculated, in words: (Polish, English) with the daily indicator
# and the threshold as placeholders.
PM_CALCULATION = {
    "mean": (
        "średnia ze średnich dobowych %(daily)s w roku",
        "mean of the year's daily means of %(daily)s",
    ),
    "count_above": (
        "liczba dni w roku, w których średnia dobowa %(daily)s przekroczyła %(threshold)s µg/m³",
        "number of days in the year with a daily mean of %(daily)s above %(threshold)s µg/m³",
    ),
}
PM_ANNUAL_RULES = {
    "mean": demo.NON_NEGATIVE,
    "count_above": demo.COUNT + demo.bounded(high="366"),  # days of a year
}

# Indicators computed by formula from the series above, comparable across cities.
PER_CAPITA = {
    "BDL_FAMILY_BENEFITS_PC": (
        "[BDL_FAMILY_BENEFITS] * 1000 / [BDL_POP]",
        "Świadczenia rodzinne na mieszkańca",
        "Family benefits per resident",
        "zł",
        "P2993, P2137",
    ),
    "BDL_CHILD_BENEFIT_500_PC": (
        "[BDL_CHILD_BENEFIT_500] / [BDL_POP]",
        "Wydatki na świadczenia wychowawcze (500+) na mieszkańca",
        "Child benefit (500+) spending per resident",
        "zł",
        "P3803, P2137",
    ),
}
PER_CAPITA_ABOUT = (
    "Obliczone przez Stradom ze zmiennych Banku Danych Lokalnych GUS: kwoty wypłaconej w roku "
    "i ludności w dniu 31 XII.",
    "Computed by Stradom from variables of Statistics Poland's Local Data Bank: the amount paid "
    "in the year and the population on 31 December.",
)

FILES = [
    "bdl_cities_unemployment_rate.csv",
    "bdl_cities_population_by_age_total.csv",
    "bdl_cities_population_by_age_women.csv",
    "bdl_cities_population_by_age_men.csv",
    "bdl_cities_fertility_rate.csv",
    "bdl_cities_feminization_ratio.csv",
    "bdl_cities_marriages_per_1000.csv",
    "bdl_cities_divorces_separations.csv",
    "bdl_cities_dwelling_price_m2_median.csv",
    "bdl_cities_nursery_places_per_1000.csv",
    "bdl_cities_family_benefits.csv",
    "bdl_cities_child_benefit_500plus.csv",
    "gios_pm_daily_2000-2016_krakow.csv",
    "gios_pm_daily_2000-2016_other_cities.csv",
]


def load_found(root: Path, report, say: Callable[[str], None]) -> None:
    from stradom.demo.loader import REASON, upsert_indicator

    define_dimensions()
    define_indicators()
    for name in FILES:
        say(name)
        path = root / "found" / name
        mapping = MAPPINGS / name.replace(".csv", ".yaml")
        add_dimension_values(path, mapping)
        result = import_file(path, actor=None, mapping_path=mapping, reason=REASON, replace=True)
        if not result.ok:
            raise StradomError(
                "the demo could not import %(file)s: %(problems)s",
                file=name,
                problems="; ".join(str(p) for p in result.problems[:5]),
            )
        w = result.write
        report.step(
            name,
            Message(
                gettext_noop(
                    "%(rows)s rows: %(new)s new, %(changed)s changed, %(unchanged)s unchanged"
                ),
                {"rows": result.rows, "new": w.created, "changed": w.updated,
                 "unchanged": w.unchanged},
            ),
        )  # fmt: skip
    stations.name_stations(root, report)

    for code, (formula, name_pl, name_en, unit, variables) in PER_CAPITA.items():
        indicator = upsert_indicator(
            code,
            name_pl=name_pl,
            name_en=name_en,
            unit=unit,
            decimals=2,
            source=f"{BDL}, {variables}",
            source_url=BDL_URL,
            description_pl=PER_CAPITA_ABOUT[0],
            description_en=PER_CAPITA_ABOUT[1],
            calculation_pl=formula,
            calculation_en=formula,
            rules=list(demo.NON_NEGATIVE),
        )
        written = set_computation(
            indicator, formula=formula, actor=None, reason=REASON, channel="demo"
        )
        report.step(code, Message(gettext_noop("%(count)s values computed"), {"count": written}))

    say(gettext_noop("PM annual"))
    for code, (source_code, aggregation, name_pl, name_en) in PM_ANNUAL.items():
        function = aggregation["function"]
        words = {"daily": source_code, "threshold": aggregation.get("threshold", "")}
        indicator = upsert_indicator(
            code,
            name_pl=name_pl,
            name_en=name_en,
            unit="dni" if "DAYS" in code else "µg/m³",
            polarity="lower_is_better",
            source=GIOS,
            source_url=GIOS_URL,
            description_pl=PM_ANNUAL_ABOUT[0],
            description_en=PM_ANNUAL_ABOUT[1],
            calculation_pl=PM_CALCULATION[function][0] % words,
            calculation_en=PM_CALCULATION[function][1] % words,
            rules=list(PM_ANNUAL_RULES[function]),
            dimensions=list(Dimension.objects.filter(code="station")),
        )
        written = set_computation(
            indicator,
            aggregation_source=Indicator.objects.get(code=source_code),
            aggregation=aggregation,
            actor=None,
            reason=REASON,
            channel="demo",
        )
        report.step(
            code, Message(gettext_noop("%(count)s annual values computed"), {"count": written})
        )


def define_indicators() -> None:
    """The Local Data Bank and daily air-quality indicators the files of found/ are imported
    into, with their rules, as an office defines them before importing."""
    from stradom.demo.loader import upsert_indicator

    for code, series in BDL_INDICATORS.items():
        about_pl, about_en = (text % {"variable": series.variable} for text in BDL_ABOUT)
        dimensions = {"sex", "age"} if code == "BDL_POP" else set()
        upsert_indicator(
            code,
            name_pl=series.name_pl,
            name_en=series.name_en,
            unit=series.unit,
            polarity=series.polarity,
            decimals=series.decimals,
            source=f"{BDL}, {series.variable}",
            source_url=BDL_URL,
            description_pl=" ".join(filter(None, (about_pl, series.note_pl))),
            description_en=" ".join(filter(None, (about_en, series.note_en))),
            rules=list(series.rules),
            **(
                {"dimensions": list(Dimension.objects.filter(code__in=dimensions))}
                if dimensions
                else {}
            ),
        )
    for code, (name_pl, name_en) in PM_DAILY.items():
        upsert_indicator(
            code,
            name_pl=name_pl,
            name_en=name_en,
            unit="µg/m³",
            polarity="lower_is_better",
            frequency="D",
            source=GIOS,
            source_url=GIOS_URL,
            description_pl=PM_DAILY_ABOUT[0],
            description_en=PM_DAILY_ABOUT[1],
            rules=list(PM_DAILY_RULES),
            dimensions=list(Dimension.objects.filter(code="station")),
        )


def define_dimensions() -> None:
    for code, (name_pl, name_en, values) in DIMENSIONS.items():
        dimension, _ = Dimension.objects.update_or_create(
            code=code, defaults={"name_pl": name_pl, "name_en": name_en}
        )
        for order, (value, (v_pl, v_en)) in enumerate(values.items()):
            DimensionValue.objects.update_or_create(
                dimension=dimension,
                code=value,
                defaults={"name_pl": v_pl, "name_en": v_en, "order": order},
            )


def add_dimension_values(path: Path, mapping_path: Path) -> None:
    """Register the age groups and stations a demo file uses, as an office would before importing.

    The importer itself accepts only values already defined for a dimension.
    """
    seen: set[tuple[str, str]] = set()
    source = open_source(path, load_mapping(mapping_path), limits=default_limits())
    for record in source.records():
        seen.update(record.dimensions)
    for dim_code, value in sorted(seen):
        if dim_code in ("age", "station"):
            DimensionValue.objects.get_or_create(
                dimension=Dimension.objects.get(code=dim_code),
                code=value,
                defaults={"name_pl": value},
            )
