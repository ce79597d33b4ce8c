"""``stradom demo``: load Kraków as it is, from the public files in ``stradom/demo/data``.

Every number comes from those files; each indicator names its source. Loading
twice gives the same database (definitions are upserted, values that did not
change are left alone). What cannot be loaded — a value without a year, a
rating that is not a number — is reported with its reason, never dropped quietly.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from stradom.catalog.models import Domain, Indicator, PublicationStatus
from stradom.catalog.services import ObservationInput, write_observations
from stradom.core.i18n import localize
from stradom.core.messages import Message, StradomError, Term, gettext_noop
from stradom.demo import catalog as demo
from stradom.demo import lags
from stradom.territory.models import Territory, TerritoryKind
from stradom.territory.services import load_teryt, register_bdl_unit

REASON = "demo: public data shipped with Stradom (stradom/demo/data, see SOURCES.md)"


@dataclass
class DemoReport:
    """What the demo loaded (a step's name and what it did) and what it could not load,
    each with its reason: messages said in the operator's language by ``lines``; ``str()``
    of each is the English text."""

    steps: list[tuple[Term | str, Message]] = field(default_factory=list)
    skipped: list[Message] = field(default_factory=list)

    def step(self, name: Term | str, detail: Message) -> None:
        self.steps.append((name, detail))

    def skip(self, template: str, **params) -> None:
        self.skipped.append(Message(template, params))

    def lines(self) -> tuple[list[str], list[str]]:
        """The steps and the things not loaded, in the active language."""
        steps = [f"{_name(name)}: {localize(detail)}" for name, detail in self.steps]
        return steps, [localize(line) for line in self.skipped]


def _name(name: Term | str) -> str:
    """A step's name: a word translated, a file name or an indicator code as it is."""
    return gettext(name.text) if isinstance(name, Term) else name


def counts(created: int, updated: int, unchanged: int) -> Message:
    return Message(
        gettext_noop("%(new)s new, %(changed)s changed, %(unchanged)s unchanged"),
        {"new": created, "changed": updated, "unchanged": unchanged},
    )


def data_dir() -> Path:
    path = Path(settings.DEMO_DATA_DIR)
    if not (path / "krakow").is_dir():
        raise StradomError(
            "the demo data folder %(path)s was not found; set STRADOM_DEMO_DATA to a folder "
            "laid out like stradom/demo/data",
            path=str(path),
        )
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def load_demo(progress: Callable[[str], None] | None = None) -> DemoReport:
    report = DemoReport()
    say = progress or (lambda _msg: None)
    root = data_dir()
    with transaction.atomic():
        say("TERYT")
        load_territories(root, report)
        say("domains")
        load_domains(root, report)
        say("indicators")
        load_krakow_indicators(root, report)
        say("districts")
        load_district_values(root, report)
    from stradom.demo import finance, found, instruments, registers, strategy

    found.load_found(root, report, say)
    strategy.load_strategy(root, report)
    instruments.load_instruments(root, report)
    finance.load_finance(root, report)
    registers.load_registers(root, report)
    return report


# -- territory ------------------------------------------------------------------------------
def load_territories(root: Path, report: DemoReport) -> None:
    terc = load_teryt(root / "teryt" / "TERC_Urzedowy_2020-01-01.csv")
    report.step("TERC", counts(terc.created, terc.updated, terc.unchanged))
    for code, name, parent, note in demo.STATISTICAL_UNITS:
        Territory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": TerritoryKind.STATISTICAL,
                "parent": Territory.objects.get(code=parent),
                "source": note,
            },
        )
    for bdl_code, bdl_name, territory in demo.BDL_SUBREGIONS:
        note = "subregion of the same area as the city" if territory[0].isdigit() else ""
        register_bdl_unit(bdl_code, bdl_name, Territory.objects.get(code=territory), note)
    for bdl_code, bdl_name, territory in demo.BDL_CITY_UNITS:
        register_bdl_unit(bdl_code, bdl_name, Territory.objects.get(code=territory))

    krakow = Territory.objects.get(code=demo.KRAKOW)
    shapes = json.loads((root / "krakow" / "districts.geojson").read_text(encoding="utf-8"))
    geometry = {f["properties"]["cartodb_id"]: f["geometry"] for f in shapes["features"]}
    districts = _rows(root / "krakow" / "districts.csv")
    for row in districts:
        number = int(row["number"])
        Territory.objects.update_or_create(
            code=district_code(number),
            defaults={
                "name": row["name_pl"],
                "kind": TerritoryKind.SUBMUNICIPAL,
                "kind_detail": "dzielnica",
                "parent": krakow,
                "number": row["roman"],
                "area_km2": Decimal(row["area_km2"]),
                # districts.geojson misspells some names: matched by number (SOURCES.md).
                "geometry": geometry.get(number),
                "source": row["area_population_source_url"],
            },
        )
    report.step(
        Term(gettext_noop("districts")),
        Message(
            gettext_noop("%(count)s districts of Kraków with boundaries"), {"count": len(districts)}
        ),
    )


