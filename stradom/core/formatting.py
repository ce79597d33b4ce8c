"""Numbers, money, percentages, dates and periods as a reader reads them, in the active
language: the one place Stradom turns a value into text for people.

Web pages use these through the template filters of ``stradom.portal.templatetags.stradom``
(which only register them, under the names the templates know: ``num``, ``day``, ``when``,
``period``, ``score``, ``sentence``); the admin, the reports, the command line and the
messages of every app call them directly. The language is Django's active one
(``translation.override`` in a report or a command), Polish when none is active.

=========  =====================  =====================
           Polish                 English
=========  =====================  =====================
number     ``1 234,5``            ``1,234.5``
negative   ``−1 234,5``           ``−1,234.5``
money      ``1 550 000,00 zł``    ``1,550,000.00 zł``
percent    ``12,5%``              ``12.5%``
day        ``26.11.2026``         ``26 Nov 2026``
when       ``26.11.2026 14:05``   ``26 Nov 2026 14:05``
nothing    ``–`` (numbers, money, percent, scores); "" (dates, periods)
=========  =====================  =====================

Thousands are parted by a no-break space in Polish (Django's ``THOUSAND_SEPARATOR`` for
the language), so a number never breaks across lines; negatives take a true minus sign
(U+2212), and a value that rounds to zero has none. Numbers are rounded half up, as
people round by hand (30,25 → 30,3), never with the banker's half-even. Money is always
``Decimal`` (a float is read through its shortest form, ``0.1`` not ``0.1000…055``),
with grosze unless asked otherwise, and the currency written once, here: a sentence that
shows an amount puts :func:`money`'s text in its placeholder and says no "zł" of its own.

Machine formats are not here: ``stradom.core.numbers.plain`` (the API, exports) and
``stradom.exports.cells`` (CSV dialects) write numbers for programs, not for readers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import get_language

EMPTY = "–"  # an en dash: no number, no amount
NBSP = "\u00a0"
CURRENCY = "zł"

Separators = tuple[str, str]  # (decimal, thousands)


def language() -> str:
    """The active language's code, Polish when none is active."""
    return get_language() or "pl"


def is_english(code: str | None = None) -> bool:
    """Whether text is written in English: the language ``code``, or the active one."""
    return (code or language()).startswith("en")


def name_of(item: Mapping[str, Any], prefix: str = "name") -> str:
    """A bilingual record's ``<prefix>_pl`` / ``<prefix>_en`` in the active language: the
    English one when there is one and English is active, else the Polish one."""
    if is_english():
        return item.get(f"{prefix}_en") or item.get(f"{prefix}_pl") or ""
    return item.get(f"{prefix}_pl") or ""


_SEPARATORS: dict[str, Separators] = {}


def separators(code: str | None = None) -> Separators:
    """The (decimal, thousands) separators of language ``code`` (the active one when not
    given), looked up once per language: a table asks once, not once per cell."""
    code = code or language()
    kept = _SEPARATORS.get(code)
    if kept is None:
        kept = _SEPARATORS[code] = (
            str(get_format("DECIMAL_SEPARATOR", code, use_l10n=True)),
            str(get_format("THOUSAND_SEPARATOR", code, use_l10n=True)),
        )
    return kept


_QUANTA = [Decimal(1).scaleb(-d) for d in range(12)]


def number(value: Any, decimals: int | str | None = None, seps: Separators | None = None):
    """``value`` with ``decimals`` places (as many as it has when None) and its thousands
    grouped: ``1 234,5``; :data:`EMPTY` for None or ""; a value that is not a number is
    given back as it is. ``seps`` (from :func:`separators`) spares the look-up in a loop.

    The same text as Django's ``number_format(..., force_grouping=True)`` with a minus
    sign, at a fraction of the cost (a goal page formats several hundred numbers)."""
    if value is None or value == "":
        return EMPTY
    if type(value) is Decimal:
        figure = value
    else:
        try:
            figure = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return value
    if not figure.is_finite():
        return str(value)
    if decimals is None or decimals == "":
        places = max(0, -int(figure.normalize().as_tuple().exponent))
    else:
        places = max(0, int(decimals))
    quantum = _QUANTA[places] if places < len(_QUANTA) else Decimal(1).scaleb(-places)
    figure = figure.quantize(quantum, rounding=ROUND_HALF_UP)
    if not figure:
        figure = abs(figure)  # no "−0,0"
    decimal_sep, thousand_sep = seps or separators()
    text = f"{figure:,.{places}f}"
    if decimal_sep != "." or thousand_sep != ",":
        text = text.replace(",", "\0").replace(".", decimal_sep).replace("\0", thousand_sep)
    return "−" + text[1:] if text.startswith("-") else text


def money(
    amount: Decimal | int | float | None,
    decimals: int | None = None,
    *,
    unit: bool = True,
    seps: Separators | None = None,
) -> str:
    """An amount in złoty: ``1 550 000,00 zł`` (grosze unless ``decimals`` says
    otherwise); without the currency (``unit=False``) in a column whose heading names
    it; :data:`EMPTY` for no amount."""
    if amount is None or amount == "":
        return EMPTY
    text = number(amount, 2 if decimals is None else decimals, seps)
    return f"{text}{NBSP}{CURRENCY}" if unit else text


def percent(value: Decimal | int | float | None, decimals: int | None = None) -> str:
    """A value already in percent: ``12,5%`` (no space, as Polish statistics write it);
    :data:`EMPTY` for none."""
    if value is None or value == "":
        return EMPTY
    return f"{number(value, decimals)}%"


def score(value: float | Decimal | None, seps: Separators | None = None) -> str:
    """An Open SDG score (0–5) with one decimal (``3,5``), or :data:`EMPTY`."""
    if value is None:
        return EMPTY
    return number(Decimal(str(round(float(value), 1))), 1, seps)


def day(value: dt.date | None) -> str:
    """A date (or an aware time's local date): ``26.10.2026`` in Polish, ``26 Oct 2026``
    in English; "" for none."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return value.strftime("%d %b %Y") if is_english() else value.strftime("%d.%m.%Y")


def when(value: dt.datetime | None) -> str:
    """A moment in local time: ``26.10.2026 14:05`` / ``26 Oct 2026 14:05``; "" for none."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return local.strftime("%d %b %Y %H:%M") if is_english() else local.strftime("%d.%m.%Y %H:%M")


def period(code: object) -> str:
    """A period as the pages write it: its code (``2024``, ``2024-Q3``, ``2024-07``), a day
    as :func:`day` writes dates (``15.07.2024`` / ``15 Jul 2024``); "" for none."""
    if not code:
        return ""
    text = str(code)
    if len(text) == 10:
        with contextlib.suppress(ValueError):
            return day(dt.date.fromisoformat(text))
    return text


def sentence(text: object) -> str:
    """A phrase as a sentence: capital first letter and one full stop ("… 2025 r." keeps
    its own, never "r.."); "" for none."""
    phrase = str(text or "").strip()
    if not phrase:
        return ""
    phrase = phrase[0].upper() + phrase[1:]
    return phrase if phrase.endswith((".", "!", "?")) else phrase + "."
