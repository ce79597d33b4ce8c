"""Pieces the monitoring and the domain report share: choosing the strategy and the year,
a status in words, a value with its year, the illustrative-money label.

Everything read here goes through the query and assessment functions
(``stradom.portal.pages``, ``stradom.assessment.queries``); nothing recomputes them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from stradom.assessment.queries import default_strategy
from stradom.core.messages import StradomError, gettext_noop
from stradom.reports.cells import format_cell
from stradom.reports.document import Column, Paragraph
from stradom.strategy.models import Strategy

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


def status_words(status: dict[str, Any], label: str = "") -> str:
    """A status as symbol and words (never colour alone): ``▲ On track``. ``label``: the
    method's own words for it, when there are any."""
    return f"{status['symbol']} {label or status['label']}"


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


def money_text(amount: Decimal, language: str) -> str:
    return format_cell(amount, Column("", "money"), language)


def illustrative_note() -> Paragraph:
    return Paragraph(
        f"{ILLUSTRATIVE}: "
        + _("some of the money below is an illustrative example, not the office's real data."),
        style="illustrative",
    )
