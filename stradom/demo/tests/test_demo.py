"""The demo loads Kraków from stradom/demo/data, every number from those files, the same twice.

One test, because loading takes most of a minute; it checks what a newcomer would look for.
"""

import csv
from decimal import Decimal

from django.db.models import Count

from stradom.catalog.models import (
    Domain,
    Indicator,
    IndicatorChange,
    Observation,
    ObservationChange,
)
from stradom.demo import catalog as demo
from stradom.demo.loader import REASON, load_demo
from stradom.demo.strategy import STRUCTURE_REASON
from stradom.instruments.models import InstrumentChange
from stradom.strategy.models import Goal, StrategyChange, StrategyLevel
from stradom.territory.models import Territory


def value(code, territory="1261011", period="2019", dims=""):
    return Observation.objects.get(
        indicator__code=code, territory__code=territory, period=period, dimensions=dims
    ).value


def test_demo_loads_kraków_with_real_series_and_is_idempotent(db, demo_data):
    report = load_demo()

    assert Domain.objects.count() == 13
    districts = Territory.objects.filter(parent__code="1261011", kind="submunicipal")
    assert districts.count() == 18
    assert districts.filter(geometry__isnull=False).count() == 18
    assert districts.get(number="XVIII").name == "Nowa Huta"

    # At least 30 indicators with a real multi-year series, each naming its source.
    multi_year = Indicator.objects.annotate(
        years=Count("observations__period", distinct=True)
    ).filter(years__gte=3)
    assert multi_year.count() >= 30
    assert not Indicator.objects.filter(source="").exists()

    # Numbers as the files give them.
    assert value("BDL_UNEMP_RATE", period="2004") == Decimal("7.5")  # "011212100000";…;"2004";7,5
    assert value("BDL_POP") == Decimal("779115")
    assert value("POP_GUS", period="2018") == Decimal("771069")
    assert value("BDL_POP", territory="podregion-trojmiejski", period="2019") > 0
    assert value("DISTRICT_POP", territory="1261011-01") == Decimal("30609")
    # 30609 residents / 5.5676 km² = 5497.70…
    assert value("DISTRICT_DENSITY", territory="1261011-01").quantize(Decimal("0.01")) == Decimal(
        "5497.70"
    )

    # Annual PM10 from daily values agrees with the derived file, for every station and year.
    derived = demo_data / "found" / "DERIVED_gios_pm_annual_2000-2016_krakow.csv"
    with derived.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            dims = f"station={row['station_code']}"
            code = "PM10" if row["pollutant"] == "PM10" else "PM25"
            mean = value(f"{code}_ANNUAL_MEAN", period=row["year"], dims=dims)
            assert mean.quantize(Decimal("0.1")) == Decimal(row["mean_of_daily_means_ug_m3"])
            if row["days_above_50_ug_m3"]:
                assert value("PM10_DAYS_ABOVE_50", period=row["year"], dims=dims) == Decimal(
                    row["days_above_50_ug_m3"]
                )

    # What could not be loaded is said, with the reason.
    assert any("CREDIT_RATING_SP" in str(s) and "not a number" in str(s) for s in report.skipped)

    # Every indicator has validation rules, but the one whose values are letter grades.
    assert (
        set(Indicator.objects.filter(rules=[]).values_list("code", flat=True))
        == {"CREDIT_RATING_SP"}
        == set(demo.NO_RULE)
    )
    # The demo's real values all pass them; those only implausible are kept and flagged:
    # the 2020 census rebasing of population by age (more than 25 % in a year) and the
    # 2002–2009 Local Data Bank "separations per 10,000" in the tens and hundreds.
    flagged = Observation.objects.exclude(flags=[])
    assert flagged.count() == 28 + 48
    assert set(flagged.values_list("indicator__code", flat=True)) == {
        "BDL_POP",
        "BDL_SEPARATIONS_10K",
    }
    separations = Observation.objects.get(
        indicator__code="BDL_SEPARATIONS_10K", territory__code="1261011", period="2005"
    )
    assert (separations.value, [f["rule"] for f in separations.flags]) == (
        Decimal("271"),
        ["range"],
    )

    # A Polish reader reads about every indicator in Polish, an English one in English.
    assert not Indicator.objects.filter(description_pl="").exists()
    assert not Indicator.objects.filter(description_en="").exists()
    annual = Indicator.objects.get(code="PM10_ANNUAL_MEAN")
    assert annual.description_pl.startswith("Obliczone przez Stradom ze średnich dobowych")
    assert annual.calculation_pl == "średnia ze średnich dobowych PM10_DAILY w roku"
    assert annual.source == "GIOŚ, Bank danych pomiarowych (archiwum)"

    # How recent the series are: the Local Data Bank to 2022, daily air quality to 2016.
    assert value("BDL_UNEMP_RATE", period="2022") == Decimal("2.3")  # "011212100000";…;"2022";2,3
    latest_day = Observation.objects.filter(indicator__code="PM25_DAILY").order_by("-period")
    assert latest_day.first().period == "2016-12-31"
    # The stations' names come from GIOŚ's station metadata, which this copy lacks: said so.
    assert (
        "found/gios_stations.csv is missing: the 53 measuring stations are shown by their "
        "GIOŚ codes"
    ) in [str(line) for line in report.skipped]

    # Every indicator's history starts with the values the loader gave it, and says so.
    created = IndicatorChange.objects.filter(field="code", old="")
    assert created.count() == Indicator.objects.count()
    assert set(created.values_list("channel", "reason", "actor")) == {("demo", REASON, None)}
    assert IndicatorChange.objects.filter(
        object_id=annual.pk, field="aggregation_source", new="PM10_DAILY"
    ).exists()  # the computation, set after the definition, is in the history too

    # So does the strategy's structure: the strategy, its four levels and every goal.
    structure = StrategyChange.objects.exclude(content_type__model="goalindicator")
    assert structure.filter(field="code", old="", content_type__model="goal").count() == (
        Goal.objects.count()
    )
    levels = structure.filter(field="depth", old="", content_type__model="strategylevel")
    assert levels.count() == StrategyLevel.objects.count() == 4
    assert structure.filter(field="code", old="", new="SRK2030").count() == 1
    assert set(structure.values_list("channel", "reason", "actor")) == {
        ("demo", STRUCTURE_REASON, None)
    }

    counts = (Territory.objects.count(), Indicator.objects.count(), Observation.objects.count())
    history = ObservationChange.objects.count()
    metadata = [m.objects.count() for m in (IndicatorChange, InstrumentChange, StrategyChange)]
    load_demo()
    assert [m.objects.count() for m in (IndicatorChange, InstrumentChange, StrategyChange)] == (
        metadata
    )
    assert (
        Territory.objects.count(),
        Indicator.objects.count(),
        Observation.objects.count(),
    ) == counts
    assert ObservationChange.objects.count() == history
