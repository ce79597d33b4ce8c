"""Chapter 1 of the report on the state of the municipality: its profile and demography.

The indicators are the office's list (``STRADOM_MUNICIPALITY_PROFILE``, see
``stradom.reports.chapters``), those of them the reader may see, with their values for
the office's own unit (``strategy.queries.home_territory``) up to the year reported on:

* key figures: each indicator's latest value and the value five years before it;
* the population (the list's first indicator): its series as a chart;
* the age structure: the population's values by age group (the ``age`` dimension) in
  the latest year that has them, by sex as a pyramid when the ``sex`` dimension is kept
  too, with a table of the numbers;
* the districts: a map of the first indicator with values for the districts (the
  portal's choropleth, ``charts.specs.map_spec``, drawn offline), with a table.

Three reads for the whole chapter (the unit's values, the age groups, the districts'
values), never one per indicator.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from stradom.accounts.permissions import visible_indicators
from stradom.approval.queries import shown
from stradom.catalog.models import DimensionValue, Observation
from stradom.catalog.services.observations import parse_dimensions_key
from stradom.charts import specs
from stradom.core.messages import StradomError, gettext_noop
from stradom.core.periods import PeriodKind
from stradom.env import ConfigurationError
from stradom.reports import chapters as choice
from stradom.reports.builders.common import value_text
from stradom.reports.document import Chart, Column, Paragraph, Table
from stradom.territory.models import TerritoryKind

AGE, SEX = "age", "sex"
WOMEN, MEN = "F", "M"
YEARS_BACK = 5


def profile_codes() -> tuple[str, ...]:
    try:
        return choice.profile_indicators(getattr(settings, choice.PROFILE_SETTING, None))
    except ConfigurationError as error:
        raise StradomError(
            gettext_noop("The profile of the municipality is set wrongly: %(problem)s."),
            problem=str(error),
        ) from None


def _name(ind) -> str:
    return f"{ind.name} [{ind.unit}]" if ind.unit and ind.unit != "-" else ind.name


def chapter(doc, ctx, ch) -> None:
    doc.add(ch.heading(_("Profile and demography of the municipality")))
    codes = profile_codes()
    found = {i.code: i for i in visible_indicators(ctx.user).filter(code__in=codes)}
    indicators = [found[c] for c in codes if c in found]
    if ctx.home is None or not indicators:
        doc.add(Paragraph(_("No data on the profile of the municipality in the system.")))
        return
    end = date(ctx.year, 12, 31)
    series: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for o in (
        shown(Observation.objects)
        .filter(
            indicator__in=indicators,
            territory=ctx.home,
            dimensions="",
            period_kind=PeriodKind.YEAR,
            period_end__lte=end,
            value__isnull=False,
        )
        .order_by("indicator_id", "period_start")
    ):
        series[o.indicator_id].append((o.period_start.year, o.value))
    districts = _district_values(ctx, indicators, end)
    unknown = [c for c in codes if c not in found]
    if not series and not districts:
        doc.add(Paragraph(_("No data on the profile of the municipality in the system.")))
        _missing(doc, ctx, [i.code for i in indicators], unknown)
        return
    mapped = {o.indicator_id for o in districts}  # kept for the districts: on the map
    _key_figures(doc, ctx, ch, indicators, series, unknown, mapped)
    population = found.get(codes[0])
    _population(doc, ctx, ch, population, series.get(population.pk, []) if population else [])
    _ages(doc, ctx, ch, population, end)
    _districts(doc, ctx, ch, indicators, districts)


def _missing(doc, ctx, empty: list[str], unknown: list[str]) -> None:
    """One note naming the profile's indicators with no values and those not found."""
    notes = []
    if empty:
        notes.append(
            _("Profile indicators with no yearly value for %(place)s up to %(year)s: %(codes)s.")
            % {"place": ctx.place, "year": ctx.year, "codes": ", ".join(empty)}
        )
    if unknown:
        notes.append(
            _(
                "Profile indicators not in the catalogue or not published: %(codes)s "
                "(the list is the setting %(setting)s)."
            )
            % {"codes": ", ".join(unknown), "setting": choice.PROFILE_SETTING}
        )
    if notes:
        doc.add(Paragraph(" ".join(notes), style="note"))


