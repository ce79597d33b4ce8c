"""Names and addresses of the demo's measuring stations, from GIOŚ's station metadata.

The daily files identify a station by its GIOŚ code (``MpKrakowWIOSAKra6117``), and
the import registers each code as a value of the ``station`` dimension. GIOŚ publishes
what each code stands for in its station metadata ("Metadane stacji"): the current
code, the code used before (``Stary Kod stacji``), the name, the town, the street and
the coordinates. ``found/gios_stations.csv`` holds the rows of the demo's stations
(see ``found/SOURCES.md``); each station value gets the station's name as GIOŚ writes
it ("Kraków, Aleja Krasińskiego") in both languages, since it is a proper name, and
its address, codes and years in its description.

One station measured under two codes (an old one until some year, the new one after)
is two series; both keep the station's name, followed by the code, so a list of
stations never shows the same name twice.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from stradom.catalog.models import DimensionValue
from stradom.core.messages import Message, Term, gettext_noop

STATIONS = "gios_stations.csv"


@dataclass(frozen=True)
class Station:
    code: str
    old_code: str
    name: str
    town: str
    street: str
    latitude: str
    longitude: str
    opened: str
    closed: str

    def describe(self, language: str) -> str:
        """Address, codes, coordinates and years in words, in ``language`` (pl or en)."""
        polish = language == "pl"
        place = ", ".join(filter(None, (self.street, self.town)))
        parts = [place + "." if place else ""]
        codes = f"{'Kod stacji GIOŚ' if polish else 'GIOŚ station code'}: {self.code}"
        if self.old_code and self.old_code != self.code:
            codes += f" ({'wcześniej' if polish else 'formerly'} {self.old_code})"
        parts.append(codes + ".")
        if self.latitude and self.longitude:
            lat, lon = (
                (self.latitude, self.longitude)
                if polish
                else (self.latitude.replace(",", "."), self.longitude.replace(",", "."))
            )
            parts.append(f"{'Współrzędne' if polish else 'Coordinates'} (WGS84): {lat} N, {lon} E.")
        if self.opened:
            years = (
                f"{'Pomiary od' if polish else 'Measuring from'} {self.opened}"
                + (f" {'do' if polish else 'to'} {self.closed}" if self.closed else "")
                + "."
            )
            parts.append(years)
        return " ".join(p for p in parts if p)


def read_stations(path: Path) -> dict[str, Station]:
    """The stations of a GIOŚ metadata table, by current and by old code.

    The table is GIOŚ's own layout (its headers, UTF-8, comma-separated); the street is
    ``Ulica`` in older editions and ``Adres`` in newer ones.
    """
    by_code: dict[str, Station] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            cell = {k.strip(): (v or "").strip() for k, v in row.items() if k}
            station = Station(
                code=cell["Kod stacji"],
                old_code=cell.get("Stary Kod stacji", ""),
                name=cell["Nazwa stacji"],
                town=cell.get("Miejscowość", ""),
                street=cell.get("Ulica") or cell.get("Adres", ""),
                latitude=cell.get("WGS84 φ N", ""),
                longitude=cell.get("WGS84 λ E", ""),
                opened=cell.get("Data uruchomienia", ""),
                closed=cell.get("Data zamknięcia", ""),
            )
            by_code[station.code] = station
    for station in list(by_code.values()):
        by_code.setdefault(station.old_code, station)
    by_code.pop("", None)
    return by_code


def name_stations(root: Path, report) -> None:
    """Name every value of the ``station`` dimension after its station (idempotent)."""
    path = root / "found" / STATIONS
    values = list(DimensionValue.objects.filter(dimension__code="station"))
    if not path.is_file():
        report.skip(
            gettext_noop(
                "found/%(file)s is missing: the %(count)s measuring stations are shown by "
                "their GIOŚ codes"
            ),
            file=STATIONS,
            count=len(values),
        )
        return
    known = read_stations(path)
    codes_of: dict[str, list[str]] = defaultdict(list)
    for value in values:
        if value.code in known:
            codes_of[known[value.code].code].append(value.code)
    changed = []
    for value in values:
        station = known.get(value.code)
        if station is None:
            report.skip(
                gettext_noop("station %(code)s: not in found/%(file)s, shown by its code"),
                code=value.code,
                file=STATIONS,
            )
            continue
        name = station.name
        if len(codes_of[station.code]) > 1:
            name = f"{name} ({value.code})"
        wanted = (name, name, station.describe("pl"), station.describe("en"))
        if (value.name_pl, value.name_en, value.description_pl, value.description_en) != wanted:
            value.name_pl, value.name_en, value.description_pl, value.description_en = wanted
            changed.append(value)
    DimensionValue.objects.bulk_update(
        changed, ["name_pl", "name_en", "description_pl", "description_en"]
    )
    report.step(
        Term(gettext_noop("stations")),
        Message(
            gettext_noop("%(count)s measuring stations named, %(changed)s changed"),
            {"count": len(values), "changed": len(changed)},
        ),
    )
