"""Money and the finance read-outs as text: tables for the command line, and JSON.

Amounts are shown with their grosze, grouped the way the active language writes
numbers (``1 234 567,89`` in Polish, ``1,234,567.89`` in English), by
``stradom.core.formatting.money`` as everywhere else; a table's columns say the
currency in their heading, so the cells do not. Shares are rounded for display only.
"""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from stradom.core import formatting
from stradom.core.i18n import localize
from stradom.finance.core.debt import as_percent
from stradom.finance.queries import MoneyRow, Summary, WpfCheck

ILLUSTRATIVE = "Przykład ilustracyjny / Illustrative example"


def _amount(amount: Decimal | None) -> str:
    """An amount in a column whose heading names the currency: ``1 234,50``."""
    return formatting.money(amount, unit=False)


def percent_text(ratio: Decimal | None, places: int = 2) -> str:
    """A ratio (``0.0912``) as a percentage: ``9,12%``."""
    return formatting.percent(None if ratio is None else ratio * 100, places)


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _years(years: list[int]) -> str:
    if not years:
        return ""
    if len(years) == 1:
        return str(years[0])
    return f"{years[0]}–{years[-1]}"


def summary_table(result: Summary, *, name_width: int = 50) -> str:
    lines = []
    if result.illustrative:
        lines += [f"*** {ILLUSTRATIVE} ***", ""]
    titles = {
        "goal": _("Money by goal"),
        "domain": _("Money by domain"),
        "unit": _("Money by unit"),
        "instrument": _("Money by instrument"),
    }
    lines.append(f"{titles[result.by]}, {_years(result.years)}")
    if result.by == "goal" and result.strategy is not None:
        lines.append(str(result.strategy))
    lines.append("")
    header = [
        _("code"),
        _("name"),
        pgettext("money column: the adopted plan", "planned"),
        _("plan after changes"),
        _("committed"),
        _("spent"),
        _("remaining"),
        _("share of budget"),
    ]

    def cells(row: MoneyRow, indent: bool) -> list[str]:
        name = row.name if len(row.name) <= name_width else row.name[: name_width - 1] + "…"
        return [
            ("  " * (row.depth - 1) if indent else "") + row.key,
            name,
            _amount(row.planned),
            _amount(row.planned_after_changes),
            _amount(row.committed),
            _amount(row.spent),
            _amount(row.remaining),
            percent_text(row.share_of_budget),
        ]

    rows = [cells(r, result.by == "goal") for r in result.rows]
    total = cells(result.total, False)
    with_limits = any(r.wpf_limits is not None for r in result.rows)
    if with_limits:
        header.append(_("WPF limits"))
        for row, item in zip(rows, result.rows, strict=True):
            row.append(_amount(item.wpf_limits))
        total.append("")
    total[0], total[1] = (
        _("total"),
        _("all budget tasks (%(count)s)") % {"count": result.total.tasks},
    )
    rows.append(total)
    lines += _table(header, rows, right={2, 3, 4, 5, 6, 7, 8})
    if result.warnings:
        lines += ["", _("Execution above plan:")]
        lines += [f"  ! {localize(w)}" for w in result.warnings]
    if result.goals_without_money:
        label = _("Goals with no money:")
        lines += ["", f"{label} {len(result.goals_without_money)}"]
        lines += textwrap.wrap(
            ", ".join(result.goals_without_money), width=100, initial_indent="  ",
            subsequent_indent="  ", break_on_hyphens=False,
        )  # fmt: skip
    flags = [
        (_("Instruments with no goal:"), result.instruments_without_goal),
        (
            _("Undertakings whose limits run past the WPF horizon:"),
            result.undertakings_past_horizon,
        ),
    ]
    for title, items in flags:
        if items:
            lines += ["", f"{title} {len(items)}"]
            lines += [f"  - {item}" for item in items]
    return "\n".join(lines) + "\n"


