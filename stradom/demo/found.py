"""The demo's multi-year series: Local Data Bank exports and GIOŚ daily air quality.

Each file in ``stradom/demo/data/found/`` is imported with one call of the real
importer and its stored mapping (``stradom/ingest/mappings/``), exactly as an
office would import it. Daily PM10/PM2.5 values are then aggregated to annual
indicators by computed-indicator definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stradom.catalog.models import Dimension, DimensionValue, Indicator
from stradom.catalog.services import set_computation
from stradom.core.messages import StradomError
from stradom.ingest.readers import load_mapping, open_source
from stradom.ingest.services import default_limits, import_file

MAPPINGS = Path(__file__).resolve().parent.parent / "ingest" / "mappings"
BDL = "GUS, Bank Danych Lokalnych"
BDL_URL = "https://bdl.stat.gov.pl/bdl/start"
GIOS = "GIOŚ, Bank danych pomiarowych (archiwum)"
GIOS_URL = "https://powietrze.gios.gov.pl/pjp/archives"

# code: (Polish name, English name, unit, polarity, BDL variable, decimals)
BDL_INDICATORS = {
    "BDL_UNEMP_RATE": (
        "Stopa bezrobocia rejestrowanego",
        "Registered unemployment rate",
        "%",
        "lower_is_better",
        "P2392",
        1,
    ),
    "BDL_POP": (
        "Ludność (stan w dniu 31 XII)",
        "Population (31 December)",
        "osoby",
        "neutral",
        "P2137",
        0,
    ),
    "BDL_FERTILITY": (
        "Współczynnik dzietności",
        "Total fertility rate",
        "-",
        "higher_is_better",
        "P2346",
        3,
    ),
    "BDL_FEMINIZATION": (
        "Współczynnik feminizacji (kobiety na 100 mężczyzn)",
        "Women per 100 men",
        "-",
        "neutral",
        "P3429",
        0,
    ),
    "BDL_MARRIAGES_1000": (
        "Małżeństwa na 1000 ludności",
        "Marriages per 1000 population",
        "‰",
        "neutral",
        "P1872",
        2,
    ),
    "BDL_DIVORCES": ("Rozwody", "Divorces", "-", "neutral", "P1971", 0),
    "BDL_DIVORCES_10K": (
        "Rozwody na 10 tys. ludności",
        "Divorces per 10,000 population",
        "-",
        "neutral",
        "P1971",
        1,
    ),
    "BDL_SEPARATIONS": ("Separacje", "Separations", "-", "neutral", "P1971", 0),
    "BDL_SEPARATIONS_10K": (
        "Separacje na 10 tys. ludności",
        "Separations per 10,000 population",
        "-",
        "neutral",
        "P1971",
        2,
    ),
    "BDL_DWELLING_PRICE_M2": (
        "Mediana ceny za 1 m² lokali mieszkalnych sprzedanych w ramach transakcji rynkowych",
        "Median price per m² of dwellings sold in market transactions",
        "zł",
        "neutral",
        "P3787",
        0,
    ),
    "BDL_NURSERY_PLACES_1000": (
        "Miejsca w żłobkach i klubach dziecięcych na 1000 dzieci w wieku do lat 3",
        "Places in nurseries and children's clubs per 1000 children under 3",
        "-",
        "higher_is_better",
        "P3227",
        1,
    ),
    "BDL_FAMILY_BENEFITS": (
        "Kwota świadczeń rodzinnych",
        "Family benefits paid",
        "tys. zł",
        "neutral",
        "P2993",
        0,
    ),
    "BDL_CHILD_BENEFIT_500": (
        "Wydatki na świadczenia wychowawcze (500+)",
        "Spending on the child benefit (500+)",
        "zł",
        "neutral",
        "P3803",
        0,
    ),
}

DIMENSIONS = {
    "sex": ("płeć", "sex", {"F": ("kobiety", "women"), "M": ("mężczyźni", "men")}),
    "age": ("grupa wieku", "age group", {}),
    "station": ("stacja pomiarowa", "measuring station", {}),
}

PM_DAILY = {
    "PM10_DAILY": ("Stężenie pyłu PM10, średnia dobowa", "PM10 concentration, daily mean"),
    "PM25_DAILY": ("Stężenie pyłu PM2,5, średnia dobowa", "PM2.5 concentration, daily mean"),
}
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

# Indicators computed by formula from the series above, comparable across cities.
PER_CAPITA = {
    "BDL_FAMILY_BENEFITS_PC": (
        "[BDL_FAMILY_BENEFITS] * 1000 / [BDL_POP]",
        "Świadczenia rodzinne na mieszkańca",
        "Family benefits per resident",
        "zł",
    ),
    "BDL_CHILD_BENEFIT_500_PC": (
        "[BDL_CHILD_BENEFIT_500] / [BDL_POP]",
        "Wydatki na świadczenia wychowawcze (500+) na mieszkańca",
        "Child benefit (500+) spending per resident",
        "zł",
    ),
}

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
    for code, (name_pl, name_en, unit, polarity, variable, decimals) in BDL_INDICATORS.items():
        indicator = upsert_indicator(
            code,
            name_pl=name_pl,
            name_en=name_en,
            unit=unit,
            polarity=polarity,
            decimals=decimals,
            source=f"{BDL}, {variable}",
            source_url=BDL_URL,
        )
        if code == "BDL_POP":
            indicator.dimensions.set(Dimension.objects.filter(code__in=["sex", "age"]))
    for code, (name_pl, name_en) in PM_DAILY.items():
        indicator = upsert_indicator(
            code,
            name_pl=name_pl,
            name_en=name_en,
            unit="µg/m³",
            polarity="lower_is_better",
            frequency="D",
            source=GIOS,
            source_url=GIOS_URL,
        )
        indicator.dimensions.set(Dimension.objects.filter(code="station"))

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
            f"{result.rows} rows: {w.created} new, {w.updated} changed, {w.unchanged} unchanged",
        )

    for code, (formula, name_pl, name_en, unit) in PER_CAPITA.items():
        indicator = upsert_indicator(
            code,
            name_pl=name_pl,
            name_en=name_en,
            unit=unit,
            decimals=2,
            source=f"{BDL}; computed by Stradom",
            source_url=BDL_URL,
            calculation_pl=formula,
            calculation_en=formula,
        )
        written = set_computation(indicator, formula=formula)
        report.step(code, f"{written} values computed")

    say("PM annual")
    for code, (source_code, aggregation, name_pl, name_en) in PM_ANNUAL.items():
        indicator = upsert_indicator(
            code,
            name_pl=name_pl,
            name_en=name_en,
            unit="dni" if "DAYS" in code else "µg/m³",
            polarity="lower_is_better",
            source=f"{GIOS}; computed by Stradom from daily means, not official GIOŚ statistics",
            source_url=GIOS_URL,
            calculation_pl=f"{aggregation['function']} z {source_code}",
            calculation_en=f"{aggregation['function']} of {source_code}",
        )
        indicator.dimensions.set(Dimension.objects.filter(code="station"))
        written = set_computation(
            indicator,
            aggregation_source=Indicator.objects.get(code=source_code),
            aggregation=aggregation,
        )
        report.step(code, f"{written} annual values computed")


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
