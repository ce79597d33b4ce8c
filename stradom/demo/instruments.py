"""Instruments of strategic management in the Kraków demo.

Real instruments named in ``docs/domain/stradom.md`` (each with the address it is
named at): the MJUP project that produced STRADOM, a strategic project of action
VI.1.1 of the Kraków Development Strategy 2030; the other VI.1.1 strategic project
(electronic public services in the City Hall); the quality-of-life and public-services
survey; the Barometr Krakowski; the City Hall's client-satisfaction survey; the 2016
district diagnosis; and the block-housing rehabilitation programme of action V.1.1.
Their dates, owners and milestones are the ones the sources give; what they do not
give is left empty. A milestone's day reached is recorded through
``services.record_milestone`` (channel "demo"), so its history says where it came from,
as a date entered in the workspace would.

Everything else is **illustrative** (``illustrative=True``, shown as "Przykład
ilustracyjny / Illustrative example"): the portfolio that groups the surveys, the
status of instruments whose status no source states, a five-project network for a
2026 edition of the Barometr Krakowski (so the critical path can be shown), the
quarterly reporting cycle and its progress updates. Links from an instrument to a
goal or an indicator that the sources do not make are the demo's own and say so in
the note, as ``strategy.py`` does for indicator links. So is the one management domain
given to an instrument (its coordinators may then record its progress): the block-housing
programme is filed under housing; the survey and City Hall instruments have no domain, as
their field (the administration of the city) is not one of the 13 domains the sources name
(``catalog.py``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stradom.catalog.models import Domain, Indicator
from stradom.core.i18n import localize
from stradom.core.messages import Message, StradomError, Term, gettext_noop
from stradom.core.periods import parse_period
from stradom.instruments import network as cpm
from stradom.instruments import services
from stradom.instruments.models import (
    Dependency,
    Instrument,
    Milestone,
    ProgressUpdate,
    ProjectNetwork,
    ReportingCycle,
)
from stradom.strategy.models import Goal

STRATEGY = "SRK2030"
MATRIX_VI = (
    "https://srk2030.pl/strategia-rozwoju/plan-strategiczny/matryca-strategiczna-"
    "strategii-rozwoju-krakowa-2030/obszar-vi-zarzadzanie-miastem/"
)
MATRIX_V = (
    "https://srk2030.pl/strategia-rozwoju/plan-strategiczny/matryca-strategiczna-"
    "strategii-rozwoju-krakowa-2030/obszar-v-kapital-spoleczny/"
)
JZ_JUP_SURVEY = (
    "https://strategia.krakow.pl/bank_informacji_o_miescie_i_metropolii/254017,artykul,"
    "badanie_jakosci_zycia_i_jakosci_uslug_publicznych.html"
)
OURS = "Powiązanie z celem/wskaźnikami jest przypisaniem demo, nie źródła. / Our linkage."
MILESTONE_REASON = "demo: data ze źródła podanego przy instrumencie / date from its source"
INSTRUMENT_REASON = "demo: instrument ze źródła / instrument from its source"
NETWORK_REASON = (
    "demo: przykładowa sieć projektów i cykl sprawozdań / illustrative network and reporting cycle"
)
INVENTED_STATUS = "Status nie jest podany w źródłach (przykład). / Status not in the sources."

# code, kind, parent, name_pl, name_en, unit, status, dates, goals, result indicators
# (codes or a prefix ending in "*"), source, description, note, illustrative
INSTRUMENTS: list[dict] = [
    {
        "code": "PF-MONITORING",
        "kind": "portfolio",
        "name_pl": "Portfel: monitorowanie jakości życia i jakości usług publicznych",
        "name_en": "Portfolio: monitoring quality of life and of public services",
        "status": "in_progress",
        "goals": ["VI.2"],
        "note": "Grupowanie jest przykładem demo; portfeli Krakowa nie podają źródła. "
        "/ The grouping is the demo's example.",
        "illustrative": True,
    },
    {
        "code": "MJUP",
        "kind": "project",
        "parent": "PF-MONITORING",
        "name_pl": "Monitorowanie jakości usług publicznych jako element zintegrowanego "
        "systemu zarządzania jednostkami samorządu terytorialnego (MJUP)",
        "name_en": "Monitoring the quality of public services as part of an integrated "
        "management system of local government units (MJUP)",
        "owning_unit": "Wydział Organizacji i Nadzoru UMK",
        "status": "completed",
        "planned_start": date(2011, 12, 1),
        "planned_end": date(2015, 11, 30),
        "actual_start": date(2011, 12, 1),
        "actual_end": date(2015, 11, 30),
        "goals": ["VI.1.1"],
        "results": ["UMK_CSAT_SCORE", "UMK_CSAT_PCT"],
        "source_url": "https://ue.krakow.pl/projekty/4597,215,ue_projekt.html",
        "description_pl": "Projekt innowacyjny (lider: Kraków, partner: Poznań), wartość "
        "5 051 800 zł, w 100% współfinansowany z EFS, PO Kapitał Ludzki, Priorytet V "
        "„Dobre rządzenie”, Działanie 5.6. Produktem jest m.in. system STRADOM. W SRK 2030 "
        "projekt strategiczny kierunku działań VI.1.1 (srk2030.pl, matryca, obszar VI).",
        "note": "Okres realizacji z karty projektu (ue.krakow.pl), przyjęty jako planowany i "
        "faktyczny. Cel VI.1.1: srk2030.pl. Wskaźniki rezultatu: przypisanie demo. / Dates: "
        "the project card's period, taken as planned and actual; goal from srk2030.pl; result "
        "indicators are the demo's assignment.",
    },
    {
        "code": "SEUP-UMK",
        "kind": "project",
        "name_pl": "Wdrożenie i rozwój Systemu Elektronicznych Usług Publicznych w UMK",
        "name_en": "Electronic public services system of the City Hall: roll-out and development",
        "status": "in_progress",
        "goals": ["VI.1.1"],
        "results": ["UMK_NPS_ONLINE"],
        "source_url": MATRIX_VI,
        "description_pl": "Projekt strategiczny kierunku działań VI.1.1 (e-usługi) w matrycy "
        "SRK 2030 na srk2030.pl.",
        "note": INVENTED_STATUS + " Wskaźnik rezultatu: przypisanie demo.",
        "illustrative": True,
    },
    {
        "code": "BJZ-JUP",
        "kind": "programme",
        "parent": "PF-MONITORING",
        "name_pl": "Badanie Jakości Życia i Jakości Usług Publicznych w Krakowie",
        "name_en": "Survey of quality of life and quality of public services in Kraków",
        "status": "completed",
        "goals": ["VI.2"],
        "source_url": JZ_JUP_SURVEY,
        "description_pl": "Stały zestaw ok. 80 pytań o 15 dziedzin zarządzania; odpowiedzi "
        "agregowane do wskaźników zdefiniowanych w STRADOM. Edycje 2014 (PAPI) i 2018 "
        "(CAPI, jesień 2018, Inquiso); od 2020 połączone z Barometrem Krakowskim.",
        "note": "Status „zakończony”: od 2020 badanie prowadzone w ramach Barometru "
        "Krakowskiego. " + OURS,
    },
    {
        "code": "BK",
        "kind": "programme",
        "parent": "PF-MONITORING",
        "name_pl": "Barometr Krakowski",
        "name_en": "Kraków Barometer (residents' survey)",
        "owning_unit": "Wydział Rozwoju Miasta UMK",
        "status": "in_progress",
        "goals": ["VI.2"],
        "results": ["BK_*"],
        "source_url": "https://strategia.krakow.pl/252790,artykul,bank_informacji_o_miescie_"
        "i_metropolii.html/262668,artykul,raport_badawczy_bk_2022.html",
        "description_pl": "Badanie mieszkańców: zadowolenie z życia, więź z Krakowem, "
        "21-kategoriowa skala zadowolenia z ważnością, zaufanie do instytucji. Edycje "
        "2015, 2016, 2018, 2020 (CATI), 2022, 2024.",
        "note": "Wydział Rozwoju Miasta prowadził edycję 2015. Status „w realizacji”: "
        "edycje do 2024. " + OURS,
    },
    {
        "code": "UMK-BSK",
        "kind": "programme",
        "parent": "PF-MONITORING",
        "name_pl": "Badanie satysfakcji klienta Urzędu Miasta Krakowa",
        "name_en": "Kraków City Hall client-satisfaction survey",
        "status": "in_progress",
        "goals": ["VI.1"],
        "results": ["UMK_*"],
        "source_url": "https://ccnews.pl/2024/11/07/klienci-ocenili-jakosc-obslugi-w-urzedzie-"
        "miasta-krakowa/",
        "description_pl": "Badanie coroczne od 2010 (LBS); od 2024 skala 1–10 i szerszy "
        "zakres (1000 klientów); 2025: Danae, 1005 klientów w urzędzie i 195 online.",
        "note": "Cel VI.1 i wskaźniki UMK_*: jak w krakow/indicators.csv (VI.1 zmierza do "
        "wzrostu satysfakcji klientów, srk2030.pl).",
    },
    {
        "code": "DKD-2016",
        "kind": "project",
        "parent": "PF-MONITORING",
        "name_pl": "Diagnoza krakowskich dzielnic 2016",
        "name_en": "Diagnosis of Kraków's districts 2016",
        "owning_unit": "Kancelaria Rady Miasta i Dzielnic",
        "status": "completed",
        "goals": ["V.1"],
        "source_url": "http://docplayer.pl/47637345-Diagnoza-krakowskich-dzielnic-2016.html",
        "description_pl": "Badanie CEAPP UJ na zlecenie Kancelarii Rady Miasta i Dzielnic, "
        "wyniki dla każdej z 18 dzielnic; razem z Barometrem Krakowskim 2016 (3222 "
        "mieszkańców).",
        "note": OURS,
    },
    {
        "code": "PRZB-GMK",
        "kind": "programme",
        "name_pl": "Program rehabilitacji zabudowy blokowej na terenie Gminy Miejskiej Kraków",
        "name_en": "Programme for the rehabilitation of block housing in Kraków",
        "status": "in_progress",
        "goals": ["V.1.1"],
        "source_url": MATRIX_V,
        "description_pl": "Program wskazany w matrycy SRK 2030 (srk2030.pl) przy kierunku "
        "działań V.1.1.",
        "domain": "mieszkalnictwo",
        "note": INVENTED_STATUS + " Dziedzina „mieszkalnictwo”: przypisanie demo. / Domain: "
        "the demo's assignment.",
        "illustrative": True,
    },
]

# Milestones the sources date: (instrument, name, due = done, source).
MILESTONES = [
    ("MJUP", "Przekazanie dokumentów projektu do KST „Dobre rządzenie”", date(2012, 8, 28)),
    ("MJUP", "Konferencja zamykająca projekt MJUP (Warszawa, 23–24 XI 2015)", date(2015, 11, 24)),
    ("UMK-BSK", "Edycja 2024: badanie 1000 klientów (21 IX – 31 X 2024)", date(2024, 10, 31)),
    (
        "UMK-BSK",
        "Przegląd zarządzania ZSZ: cel dla nowego wskaźnika satysfakcji klienta",
        date(2025, 3, 19),
    ),
    ("BK", "Edycja 2018: badanie terenowe (V–VII 2018, 1469 respondentów)", date(2018, 7, 31)),
    ("BK", "Edycja 2022: badanie face-to-face (II kw. 2022, 1109 respondentów)", date(2022, 6, 30)),
]

# The illustrative network: a 2026 edition of the Barometr Krakowski in five projects.
NETWORK = "SIEC-BK2026"
NETWORK_START = date(2026, 6, 1)
NETWORK_PROJECTS = [
    ("BK2026-KWEST", "Barometr Krakowski 2026: kwestionariusz", 30),
    ("BK2026-PROBA", "Barometr Krakowski 2026: dobór próby i wybór wykonawcy", 45),
    ("BK2026-TEREN", "Barometr Krakowski 2026: badanie terenowe", 60),
    ("BK2026-ANALIZA", "Barometr Krakowski 2026: analiza wyników", 40),
    ("BK2026-RAPORT", "Barometr Krakowski 2026: raport i publikacja", 20),
]
NETWORK_LINKS = [
    ("BK2026-KWEST", "BK2026-TEREN", "FS", 0),
    ("BK2026-PROBA", "BK2026-TEREN", "FS", 0),
    ("BK2026-TEREN", "BK2026-ANALIZA", "SS", 30),  # analysis starts a month into fieldwork
    ("BK2026-ANALIZA", "BK2026-RAPORT", "FS", 0),
]
# Illustrative course of the edition: status, actual start, actual end.
NETWORK_PROGRESS = {
    "BK2026-KWEST": ("completed", date(2026, 6, 1), date(2026, 6, 30)),
    "BK2026-PROBA": ("completed", date(2026, 6, 1), date(2026, 7, 20)),
    "BK2026-TEREN": ("completed", date(2026, 7, 21), date(2026, 9, 18)),
    "BK2026-ANALIZA": ("in_progress", date(2026, 8, 20), None),
    "BK2026-RAPORT": ("in_progress", date(2026, 10, 1), None),
}
CYCLE = "Kwartalne sprawozdania z realizacji instrumentów (przykład)"
# Illustrative updates: (instrument, period, % complete, narrative, risks, next steps).
UPDATES = [
    ("BK", "2026-Q2", 30, "Przygotowanie edycji 2026.", "", "Badanie terenowe w III kw."),
    ("BK2026-KWEST", "2026-Q2", 100, "Kwestionariusz przyjęty.", "", ""),
    ("BK2026-PROBA", "2026-Q2", 70, "Operat losowania gotowy.", "Odwołanie w przetargu.", ""),
    ("BK2026-PROBA", "2026-Q3", 100, "Wykonawca wybrany z 5-dniowym opóźnieniem.", "", ""),
    ("BK2026-TEREN", "2026-Q3", 100, "Zrealizowano próbę.", "", "Przekazanie danych."),
    ("BK2026-ANALIZA", "2026-Q3", 60, "Wstępne tabele.", "Braki danych w 2 dzielnicach.", ""),
    ("UMK-BSK", "2026-Q2", 10, "Przygotowanie edycji 2026.", "", "Wybór wykonawcy."),
]


@transaction.atomic
def load_instruments(root: Path, report) -> None:
    goals = {
        g.code: g
        for g in Goal.objects.filter(strategy__code=STRATEGY).order_by("strategy__version")
    }
    indicators = list(
        Indicator.objects.filter(Q(code__startswith="BK_") | Q(code__startswith="UMK_"))
    )
    made: dict[str, Instrument] = {}
    for spec in INSTRUMENTS:
        made[spec["code"]] = _instrument(spec, made, goals, indicators, report)
    for code, name, when in MILESTONES:
        _milestone(made[code], name, when, report)
    _network(made["BK"], goals, report)
    in_cycle = ["BK", "UMK-BSK", "SEUP-UMK", "PRZB-GMK", *(p[0] for p in NETWORK_PROJECTS)]
    existing = ReportingCycle.objects.filter(name_pl=CYCLE).first()
    cycle = services.save_cycle(
        {
            **({"name_pl": CYCLE} if existing is None else {}),
            "name_en": "Quarterly progress reports (illustrative)",
            "frequency": "Q",
            "starts_on": date(2026, 1, 1),
            "grace_days": 14,
            "illustrative": True,
            "instruments": list(Instrument.objects.filter(code__in=in_cycle)),
        },
        instance=existing,
        actor=None,
        reason=NETWORK_REASON,
        channel="demo",
    )
    added = _updates(cycle, report)
    report.step(
        Term(gettext_noop("instruments")),
        Message(
            gettext_noop(
                "%(count)s instruments (%(real)s real), network %(network)s (illustrative), "
                "%(added)s progress updates added"
            ),
            {
                "count": Instrument.objects.count(),
                "real": Instrument.objects.filter(illustrative=False).count(),
                "network": NETWORK,
                "added": added,
            },
        ),
    )


def _instrument(spec, made, goals, indicators, report) -> Instrument:
    fields = {
        k: v
        for k, v in spec.items()
        if k in services.INSTRUMENT_FIELDS and k not in ("code", "parent")
    }
    fields.setdefault("illustrative", False)
    fields["parent"] = made.get(spec.get("parent"))
    if "domain" in spec:
        fields["domain"] = Domain.objects.filter(code=spec["domain"]).first()
        if fields["domain"] is None:
            report.skip(
                gettext_noop("instrument %(code)s: domain %(domain)s not loaded"),
                code=spec["code"],
                domain=spec["domain"],
            )
    wanted = []
    for code in spec.get("goals", []):
        if code in goals:
            wanted.append(goals[code])
        else:
            report.skip(
                gettext_noop("instrument %(code)s: goal %(goal)s is not in %(strategy)s"),
                code=spec["code"],
                goal=code,
                strategy=STRATEGY,
            )
    results = []
    for pattern in spec.get("results", []):
        if pattern.endswith("*"):
            results += [i for i in indicators if i.code.startswith(pattern[:-1])]
        else:
            results += [i for i in indicators if i.code == pattern]
    existing = Instrument.objects.filter(code=spec["code"]).first()
    if existing is None:
        return services.create_instrument(
            actor=None,
            reason=INSTRUMENT_REASON,
            channel="demo",
            code=spec["code"],
            goals=wanted,
            result_indicators=results,
            **fields,
        )
    # A second load changes nothing and records nothing; a changed source is kept in the
    # instrument's history with the loader as its channel.
    return services.update_instrument(
        existing,
        actor=None,
        reason=INSTRUMENT_REASON,
        channel="demo",
        goals=wanted,
        result_indicators=results,
        **fields,
    )


def _milestone(instrument: Instrument, name: str, when: date, report) -> None:
    """A milestone the sources date, reached on its due day: created, or its day reached
    brought to the source's, through the services (a second load records nothing)."""
    try:
        milestone = Milestone.objects.filter(instrument=instrument, name_pl=name).first()
        if milestone is None:
            services.add_milestone(
                instrument,
                actor=None,
                name_pl=name,
                due_date=when,
                done_date=when,
                reason=MILESTONE_REASON,
                channel="demo",
            )
            return
        milestone = services.save_milestone(
            {"due_date": when},
            instance=milestone,
            actor=None,
            reason=MILESTONE_REASON,
            channel="demo",
        )
        services.record_milestone(
            milestone,
            actor=None,
            actual_date=when,
            note=milestone.note,
            reason=MILESTONE_REASON,
            channel="demo",
        )
    except StradomError as exc:
        report.skip(
            gettext_noop("milestone %(code)s %(name)s: %(error)s"),
            code=instrument.code,
            name=name,
            error=localize(exc),
        )


