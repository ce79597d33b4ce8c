"""``stradom.core.formatting`` writes numbers, money, percentages, dates and periods as a
reader reads them in Polish and in English, and is the one place that does: the
template filters are its functions, and no module outside the portal reaches into the
portal's template tags for a formatter."""

from __future__ import annotations

import ast
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from stradom.core import formatting
from stradom.core.formatting import (
    day,
    is_english,
    money,
    name_of,
    number,
    percent,
    period,
    score,
    sentence,
    when,
)

NBSP = "\u00a0"
MINUS = "\u2212"
WARSAW_AFTERNOON = dt.datetime(2026, 11, 26, 13, 5, tzinfo=dt.UTC)  # 14:05 in Kraków


@pytest.mark.parametrize(
    ("language", "value", "decimals", "text"),
    [
        ("pl", Decimal("1234.5"), 1, f"1{NBSP}234,5"),
        ("en", Decimal("1234.5"), 1, "1,234.5"),
        ("pl", Decimal("1234567.891"), 2, f"1{NBSP}234{NBSP}567,89"),
        ("en", Decimal("1234567.891"), 2, "1,234,567.89"),
        ("pl", Decimal("-1234.5"), 1, f"{MINUS}1{NBSP}234,5"),
        ("en", Decimal("-1234.5"), 1, f"{MINUS}1,234.5"),
        ("pl", Decimal("30.25"), 1, "30,3"),  # half up, as by hand
        ("en", Decimal("2.5"), 0, "3"),
        ("pl", Decimal("1234.5"), 0, f"1{NBSP}235"),
        ("en", Decimal("-0.4"), 0, "0"),  # a rounded zero has no minus
        ("pl", Decimal("-0.04"), 1, "0,0"),
        ("pl", Decimal("0"), 2, "0,00"),
        ("pl", Decimal("2.50"), None, "2,5"),  # its own places, without trailing zeros
        ("en", Decimal("1E+3"), None, "1,000"),
        ("pl", 2025, None, f"2{NBSP}025"),
        ("en", 0.1, 2, "0.10"),  # a float through its shortest text
        ("pl", "40.8", None, "40,8"),
        ("pl", Decimal("12.345"), "2", "12,35"),  # a template passes its argument as text
        ("pl", None, 2, "–"),
        ("en", "", 2, "–"),
        ("pl", "n/a", 2, "n/a"),  # not a number: given back as it is
    ],
)
def test_number_in_each_language(language, value, decimals, text):
    with translation.override(language):
        assert number(value, decimals) == text


def test_number_takes_the_separators_given():
    with translation.override("en"):
        assert number(Decimal("1234.5"), 1, formatting.separators("pl")) == f"1{NBSP}234,5"
    assert formatting.separators("pl") == (",", NBSP)
    assert formatting.separators("en") == (".", ",")


@pytest.mark.parametrize(
    ("language", "amount", "decimals", "text"),
    [
        ("pl", Decimal("1550000"), None, f"1{NBSP}550{NBSP}000,00{NBSP}zł"),
        ("en", Decimal("1550000"), None, f"1,550,000.00{NBSP}zł"),
        ("pl", Decimal("-5.5"), None, f"{MINUS}5,50{NBSP}zł"),
        ("en", Decimal("-5.5"), 0, f"{MINUS}6{NBSP}zł"),
        ("pl", Decimal("0.005"), None, f"0,01{NBSP}zł"),
        ("pl", 0, None, f"0,00{NBSP}zł"),
        ("en", 0.1, None, f"0.10{NBSP}zł"),
        ("pl", None, None, "–"),
        ("en", None, 0, "–"),
    ],
)
def test_money_says_zloty_once(language, amount, decimals, text):
    with translation.override(language):
        assert money(amount, decimals) == text


def test_money_without_the_currency_for_a_column_that_names_it():
    with translation.override("pl"):
        assert money(Decimal("72090000.5"), unit=False) == f"72{NBSP}090{NBSP}000,50"
        assert money(Decimal("-959.25"), unit=False) == f"{MINUS}959,25"
        assert money(None, unit=False) == "–"
    with translation.override("en"):
        assert money(Decimal("72090000.5"), unit=False) == "72,090,000.50"


@pytest.mark.parametrize(
    ("language", "value", "decimals", "text"),
    [
        ("pl", Decimal("12.5"), None, "12,5%"),
        ("en", Decimal("12.5"), None, "12.5%"),
        ("pl", Decimal("9.1"), 2, "9,10%"),
        ("en", Decimal("-1.25"), 1, f"{MINUS}1.3%"),
        ("pl", 100, 0, "100%"),
        ("pl", None, 1, "–"),
    ],
)
def test_percent(language, value, decimals, text):
    with translation.override(language):
        assert percent(value, decimals) == text