def _key_figures(doc, ctx, ch, indicators, series, unknown: list[str], mapped: set) -> None:
    doc.add(ch.section(_("Key figures")))
    rows, empty = [], []
    for ind in indicators:
        points = series.get(ind.pk, [])
        if not points:
            if ind.pk not in mapped:  # one kept for the districts only is on the map
                empty.append(ind.code)
            continue
        year, value = points[-1]
        earlier = [(y, v) for y, v in points if y <= year - YEARS_BACK]
        before = earlier[-1] if earlier else (None, None)
        rows.append(
            (
                _name(ind),
                value_text(value, year, ind.decimals, ctx.language),
                value_text(before[1], before[0], ind.decimals, ctx.language),
                ind.source or None,
            )
        )
    if rows:
        doc.add(
            Table(
                columns=(
                    Column(_("Indicator")),
                    Column(_("Latest value")),
                    Column(_("Five years earlier")),
                    Column(_("Source")),
                ),
                rows=tuple(rows),
                caption=_("%(place)s: key figures up to %(year)s")
                % {"place": ctx.place, "year": ctx.year},
                sheet=_("Key figures"),
            )
        )
    else:
        doc.add(Paragraph(_("No yearly value of the profile indicators in the system.")))
    _missing(doc, ctx, empty, unknown)


def _population(doc, ctx, ch, population, points) -> None:
    doc.add(ch.section(_("Population")))
    if population is None or not points:
        doc.add(Paragraph(_("No data on the population in the system.")))
        return
    (first_year, first), (last_year, last) = points[0], points[-1]
    d = population.decimals
    doc.add(
        Paragraph(
            _("%(name)s in %(place)s: %(last)s; in the first year kept, %(first)s.")
            % {
                "name": population.name,
                "place": ctx.place,
                "last": value_text(last, last_year, d, ctx.language),
                "first": value_text(first, first_year, d, ctx.language),
            }
        )
    )
    if len(points) < 2:
        return
    title = f"{population.name} — {ctx.place}, {first_year}–{last_year}"
    alt = _("Line chart of %(name)s in %(place)s by year, from %(first)s to %(last)s.") % {
        "name": population.name,
        "place": ctx.place,
        "first": value_text(first, first_year, d, ctx.language),
        "last": value_text(last, last_year, d, ctx.language),
    }
    spec = specs.series_spec(
        [{"period": str(y), "value": v} for y, v in points],
        title=title,
        unit=population.unit,
        value_title=_("value"),
        period_title=_("year"),
        description=alt,
        decimals=d,
    )
    doc.add(Chart(spec=spec, alt=alt, caption=title))


