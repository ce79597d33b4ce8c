"""Reading single cells: periods, dates, Excel serial numbers, lookup keys.

Period texts accepted, on top of :func:`stradom.core.periods.parse_period`
(``2024``, ``2024-H1``, ``2024Q3``, ``2024-07``, ``2024-07-15``):

* ``2024 r.`` and ``15.07.2024 r.``: a year or a Polish date followed by the
  abbreviation of *rok* as Polish documents write it (a space, often a
  non-breaking one, then ``r.`` with its full stop: the Polish spelling rules
  ask for both), and ``2024r.``, the same without the space, which office
  spreadsheets often have. Nothing else: ``2024r`` and ``2024 r`` (no full
  stop), ``2024 rok``, ``2024 R.`` are refused with a hint, so a cell that is
  not plainly a year never becomes one;
* ``15.07.2024`` (Polish day.month.year);
* ``2024-07-15 00:00:00`` / ``2024-07-15T00:00`` (a date written with a
  midnight time, as spreadsheets and pandas export it; any other time is refused);
* a five-digit whole number, e.g. ``45488``: an Excel serial date (1900 date
  system), which is what a date cell becomes when a sheet is saved as CSV with
  the "General" format.

With ``kind`` (the mapping's ``period_kind``) a shorter period is widened to the
period of that kind holding it (``2024-07-15`` → ``2024-07`` for months); a
longer one is an error, never narrowed.

Digits are ASCII only: ``２０２０`` (full-width) or ``٢٠٢٠`` (Arabic-Indic) are
refused rather than read as 2020.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from stradom.core.messages import Message, gettext_noop
from stradom.core.periods import Period, PeriodError, PeriodKind, day, parse_period

_CACHE_LIMIT = 50_000
_KIND_ORDER = {
    PeriodKind.DAY: 0,
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 2,
    PeriodKind.HALF: 3,
    PeriodKind.YEAR: 4,
}
# Excel's 1900 date system counts from 1899-12-30 for every serial after 60
# (it believes 1900 was a leap year); serials below 10000 are years or nonsense here.
EXCEL_EPOCH_1900 = date(1899, 12, 30)
EXCEL_SERIAL_MIN = 10_000  # 1927-05-18
EXCEL_SERIAL_MAX = 99_999  # 2173-10-14
# A year or a Polish day.month.year, then "r." (rok) after a space, a non-breaking
# space (U+00A0, U+202F) or nothing.
_WITH_ROK = re.compile(r"([0-9]{4}|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4})[ \u00a0\u202f]?r\.")
# A year with "rok" written some other way: 2024r, 2024 r, 2024 rok, 2024 R.
_ROK_MISWRITTEN = re.compile(r"[0-9]{4}[ \u00a0\u202f]*(r|rok|R|ROK|Rok)\.?")


class PeriodTextError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def excel_serial_to_date(serial: float, epoch: date = EXCEL_EPOCH_1900) -> date | None:
    """The date of a whole-day Excel serial number, or None if it is not one."""
    if serial != int(serial) or not EXCEL_SERIAL_MIN <= serial <= EXCEL_SERIAL_MAX:
        return None
    return epoch + timedelta(days=int(serial))


def _strip_midnight(raw: str) -> str | None:
    """``2024-07-15 00:00:00`` → ``2024-07-15``; None if the time is not midnight."""
    for sep in (" ", "T"):
        if sep in raw:
            day_part, _, time_part = raw.partition(sep)
            if time_part.strip().replace(":", "").replace(".", "").strip("0") == "":
                return day_part
            return None
    return raw


class PeriodReader:
    """Turn period cells into canonical period codes, caching what it has seen."""

    __slots__ = ("kind", "_cache", "cached")

    def __init__(self, kind: PeriodKind | None = None) -> None:
        self.kind = kind
        self._cache: dict[str, str | Message] = {}
        # ``cached(raw)``: the code (or the Message of the error) seen before, else None.
        # It never raises; hot loops try it first and call :meth:`code` on a miss.
        self.cached = self._cache.get

    def code(self, raw: str) -> str:
        """The canonical code of ``raw``; raise :class:`PeriodTextError` if it is not a period."""
        hit = self._cache.get(raw)
        if hit is None:
            hit = self._read(raw)
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[raw] = hit
        if isinstance(hit, Message):
            raise PeriodTextError(hit)
        return hit

    def _read(self, raw: str) -> str | Message:
        text = raw.strip()
        if not text:
            return Message(gettext_noop("the period is empty"))
        with_rok = _WITH_ROK.fullmatch(text)
        core = with_rok.group(1) if with_rok else text
        if not core.isascii():
            odd = next(c for c in core if not c.isascii())
            return Message(
                gettext_noop(
                    "%(value)r is not a period: %(character)r is neither a digit 0–9 nor "
                    "another character periods are written with"
                ),
                {"value": text, "character": odd},
            )
        if with_rok is None and _ROK_MISWRITTEN.fullmatch(text):
            return Message(
                gettext_noop(
                    "%(value)r is not a period: write the year as %(year)s or %(year)s r. "
                    "(the abbreviation of rok takes a full stop)"
                ),
                {"value": text, "year": text[:4]},
            )
        try:
            period = self._period(core)
        except PeriodError as exc:
            return Message(
                gettext_noop("%(value)r is not a period: %(reason)s"),
                {"value": text, "reason": str(exc)},
            )
        if self.kind is not None and period.kind != self.kind:
            if _KIND_ORDER[period.kind] > _KIND_ORDER[self.kind]:
                return Message(
                    gettext_noop("%(value)r is longer than a %(kind)s, the period of this file"),
                    {"value": text, "kind": _kind_name(self.kind)},
                )
            period = period.containing(self.kind)
        return period.code

    @staticmethod
    def _period(text: str) -> Period:
        if text.isdigit() and len(text) == 5:
            serial_day = excel_serial_to_date(int(text))
            if serial_day is not None:
                return day(serial_day)
        if text.count(".") == 2 and len(text) <= 10:
            d, m, y = text.split(".")
            if d.isdigit() and m.isdigit() and y.isdigit() and len(y) == 4:
                try:
                    return day(date(int(y), int(m), int(d)))
                except ValueError:
                    raise PeriodError(f"{text!r} is not a real date") from None
        if len(text) > 10 and text[:4].isdigit() and text[4] == "-":
            day_text = _strip_midnight(text)
            if day_text is None:
                raise PeriodError(f"{text!r} has a time of day; a period is a whole day or longer")
            text = day_text
        return parse_period(text)


def _kind_name(kind: PeriodKind) -> str:
    return {
        PeriodKind.YEAR: "year",
        PeriodKind.HALF: "half-year",
        PeriodKind.QUARTER: "quarter",
        PeriodKind.MONTH: "month",
        PeriodKind.DAY: "day",
    }[kind]


def period_text_of(value: object, epoch: date = EXCEL_EPOCH_1900) -> str:
    """Text for a typed spreadsheet cell in a period place (header or column)."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            return value.isoformat(sep=" ")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if value == int(value):
            whole = int(value)
            serial_day = excel_serial_to_date(whole, epoch)
            if serial_day is not None:
                return serial_day.isoformat()
            return str(whole)
        return repr(value)
    return "" if value is None else str(value)


def text_of(value: object) -> str:
    """Text for a typed spreadsheet cell in a text place (code, name, dimension, note)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def lookup_key(text: str) -> str:
    """How map keys and cell texts are compared: case-folded, spaces collapsed."""
    return " ".join(text.split()).casefold()


def slug(text: str) -> str:
    """An ASCII code made from a header: ``Płeć`` → ``plec``, ``Wiek (lata)`` → ``wiek_lata``."""
    folded = text.strip().casefold().replace("ł", "l")
    decomposed = unicodedata.normalize("NFKD", folded)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = []
    previous_sep = True
    for c in ascii_only:
        if c.isascii() and c.isalnum():
            out.append(c)
            previous_sep = False
        elif not previous_sep:
            out.append("_")
            previous_sep = True
    return "".join(out).strip("_")
