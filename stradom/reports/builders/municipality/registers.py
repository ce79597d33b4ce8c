"""Chapters 4 and 5 of the report on the state of the municipality: the execution of the
council's resolutions and the civic budget, from the registers
(``stradom.registers.queries``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stradom.registers import queries as registers
from stradom.registers.models import ProjectStatus, ResolutionStatus
from stradom.reports.builders.common import ILLUSTRATIVE
from stradom.reports.builders.municipality import illustrative, todo
from stradom.reports.cells import money_text
from stradom.reports.document import Column, Paragraph, Table


def resolutions_chapter(doc, ctx, ch) -> None:
    year = ctx.year
    doc.add(ch.heading(_("Execution of the council's resolutions")))
    counts = registers.resolution_counts(year)
    total = sum(n for _code, _label, n in counts)
    if not total:
        doc.add(
            Paragraph(
                _("No data on the council's resolutions of %(year)s in the system.")
                % {"year": year}
            )
        )
        return
    items = list(registers.resolutions(year=year))
    doc.add(
        Paragraph(
            ngettext(
                "In %(year)s the council adopted %(n)s resolution kept in the register.",
                "In %(year)s the council adopted %(n)s resolutions kept in the register.",
                total,
            )
            % {"year": year, "n": total}
        ),
        todo(_("the resolutions not executed or executed in part, and why")),
    )
    if any(r.illustrative for r in items):
        ctx.illustrative = True
        doc.add(illustrative(_("the resolutions marked so are examples, not real ones.")))
    doc.add(
        Table(
            columns=(Column(_("Execution status")), Column(_("Resolutions"), "number", 0)),
            rows=tuple((str(label), n) for _code, label, n in counts if n) + ((_("Total"), total),),
            caption=_("Resolutions adopted in %(year)s by execution status") % {"year": year},
            sheet=_("Resolutions by status"),
        ),
        Table(
            columns=(
                Column(_("Number"), "code"),
                Column(_("Date adopted"), "date"),
                Column(_("Title")),
                Column(_("Responsible unit")),
                Column(_("Execution status")),
                Column(_("Note")),
            ),
            rows=tuple(
                (
                    r.number,
                    r.adopted_on,
                    r.title,
                    r.unit.name if r.unit_id else None,
                    str(ResolutionStatus(r.status).label),
                    (f"{ILLUSTRATIVE}. " if r.illustrative and ILLUSTRATIVE not in r.note else "")
                    + r.note,
                )
                for r in items
            ),
            caption=_("Resolutions adopted in %(year)s") % {"year": year},
            sheet=_("Resolutions"),
        ),
    )


def civic_budget_chapter(doc, ctx, ch) -> None:
    year = ctx.year
    doc.add(ch.heading(_("Civic budget")))
    rows = [r for r in registers.civic_budget_rows() if r.edition <= year]
    if not rows:
        doc.add(
            Paragraph(
                _("No data on the civic budget up to %(year)s in the system.") % {"year": year}
            )
        )
        return
    current = [r for r in rows if r.edition == year]
    funded = sum((r.funded_cost for r in current), Decimal("0.00"))
    chosen = sum(r.by_status.get(s, 0) for r in current for s in registers.FUNDED)
    n = sum(r.count for r in current)
    doc.add(
        Paragraph(
            ngettext(
                "Edition %(year)s: %(n)s project in the register, %(chosen)s selected for "
                "execution, costing %(funded)s.",
                "Edition %(year)s: %(n)s projects in the register, %(chosen)s selected for "
                "execution, costing %(funded)s.",
                n,
            )
            % {"year": year, "n": n, "chosen": chosen, "funded": money_text(funded, ctx.language)}
        ),
        todo(
            _("how the civic budget was run in %(year)s: the vote, turnout, execution")
            % {"year": year}
        ),
    )
    if any(r.illustrative for r in rows):
        ctx.illustrative = True
        doc.add(
            illustrative(
                _("the civic-budget projects in this register are examples, not real ones.")
            )
        )
    doc.add(
        Table(
            columns=(
                Column(_("Edition"), "year"),
                Column(_("District")),
                Column(_("Projects"), "number", 0),
                Column(_("Cost"), "money"),
                Column(_("Cost of the projects selected"), "money"),
                Column(_("Votes"), "number", 0),
                Column(_("Status")),
            ),
            rows=tuple(
                (
                    r.edition,
                    r.district_name or _("city-wide"),
                    r.count,
                    r.cost,
                    r.funded_cost,
                    r.votes,
                    "; ".join(f"{ProjectStatus(s).label}: {n}" for s, n in r.by_status.items()),
                )
                for r in rows
            ),
            caption=_("Civic-budget projects by edition and district"),
            sheet=_("Civic budget by district"),
        )
    )
    every = list(registers.projects(edition=year))
    if every:
        doc.add(
            Table(
                columns=(
                    Column(_("Number"), "code"),
                    Column(_("Title")),
                    Column(_("District")),
                    Column(_("Cost"), "money"),
                    Column(_("Votes"), "number", 0),
                    Column(_("Status")),
                ),
                rows=tuple(
                    (
                        p.code,
                        p.title + (f" ({ILLUSTRATIVE})" if p.illustrative else ""),
                        p.district.name if p.district_id else _("city-wide"),
                        p.cost,
                        p.votes,
                        str(ProjectStatus(p.status).label),
                    )
                    for p in every
                ),
                caption=_("Civic-budget projects of edition %(year)s") % {"year": year},
                sheet=_("Civic budget"),
            )
        )