def district_code(number: int) -> str:
    return f"{demo.KRAKOW}-{number:02d}"


# -- catalogue ------------------------------------------------------------------------------
def load_domains(root: Path, report: DemoReport) -> None:
    count = 0
    for row in _rows(root / "krakow" / "management_domains.csv"):
        name = row["dziedzina_zarzadzania_pl"]
        if name == "UNKNOWN":
            report.skip(
                gettext_noop("management domain %(seq)s: name not found in the sources"),
                seq=row["seq"],
            )
            continue
        code, name_en = demo.DOMAINS[name]
        Domain.objects.update_or_create(
            code=code,
            defaults={
                "name_pl": name,
                "name_en": name_en,
                "order": int(row["seq"]),
                "source": row["source_url"],
            },
        )
        count += 1
    report.step(
        Term(gettext_noop("domains")),
        Message(gettext_noop("%(count)s management domains"), {"count": count}),
    )


def indicator_defaults(code: str, **values) -> dict:
    """Kind, theme and domain of a demo indicator, by the demo's assignment (see catalog.py)."""
    kind, theme = "objective", "context"
    for prefix, survey_theme in demo.SUBJECTIVE_PREFIXES.items():
        if code.startswith(prefix):
            kind = "subjective"
            theme = "public_services" if code in demo.PUBLIC_SERVICE_SURVEY else survey_theme
    if code in demo.QUALITY_OF_LIFE_OBJECTIVE:
        theme = "quality_of_life"
    domain_code = demo.INDICATOR_DOMAIN.get(code)
    return {
        "kind": kind,
        "theme": theme,
        "domain": Domain.objects.get(code=domain_code) if domain_code else None,
        "publication_status": PublicationStatus.PUBLISHED,
        "publication_lag_days": lags.publication_lag(code),
        **values,
    }


def upsert_indicator(code: str, **values) -> Indicator:
    """A demo indicator created, or brought to the shipped definition, through the
    catalogue's services: its history says what the loader set (a second load records
    nothing)."""
    from stradom.catalog.services.indicators import create_indicator, update_indicator

    values = indicator_defaults(code, **values)
    existing = Indicator.objects.filter(code=code).first()
    if existing is None:
        saved = create_indicator(actor=None, reason=REASON, channel="demo", code=code, **values)
    else:
        saved = update_indicator(existing, actor=None, reason=REASON, channel="demo", **values)
    return saved.indicator


def load_krakow_indicators(root: Path, report: DemoReport) -> None:
    definitions = _rows(root / "krakow" / "indicators.csv")
    for row in definitions:
        polarity = (
            row["polarity"]
            if row["polarity"] in ("higher_is_better", "lower_is_better")
            else "neutral"
        )
        description_pl, description_en = demo.description_of_note(row["note"])
        upsert_indicator(
            row["indicator_code"],
            name_pl=row["name_pl"],
            unit=row["unit"],
            polarity=polarity,
            decimals=2 if row["unit"] in ("mld zł", "pkt (1-5)", "pkt") else 1,
            source=_host(row["source_url"]),
            source_url=row["source_url"][:500],
            description_pl=description_pl,
            description_en=description_en,
            rules=demo.rules_of(row["indicator_code"], row["unit"]),
        )
    inputs = []
    for line, row in enumerate(_rows(root / "krakow" / "indicator_values.csv"), start=2):
        where = {"file": "krakow/indicator_values.csv", "line": line}
        where |= {"indicator": row["indicator_code"], "note": row["note"]}
        if not row["year"]:
            report.skip(
                gettext_noop("%(file)s line %(line)s (%(indicator)s): no year in the source "
                             "(%(note)s)"),
                **where,
            )  # fmt: skip
            continue
        try:
            value = Decimal(row["value"])
        except ArithmeticError:
            report.skip(
                gettext_noop("%(file)s line %(line)s (%(indicator)s): %(value)r is not a number "
                             "(%(note)s)"),
                value=row["value"],
                **where,
            )  # fmt: skip
            continue
        note = row["note"]
        inputs.append(
            ObservationInput(
                indicator=row["indicator_code"],
                territory=demo.TERRITORY_NAMES[row["territory"]],
                period=row["year"],
                value=value,
                status="estimated" if "lower bound" in note else "final",
                note=note,
                source=row["source_url"][:500],
                line=line,
            )
        )
    _write(inputs, report, "krakow/indicator_values.csv")
    report.step(
        Term(gettext_noop("indicators")),
        Message(
            gettext_noop("%(count)s indicators from %(file)s"),
            {"count": len(definitions), "file": "krakow/indicators.csv"},
        ),
    )


