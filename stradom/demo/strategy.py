"""The Kraków Development Strategy 2030 in the demo: its goal tree and indicator links.

The tree comes from ``krakow/strategy_2030_goals.csv`` (codes, parents, final wording,
English where known, a source address per goal). Links come from the ``goal_code`` and
``goal_link_basis`` columns of ``krakow/indicators.csv``, plus a few links to the long
series the demo loads from the Local Data Bank and GIOŚ (``found.py``). Targets are set
only where a documented one exists (EU air-quality limit values); every other link has
no target, so the target-free variants of the methods apply.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from stradom.catalog.models import Indicator, Observation
from stradom.core.messages import Message, Term, gettext_noop
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel
from stradom.strategy.services import (
    save_goal,
    save_goal_indicator,
    save_strategy,
    save_strategy_level,
)
from stradom.territory.models import Territory

KRAKOW = "1261011"
CODE = "SRK2030"

# The CSV's level → depth in the tree. Key actions hang under strategic goals, as on
# strategia.krakow.pl, so they share depth 3 with operational goals.
DEPTH = {
    "area": 1,
    "strategic_goal": 2,
    "operational_goal": 3,
    "key_action": 3,
    "draft_matrix_action": 4,
}
LEVELS = [
    (1, "obszar", "area"),
    (2, "cel strategiczny", "strategic goal"),
    (3, "cel operacyjny / działanie kluczowe", "operational goal / key action"),
    (4, "kierunek działań (robocza matryca srk2030.pl)", "action (draft matrix, srk2030.pl)"),
]
LEVEL_WORDS = {
    "operational_goal": "cel operacyjny",
    "key_action": "działanie kluczowe",
    "draft_matrix_action": "kierunek działań z roboczej matrycy",
}

DIRECTIVE = (
    "Dyrektywa 2008/50/WE (CAFE), załącznik XI / Directive 2008/50/EC on ambient air "
    "quality, Annex XI"
)
HORIZON = (
    " The target year 2030 is the strategy's horizon (our choice); the limit value "
    "itself is binding since %s."
)
# Station series: (indicator, station, goal, target year, target, target source,
# milestones, why this station).
STATION_LINKS = [
    (
        "PM10_ANNUAL_MEAN",
        "MpKrakowWIOSAKra6117",
        "IV.3",
        2030,
        Decimal(40),
        DIRECTIVE + ": PM10 annual limit value 40 µg/m³." + HORIZON % "1 January 2005",
        [],
        "Station Kraków, Al. Krasińskiego (MpKrakowWIOSAKra6117): the longest annual "
        "PM10 series of a Kraków station in the demo data (11 years, 2000–2012).",
    ),
    (
        "PM10_ANNUAL_MEAN",
        "MpKrakowWIOSBulw6118",
        "IV.3",
        2030,
        Decimal(40),
        DIRECTIVE + ": PM10 annual limit value 40 µg/m³." + HORIZON % "1 January 2005",
        [],
        "Station Kraków, ul. Bulwarowa (MpKrakowWIOSBulw6118): the Kraków PM10 series "
        "in the demo data that reaches furthest (2004–2014, 7 years).",
    ),
    (
        "PM10_DAYS_ABOVE_50",
        "MpKrakowWIOSAKra6117",
        "IV.3",
        2030,
        Decimal(35),
        DIRECTIVE + ": the PM10 daily limit value 50 µg/m³ may be exceeded at most 35 "
        "times a calendar year." + HORIZON % "1 January 2005",
        [],
        "Station Kraków, Al. Krasińskiego (MpKrakowWIOSAKra6117): the longest series "
        "of days above 50 µg/m³ of a Kraków station in the demo data (2000–2012).",
    ),
    (
        "PM25_ANNUAL_MEAN",
        "MpKrakowWIOSBulw6118",
        "IV.3",
        2030,
        Decimal(20),
        DIRECTIVE + ": PM2.5 annual limit value 25 µg/m³ from 1 January 2015 (stage I, "
        "the milestone) and the indicative 20 µg/m³ from 1 January 2020 (stage II, the "
        "target). The target year 2030 is the strategy's horizon (our choice).",
        [{"year": 2015, "value": "25"}],
        "Station Kraków, ul. Bulwarowa (MpKrakowWIOSBulw6118): the longest PM2.5 series "
        "of a Kraków station in the demo data (7 years, 2002–2012).",
    ),
]
# Local Data Bank series for Kraków, linked by us.
BDL_LINKS = [
    (
        "BDL_UNEMP_RATE",
        "II",
        "Our linkage (not the strategy's): the registered unemployment rate as a context "
        "measure of the economy goal II; Statistics Poland, Local Data Bank.",
    ),
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


STRUCTURE_REASON = "demo: struktura strategii ze źródła / the strategy's structure from its source"


def _structure(save, model, key: dict, values: dict):
    """Created, or brought to the sources' values, through the strategy's service: the
    history starts with the loader's values (channel demo); a second load records nothing."""
    existing = model.objects.filter(**key).first()
    return save(
        {**key, **values} if existing is None else values,
        instance=existing,
        actor=None,
        reason=STRUCTURE_REASON,
        channel="demo",
    )