def summary_json(result: Summary) -> str:
    data = {
        "illustrative": result.illustrative,
        "label": ILLUSTRATIVE if result.illustrative else "",
        "by": result.by,
        "years": result.years,
        "strategy": None if result.strategy is None else str(result.strategy),
        "rows": [r.as_dict() for r in result.rows],
        "total": result.total.as_dict(),
        "warnings": [localize(w) for w in result.warnings],
        "goals_without_money": result.goals_without_money,
        "instruments_without_goal": result.instruments_without_goal,
        "undertakings_past_horizon": result.undertakings_past_horizon,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def check_table(check: WpfCheck) -> str:
    lines = []
    if check.illustrative:
        lines += [f"*** {ILLUSTRATIVE} ***", ""]
    lines.append(_("WPF %(version)s, budget year %(year)s") % {
        "version": check.label, "year": check.budget_year or "–"})  # fmt: skip
    lines.append("")
    if check.problems:
        lines.append(_("The forecast does not close:"))
        lines += [f"  ✗ {localize(p.message)}" for p in check.problems]
    else:
        lines.append(_("Sums and the financing balance close in every year."))
    lines += ["", _("Art. 242 (current balance) and art. 243 (debt limit) by year:")]
    relation = {y.year: y for y in check.art243}
    rows = []
    for item in check.art242:
        year = relation.get(item.year)
        rows.append(
            [
                str(item.year),
                _amount(item.margin),
                _("broken") if item.breaks_rule else ("–" if item.breaks_rule is None else _("ok")),
                "–" if year is None else percent_text(year.left),
                "–" if year is None else percent_text(year.right),
                "–" if year is None or year.breaks_limit is None else (
                    _("LIMIT BROKEN") if year.breaks_limit else _("ok")),
            ]
        )  # fmt: skip
    header = [
        _("year"),
        _("art. 242 margin"),
        _("art. 242"),
        _("art. 243 left"),
        _("art. 243 limit"),
        _("art. 243"),
    ]
    lines += _table(header, rows, right={1, 3, 4})
    messages = [y.message for y in check.art243 if y.message is not None and y.breaks_limit is None]
    if messages:
        lines += ["", _("Not computed:")] + [f"  - {localize(m)}" for m in messages[:5]]
        if len(messages) > 5:
            lines.append(f"  … ({len(messages) - 5})")
    for note in check.notes:
        lines.append(f"  - {localize(note)}")
    if check.annex_mismatches:
        lines += ["", _("Annex 1 row 10.1 and the Annex 2 limits:")]
        lines += [f"  ! {localize(m)}" for m in check.annex_mismatches]
    if check.undertakings_past_horizon:
        lines += ["", _("Undertakings whose limits run past the WPF horizon:")]
        lines += [f"  - {u.number} {u.name} ({u.start_year}–{u.end_year})"
                  for u in check.undertakings_past_horizon]  # fmt: skip
    if check.breaks_debt_rules:
        years = ", ".join(str(y) for y in check.breaks_debt_rules)
        lines += ["", _("Debt rules broken in: %(years)s") % {"years": years}]
    return "\n".join(lines) + "\n"


def check_json(check: WpfCheck) -> str:
    def num(value):
        return None if value is None else format(value, "f")

    data = {
        "version": check.label,
        "illustrative": check.illustrative,
        "sums_close": check.sums_close,
        "problems": [
            {"row": p.row, "year": p.year, "difference": num(p.difference),
             "rule": p.rule, "message": localize(p.message)}
            for p in check.problems
        ],
        "art242": [
            {"year": y.year, "margin": num(y.margin), "breaks_rule": y.breaks_rule}
            for y in check.art242
        ],
        "art243": [
            {"year": y.year, "window": y.window, "left": num(y.left), "right": num(y.right),
             "left_percent": num(as_percent(y.left)), "right_percent": num(as_percent(y.right)),
             "breaks_limit": y.breaks_limit,
             "message": None if y.message is None else localize(y.message)}
            for y in check.art243
        ],
        "breaks_debt_rules": check.breaks_debt_rules,
        "annex_mismatches": [localize(m) for m in check.annex_mismatches],
        "undertakings_past_horizon": [u.number for u in check.undertakings_past_horizon],
    }  # fmt: skip
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
