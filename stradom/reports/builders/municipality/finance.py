"""Chapter 2 of the report on the state of the municipality: its finances.

* The budget tasks of the year: plan, plan after changes and execution by management
  domain (``stradom.finance.queries.summary``, as ``stradom finance summary --by
  domain`` shows them), with the tasks executed above plan.
* Revenue, expenditure and debt from the multi-year financial forecast (WPF): Annex 1
  by year (execution for past years, the expected execution, the plan and the forecast)
  and, for the budget year and after, the art. 242 and art. 243 rules as ``stradom wpf
  check`` computes them (``queries.check_version``). The version is the latest of the
  year's budget, else the newest one whose years include the year; the text names it.

Nothing is computed here that the finance queries do not compute; illustrative tasks
and versions are labelled.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stradom.charts import specs
from stradom.core.i18n import localize
from stradom.finance import queries as money
from stradom.finance.core.debt import DEFAULT_ROWS, as_percent
from stradom.finance.models import WpfVersion, WpfYear
from stradom.reports.builders.common import illustrative_note
from stradom.reports.builders.municipality import illustrative
from stradom.reports.cells import format_cell, money_text
from stradom.reports.document import Chart, Column, Paragraph, Table

# Annex 1 rows shown (the template's numbers, rozporządzenie MF z 10.01.2013): revenue and
# expenditure, total and current, the budget result and the debt.
REVENUE, EXPENDITURE, RESULT, DEBT = DEFAULT_ROWS.total_revenue, "2", "3", "6"
CURRENT_REVENUE, CURRENT_EXPENDITURE = (
    DEFAULT_ROWS.current_revenue,
    DEFAULT_ROWS.current_expenditure,
)


def chapter(doc, ctx, ch) -> None:
    doc.add(ch.heading(_("Finances")))
    _budget(doc, ctx, ch)
    version = forecast_of(ctx.year)
    doc.add(ch.section(_("Revenue and expenditure")))
    if version is None:
        doc.add(Paragraph(_("No data on the multi-year financial forecast in the system.")))
        return
    if version.illustrative:
        ctx.illustrative = True
    table = money.wpf_table(version)
    years = list(version.years.order_by("year").values_list("year", "value_type"))
    _revenue(doc, ctx, version, table, years)
    doc.add(ch.section(_("Debt and the debt rules")))
    _debt(doc, ctx, version, table, years)


def forecast_of(year: int) -> WpfVersion | None:
    """The year's WPF: the latest version of its budget, else the newest covering it."""
    versions = WpfVersion.objects.order_by("-budget_year", "-number", "-pk")
    return versions.filter(budget_year=year).first() or versions.filter(years__year=year).first()


def _budget(doc, ctx, ch) -> None:
    year = ctx.year
    doc.add(ch.section(_("Budget tasks: plan and execution in %(year)s") % {"year": year}))
    result = money.summary(year=year, by="domain")
    total = result.total
    if not total.tasks:
        doc.add(
            Paragraph(_("No data on the budget tasks of %(year)s in the system.") % {"year": year})
        )
        return
    if result.illustrative:
        ctx.illustrative = True
        doc.add(illustrative_note())
    language = ctx.language
    doc.add(
        Paragraph(
            ngettext(
                "In %(year)s the system keeps %(n)s budget task: planned at %(planned)s, "
                "%(after)s after changes; %(spent)s was spent (%(share)s of the plan after "
                "changes).",
                "In %(year)s the system keeps %(n)s budget tasks: planned at %(planned)s, "
                "%(after)s after changes; %(spent)s was spent (%(share)s of the plan after "
                "changes).",
                total.tasks,
            )
            % {
                "year": year,
                "n": total.tasks,
                "planned": money_text(total.planned, language),
                "after": money_text(total.planned_after_changes, language),
                "spent": money_text(total.spent, language),
                "share": _share(total.spent, total.planned_after_changes, language),
            }
        )
    )
    rows = [
        (
            row.name or _("Outside the management domains"),
            row.planned,
            row.planned_after_changes,
            row.spent,
            _percent(row.spent, row.planned_after_changes),
            row.tasks,
        )
        for row in result.rows
    ]
    rows.append(
        (
            _("Total"),
            total.planned,
            total.planned_after_changes,
            total.spent,
            _percent(total.spent, total.planned_after_changes),
            total.tasks,
        )
    )
    doc.add(
        Table(
            columns=(
                Column(_("Management domain")),
                Column(_("Planned"), "money"),
                Column(_("Plan after changes"), "money"),
                Column(_("Spent"), "money"),
                Column(_("Executed"), "percent", 1),
                Column(_("Budget tasks"), "number", 0),
            ),
            rows=tuple(rows),
            caption=_("Budget tasks by management domain, %(year)s") % {"year": year},
            sheet=_("Budget tasks"),
        )
    )
    if result.warnings:
        doc.add(Paragraph(" ".join(localize(w) for w in result.warnings), style="note"))


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole * 100 if whole else None


