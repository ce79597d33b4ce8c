"""Pieces the reports share: choosing the strategy and the year, a status in words, a
value with its year, the illustrative-money label, and the table of instruments (the
domain, municipality and monitoring reports each choose its columns).

Everything read here goes through the query and assessment functions
(``stradom.strategy.queries``, ``stradom.assessment.queries``); nothing recomputes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from stradom.assessment.queries import default_strategy
from stradom.core.messages import StradomError, gettext_noop
from stradom.reports.cells import format_cell
from stradom.reports.document import Column, Paragraph, Table
from stradom.strategy.models import Strategy
from stradom.strategy.queries import StatusView

# The words every illustrative (demo) item carries, in both languages, as elsewhere.
ILLUSTRATIVE = "Przykład ilustracyjny / Illustrative example"
EARLIEST_YEAR = 1990


def whole_number(name: str, value: Any) -> int:
    """``value`` (int or digits) as an int, or a StradomError naming the parameter."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    raise StradomError(
        gettext_noop("Report parameter %(name)s must be a whole number, not “%(value)s”."),
        name=name,
        value=value,
    )


def report_year(year: Any) -> int:
    """The year reported on: as given, else the last finished year."""
    this_year = timezone.now().year
    if year is None or year == "":
        return this_year - 1
    number = whole_number("year", year)
    if not EARLIEST_YEAR <= number <= this_year:
        raise StradomError(
            gettext_noop(
                "The year reported on must be between %(first)s and %(last)s, not %(year)s."
            ),
            first=EARLIEST_YEAR,
            last=this_year,
            year=number,
        )
    return number


def report_strategy(strategy: Any) -> Strategy:
    """The strategy with id ``strategy``, else the current one (the newest)."""
    if strategy is None or strategy == "":
        found = default_strategy()
        if found is None:
            raise StradomError(gettext_noop("There is no strategy to report on yet."))
        return found
    pk = whole_number("strategy", strategy)
    found = Strategy.objects.filter(pk=pk).first()
    if found is None:
        raise StradomError(gettext_noop("There is no strategy with id %(id)s."), id=pk)
    return found


def status_words(status: StatusView, label: str = "") -> str:
    """A status as symbol and words (never colour alone): ``▲ On track``. ``label``: the
    method's own words for it, when there are any."""
    return f"{status.symbol} {label or status.label}"


def number_column(decimals: int | None) -> Column:
    return Column("", "number", decimals)


def value_text(
    value: str | Decimal | None, year: int | None, decimals: int | None, language: str
) -> str:
    """``1 234,5 (2019)``; ``–`` when there is no value."""
    if value is None or value == "":
        return format_cell(None, number_column(decimals), language)
    text = format_cell(Decimal(str(value)), number_column(decimals), language)
    return f"{text} ({year})" if year else text


def illustrative_note() -> Paragraph:
    return Paragraph(
        f"{ILLUSTRATIVE}: "
        + _("some of the money below is an illustrative example, not the office's real data."),
        style="illustrative",
    )


@dataclass(frozen=True)
class InstrumentFacts:
    """What a report read about its instruments beyond their records, for
    :func:`instrument_table`; only the columns chosen need theirs."""

    updates: Mapping[int, Any] = field(default_factory=dict)  # pk → latest progress update
    overdue: Mapping[int, Any] = field(default_factory=dict)  # pk → its overdue update
    money: Mapping[str, Any] = field(default_factory=dict)  # code → money roll-up row
    as_of: date | None = None  # milestones past their due date on this day are overdue


Value = Callable[[Any, InstrumentFacts], Any]  # (instrument, facts) → the cell


def _update(attribute: str) -> Value:
    def read(i, facts: InstrumentFacts) -> Any:
        update = facts.updates.get(i.pk)
        return getattr(update, attribute) if update else None

    return read


def _money(attribute: str) -> Value:
    def read(i, facts: InstrumentFacts) -> Any:
        row = facts.money.get(i.code)
        return getattr(row, attribute) if row else None

    return read