def _network(programme: Instrument, goals, report) -> None:
    durations = {code: days for code, _, days in NETWORK_PROJECTS}
    plan = cpm.schedule(
        durations, [cpm.Dependency(a, b, cpm.Link(k), lag) for a, b, k, lag in NETWORK_LINKS]
    )
    projects = {}
    for code, name, days in NETWORK_PROJECTS:
        start = NETWORK_START + timedelta(days=plan.projects[code].earliest_start)
        status, actual_start, actual_end = NETWORK_PROGRESS[code]
        projects[code] = _instrument(
            {
                "code": code,
                "kind": "project",
                "parent": "BK",
                "name_pl": name,
                "owning_unit": "Wydział Rozwoju Miasta UMK",
                "status": status,
                "planned_start": start,
                "planned_end": start + timedelta(days=days - 1),
                "actual_start": actual_start,
                "actual_end": actual_end,
                "goals": ["VI.2"],
                "note": "Projekt, daty i postęp są przykładem demo. / Illustrative project.",
                "illustrative": True,
            },
            {"BK": programme},
            goals,
            [],
            report,
        )
    services.check_dependencies(
        ProjectNetwork(code=NETWORK),
        [(projects[a], projects[b], k, lag) for a, b, k, lag in NETWORK_LINKS],
    )
    existing = ProjectNetwork.objects.filter(code=NETWORK).first()
    network = services.save_network(
        {
            **({"code": NETWORK} if existing is None else {}),
            "name_pl": "Barometr Krakowski 2026 – sieć projektów (przykład)",
            "name_en": "Kraków Barometer 2026 – project network (illustrative)",
            "illustrative": True,
            "note": "Zależności i czasy trwania są przykładem demo. / Illustrative.",
            "projects": list(projects.values()),
        },
        instance=existing,
        actor=None,
        reason=NETWORK_REASON,
        channel="demo",
    )
    for a, b, kind, lag in NETWORK_LINKS:
        key = {"network": network, "predecessor": projects[a], "successor": projects[b]}
        link = Dependency.objects.filter(**key).first()
        services.save_dependency(
            {**(key if link is None else {}), "kind": kind, "lag_days": lag},
            instance=link,
            actor=None,
            reason=NETWORK_REASON,
            channel="demo",
        )


def _updates(cycle: ReportingCycle, report) -> int:
    added = 0
    instruments = Instrument.objects.in_bulk([u[0] for u in UPDATES], field_name="code")
    for code, period, percent, narrative, risks, next_steps in UPDATES:
        instrument = instruments[code]
        if ProgressUpdate.objects.filter(instrument=instrument, period=period).exists():
            continue  # loaded before: the history is not doubled
        try:
            update = services.record_progress(
                instrument,
                actor=None,
                period=period,
                percent_complete=percent,
                narrative=narrative,
                risks=risks,
                next_steps=next_steps,
                cycle=cycle,
                illustrative=True,
            )
        except StradomError as exc:
            report.skip(
                gettext_noop("progress update %(code)s %(period)s: %(error)s"),
                code=code,
                period=period,
                error=localize(exc),
            )
            continue
        # Illustrative history: filed a week after the quarter ended, not on load day.
        filed = parse_period(period).end + timedelta(days=7)
        if filed < timezone.localdate():
            ProgressUpdate.objects.filter(pk=update.pk).update(
                created_at=datetime(filed.year, filed.month, filed.day, 8, tzinfo=UTC)
            )
        added += 1
    return added