def _ages(doc, ctx, ch, population, end: date) -> None:
    """The population by age group (and sex) in the latest year with age groups."""
    doc.add(ch.section(_("Age structure")))
    found = []
    if population is not None:
        found = list(
            shown(Observation.objects)
            .filter(
                indicator=population,
                territory=ctx.home,
                period_kind=PeriodKind.YEAR,
                period_end__lte=end,
                value__isnull=False,
                dimensions__contains=f"{AGE}=",
            )
            .order_by("-period_start")
        )
    if not found:
        doc.add(Paragraph(_("No data on the age structure of the population in the system.")))
        return
    year = found[0].period_start.year
    cells: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for o in found:
        if o.period_start.year != year:
            break
        dims = parse_dimensions_key(o.dimensions)
        if AGE not in dims or set(dims) - {AGE, SEX}:
            continue
        cells[dims[AGE]][dims.get(SEX, "")] = o.value
    values = {
        v.code: (v.order, v.name)
        for v in DimensionValue.objects.filter(dimension__code=AGE, code__in=list(cells))
    }
    groups = sorted(cells, key=lambda code: (values.get(code, (0, code))[0], code))
    label = {code: values.get(code, (0, code))[1] or code for code in groups}
    by_sex = all(WOMEN in cells[g] and MEN in cells[g] for g in groups)
    d = population.decimals
    rows = []
    for g in groups:
        total = cells[g].get("")
        if total is None and by_sex:
            total = cells[g][WOMEN] + cells[g][MEN]
        rows.append((label[g], cells[g].get(WOMEN), cells[g].get(MEN), total))
    words = {"name": population.name, "place": ctx.place, "year": year}
    title = _("%(name)s by age group, %(place)s, %(year)s") % words
    doc.add(
        Paragraph(
            _("Age groups kept in the system: %(groups)s.")
            % {"groups": ", ".join(label[g] for g in groups)},
            style="note",
        )
    )
    if by_sex:
        described = "; ".join(
            _("%(group)s: women %(women)s, men %(men)s")
            % {
                "group": row[0],
                "women": value_text(row[1], None, d, ctx.language),
                "men": value_text(row[2], None, d, ctx.language),
            }
            for row in rows
        )
        alt = _("Population pyramid of %(place)s in %(year)s, men on the left, women on the "
                "right: %(groups)s.") % {**words, "groups": described}  # fmt: skip
        spec = specs.pyramid_spec(
            [{"group": row[0], "left": row[2], "right": row[1]} for row in rows],
            title=title,
            left_title=_("men"),
            right_title=_("women"),
            group_title=_("age group"),
            value_title=population.unit or _("value"),
            description=alt,
            decimals=d,
        )
        doc.add(Chart(spec=spec, alt=alt, caption=title))
    doc.add(
        Table(
            columns=(
                Column(_("Age group")),
                Column(_("Women"), "number", d),
                Column(_("Men"), "number", d),
                Column(_("Total"), "number", d),
            ),
            rows=tuple(rows),
            caption=title,
            sheet=_("Age structure"),
        )
    )


def _district_values(ctx, indicators, end: date) -> list:
    return list(
        shown(Observation.objects)
        .filter(
            indicator__in=indicators,
            territory__parent=ctx.home,
            territory__kind=TerritoryKind.SUBMUNICIPAL,
            dimensions="",
            period_end__lte=end,
            value__isnull=False,
        )
        .select_related("territory")
        .order_by("-period_end", "territory__code")
    )


def _districts(doc, ctx, ch, indicators, found: list) -> None:
    """A map of the first profile indicator with values for the districts."""
    doc.add(ch.section(_("Districts")))
    ind = next((i for i in indicators if any(o.indicator_id == i.pk for o in found)), None)
    if ind is None:
        doc.add(Paragraph(_("No data on the districts in the system.")))
        return
    period = next(o.period for o in found if o.indicator_id == ind.pk)
    shown = [o for o in found if o.indicator_id == ind.pk and o.period == period]
    shown.sort(key=lambda o: o.territory.code)
    d = ind.decimals
    words = {"name": ind.name, "place": ctx.place, "period": period}
    title = _("%(name)s in the districts of %(place)s, %(period)s") % words
    if any(o.territory.geometry for o in shown):
        alt = (
            _(
                "Map of the districts of %(place)s coloured by %(name)s in %(period)s, darker for "
                "lower values; the table below gives the value of each district."
            )
            % words
        )
        spec = specs.map_spec(
            [
                {
                    "code": o.territory.code,
                    "name": o.territory.name,
                    "value": o.value,
                    "geometry": o.territory.geometry,
                }
                for o in shown
            ],
            title=title,
            unit=ind.unit,
            value_title=_("value"),
            area_title=_("district"),
            description=alt,
            decimals=d,
            no_data=_("no data"),
        )
        doc.add(Chart(spec=spec, alt=alt, caption=title))
    doc.add(
        Table(
            columns=(
                Column(_("District")),
                Column(_name(ind), "number", d),
            ),
            rows=tuple(
                (
                    (f"{o.territory.number}. " if o.territory.number else "") + o.territory.name,
                    o.value,
                )
                for o in shown
            ),
            caption=title,
            sheet=_("Districts"),
        )
    )