def _overdue_period(i, facts: InstrumentFacts) -> str | None:
    late = facts.overdue.get(i.pk)
    return late.period.code if late else None


def _days_overdue(i, facts: InstrumentFacts) -> int | None:
    late = facts.overdue.get(i.pk)
    return late.days_overdue if late else None


def _milestones(i, facts: InstrumentFacts) -> int:
    return len(i.milestones.all())  # prefetched by the report


def _milestones_done(i, facts: InstrumentFacts) -> int:
    return sum(1 for m in i.milestones.all() if m.done_date is not None)


def _milestones_overdue(i, facts: InstrumentFacts) -> int:
    return sum(1 for m in i.milestones.all() if m.done_date is None and m.due_date < facts.as_of)


def _goals(i, facts: InstrumentFacts) -> str | None:
    return ", ".join(sorted(g.code for g in i.goals.all())) or None  # prefetched by the report


def _name_marked(i, facts: InstrumentFacts) -> str:
    return i.name + (f" ({ILLUSTRATIVE})" if i.illustrative else "")


# Every column an instrument table may have: key → (label, kind, decimals, value).
INSTRUMENT_COLUMNS: dict[str, tuple[str, str, int | None, Value]] = {
    "code": (gettext_noop("Code"), "text", None, lambda i, f: i.code),
    "name": (gettext_noop("Instrument"), "text", None, lambda i, f: i.name),
    "name_marked": (gettext_noop("Instrument"), "text", None, _name_marked),  # + illustrative label
    "code_name": (gettext_noop("Instrument"), "text", None, lambda i, f: f"{i.code} {i.name}"),
    "code_name_marked": (
        gettext_noop("Instrument"),
        "text",
        None,
        lambda i, f: f"{i.code} {_name_marked(i, f)}",
    ),
    "kind": (gettext_noop("Kind"), "text", None, lambda i, f: i.get_kind_display()),
    "status": (gettext_noop("Status"), "text", None, lambda i, f: i.get_status_display()),
    "owning_unit": (gettext_noop("Owning unit"), "text", None, lambda i, f: i.owning_unit),
    "goals": (gettext_noop("Goals"), "text", None, _goals),
    "planned_end": (gettext_noop("Planned end"), "date", None, lambda i, f: i.planned_end),
    "percent_complete": (
        gettext_noop("Percent complete"),
        "percent",
        0,
        _update("percent_complete"),
    ),
    "update_period": (gettext_noop("Period of the latest update"), "text", None, _update("period")),
    "milestones_done": (gettext_noop("Milestones done"), "number", 0, _milestones_done),
    "milestones": (gettext_noop("Milestones"), "number", 0, _milestones),
    "milestones_overdue": (gettext_noop("Milestones overdue"), "number", 0, _milestones_overdue),
    "update_overdue_for": (
        gettext_noop("Progress update overdue for"),
        "text",
        None,
        _overdue_period,
    ),
    "days_overdue": (gettext_noop("Days overdue"), "number", 0, _days_overdue),
    "planned_after_changes": (
        gettext_noop("Plan after changes"),
        "money",
        None,
        _money("planned_after_changes"),
    ),
    "spent": (gettext_noop("Spent"), "money", None, _money("spent")),
    "remaining": (gettext_noop("Remaining"), "money", None, _money("remaining")),
}


def instrument_table(
    instruments: Iterable[Any],
    columns: Iterable[str],
    facts: InstrumentFacts | None = None,
    *,
    caption: str,
    sheet: str = "",
) -> Table:
    """A table of instruments, one row each, with the ``columns`` named (keys of
    :data:`INSTRUMENT_COLUMNS`) in that order."""
    facts = facts or InstrumentFacts()
    chosen = [INSTRUMENT_COLUMNS[key] for key in columns]
    return Table(
        columns=tuple(Column(_(text), kind, decimals) for text, kind, decimals, _v in chosen),
        rows=tuple(tuple(value(i, facts) for *_c, value in chosen) for i in instruments),
        caption=caption,
        sheet=sheet,
    )