def _share(part: Decimal, whole: Decimal, language: str) -> str:
    return _percent_text(_percent(part, whole), language, 1)


def _percent_text(value: Decimal | None, language: str, decimals: int = 2) -> str:
    return format_cell(value, Column("", "percent", decimals), language)


def _kind(value_type: str) -> str:
    return str(WpfYear.ValueType(value_type).label)


def _version_words(version: WpfVersion) -> str:
    words = _("%(version)s (budget year %(budget_year)s)") % {
        "version": version.label,
        "budget_year": version.budget_year,
    }
    return f"{words}, {version.resolution}" if version.resolution else words


def _revenue(doc, ctx, version, table, years) -> None:
    if version.illustrative:
        doc.add(
            illustrative(
                _("the forecast %(version)s is an example, not the office's real data.")
                % {"version": version.label}
            )
        )
    doc.add(
        Paragraph(
            _(
                "Annex 1 of the multi-year financial forecast %(version)s, by year: "
                "execution for the past years, then the expected execution, the plan and "
                "the forecast."
            )
            % {"version": _version_words(version)}
        )
    )

    def value(code: str, year: int) -> Decimal | None:
        return table.get(code, {}).get(year)

    doc.add(
        Table(
            columns=(
                Column(_("Year"), "year"),
                Column(_("Values")),
                Column(_("Revenue"), "money"),
                Column(_("Current revenue"), "money"),
                Column(_("Expenditure"), "money"),
                Column(_("Current expenditure"), "money"),
                Column(_("Result"), "money"),
            ),
            rows=tuple(
                (
                    year,
                    _kind(kind),
                    value(REVENUE, year),
                    value(CURRENT_REVENUE, year),
                    value(EXPENDITURE, year),
                    value(CURRENT_EXPENDITURE, year),
                    value(RESULT, year),
                )
                for year, kind in years
            ),
            caption=_("Revenue and expenditure by year, %(version)s") % {"version": version.label},
            sheet=_("WPF revenue"),
        )
    )
    lines = [
        {
            "name": name,
            "points": [
                {"year": y, "value": value(code, y)}
                for y, _k in years
                if value(code, y) is not None
            ],
        }
        for code, name in ((REVENUE, _("revenue")), (EXPENDITURE, _("expenditure")))
    ]
    if all(len(line["points"]) >= 2 for line in lines):
        first, last = years[0][0], years[-1][0]
        title = _("Revenue and expenditure, %(first)s–%(last)s") % {"first": first, "last": last}
        alt = _(
            "Line chart of the revenue and the expenditure of the forecast %(version)s by "
            "year, %(first)s–%(last)s: revenue from %(revenue_first)s to %(revenue_last)s, "
            "expenditure from %(expenditure_first)s to %(expenditure_last)s."
        ) % {
            "version": version.label,
            "first": first,
            "last": last,
            "revenue_first": money_text(lines[0]["points"][0]["value"], ctx.language),
            "revenue_last": money_text(lines[0]["points"][-1]["value"], ctx.language),
            "expenditure_first": money_text(lines[1]["points"][0]["value"], ctx.language),
            "expenditure_last": money_text(lines[1]["points"][-1]["value"], ctx.language),
        }
        spec = specs.lines_spec(
            lines,
            title=title,
            unit="zł",
            value_title=_("amount"),
            period_title=_("year"),
            series_title=_("item"),
            description=alt,
            decimals=0,
        )
        doc.add(Chart(spec=spec, alt=alt, caption=title))


