"""How a report speaks of assessed indicators: their statuses grouped in sentences, the
data coverage, the chart of indicators by status and the trend charts of a goal's
indicators. The monitoring report and the report on the state of the municipality both
use them, on the link rows of ``stradom.strategy.queries.strategy_view``.

The trend charts draw the yearly values each link's assessment used (the rows'
``points``, read with the assessment), so they cost no query of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from stradom.charts import specs
from stradom.reports.builders.common import status_words, value_text
from stradom.reports.document import Chart, Paragraph
from stradom.strategy.queries import LinkRow, StatusView, status_of_rank

# The common ordinal ranks gathered into the four groups a summary speaks of.
AHEAD, SLOW, AWAY, NONE = "ahead", "slow", "away", "none"
GROUP_OF_RANK = {5: AHEAD, 4: AHEAD, 3: SLOW, 2: SLOW, 1: AWAY, 0: NONE}
# Small multiples: at most this many panels in a goal's chart (three rows of three), so
# the chart fits a page and a strategy of 300 indicators is drawn in time.
PANELS_PER_CHART = 9


def group_sentence(group: str, n: int) -> str:
    if group == AHEAD:
        text = ngettext(
            "%(n)s of them has reached its target or is on track.",
            "%(n)s of them have reached their targets or are on track.",
            n,
        )
    elif group == SLOW:
        text = ngettext(
            "%(n)s is progressing, but too slowly.", "%(n)s are progressing, but too slowly.", n
        )
    elif group == AWAY:
        text = ngettext(
            "%(n)s is moving away from its target.", "%(n)s are moving away from their targets.", n
        )
    else:
        text = ngettext(
            "%(n)s could not be assessed (no recent data, no target or no desired direction).",
            "%(n)s could not be assessed (no recent data, no target or no desired direction).",
            n,
        )
    return text % {"n": n}


def rank_counts(statuses: Iterable[StatusView]) -> dict[int, int]:
    """How many of ``statuses`` have each rank."""
    counts: dict[int, int] = defaultdict(int)
    for status in statuses:
        counts[status.rank] += 1
    return counts


def groups_text(links: list[LinkRow]) -> list[str]:
    grouped: dict[str, int] = defaultdict(int)
    for rank, n in rank_counts(r.status_view for r in links).items():
        grouped[GROUP_OF_RANK[rank]] += n
    return [group_sentence(g, grouped[g]) for g in (AHEAD, SLOW, AWAY, NONE) if grouped[g]]


def coverage_text(covered: int, n: int, year: int, years: int) -> str:
    return ngettext(
        "%(covered)s of the %(n)s indicators has a value from %(first)s–%(year)s.",
        "%(covered)s of the %(n)s indicators have a value from %(first)s–%(year)s.",
        covered,
    ) % {"covered": covered, "n": n, "first": year - years + 1, "year": year}


def indicator_title(r: LinkRow) -> str:
    """``CODE Name (place, disaggregation)``."""
    place = r.territory_name + (f", {r.dimensions}" if r.dimensions else "")
    return f"{r.indicator_code} {r.indicator_name} ({place})"


def status_chart(links: list[LinkRow], title: str) -> Chart:
    """Bars: how many of ``links`` are in each status (symbol and words on the axis)."""
    counts = rank_counts(r.status_view for r in links)
    rows = [
        {"name": status_words(status_of_rank(rank)), "value": counts[rank]}
        for rank in (5, 4, 3, 2, 1, 0)
        if counts.get(rank)
    ]
    described = "; ".join(f"{r['name']}: {r['value']}" for r in rows)
    alt = _("Number of indicators in each status: %(counts)s.") % {"counts": described}
    spec = specs.peers_spec(
        rows,
        title=title,
        value_title=_("number of indicators"),
        unit_title=_("status"),
        description=alt,
        decimals=0,
    )
    return Chart(spec=spec, alt=alt, caption=title)


def trend_blocks(
    goal: str, links: list[LinkRow], year: int, language: str, skip=frozenset()
) -> list[Chart | Paragraph]:
    """One chart of small multiples: the yearly values up to ``year`` of each link with
    two values or more (not those whose codes are in ``skip``: survey estimates have a
    chart with their intervals), each with its target as a rule.

    At most :data:`PANELS_PER_CHART` indicators are drawn, so that the chart fits a page
    and a report of hundreds of indicators is made in time: when a goal has more, the
    ones with the lowest status (moving away from the target first, those not assessed
    last) are drawn, in the table's order, and a note says so; the table gives every
    indicator's numbers."""
    found = []
    for order, r in enumerate(links):
        if r.indicator_code in skip:
            continue
        points = [{"year": y, "value": v} for y, v in r.points if v is not None and y <= year]
        if len(points) >= 2:
            found.append((order, r, points))
    if not found:
        return []
    # The lowest status first (1 moving away … 5 reached, then those not assessed), in the
    # table's order within a status.
    chosen = sorted(found, key=lambda item: (item[1].status_view.rank or 6, item[0]))
    chosen = sorted(chosen[:PANELS_PER_CHART], key=lambda item: item[0])
    panels, described = [], []
    for _order, r, points in chosen:
        d = r.decimals
        target = (
            {"year": r.target_year, "value": r.target_value} if r.target_value is not None else None
        )
        panels.append(
            {
                "title": indicator_title(r),
                "unit": r.unit,
                "points": points,
                "target": target,
                "decimals": d,
            }
        )
        words = _("%(indicator)s: from %(first)s to %(last)s") % {
            "indicator": indicator_title(r),
            "first": value_text(points[0]["value"], points[0]["year"], d, language),
            "last": value_text(points[-1]["value"], points[-1]["year"], d, language),
        }
        if target is not None:
            words += ", " + _("target %(target)s") % {
                "target": value_text(target["value"], target["year"], d, language)
            }
        described.append(words)
    title = _("Values of the indicators of %(goal)s by year, up to %(year)s") % {
        "goal": goal,
        "year": year,
    }
    alt = _("Small charts, one per indicator, of its values by year: %(items)s.") % {
        "items": "; ".join(described)
    }
    n = len(panels)
    spec = specs.trends_spec(
        panels,
        title=title,
        description=alt,
        labels={"target": _("target"), "year": _("year"), "value": _("value")},
        columns=min(n, 3),
        width={1: 480, 2: 245}.get(n, 160),
        height=110 if n > 1 else 150,
    )
    blocks: list[Chart | Paragraph] = [Chart(spec=spec, alt=alt, caption=title)]
    if len(found) > n:
        blocks.append(
            Paragraph(
                _(
                    "The chart shows %(shown)s of the %(n)s indicators with two values or "
                    "more: those with the lowest status. The table gives the numbers of "
                    "every indicator."
                )
                % {"shown": n, "n": len(found)},
                style="note",
            )
        )
    return blocks
