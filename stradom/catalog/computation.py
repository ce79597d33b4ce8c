"""How a computed indicator is calculated, in words, in the reader's language.

The one place that says it: the indicator pages, the indicator sheet and the API's
``computation_pl`` / ``computation_en`` all call :func:`computation_texts`. A formula is
written with the indicators' names instead of their codes, operators as a reader writes
them and numbers in the reader's format (``Ludność dzielnicy ÷ Powierzchnia dzielnicy``,
``Urodzenia żywe ÷ Liczba ludności × 1000``); an aggregation over time is a sentence
(``średnia roczna z wartości dobowych wskaźnika „Stężenie PM10”``, ``annual mean of the
daily values of “PM10 concentration”``). The words come from the definition itself, so
they cannot drift from what the system computes.

An input the reader may not see is not named (*an unpublished indicator*), so a public
page does not reveal an unpublished indicator through a published one's formula.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from decimal import Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext, gettext_noop, ngettext

from stradom.catalog.aggregation import AggregationSpec
from stradom.catalog.formula import Notation, parse_formula
from stradom.catalog.models import Indicator
from stradom.core.formatting import number
from stradom.core.messages import StradomError

# Aggregation function × the period aggregated to (the indicator's frequency): in Polish
# the period's adjective agrees with the function's noun, so each pair is its own text.
_AGGREGATIONS = {
    ("mean", "Y"): gettext_noop("annual mean of %(values)s"),
    ("mean", "H"): gettext_noop("half-yearly mean of %(values)s"),
    ("mean", "Q"): gettext_noop("quarterly mean of %(values)s"),
    ("mean", "M"): gettext_noop("monthly mean of %(values)s"),
    ("median", "Y"): gettext_noop("annual median of %(values)s"),
    ("median", "H"): gettext_noop("half-yearly median of %(values)s"),
    ("median", "Q"): gettext_noop("quarterly median of %(values)s"),
    ("median", "M"): gettext_noop("monthly median of %(values)s"),
    ("sum", "Y"): gettext_noop("annual sum of %(values)s"),
    ("sum", "H"): gettext_noop("half-yearly sum of %(values)s"),
    ("sum", "Q"): gettext_noop("quarterly sum of %(values)s"),
    ("sum", "M"): gettext_noop("monthly sum of %(values)s"),
    ("min", "Y"): gettext_noop("annual minimum of %(values)s"),
    ("min", "H"): gettext_noop("half-yearly minimum of %(values)s"),
    ("min", "Q"): gettext_noop("quarterly minimum of %(values)s"),
    ("min", "M"): gettext_noop("monthly minimum of %(values)s"),
    ("max", "Y"): gettext_noop("annual maximum of %(values)s"),
    ("max", "H"): gettext_noop("half-yearly maximum of %(values)s"),
    ("max", "Q"): gettext_noop("quarterly maximum of %(values)s"),
    ("max", "M"): gettext_noop("monthly maximum of %(values)s"),
    ("count", "Y"): gettext_noop("number of %(values)s in the year"),
    ("count", "H"): gettext_noop("number of %(values)s in the half-year"),
    ("count", "Q"): gettext_noop("number of %(values)s in the quarter"),
    ("count", "M"): gettext_noop("number of %(values)s in the month"),
    ("count_above", "Y"): gettext_noop("number of %(values)s above %(threshold)s in the year"),
    ("count_above", "H"): gettext_noop("number of %(values)s above %(threshold)s in the half-year"),
    ("count_above", "Q"): gettext_noop("number of %(values)s above %(threshold)s in the quarter"),
    ("count_above", "M"): gettext_noop("number of %(values)s above %(threshold)s in the month"),
    ("count_below", "Y"): gettext_noop("number of %(values)s below %(threshold)s in the year"),
    ("count_below", "H"): gettext_noop("number of %(values)s below %(threshold)s in the half-year"),
    ("count_below", "Q"): gettext_noop("number of %(values)s below %(threshold)s in the quarter"),
    ("count_below", "M"): gettext_noop("number of %(values)s below %(threshold)s in the month"),
}
# The source series, by its frequency, as the object of the sentences above.
_SOURCE_VALUES = {
    "D": gettext_noop("the daily values of “%(name)s”"),
    "M": gettext_noop("the monthly values of “%(name)s”"),
    "Q": gettext_noop("the quarterly values of “%(name)s”"),
    "H": gettext_noop("the half-yearly values of “%(name)s”"),
}
_ANY_VALUES = gettext_noop("the values of “%(name)s”")
_COVERAGE = gettext_noop(
    "%(computation)s; when fewer than %(percent)s of the source values expected are "
    "present, the result is an estimate"
)
_HIDDEN = gettext_noop("an unpublished indicator")


def computation_texts(indicators: Iterable[Indicator], *, user) -> dict[int, str]:
    """``{pk: words}`` for the computed ones of ``indicators``, in the active language.

    An input ``user`` may not see (``accounts.permissions.visible_indicators``; the
    public for an anonymous user) is called *an unpublished indicator*. A few queries
    whatever the number of indicators: the names of every formula's inputs and of every
    aggregation's source, and which of them the user may see.
    """
    from stradom.accounts.permissions import visible_indicators

    indicators = [i for i in indicators if i.is_computed]
    formulas, sources = {}, {}
    for ind in indicators:
        if ind.formula:
            try:
                formulas[ind.pk] = parse_formula(ind.formula)
            except StradomError:
                continue  # refused when saved; an old stored text is shown as written
        elif ind.aggregation_source_id:
            sources[ind.pk] = ind.aggregation_source_id
    codes = {code for f in formulas.values() for code in f.references}
    inputs = {
        i.code: i
        for i in Indicator.objects.filter(code__in=codes).only("code", "name_pl", "name_en")
    }
    source_rows = {
        i.pk: i
        for i in Indicator.objects.filter(pk__in=set(sources.values())).only(
            "code", "name_pl", "name_en", "unit", "frequency"
        )
    }
    named = set(inputs) | {s.code for s in source_rows.values()}
    visible = set(
        visible_indicators(user, Indicator.objects.filter(code__in=named)).values_list(
            "code", flat=True
        )
    )

    def name(code: str) -> str:
        found = inputs.get(code)
        if found is None:
            return f"[{code}]"  # an indicator deleted since; as the formula names it
        if code not in visible:
            return gettext(_HIDDEN)
        return found.name

    notation = Notation(name=name, number=_number, call=_call)
    out = {}
    for ind in indicators:
        if ind.pk in formulas:
            out[ind.pk] = formulas[ind.pk].written(notation)
        elif ind.pk in sources and sources[ind.pk] in source_rows:
            out[ind.pk] = _aggregation_text(ind, source_rows[sources[ind.pk]], visible)
        elif ind.formula:
            out[ind.pk] = ind.formula
    return out


def computation_text(indicator: Indicator, *, user) -> str:
    """:func:`computation_texts` of one indicator ("" when it is not computed)."""
    return computation_texts([indicator], user=user).get(indicator.pk, "")


def restates_computation(text: str, indicator: Indicator) -> bool:
    """Whether a calculation method written for ``indicator`` only repeats its definition
    in codes (``[A] / [B]``, ``mean z PM10_DAILY``): with the codes of its inputs, the
    names of functions, numbers and signs taken out, no word is left. Such a text is not
    shown beside the words of :func:`computation_texts`; one that explains something
    more is."""
    rest = text
    codes: set[str] = set()
    if indicator.formula:
        try:
            codes = set(parse_formula(indicator.formula).references)
        except StradomError:
            return False
    elif indicator.aggregation_source_id:
        codes = {indicator.aggregation_source.code}
    for code in sorted(codes, key=len, reverse=True):
        rest = rest.replace(code, " ")
    words = re.findall(r"[^\W\d_]+", rest)
    machine = {*_FUNCTION_NAMES, *(f for f, _k in _AGGREGATIONS), "z", "of", "from", "e"}
    return all(w.casefold() in machine for w in words)


_FUNCTION_NAMES = {"abs", "exp", "if", "log", "max", "min", "round", "sqrt", "above", "below"}


def _number(value: Decimal) -> str:
    """A number of a formula as the reader writes numbers: ``0,5``, ``1 000``."""
    return number(value)


def _call(name: str, args: list[str], literals: list[Decimal | None]) -> tuple[str, bool]:
    """A function of a formula in the reader's words; (text, reads as one term)."""
    # With a decimal comma, arguments are parted by semicolons, as Polish Excel does.
    sep = "; " if get_format("DECIMAL_SEPARATOR") == "," else ", "
    x = args[0] if args else ""
    if name in ("min", "max"):
        return f"{name}({sep.join(args)})", True
    if name == "abs":
        return f"|{x}|", True
    if name == "sqrt":
        return f"√({x})", True
    if name == "exp":
        return f"exp({x})", True
    if name == "log":
        if len(args) == 1:
            return f"ln({x})", True
        base = literals[1]
        if base is not None and base == base.to_integral_value() and base > 1:
            return f"log{str(int(base)).translate(_SUBSCRIPT)}({x})", True
        return gettext("logarithm of %(x)s to base %(base)s") % {"x": x, "base": args[1]}, False
    if name == "round":
        digits = literals[1] if len(args) > 1 else Decimal(0)
        if digits is None or digits != digits.to_integral_value():
            return gettext("%(x)s rounded to %(digits)s decimal places") % {
                "x": x,
                "digits": args[1],
            }, False
        places = int(digits)
        if places == 0:
            return gettext("%(x)s rounded to a whole number") % {"x": x}, False
        if places < 0:
            step = _number(Decimal(10) ** -places)
            return gettext("%(x)s rounded to a multiple of %(step)s") % {"x": x, "step": step}, (
                False
            )
        return ngettext(
            "%(x)s rounded to %(n)s decimal place", "%(x)s rounded to %(n)s decimal places", places
        ) % {"x": x, "n": places}, False
    # if(condition, a, b)
    return gettext("%(then)s if %(condition)s ≠ 0, otherwise %(otherwise)s") % {
        "then": args[1],
        "condition": args[0],
        "otherwise": args[2],
    }, False


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _aggregation_text(indicator: Indicator, source: Indicator, visible: Collection[str]) -> str:
    try:
        spec = AggregationSpec.from_dict(indicator.aggregation or {})
    except StradomError:
        return ""
    template = _AGGREGATIONS.get((spec.function, indicator.frequency))
    if template is None:  # an indicator of irregular (or daily) frequency aggregates to years
        template = _AGGREGATIONS[(spec.function, "Y")]
    hidden = source.code not in visible
    values = gettext(_SOURCE_VALUES.get(source.frequency, _ANY_VALUES)) % {
        "name": gettext(_HIDDEN) if hidden else source.name
    }
    params = {"values": values}
    if spec.threshold is not None:
        params["threshold"] = _number(spec.threshold) + (f" {source.unit}" if source.unit else "")
    text = gettext(template) % params
    if spec.min_coverage is not None and spec.min_coverage > 0:
        percent = _number((spec.min_coverage * 100).normalize()) + "%"
        text = gettext(_COVERAGE) % {"computation": text, "percent": percent}
    return text