def _rule(ok: bool | None) -> str:
    if ok is None:
        return _("cannot be computed")
    return _("met") if ok else _("broken")


def _debt(doc, ctx, version, table, years) -> None:
    check = money.check_version(version)
    limits = {y.year: y for y in check.art243}
    balance = {y.year: y for y in check.art242}
    broken = check.breaks_debt_rules
    checked = sorted(set(limits) | set(balance))
    if broken:
        doc.add(
            Paragraph(
                _("The forecast breaks a debt rule in: %(years)s.")
                % {"years": ", ".join(str(y) for y in broken)}
            )
        )
    elif checked:
        doc.add(
            Paragraph(
                _(
                    "The forecast meets the rules of art. 242 (current balance) and art. 243 "
                    "(the debt limit) of the public finance act in every year from %(first)s "
                    "to %(last)s where they can be computed."
                )
                % {"first": checked[0], "last": checked[-1]}
            )
        )
    rows = []
    for year, _kind_of in years:
        limit, current = limits.get(year), balance.get(year)
        rows.append(
            (
                year,
                table.get(DEBT, {}).get(year),
                as_percent(limit.left) if limit else None,
                as_percent(limit.right) if limit else None,
                _rule(None if limit.breaks_limit is None else not limit.breaks_limit)
                if limit
                else None,
                _rule(None if current.breaks_rule is None else not current.breaks_rule)
                if current
                else None,
            )
        )
    doc.add(
        Table(
            columns=(
                Column(_("Year"), "year"),
                Column(_("Debt"), "money"),
                Column(_("Debt service ratio"), "percent", 2),
                Column(_("Limit"), "percent", 2),
                Column(_("Art. 243")),
                Column(_("Art. 242")),
            ),
            rows=tuple(rows),
            caption=_("Debt and the debt rules by year, %(version)s") % {"version": version.label},
            sheet=_("WPF debt"),
        )
    )
    notes = [localize(m) for m in check.notes] + [
        localize(y.message) for y in check.art243 if y.message is not None
    ]
    doc.add(
        Paragraph(
            " ".join(
                [
                    _(
                        "The debt service ratio is the left side of the art. 243 relation "
                        "(repayments and interest to revenue, after the statutory exclusions); "
                        "the limit is its right side (the mean of the past years' operating "
                        "surplus and asset sales to revenue)."
                    ),
                    *notes,
                ]
            ),
            style="note",
        )
    )
    points = [y for y in check.art243 if y.left is not None and y.right is not None]
    if len(points) >= 2:
        title = _("Debt service ratio and its limit (art. 243), %(first)s–%(last)s") % {
            "first": points[0].year,
            "last": points[-1].year,
        }
        alt = _(
            "Line chart of the debt service ratio and its art. 243 limit by year, in percent: "
            "%(items)s."
        ) % {
            "items": "; ".join(
                f"{y.year}: {_percent_text(as_percent(y.left), ctx.language)} / "
                f"{_percent_text(as_percent(y.right), ctx.language)}"
                for y in points
            )
        }
        spec = specs.lines_spec(
            [
                {
                    "name": _("debt service ratio"),
                    "points": [{"year": y.year, "value": as_percent(y.left)} for y in points],
                },
                {
                    "name": _("limit"),
                    "points": [{"year": y.year, "value": as_percent(y.right)} for y in points],
                },
            ],
            title=title,
            unit="%",
            value_title=_("share of revenue"),
            period_title=_("year"),
            series_title=_("item"),
            description=alt,
            decimals=2,
        )
        doc.add(Chart(spec=spec, alt=alt, caption=title))