@pytest.mark.parametrize(
    ("language", "value", "text"),
    [("pl", 3.456, "3,5"), ("en", 3.456, "3.5"), ("pl", 5, "5,0"), ("en", None, "–")],
)
def test_score_has_one_decimal(language, value, text):
    with translation.override(language):
        assert score(value) == text


@pytest.mark.parametrize(
    ("language", "value", "text"),
    [
        ("pl", dt.date(2026, 11, 26), "26.11.2026"),
        ("en", dt.date(2026, 11, 26), "26 Nov 2026"),
        ("pl", dt.date(2024, 7, 5), "05.07.2024"),
        ("en", dt.date(2024, 7, 5), "05 Jul 2024"),
        # an aware time is a day of the town's clock: 23:30 UTC is past midnight there
        ("pl", dt.datetime(2026, 11, 26, 23, 30, tzinfo=dt.UTC), "27.11.2026"),
        ("pl", None, ""),
        ("en", None, ""),
    ],
)
def test_day(language, value, text):
    with translation.override(language):
        assert day(value) == text


@pytest.mark.parametrize(
    ("language", "text"), [("pl", "26.11.2026 14:05"), ("en", "26 Nov 2026 14:05")]
)
def test_when_is_local_time(language, text):
    with translation.override(language):
        assert when(WARSAW_AFTERNOON) == text
        assert when(None) == ""


@pytest.mark.parametrize(
    ("language", "code", "text"),
    [
        ("pl", "2024", "2024"),
        ("en", "2024-Q3", "2024-Q3"),
        ("pl", "2024-07", "2024-07"),
        ("pl", "2024-07-15", "15.07.2024"),
        ("en", "2024-07-15", "15 Jul 2024"),
        ("pl", 2024, "2024"),
        ("pl", None, ""),
    ],
)
def test_period(language, code, text):
    with translation.override(language):
        assert period(code) == text


def test_sentence_has_one_full_stop():
    assert sentence("ostatnia wartość z 2016 r.; oczekiwano 2025 r.") == (
        "Ostatnia wartość z 2016 r.; oczekiwano 2025 r."
    )
    assert sentence("  up to date ") == "Up to date."
    assert sentence("Really?") == "Really?"
    assert sentence(None) == ""


def test_language_test_and_bilingual_names():
    item = {"name_pl": "Ludność", "name_en": "Population", "level_pl": "cel", "level_en": ""}
    with translation.override("en"):
        assert is_english() is True
        assert (name_of(item), name_of(item, "level")) == ("Population", "cel")
    with translation.override("pl"):
        assert is_english() is False
        assert is_english("en-gb") is True
        assert (name_of(item), name_of(item, "level")) == ("Ludność", "cel")
    with translation.override(None):  # no language active: Polish, the default
        assert is_english() is False
        assert number(Decimal("1234.5")) == f"1{NBSP}234,5"


def test_the_template_filters_are_these_functions():
    template = Template(
        "{% load stradom %}{{ v|num:2 }} | {{ d|day }} | {{ t|when }} | {{ p|period }} | "
        "{{ s|score }} | {{ w|sentence }}"
    )
    values = {
        "v": Decimal("-1234.567"),
        "d": dt.date(2026, 11, 26),
        "t": WARSAW_AFTERNOON,
        "p": "2024-07-15",
        "s": 2.26,
        "w": "up to date",
    }
    with translation.override("pl"):
        assert template.render(Context(values)) == (
            f"{MINUS}1{NBSP}234,57 | 26.11.2026 | 26.11.2026 14:05 | 15.07.2024 | 2,3 | Up to date."
        )
    with translation.override("en"):
        assert template.render(Context(values)) == (
            f"{MINUS}1,234.57 | 26 Nov 2026 | 26 Nov 2026 14:05 | 15 Jul 2024 | 2.3 | Up to date."
        )


def test_reports_admin_and_cli_write_money_as_this_module_does():
    from stradom.finance.formatting import percent_text
    from stradom.reports.cells import money_text

    for language in ("pl", "en"):
        with translation.override(language):
            amount = Decimal("-1550000.5")
            assert money_text(amount, language) == money(amount)
            assert percent_text(Decimal("0.09125")) == percent(Decimal("9.125"), 2)


STRADOM = Path(__file__).resolve().parents[2]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_module_outside_the_portal_imports_its_template_tags():
    outside = [p for p in STRADOM.rglob("*.py") if (STRADOM / "portal") not in p.parents]
    assert len(outside) > 300  # the walk found the code
    offenders = sorted(
        str(p.relative_to(STRADOM.parent))
        for p in outside
        if any(m.startswith("stradom.portal.templatetags") for m in _imported_modules(p))
    )
    assert offenders == []
