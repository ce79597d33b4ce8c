"""Text forms of the overdue list and of a network's schedule (table and JSON).

Illustrative data (``illustrative=True``: dates, progress or whole instruments the
sources do not give) is marked on every line it touches with the same bilingual
label the admin uses, so a printout cannot pass an example off as fact.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _

from stradom.core.formatting import day
from stradom.instruments.queries import ILLUSTRATIVE, NetworkSchedule, UnitOverdue


def _widths(header: list[str], rows: list[list[str]]) -> list[int]:
    return [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]


def _table(header: list[str], rows: list[list[str]], widths: list[int] | None = None) -> list[str]:
    widths = widths or _widths(header, rows)
    # A column with an empty header (the example label) gets no rule under it.
    rule = ["-" * w if h else "" for h, w in zip(header, widths, strict=True)]

    def line(cells) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(rule), *(line(r) for r in rows)]


def overdue_data(units: list[UnitOverdue], as_of) -> dict[str, Any]:
    return {
        "as_of": as_of.isoformat(),
        "units": [
            {
                "unit": unit.unit,
                "overdue": [
                    {
                        "instrument": item.instrument.code,
                        "name": item.instrument.name,
                        "kind": item.instrument.kind,
                        "manager": item.instrument.manager.get_username()
                        if item.instrument.manager
                        else None,
                        "cycle": str(item.cycle),
                        "period": item.period.code,
                        "due": item.due.isoformat(),
                        "days_overdue": item.days_overdue,
                        "last_update": {
                            "period": item.last_update.period,
                            "percent_complete": item.last_update.percent_complete,
                            "recorded": item.last_update.created_at.isoformat(),
                        }
                        if item.last_update
                        else None,
                        "illustrative": item.illustrative,
                    }
                    for item in unit.items
                ],
            }
            for unit in units
        ],
    }


def overdue_json(units: list[UnitOverdue], as_of) -> str:
    return json.dumps(overdue_data(units, as_of), ensure_ascii=False, indent=2) + "\n"


def overdue_table(units: list[UnitOverdue], as_of) -> str:
    lines = [_("Overdue progress updates as of %(date)s") % {"date": day(as_of)}]
    if not units:
        lines.append(_("None: every update due has been recorded."))
        return "\n".join(lines) + "\n"
    header = [
        _("instrument"),
        _("period"),
        _("due"),
        _("days late"),
        _("manager"),
        _("last update"),
        "",
    ]
    tables = []
    for unit in units:
        rows = []
        for item in unit.items:
            last = item.last_update
            rows.append(
                [
                    f"{item.instrument.code} {item.instrument.name}",
                    item.period.code,
                    item.due.isoformat(),
                    str(item.days_overdue),
                    item.instrument.manager.get_username() if item.instrument.manager else "–",
                    f"{last.period} {last.percent_complete}%" if last else "–",
                    ILLUSTRATIVE if item.illustrative else "",
                ]
            )
        tables.append((unit.unit or _("(no owning unit)"), rows))
    widths = _widths(header, [r for _unit, rows in tables for r in rows])
    for title, rows in tables:
        lines += ["", title]
        lines += ["  " + line for line in _table(header, rows, widths)]
    return "\n".join(lines) + "\n"


def schedule_data(schedule: NetworkSchedule) -> dict[str, Any]:
    def day(d):
        return d.isoformat() if d else None

    return {
        "network": schedule.network.code,
        "name": schedule.network.name,
        "illustrative": schedule.illustrative,
        "starts_on": day(schedule.starts_on),
        "earliest_finish_days": schedule.finish_days,
        "finishes_on": day(schedule.finishes_on),
        "critical_paths": [[p.code for p in path] for path in schedule.critical_paths],
        "projects": [
            {
                "code": row.instrument.code,
                "name": row.instrument.name,
                "duration": row.timing.duration,
                "earliest_start": row.timing.earliest_start,
                "earliest_finish": row.timing.earliest_finish,
                "latest_start": row.timing.latest_start,
                "latest_finish": row.timing.latest_finish,
                "total_float": row.timing.total_float,
                "critical": row.timing.critical,
                "start": day(row.start),
                "finish": day(row.finish),
            }
            for row in schedule.projects
        ],
    }


def schedule_json(schedule: NetworkSchedule) -> str:
    return json.dumps(schedule_data(schedule), ensure_ascii=False, indent=2) + "\n"


def schedule_table(schedule: NetworkSchedule) -> str:
    network = schedule.network
    lines = [f"{network.code} {network.name}"]
    if schedule.illustrative:
        lines.append(ILLUSTRATIVE)
    finish = _("Earliest finish: day %(days)d") % {"days": schedule.finish_days}
    if schedule.finishes_on:
        finish += _(" (%(start)s – %(end)s)") % {
            "start": schedule.starts_on.isoformat(),
            "end": schedule.finishes_on.isoformat(),
        }
    lines.append(finish)
    for path in schedule.critical_paths:
        lines.append(_("Critical path: %(path)s") % {"path": " → ".join(p.code for p in path)})
    if not schedule.critical_paths:
        lines.append(_("No projects in this network."))
    header = [
        _("project"),
        _("days"),
        _("ES"),
        _("EF"),
        _("LS"),
        _("LF"),
        _("float"),
        _("critical"),
        _("start"),
        _("finish"),
    ]
    rows = [
        [
            f"{r.instrument.code} {r.instrument.name}",
            str(r.timing.duration),
            str(r.timing.earliest_start),
            str(r.timing.earliest_finish),
            str(r.timing.latest_start),
            str(r.timing.latest_finish),
            str(r.timing.total_float),
            "*" if r.timing.critical else "",
            r.start.isoformat() if r.start else "",
            r.finish.isoformat() if r.finish else "",
        ]
        for r in schedule.projects
    ]
    lines += ["", *_table(header, rows)]
    lines.append(
        _("ES/EF: earliest start/finish, LS/LF: latest, in days from the network's start.")
    )
    return "\n".join(lines) + "\n"