def load_district_values(root: Path, report: DemoReport) -> None:
    source = "https://de.m.wikipedia.org/wiki/Liste_der_Stadtbezirke_von_Krakau"
    upsert_indicator(
        "DISTRICT_POP",
        name_pl="Liczba mieszkańców dzielnicy (zameldowanych)",
        name_en="District population (registered residents)",
        unit="osoby",
        decimals=0,
        source="bip.krakow.pl (za de.wikipedia); Diagnoza krakowskich dzielnic 2016",
        source_url=source,
        description_pl="Mieszkańcy zameldowani w dzielnicy. Ich suma jest mniejsza niż liczba "
        "ludności Krakowa według GUS, liczona na innej podstawie.",
        description_en="Residents registered in the district. They add up to less than "
        "Kraków's population according to Statistics Poland, which is counted on another basis.",
        rules=demo.rules_of("DISTRICT_POP"),
    )
    upsert_indicator(
        "DISTRICT_AREA",
        name_pl="Powierzchnia dzielnicy",
        name_en="District area",
        unit="km²",
        decimals=2,
        source="bip.krakow.pl (za de.wikipedia)",
        source_url=source,
        description_pl="Powierzchnia dzielnicy według zestawienia BIP Krakowa, w którym podano "
        "też liczbę zameldowanych mieszkańców (stan na 31.12.2019).",
        description_en="The district's area from the Kraków BIP table that also gives the "
        "registered residents (as of 31 December 2019).",
        rules=demo.rules_of("DISTRICT_AREA"),
    )
    by_roman = {
        t.number: t.code
        for t in Territory.objects.filter(parent__code=demo.KRAKOW, kind=TerritoryKind.SUBMUNICIPAL)
    }
    inputs = [
        ObservationInput(
            "DISTRICT_POP",
            by_roman[row["district_roman"]],
            row["year"],
            Decimal(row["population"]),
            note=row["note"],
            source=row["source_url"][:500],
            line=line,
        )
        for line, row in enumerate(_rows(root / "krakow" / "district_population.csv"), start=2)
    ]
    # Area is published in the same table as the 31.12.2019 population.
    inputs += [
        ObservationInput(
            "DISTRICT_AREA",
            district_code(int(row["number"])),
            "2019",
            Decimal(row["area_km2"]),
            source=row["area_population_source_url"][:500],
            line=line,
        )
        for line, row in enumerate(_rows(root / "krakow" / "districts.csv"), start=2)
    ]
    _write(inputs, report, Term(gettext_noop("district population and area")))
    density = upsert_indicator(
        "DISTRICT_DENSITY",
        name_pl="Gęstość zaludnienia dzielnicy",
        name_en="District population density",
        unit="osoby/km²",
        decimals=0,
        source="bip.krakow.pl (za de.wikipedia)",
        source_url=source,
        description_pl="Obliczona przez Stradom: liczba mieszkańców zameldowanych w dzielnicy "
        "podzielona przez jej powierzchnię.",
        description_en="Computed by Stradom: the district's registered residents divided by "
        "its area.",
        calculation_pl="[DISTRICT_POP] / [DISTRICT_AREA]",
        calculation_en="[DISTRICT_POP] / [DISTRICT_AREA]",
        rules=demo.rules_of("DISTRICT_DENSITY"),
    )
    from stradom.catalog.services import set_computation

    set_computation(
        density,
        formula="[DISTRICT_POP] / [DISTRICT_AREA]",
        actor=None,
        reason=REASON,
        channel="demo",
    )


def _write(inputs: list[ObservationInput], report: DemoReport, what: Term | str) -> None:
    result = write_observations(inputs, actor=None, reason=REASON, channel="demo", replace=True)
    if not result.ok:
        raise StradomError(
            "the demo could not load %(what)s: %(problems)s",
            what=what,
            problems="; ".join(str(p) for p in result.problems[:5]),
        )
    report.step(what, counts(result.created, result.updated, result.unchanged))


def _host(url: str) -> str:
    return url.split("/")[2] if url.startswith("http") and url.count("/") >= 2 else url


def ensure_demo_admin() -> tuple[str, str | None]:
    """An administrator for the demo; the password is generated once and kept in the data folder."""
    import secrets

    from django.contrib.auth.models import User

    password_file = Path(settings.DATA_DIR) / "demo-password.txt"
    if User.objects.filter(username="admin").exists():
        known = password_file.read_text().strip() if password_file.exists() else None
        return "admin", known
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser("admin", password=password)
    password_file.parent.mkdir(parents=True, exist_ok=True)
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    return "admin", password
