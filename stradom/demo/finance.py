"""Money in the Kraków demo: budget tasks for 2026 and a WPF — an ILLUSTRATIVE EXAMPLE.

No task-level budget data or WPF of Kraków is in ``stradom/demo/data``; the only real
figures are the 2024 totals in ``krakow/indicator_values.csv`` (revenue 9.01 and
expenditure 9.86 bn zł, krakow.pl). So every budget task, unit, undertaking and
every WPF amount here is an example, marked ``illustrative=True`` and shown as
"Przykład ilustracyjny / Illustrative example" wherever it appears. The 2024
column of the WPF uses the two real totals (rounded as published); the other
years and all the split-downs are made up so that the forecast closes (sums,
financing balance) and keeps the debt rules, as a real one must.

The classification positions are real (checked against the regulation on
load); the links to goals of the Kraków Development Strategy 2030 and to the
demo's instruments are the demo's own.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from stradom.catalog.models import Domain
from stradom.core.messages import Message, Term, gettext_noop
from stradom.finance.core.money import GROSZ
from stradom.finance.models import BudgetTask, Unit, WpfVersion
from stradom.finance.services import (
    UndertakingInput,
    create_budget_task,
    create_wpf_version,
    record_execution,
)
from stradom.instruments.models import Instrument
from stradom.strategy.models import Goal

STRATEGY = "SRK2030"
REASON = "demo: przykład ilustracyjny / illustrative example"
YEAR = 2026
WPF_CODE = "WPF-KRK-2026"
D = Decimal

# code, name, domain (demo code), Polish name, English name
UNITS = [
    ("wks", "srodowisko", "Wydział ds. środowiska (przykład)", "Environment department (example)"),
    ("zdmk", "transport", "Zarząd dróg i transportu (przykład)", "Roads and transport (example)"),
    ("wo", None, "Wydział organizacji urzędu (przykład)", "City Hall organisation (example)"),
    ("wss", "sport", "Wydział sportu (przykład)", "Sport department (example)"),
    ("mops", "pomoc-spoleczna", "Ośrodek pomocy społecznej (przykład)", "Social welfare centre"),
    ("wbz", "bezpieczenstwo", "Wydział bezpieczeństwa (przykład)", "Safety department (example)"),
]

# code, name, unit, classification, plan, plan after changes, commitments, execution,
# goal shares, instrument
TASKS = [
    ("NE-01", "Program ograniczania niskiej emisji: dotacje do wymiany źródeł ciepła", "wks",
     "900-90005-2830", "40000000.00", "42500000.00", "38000000.00", None, {"IV.3": 100}, None),
    ("NE-02", "Monitoring jakości powietrza i kampanie edukacyjne", "wks",
     "900-90005-4300", "2500000.00", "2500000.00", "1900000.00", "1712345.67",
     {"IV.3": 80, "V.1": 20}, None),
    ("ZIE-01", "Utrzymanie zieleni miejskiej", "wks",
     "900-90004-4300", "61000000.00", "63250000.50", "55000000.00", "49876543.21",
     {"IV.3": 60, "IV.6": 40}, None),
    ("OSW-01", "Oświetlenie ulic, placów i dróg: energia", "wbz",
     "900-90015-4260", "30000000.00", "30000000.00", "31250000.00", "31250000.00",
     {"IV.5": 100}, None),
    ("TRAM-01", "Rozbudowa sieci tramwajowej", "zdmk",
     "600-60004-6050", "180000000.00", "165000000.00", "150000000.00", "97500000.00",
     {"IV.4": 100}, None),
    ("DROG-01", "Remonty dróg gminnych", "zdmk",
     "600-60016-6050", "55000000.00", "55000000.00", "41000000.00", "38200000.00", {}, None),
    ("BK-01", "Barometr Krakowski: badanie opinii mieszkańców", "wo",
     "750-75095-4300", "350000.00", "350000.00", "350000.00", "120000.00", {"VI.2": 100}, "BK"),
    ("JUP-01", "Monitoring jakości usług publicznych i strategii (system STRADOM)", "wo",
     "750-75023-4300", "800000.00", "800000.00", "640000.00", "512000.33",
     {"VI.1.1": 50, "VI.2": 50}, "PF-MONITORING"),
    ("SEUP-01", "Elektroniczne usługi publiczne w Urzędzie Miasta", "wo",
     "750-75023-6050", "6000000.00", "6400000.00", "5100000.00", "3900000.00",
     {"VI.1.1": 100}, "SEUP-UMK"),
    ("SPORT-01", "Modernizacja obiektów sportowych", "wss",
     "926-92601-6050", "24000000.00", "24000000.00", "20000000.00", "14500000.00",
     {"IV.6": 100}, None),
    ("MOPS-01", "Ośrodki pomocy społecznej: wynagrodzenia", "mops",
     "852-85219-4010", "95000000.00", "96120000.00", "72090000.00", "72090000.00",
     {"V.3": 100}, None),
]  # fmt: skip
# Monthly execution of NE-01 (subsidies are paid after the heating season and in autumn).
NE_MONTHS = {
    1: "0.00", 2: "1250000.00", 3: "2400000.00", 4: "3900000.00", 5: "4100000.00",
    6: "2650000.00", 7: "1800000.00", 8: "1200000.00", 9: "3400000.00", 10: "5200000.00",
}  # fmt: skip


@transaction.atomic
def load_finance(root: Path, report) -> None:
    units = _units()
    goals = {
        g.code: g
        for g in Goal.objects.filter(strategy__code=STRATEGY).order_by("strategy__version")
    }
    instruments = {i.code: i for i in Instrument.objects.all()}
    created = 0
    for spec in TASKS:
        created += _task(spec, units, goals, instruments, report)
    version = WpfVersion.objects.filter(code=WPF_CODE).order_by("-number").first()
    if version is None:
        version = _wpf(units, goals, instruments)
    report.step(
        Term(gettext_noop("finance")),
        Message(
            gettext_noop(
                "%(created)s budget tasks of %(year)s added (%(total)s in all) and WPF "
                "%(wpf)s — an illustrative example"
            ),
            {
                "created": created,
                "year": YEAR,
                "total": BudgetTask.objects.filter(year=YEAR).count(),
                "wpf": version.label,
            },
        ),
    )


def _units() -> dict[str, Unit]:
    domains = {d.code: d for d in Domain.objects.all()}
    units = {}
    for code, domain, name_pl, name_en in UNITS:
        units[code], _ = Unit.objects.update_or_create(
            code=code,
            defaults={"name_pl": name_pl, "name_en": name_en, "domain": domains.get(domain)},
        )
    return units


def _task(spec, units, goals, instruments, report) -> int:
    code, name, unit, classification, plan, after, commitments, execution, shares, instrument = spec
    if BudgetTask.objects.filter(year=YEAR, code=code).exists():
        return 0
    missing = [g for g in shares if g not in goals]
    if missing:
        report.skip(
            gettext_noop("budget task %(code)s: goals not in the demo: %(goals)s"),
            code=code,
            goals=", ".join(missing),
        )
        return 0
    task = create_budget_task(
        year=YEAR,
        code=code,
        name_pl=name,
        unit=units[unit],
        classification=classification,
        plan=D(plan),
        plan_after_changes=D(after),
        commitments=D(commitments),
        goal_shares={goals[g]: D(share) for g, share in shares.items()},
        instrument=instruments.get(instrument) if instrument else None,
        illustrative=True,
        note="Przykład ilustracyjny / Illustrative example: kwoty nie pochodzą z budżetu Krakowa.",
        reason=REASON,
        channel="demo",
    ).task
    if execution is None:
        for month, amount in NE_MONTHS.items():
            record_execution(task, execution=D(amount), month=month, reason=REASON, channel="demo")
    else:
        record_execution(task, execution=D(execution), reason=REASON, channel="demo")
    return 1


# -- WPF ------------------------------------------------------------------------------------
def _zl(value: Decimal) -> Decimal:
    return value.quantize(GROSZ, rounding=ROUND_HALF_UP)


REVENUE_2024 = D("9010000000.00")  # krakow.pl: "9,01 mld zł" (indicator_values.csv, REVENUE)
EXPENDITURE_2024 = D("9860000000.00")  # krakow.pl: "blisko 9,86 mld zł" (EXPENDITURE)
# Expenditure as a share of revenue by year (illustrative, 2024 from the real totals).
SPENDING = {2019: "1.03", 2020: "1.02", 2021: "1.01", 2022: "1.04", 2023: "1.05",
            2025: "1.07", 2026: "1.05", 2027: "1.02", 2028: "1.00", 2029: "0.99",
            2030: "0.98", 2031: "0.97", 2032: "0.97", 2033: "0.97", 2034: "0.97",
            2035: "0.97"}  # fmt: skip
FIRST, LAST = 2019, 2035


def illustrative_wpf(first: int = FIRST, last: int = LAST) -> dict[str, dict[int, Decimal]]:
    """Annex 1 for Kraków, closing to the grosz in every year (an illustrative example)."""
    table: dict[str, dict[int, Decimal]] = {}
    debt = D("5200000000.00")  # at the end of the year before ``first`` (illustrative)
    for year in range(first, last + 1):
        revenue = _zl(REVENUE_2024 * D("1.055") ** (year - 2024))
        if year == 2024:
            revenue, expenditure = REVENUE_2024, EXPENDITURE_2024
        else:
            expenditure = _zl(revenue * D(SPENDING[year]))
        current_revenue = _zl(revenue * D("0.88"))
        property_revenue = revenue - current_revenue
        interest = _zl(debt * D("0.035"))
        current_expenditure = _zl(current_revenue * D("0.935"))
        property_expenditure = expenditure - current_expenditure
        result = revenue - expenditure
        repayments = _zl(debt / 15)
        borrowing = repayments - result
        if borrowing < 0:  # a surplus beyond the instalments repays debt early
            repayments, borrowing = result, D("0.00")
        debt = debt + borrowing - repayments
        values = {
            "1": revenue,
            "1.1": current_revenue,
            "1.1.1": _zl(current_revenue * D("0.34")),
            "1.1.2": _zl(current_revenue * D("0.06")),
            "1.1.3": _zl(current_revenue * D("0.19")),
            "1.1.3.1": _zl(current_revenue * D("0.08")),
            "1.1.4": _zl(current_revenue * D("0.17")),
            "1.1.5": _zl(current_revenue * D("0.16")),
            "1.2": property_revenue,
            "1.2.1": _zl(revenue * D("0.025")),
            "1.2.2": _zl(revenue * D("0.07")),
            "2": expenditure,
            "2.1": current_expenditure,
            "2.1.1": _zl(current_expenditure * D("0.41")),
            "2.1.2": D("0.00"),
            "2.1.3": interest,
            "2.2": property_expenditure,
            "3": result,
            "4": borrowing,
            "4.1": D("0.00"),
            "4.2": D("0.00"),
            "4.3": borrowing,
            "4.4": D("0.00"),
            "5": repayments,
            "5.1": repayments,
            "5.1.1": D("0.00"),
            "5.2": D("0.00"),
            "6": debt,
            "7.1": current_revenue - current_expenditure,
        }
        for code, amount in values.items():
            table.setdefault(code, {})[year] = amount
    return table


def _wpf(units, goals, instruments) -> WpfVersion:
    def goal_list(*codes):
        return tuple(goals[c] for c in codes if c in goals)

    undertakings = [
        UndertakingInput(
            number="1.1.2.1",
            name="Rozbudowa sieci tramwajowej (przykład)",
            purpose="Przyjazny i ekologiczny transport zbiorowy",
            unit=units["zdmk"],
            group="eu",
            kind="property",
            start_year=2024,
            end_year=2029,
            total_outlays=D("820000000.00"),
            limits={
                2026: D("165000000.00"),
                2027: D("210000000.00"),
                2028: D("190000000.00"),
                2029: D("95000000.00"),
            },  # fmt: skip
            obligations_limit=D("660000000.00"),
            goals=goal_list("IV.4"),
        ),
        UndertakingInput(
            number="1.3.1.1",
            name="Program ograniczania niskiej emisji (przykład)",
            purpose="Poprawa jakości powietrza: dotacje do wymiany źródeł ciepła",
            unit=units["wks"],
            group="other",
            kind="current",
            start_year=2025,
            end_year=2028,
            total_outlays=D("160000000.00"),
            limits={2026: D("42500000.00"), 2027: D("40000000.00"), 2028: D("38000000.00")},
            obligations_limit=D("120500000.00"),
            goals=goal_list("IV.3"),
        ),
        UndertakingInput(
            number="1.3.1.2",
            name="Badanie jakości życia i jakości usług publicznych (przykład)",
            purpose="Dane do monitorowania strategii (wskaźniki subiektywne)",
            unit=units["wo"],
            group="other",
            kind="current",
            start_year=2026,
            end_year=2029,
            total_outlays=D("1400000.00"),
            limits={
                2026: D("350000.00"),
                2027: D("350000.00"),
                2028: D("350000.00"),
                2029: D("350000.00"),
            },  # fmt: skip
            obligations_limit=D("1400000.00"),
            goals=goal_list("VI.2"),
            instruments=tuple(i for c, i in instruments.items() if c == "BJZ-JUP"),
        ),
    ]
    rows = illustrative_wpf()
    # Row 10.1 (and 10.1.1 current, 10.1.2 property): the expenditure under the Annex 2
    # limits, from the budget year on.
    for code, kind in (("10.1", None), ("10.1.1", "current"), ("10.1.2", "property")):
        rows[code] = {
            year: sum(
                (u.limits.get(year, D("0.00")) for u in undertakings if kind in (None, u.kind)),
                D("0.00"),
            )
            for year in range(YEAR, LAST + 1)
        }
    return create_wpf_version(
        code=WPF_CODE,
        budget_year=YEAR,
        rows=rows,
        labels={
            "10.1": "Wydatki objęte limitem, o którym mowa w art. 226 ust. 3 pkt 4 ustawy",
            "10.1.1": "bieżące",
            "10.1.2": "majątkowe",
        },
        undertakings=undertakings,
        resolution="Przykład ilustracyjny / Illustrative example (nie uchwała Rady Miasta Krakowa)",
        adopted_on=date(2025, 12, 17),
        illustrative=True,
        note=(
            "Przykład ilustracyjny. Rok 2024: dochody 9,01 mld zł i wydatki 9,86 mld zł "
            "(krakow.pl, zaokrąglone); pozostałe kwoty są przykładowe. / Illustrative "
            "example; 2024 totals as published by krakow.pl, everything else made up."
        ),
        reason=REASON,
        channel="demo",
    )
