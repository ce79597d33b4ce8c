"""The indicator sheet (metryka wskaźnika): one indicator on paper, as its page shows it.

Everything comes from the functions behind the indicator pages, so the sheet and
the screen cannot disagree: ``stradom.strategy.queries.indicator_view`` (the series,
its table with confidence intervals and unweighted bases, baseline and target,
the district values, the comparison with other cities and the chart specs) and
``indicator_assessments`` (each strategy's assessment, with the method's inputs in
words, as the workspace page explains them).

Permissions: the indicator must be one the user may see
(``stradom.accounts.permissions.can(user, VIEW)``); otherwise the request is
refused with the same words as for a code that does not exist, so a refusal
does not tell whether an unpublished indicator exists. Assessments count only
the links the user may see (``strategy_view`` filters them).

Params: ``indicator`` (code, required) and ``territory`` (a unit's code; by
default the unit the indicator page opens on: the goal link's, else the
office's own). The series is the total (no disaggregation), as the page opens.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from stradom.accounts.permissions import Action, can
from stradom.catalog import queries
from stradom.catalog.models import Indicator
from stradom.catalog.notes import freshness_text, status_text
from stradom.commentary.queries import published
from stradom.core.formatting import score, sentence
from stradom.core.messages import StradomError, gettext_noop
from stradom.core.progress import NoProgress
from stradom.reports.builders.commentary import commentary_section
from stradom.reports.cells import format_cell
from stradom.reports.document import Bullets, Chart, Column, Document, Heading, Paragraph, Table
from stradom.reports.kinds import ReportKind, register
from stradom.strategy.queries import IndicatorView, indicator_assessments, indicator_view
from stradom.territory.models import Territory

STEPS = 4  # metadata, values, assessment, sources


def find_indicator(user, code: str) -> Indicator:
    """The indicator ``code`` if ``user`` may see it; else a StradomError (same words for
    a code that does not exist and one the user may not see)."""
    indicator = (
        Indicator.objects.select_related("domain", "aggregation_source").filter(code=code).first()
    )
    if indicator is None or not can(user, Action.VIEW, indicator):
        raise StradomError(
            gettext_noop("There is no indicator “%(code)s” that you may see."), code=code
        )
    return indicator


def find_territory(code: str | None) -> Territory | None:
    if not code:
        return None
    territory = Territory.objects.filter(code=code).first()
    if territory is None:
        raise StradomError(gettext_noop("There is no territorial unit “%(code)s”."), code=code)
    return territory


def build(
    *, user, language: str, progress=None, indicator: str, territory: str | None = None
) -> Document:
    progress = progress or NoProgress()
    ind = find_indicator(user, str(indicator))
    place = find_territory(territory)
    progress.start(STEPS, _("Indicator sheet %(code)s") % {"code": ind.code})
    view = indicator_view(ind, place, None, user=user)
    doc = Document(
        kind="indicator",
        title=ind.name,
        subtitle=_("Indicator sheet · %(code)s") % {"code": ind.code},
        language=language,
        footer=_("Indicator sheet %(code)s — Stradom") % {"code": ind.code},
    )
    if ind.description:
        doc.add(Paragraph(ind.description, "lead"))
    doc.add(Heading(_("Metadata")), metadata_table(ind, view))
    progress.advance(1, _("Values"))
    values_blocks(doc, view)
    progress.advance(1, _("Assessment"))
    assessment_blocks(doc, ind, user, view)
    doc.add(*commentary_section(published(indicators=[ind])))
    progress.advance(1, _("Sources"))
    sources_blocks(doc, ind, view)
    progress.advance(1)
    return doc


def metadata_table(ind: Indicator, view: IndicatorView) -> Table:
    """What the indicator page's fact list says, and what the catalogue adds; how a
    computed indicator is calculated in the same words as its page
    (``catalog.queries.calculation_facts``)."""
    calculation = ". ".join(t for t in (view.facts.computation, view.facts.calculation) if t)
    rows = [
        (_("Code"), ind.code),
        (_("Name"), ind.name),
        (_("Domain"), ind.domain.name if ind.domain else None),
        (_("Unit"), ind.unit or None),
        (_("Decimal places shown"), ind.decimals),
        (_("Which way is better"), ind.get_polarity_display()),
        (_("Kind"), ind.get_kind_display()),
        (_("Theme"), ind.get_theme_display()),
        (_("Frequency"), ind.get_frequency_display()),
        (_("Published"), lag_text(ind.publication_lag_days)),
        (_("How it is calculated"), calculation or None),
    ]
    dimensions = ", ".join(d.name for d in ind.dimensions.all())
    services = ", ".join(s.name for s in ind.services.all())
    rows += [
        (_("Disaggregation dimensions"), dimensions or None),
        (_("Public services"), services or None),
        (_("Source"), ind.source or None),
        (_("Source address"), ind.source_url or None),
        (_("Responsible unit"), ind.responsible_unit or None),
        (_("Publication"), ind.get_publication_status_display()),
    ]
    return Table(
        columns=(Column(_("Item")), Column(_("Description"))),
        rows=tuple((label, None if value is None else str(value)) for label, value in rows),
        caption=_("Metadata of the indicator"),
        sheet=_("Metadata"),
    )


def lag_text(days: int | None) -> str | None:
    """The publication lag as the indicator page says it ("about 181 days after the period
    ends"); None when it is not known."""
    if days is None:
        return None
    return ngettext(
        "about %(days)s day after the period ends",
        "about %(days)s days after the period ends",
        days,
    ) % {"days": days}


def freshness_paragraph(data: dict | None, *, current_too: bool = False) -> Paragraph | None:
    """Whether the data are up to date, as a sentence of the sheet (None: nothing to say)."""
    text = freshness_text(data, current_too)
    return Paragraph(sentence(text), "note") if text else None


def values_blocks(doc: Document, view: IndicatorView) -> None:
    ind, territory = view.indicator, view.territory
    if territory is None:
        doc.add(Heading(_("Values")), Paragraph(_("No values have been recorded yet.")))
        return
    title = _("Values for %(place)s") % {"place": territory.name}
    series = view.dimensions_label or view.dimensions  # "stacja: …", not "station=…"
    doc.add(Heading(title + (f" ({series})" if series else "")))
    said = freshness_paragraph(view.series.freshness, current_too=True)
    if not view.series.points:
        doc.add(Paragraph(_("No values have been recorded yet.")))
        if said:
            doc.add(said)
        return
    if said:
        doc.add(said)
    for notice in view.series.notices:
        doc.add(Paragraph(notice, "note"))
    chart = next(c for c in view.charts if c.id == "chart-series")
    doc.add(Chart(chart.spec, alt=chart.spec["description"], caption=chart.title))
    doc.add(series_table(view, doc.language))
    facts = []
    number = Column("", "number", ind.decimals)
    if view.baseline:
        facts.append(
            _("Baseline %(year)s: %(value)s.")
            % {
                "year": view.baseline.year,
                "value": format_cell(view.baseline.value, number, doc.language),
            }
        )
    if view.target:
        facts.append(
            _("Target %(year)s: %(value)s.")
            % {
                "year": view.target.year,
                "value": format_cell(view.target.value, number, doc.language),
            }
        )
    if facts:
        doc.add(Paragraph(" ".join(facts)))
    if view.districts.rows:
        doc.add(district_table(view, doc.language))
    if view.peers.rows:
        doc.add(peer_table(view))


def _unit(label: str, ind: Indicator) -> str:
    return f"{label} ({ind.unit})" if ind.unit else label


def _interval(low, high, column: Column, language: str) -> str | None:
    if low is None:
        return None
    return f"{format_cell(low, column, language)} – {format_cell(high, column, language)}"


def series_table(view: IndicatorView, language: str) -> Table:
    """The page's table under the chart: period, value (or why it is withheld), the
    confidence interval and unweighted base when there are any, the value's status."""
    ind, series = view.indicator, view.series
    value = Column(_unit(_("Value"), ind), "number", ind.decimals)
    columns = [Column(_("Period")), value]
    if series.has_ci:
        columns.append(Column(_("Confidence interval")))
    if series.has_base:
        columns.append(Column(_("Respondents (unweighted base)"), "number", 0))
    columns.append(Column(_("Status of the value")))
    rows = []
    for r in series.rows:
        p = r.point
        row = [p.period, r.suppressed_text or p.value]
        if series.has_ci:
            row.append(_interval(p.ci_low, p.ci_high, value, language))
        if series.has_base:
            row.append(r.base_n)
        row.append(str(status_text(p.status)))
        rows.append(tuple(row))
    return Table(
        columns=tuple(columns),
        rows=tuple(rows),
        caption=_("The values in the chart"),
        sheet=_("Values"),
    )


def district_table(view: IndicatorView, language: str) -> Table:
    ind, districts = view.indicator, view.districts
    value = Column(_unit(_("Value"), ind), "number", ind.decimals)
    columns = [Column(_("District")), value]
    if districts.has_ci:
        columns.append(Column(_("Confidence interval")))
    if districts.has_base:
        columns.append(Column(_("Respondents (unweighted base)"), "number", 0))
    rows = []
    for r in districts.rows:
        row = [f"{r.number}. {r.name}" if r.number else r.name, r.note or r.value]
        if districts.has_ci:
            row.append(_interval(r.ci_low, r.ci_high, value, language))
        if districts.has_base:
            row.append(r.base_n)
        rows.append(tuple(row))
    return Table(
        columns=tuple(columns),
        rows=tuple(rows),
        caption=_("Values by district, %(period)s") % {"period": districts.period},
        sheet=_("Districts"),
    )


def peer_table(view: IndicatorView) -> Table:
    ind = view.indicator
    shown = _("shown in this sheet")
    return Table(
        columns=(Column(_("City")), Column(_unit(_("Value"), ind), "number", ind.decimals)),
        rows=tuple((f"{r.name} ({shown})" if r.home else r.name, r.value) for r in view.peers.rows),
        caption=_("Cities compared, %(period)s") % {"period": view.peers.period},
        sheet=_("Cities"),
    )


def assessment_blocks(doc: Document, ind: Indicator, user, view: IndicatorView) -> None:
    doc.add(Heading(_("Assessment")))
    assessments = indicator_assessments(ind, user, [li.goal_id for li in view.links])
    if not assessments:
        doc.add(
            Paragraph(
                _("This indicator is not linked to a goal of the strategy, so it is not assessed.")
            )
        )
        return
    for a in assessments:
        link, strategy = a.link, a.strategy
        doc.add(Heading(f"{a.goal.code} {a.goal.name} — {strategy.name}", 2))
        # As the page's status badge: the method's own label, else the common scale's.
        status = link.label_text or str(link.status_view.label)
        if link.score is not None:
            status += "; " + _("score %(score)s") % {"score": score(link.score)}
        doc.add(Paragraph(_("Status: %(status)s.") % {"status": status}))
        stale = freshness_paragraph(link.freshness)
        if stale:
            doc.add(stale)
        doc.add(
            Paragraph(
                _("Method: %(method)s; as of %(year)s; series for %(place)s.")
                % {
                    "method": strategy.method_title,
                    "year": strategy.as_of_year,
                    "place": link.territory_name,
                },
                "note",
            )
        )
        sentences = list(a.explanation)
        if link.reason_text:
            sentences.append(link.reason_text)
        if sentences:
            doc.add(Bullets(tuple(sentences)))


def sources_blocks(doc: Document, ind: Indicator, view: IndicatorView) -> None:
    """The indicator's source, the sources named on its values, and the targets' sources."""
    items = []
    if ind.source:
        items.append(f"{ind.source} ({ind.source_url})" if ind.source_url else ind.source)
    elif ind.source_url:
        items.append(ind.source_url)
    if view.territory is not None:
        named = (
            queries.observations([ind], territories=[view.territory])
            .filter(dimensions=view.dimensions)
            .exclude(source="")
            .order_by("source")
            .values_list("source", flat=True)
            .distinct()
        )
        items += [_("Values: %(source)s") % {"source": s} for s in named if s != ind.source]
    targets = sorted({li.target_source for li in view.links if li.target_source})
    items += [_("Target: %(source)s") % {"source": s} for s in targets]
    doc.add(Heading(_("Sources")))
    doc.add(Bullets(tuple(items)) if items else Paragraph(_("No source is named.")))


register(
    ReportKind(
        code="indicator",
        label=gettext_lazy("Indicator sheet"),
        formats=("pdf",),
        build=build,
        params=("indicator", "territory"),
        required=("indicator",),
    )
)
