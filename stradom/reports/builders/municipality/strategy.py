"""Chapter 3 of the report on the state of the municipality: the strategy, the policies
and programmes that carry it out, and their status.

* The assessment of the strategy as of the year (``strategy.queries.strategy_view``, as
  the pages and the monitoring report assess it): its indicators by status in words and
  as a chart, and the top-level goals with their roll-up.
* The programmes, projects and portfolios (``stradom.instruments``) with their status,
  their latest progress update and the goals they serve.
* The indicators linked to the strategy by management domain; the domains with none
  are named once, in one sentence.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stradom.catalog.models import Domain
from stradom.instruments.models import Instrument, InstrumentKind, InstrumentStatus
from stradom.instruments.queries import latest_updates
from stradom.reports.builders.assessed import coverage_text, groups_text, status_chart
from stradom.reports.builders.common import (
    InstrumentFacts,
    instrument_table,
    status_words,
    value_text,
)
from stradom.reports.builders.municipality import illustrative
from stradom.reports.document import Column, Heading, Paragraph, Table
from stradom.reports.labels import goal_title

NO_DOMAIN = ""  # the assessment's domain code of an indicator without one
KIND_ORDER = (InstrumentKind.PORTFOLIO, InstrumentKind.PROGRAMME, InstrumentKind.PROJECT)


def chapter(doc, ctx, ch) -> None:
    doc.add(ch.heading(_("The strategy, policies and programmes")))
    _assessment(doc, ctx, ch)
    _instruments(doc, ctx, ch)
    if ctx.view is not None:
        _by_domain(doc, ctx, ch)


def _assessment(doc, ctx, ch) -> None:
    doc.add(ch.section(_("The development strategy")))
    view = ctx.view
    if view is None:
        doc.add(Paragraph(_("No data on the development strategy in the system.")))
        return
    links = view.links
    sentences = [
        _(
            "%(strategy)s as of %(year)s, assessed with the method “%(method)s”; a goal's "
            "status is the average over its indicators and those of the goals below it."
        )
        % {"strategy": view.name, "year": ctx.year, "method": view.method_title},
        ngettext("The goal tree has %(n)s goal.", "The goal tree has %(n)s goals.", len(view.goals))
        % {"n": len(view.goals)},
        ngettext(
            "%(n)s indicator is linked to them.", "%(n)s indicators are linked to them.", len(links)
        )
        % {"n": len(links)},
        *groups_text(links),
    ]
    if links:
        covered = sum(g.covered for g in view.roots)
        sentences.append(coverage_text(covered, len(links), ctx.year, view.coverage_years))
    doc.add(Paragraph(" ".join(sentences)))
    if links:
        doc.add(status_chart(links, _("Indicators by status, %(year)s") % {"year": ctx.year}))
    doc.add(
        Table(
            columns=(
                Column(_("Goal")),
                Column(_("Status")),
                Column(_("Indicators"), "number", 0),
                Column(_("Assessed"), "number", 0),
                Column(_("With recent data"), "number", 0),
            ),
            rows=tuple(
                (
                    goal_title(g.code, g.name, g.level),
                    status_words(g.status),
                    g.n_links,
                    g.n_assessable,
                    g.covered,
                )
                for g in view.roots
            ),
            caption=_("The strategy's top-level goals and their status, %(year)s")
            % {"year": ctx.year},
            sheet=_("Goals"),
        ),
        Paragraph(
            _(
                "The goals below them, each indicator's numbers and the method's inputs are in "
                "the strategy monitoring report for %(year)s."
            )
            % {"year": ctx.year},
            style="note",
        ),
    )


def _instruments(doc, ctx, ch) -> None:
    doc.add(ch.section(_("Programmes and projects")))
    order = Case(
        *(When(kind=kind, then=Value(n)) for n, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )
    items = list(
        Instrument.objects.annotate(kind_order=order)
        .order_by("kind_order", "code")
        .prefetch_related("goals")
    )
    if not items:
        doc.add(Paragraph(_("No data on programmes and projects in the system.")))
        return
    statuses = Counter(i.status for i in items)
    counts = "; ".join(
        f"{label}: {statuses[value]}"
        for value, label in InstrumentStatus.choices
        if statuses[value]
    )
    doc.add(
        Paragraph(
            ngettext(
                "%(n)s programme, project or portfolio is kept in the system; by status: "
                "%(counts)s.",
                "%(n)s programmes, projects and portfolios are kept in the system; by status: "
                "%(counts)s.",
                len(items),
            )
            % {"n": len(items), "counts": counts}
        )
    )
    if any(i.illustrative for i in items):
        ctx.illustrative = True
        doc.add(
            illustrative(_("the programmes and projects marked so are examples, not real ones."))
        )
    doc.add(
        instrument_table(
            items,
            ("code_name_marked", "kind", "status", "percent_complete", "update_period", "goals"),
            InstrumentFacts(updates=latest_updates(items)),
            caption=_("Programmes, projects and portfolios and their progress"),
            sheet=_("Programmes and projects"),
        )
    )


def _by_domain(doc, ctx, ch) -> None:
    doc.add(ch.section(_("Indicators by management domain")))
    links: dict[str, list] = defaultdict(list)
    for r in ctx.view.links:
        links[r.domain].append(r)
    if not links:
        doc.add(Paragraph(_("No data on the strategy's indicators in the system.")))
        return
    domains = list(Domain.objects.order_by("order", "code"))
    without = [d.name for d in domains if not links.get(d.code)]
    shown = [(d.code, _capital(d.name)) for d in domains if links.get(d.code)]
    if links.get(NO_DOMAIN):
        shown.append((NO_DOMAIN, _("Outside the management domains")))
    for code, name in shown:
        doc.add(Heading(name, 3), _domain_table(links[code], name, ctx))
    if without:
        doc.add(
            Paragraph(
                _("No indicator of these domains is linked to the strategy's goals: %(domains)s.")
                % {"domains": ", ".join(without)}
            )
        )


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]  # domain names may be written lower-case


def _domain_table(rows: list, name: str, ctx) -> Table:
    language = ctx.language
    return Table(
        columns=(
            Column(_("Goal"), "code"),
            Column(_("Indicator")),
            Column(_("Status")),
            Column(_("Latest value")),
            Column(_("Target")),
        ),
        rows=tuple(
            (
                r.goal_code,
                f"{r.indicator_name} ({r.unit})" if r.unit else r.indicator_name,
                status_words(r.status_view, r.label_text),
                value_text(r.latest_value, r.latest_year, r.decimals, language),
                value_text(r.target_value, r.target_year, r.decimals, language),
            )
            for r in rows
        ),
        caption=_("%(domain)s: goals and indicators, %(year)s")
        % {"domain": name, "year": ctx.year},
    )
