"""Writes to the territory register."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from stradom.core.messages import StradomError, gettext_noop
from stradom.territory.models import BdlUnit, Territory, TerritoryKind

COUNTRY_CODE = "PL"
_TERC_COLUMNS = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD", "STAN_NA"]
# RODZ digits of units that are parts of an urban-rural gmina (its town or its rural area).
_PART_OF_URBAN_RURAL = {"4", "5"}
# RODZ digits of districts of a city (Warsaw's dzielnice, delegatury elsewhere).
_CITY_DISTRICT = {"8", "9"}


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int


def _terc_unit(row: dict[str, str], line: int, path: str) -> dict:
    woj, pow_, gmi, rodz = (row[k].strip() for k in ("WOJ", "POW", "GMI", "RODZ"))
    name = row["NAZWA"].strip()
    if not (woj.isdigit() and len(woj) == 2) or not name:
        raise StradomError(
            gettext_noop("%(path)s, line %(line)d: WOJ must be two digits and NAZWA not empty"),
            path=path,
            line=line,
        )
    if not pow_:
        return {"code": woj, "kind": TerritoryKind.VOIVODESHIP, "parent": COUNTRY_CODE}
    if not gmi:
        return {"code": woj + pow_, "kind": TerritoryKind.POWIAT, "parent": woj}
    code = woj + pow_ + gmi + rodz
    if rodz in _PART_OF_URBAN_RURAL:
        return {"code": code, "kind": TerritoryKind.GMINA, "parent": woj + pow_ + gmi + "3"}
    if rodz in _CITY_DISTRICT:
        return {"code": code, "kind": TerritoryKind.SUBMUNICIPAL, "parent": woj + pow_}
    return {"code": code, "kind": TerritoryKind.GMINA, "parent": woj + pow_}


def ensure_country() -> Territory:
    country, _ = Territory.objects.get_or_create(
        code=COUNTRY_CODE,
        defaults={"name": "Polska", "kind": TerritoryKind.COUNTRY, "source": "ISO 3166"},
    )
    return country


@transaction.atomic
def load_teryt(path: Path) -> LoadReport:
    """Load Statistics Poland's TERC register (``TERC_Urzedowy_*.csv``); idempotent.

    The whole file is read and checked before anything is written.
    """
    text = Path(path).read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    missing = [c for c in _TERC_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise StradomError(
            gettext_noop("%(path)s: not a TERC file, missing columns %(columns)s"),
            path=str(path),
            columns=", ".join(missing),
        )
    units = []
    for line, row in enumerate(reader, start=2):
        unit = _terc_unit(row, line, str(path))
        unit["name"] = row["NAZWA"].strip()
        unit["kind_detail"] = row["NAZWA_DOD"].strip()
        unit["valid_from"] = date.fromisoformat(row["STAN_NA"].strip())
        units.append(unit)

    ensure_country()
    existing = {t.code: t for t in Territory.objects.all()}
    created = updated = unchanged = 0
    fields = ("name", "kind", "kind_detail", "valid_from")
    source = f"TERC {Path(path).name}"
    for unit in units:  # parents come before children in TERC order
        parent = existing[unit["parent"]]
        current = existing.get(unit["code"])
        if current is None:
            current = Territory.objects.create(
                code=unit["code"], parent=parent, source=source, **{f: unit[f] for f in fields}
            )
            existing[current.code] = current
            created += 1
        elif any(getattr(current, f) != unit[f] for f in fields) or current.parent_id != parent.pk:
            for f in fields:
                setattr(current, f, unit[f])
            current.parent = parent
            current.save()
            updated += 1
        else:
            unchanged += 1
    return LoadReport(created, updated, unchanged)


def register_bdl_unit(code: str, name: str, territory: Territory, note: str = "") -> BdlUnit:
    unit, _ = BdlUnit.objects.update_or_create(
        code=code, defaults={"name": name, "territory": territory, "note": note}
    )
    return unit