@transaction.atomic
def load_strategy(root: Path, report) -> Strategy:
    rows = _rows(root / "krakow" / "strategy_2030_goals.csv")
    head = next(r for r in rows if r["level"] == "strategy")
    strategy = _structure(
        save_strategy,
        Strategy,
        {"code": CODE, "version": 1},
        {
            "name_pl": head["name_pl"],
            "name_en": head["name_en_if_known"],
            "start_year": 2018,
            "end_year": 2030,
            "resolution": head["note"],
            "source_url": head["source_url"][:500],
        },
    )
    for depth, name_pl, name_en in LEVELS:
        _structure(
            save_strategy_level,
            StrategyLevel,
            {"strategy": strategy, "depth": depth},
            {"name_pl": name_pl, "name_en": name_en},
        )
    goals: dict[str, Goal] = {}
    for order, row in enumerate(rows):
        if row["level"] == "strategy":
            continue
        parent = goals.get(row["parent_code"])  # the strategy row is no goal: roots
        note = row["note"]
        if row["level"] in LEVEL_WORDS:
            note = f"{LEVEL_WORDS[row['level']]}. {note}".strip()
        goals[row["code"]] = _structure(
            save_goal,
            Goal,
            {"strategy": strategy, "code": row["code"]},
            {
                "parent": parent,
                "order": order,
                "name_pl": row["name_pl"],
                "name_en": row["name_en_if_known"],
                "source_url": row["source_url"][:500],
                "note": note,
            },
        )
        if goals[row["code"]].depth != DEPTH[row["level"]]:
            raise ValueError(f"goal {row['code']}: level {row['level']} under {row['parent_code']}")
    n_links = _link_catalogue(root, strategy, goals) + _link_series(goals)
    report.step(
        Term(gettext_noop("strategy")),
        Message(
            gettext_noop("%(strategy)s: %(goals)s goals, %(links)s indicator links"),
            {"strategy": CODE, "goals": len(goals), "links": n_links},
        ),
    )
    return strategy


LINK_REASON = "demo: cel i wartości ze strategii / target and values from the strategy"


def _link(goal, indicator, territory, dimensions="", **values) -> GoalIndicator:
    """Created, or brought to the sources' values through the service: a changed target
    is kept in the history with the loader as its channel; a second load records nothing."""
    key = {"goal": goal, "indicator": indicator, "territory": territory, "dimensions": dimensions}
    existing = GoalIndicator.objects.filter(**key).first()
    return save_goal_indicator(
        {**key, **values} if existing is None else values,
        instance=existing,
        actor=None,
        reason=LINK_REASON,
        channel="demo",
    )


def _link_catalogue(root: Path, strategy: Strategy, goals: dict[str, Goal]) -> int:
    rows = [r for r in _rows(root / "krakow" / "indicators.csv") if r["goal_code"]]
    indicators = Indicator.objects.in_bulk([r["indicator_code"] for r in rows], field_name="code")
    # Where each indicator has values: Kraków when it can, else the unit it is published for.
    where: dict[str, set[str]] = {}
    for code, territory in (
        Observation.objects.filter(indicator__code__in=list(indicators), dimensions="")
        .values_list("indicator__code", "territory__code")
        .distinct()
    ):
        where.setdefault(code, set()).add(territory)
    territories = Territory.objects.in_bulk(
        {t for ts in where.values() for t in ts} | {KRAKOW}, field_name="code"
    )
    count = 0
    for order, row in enumerate(rows):
        indicator = indicators.get(row["indicator_code"])
        if indicator is None:
            continue
        places = where.get(indicator.code, set())
        territory = KRAKOW if KRAKOW in places or not places else sorted(places)[0]
        basis = row["goal_link_basis"]
        if "our linkage" in basis:
            note = f"Our linkage (not the strategy's): {basis}."
        else:
            note = f"Basis for the link: {basis}."
        if row["polarity"] not in ("higher_is_better", "lower_is_better"):
            note += " No desired direction is known, so the link is neutral (not assessed)."
        _link(
            goals[row["goal_code"]],
            indicator,
            territories[territory],
            direction=row["polarity"]
            if row["polarity"] in ("higher_is_better", "lower_is_better")
            else "neutral",
            order=order,
            note=note,
        )
        count += 1
    return count


def _link_series(goals: dict[str, Goal]) -> int:
    krakow = Territory.objects.get(code=KRAKOW)
    codes = {s[0] for s in STATION_LINKS} | {b[0] for b in BDL_LINKS}
    indicators = Indicator.objects.in_bulk(list(codes), field_name="code")
    first: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for code, dims, period, value in (
        Observation.objects.filter(
            indicator__code__in=[s[0] for s in STATION_LINKS],
            territory=krakow,
            period_kind="Y",
            value__isnull=False,
        )
        .order_by("period_start")
        .values_list("indicator__code", "dimensions", "period", "value")
    ):
        first.setdefault((code, dims), (int(period), value))
    count = 0
    for order, (code, station, goal, t_year, t_value, t_source, milestones, why) in enumerate(
        STATION_LINKS, start=1000
    ):
        dims = f"station={station}"
        if code not in indicators or (code, dims) not in first:
            continue
        base_year, base_value = first[(code, dims)]
        _link(
            goals[goal],
            indicators[code],
            krakow,
            dims,
            direction="lower_is_better",
            baseline_year=base_year,
            baseline_value=base_value,
            target_year=t_year,
            target_value=t_value,
            target_source=t_source,
            milestones=milestones,
            order=order,
            note=why + " Lower concentrations are better. Our linkage to IV.3 (Zrównoważone "
            "środowisko). Base: the station's first year (the strategy sets no baseline).",
        )
        count += 1
    for order, (code, goal, note) in enumerate(BDL_LINKS, start=2000):
        if code not in indicators:
            continue
        _link(
            goals[goal],
            indicators[code],
            krakow,
            direction="lower_is_better",
            order=order,
            note=note + " Lower is better.",
        )
        count += 1
    return count
