"""Council resolutions and civic-budget projects in the Kraków demo — ILLUSTRATIVE EXAMPLES.

``stradom/demo/data`` holds no register of Kraków's resolutions or civic-budget projects.
The one real fact used is the resolution adopting the Development Strategy of
Kraków (XCIV/2449/18 of 7 February 2018, see ``docs/stradom.md``); its execution
status here is the demo's own. Every other number, title, cost and vote count is
made up to show what the registers and the report on the state of the
municipality look like; each entry is ``illustrative=True`` and shown as
"Przykład ilustracyjny / Illustrative example".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from stradom.catalog.models import Domain
from stradom.core.messages import Message, Term, gettext_noop
from stradom.finance.models import Unit
from stradom.registers.models import CivicBudgetProject, Resolution
from stradom.registers.services import save_project, save_resolution
from stradom.territory.models import Territory

REASON = "demo: przykład ilustracyjny / illustrative example"
NOTE = "Przykład ilustracyjny / Illustrative example."
KRAKOW = "1261011"

# term, number, adopted, title, unit, domain, status, note
RESOLUTIONS = [
    ("2014–2018", "XCIV/2449/18", date(2018, 2, 7),
     "w sprawie przyjęcia Strategii Rozwoju Krakowa. Tu chcę żyć. Kraków 2030",
     "wo", None, "ongoing",
     "Numer i data jak w źródle (srk2030.pl); brzmienie tytułu i stan realizacji przykładowe."),
    ("2024–2029", "XXI/512/25", date(2025, 1, 29),
     "w sprawie programu dotacji do wymiany źródeł ciepła (przykład)",
     "wks", "srodowisko", "in_progress", "Nabór wniosków trwa; wypłaty po sezonie grzewczym."),
    ("2024–2029", "XXIV/598/25", date(2025, 3, 12),
     "w sprawie kampanii edukacyjnej o jakości powietrza (przykład)",
     "wks", "srodowisko", "executed", ""),
    ("2024–2029", "XXVII/671/25", date(2025, 5, 21),
     "w sprawie budowy linii tramwajowej (przykład)",
     "zdmk", "transport", "partly_executed", "Etap I zakończony; etap II przesunięty na 2026 r."),
    ("2024–2029", "XXX/745/25", date(2025, 7, 2),
     "w sprawie programu remontów chodników (przykład)",
     "zdmk", "transport", "not_executed", "Brak rozstrzygnięcia przetargu."),
    ("2024–2029", "XXXII/801/25", date(2025, 9, 17),
     "w sprawie programu modernizacji obiektów sportowych (przykład)",
     "wss", "sport", "to_execute", ""),
    ("2024–2029", "XXXIII/830/25", date(2025, 10, 8),
     "w sprawie programu osłonowego w zakresie pomocy społecznej (przykład)",
     "mops", "pomoc-spoleczna", "in_progress", ""),
    ("2024–2029", "XXXV/880/25", date(2025, 11, 19),
     "w sprawie zasad korzystania z monitoringu wizyjnego (przykład)",
     "wbz", "bezpieczenstwo", "repealed", "Uchylona uchwałą z grudnia 2025 r. (przykład)."),
]  # fmt: skip

# edition, code, title, district number (None: city-wide), domain, cost, votes, status
PROJECTS = [
    (2024, "BO.2024/031", "Zielony skwer przy ulicy (przykład)", 1, "srodowisko",
     "180000.00", 1420, "completed"),
    (2024, "BO.2024/057", "Nowe stojaki rowerowe w dzielnicy (przykład)", 5, "transport",
     "95000.00", 980, "completed"),
    (2024, "BO.2024/102", "Plac zabaw przy szkole (przykład)", 18, "sport",
     "350000.00", 2210, "in_progress"),
    (2024, "BO.2024/140", "Miejska akcja sadzenia drzew (przykład)", None, "srodowisko",
     "1200000.00", 8650, "completed"),
    (2025, "BO.2025/012", "Siłownia plenerowa nad Wisłą (przykład)", 8, "sport",
     "240000.00", 1760, "selected"),
    (2025, "BO.2025/044", "Bezpieczne przejścia dla pieszych (przykład)", 3, "bezpieczenstwo",
     "410000.00", 2975, "in_progress"),
    (2025, "BO.2025/077", "Łąka kwietna zamiast trawnika (przykład)", 1, "srodowisko",
     "60000.00", 640, "not_selected"),
    (2025, "BO.2025/090", "Warsztaty dla seniorów (przykład)", 12, "pomoc-spoleczna",
     "75000.00", None, "rejected"),
    (2025, "BO.2025/150", "Rowerowy Kraków: nowe stacje napraw (przykład)", None, "transport",
     "900000.00", 6120, "selected"),
]  # fmt: skip


def load_registers(root, report) -> None:
    """Add the example entries once; loading again finds them unchanged."""
    units = {u.code: u for u in Unit.objects.all()}
    domains = {d.code: d for d in Domain.objects.all()}
    districts = {
        t.code: t for t in Territory.objects.filter(parent__code=KRAKOW, kind="submunicipal")
    }
    existing = {(r.term, r.number): r for r in Resolution.objects.all()}
    added = 0
    for term, number, adopted, title, unit, domain, status, note in RESOLUTIONS:
        values = {
            "term": term,
            "number": number,
            "adopted_on": adopted,
            "title": title,
            "unit": units.get(unit),
            "domain": domains.get(domain) if domain else None,
            "status": status,
            "note": f"{NOTE} {note}".strip(),
            "illustrative": True,
        }
        saved = save_resolution(
            values, instance=existing.get((term, number)), reason=REASON, channel="demo"
        )
        added += saved.created
    projects = {(p.edition, p.code): p for p in CivicBudgetProject.objects.all()}
    for edition, code, title, number, domain, cost, votes, status in PROJECTS:
        district = None if number is None else districts.get(f"{KRAKOW}-{number:02d}")
        if number is not None and district is None:
            report.skip(
                gettext_noop("civic-budget project %(code)s: district %(district)s not loaded"),
                code=code,
                district=number,
            )
            continue
        saved = save_project(
            {
                "edition": edition,
                "code": code,
                "title": title,
                "district": district,
                "domain": domains.get(domain),
                "cost": Decimal(cost),
                "votes": votes,
                "status": status,
                "note": NOTE,
                "illustrative": True,
            },
            instance=projects.get((edition, code)),
            reason=REASON,
            channel="demo",
        )
        added += saved.created
    report.step(
        Term(gettext_noop("registers")),
        Message(
            gettext_noop(
                "%(added)s entries added (%(resolutions)s resolutions, %(projects)s "
                "civic-budget projects) — an illustrative example"
            ),
            {
                "added": added,
                "resolutions": Resolution.objects.count(),
                "projects": CivicBudgetProject.objects.count(),
            },
        ),
    )
