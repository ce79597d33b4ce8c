"""The ``num`` filter writes numbers as people read them in each language, exactly as
Django's own ``number_format`` would (it is a faster route to the same text)."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format

from stradom.portal.templatetags.stradom import num

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "value", "decimals", "text"),
    [
        ("pl", Decimal("1234.5"), 1, f"1{NBSP}234,5"),
        ("pl", Decimal("30.25"), 1, "30,3"),  # half up
        ("pl", Decimal("-1234567.891"), 2, f"−1{NBSP}234{NBSP}567,89"),
        ("pl", Decimal("-0.04"), 1, "0,0"),  # no minus on a rounded zero
        ("pl", Decimal("1E+3"), None, f"1{NBSP}000"),
        ("en", Decimal("1234.5"), 1, "1,234.5"),
        ("en", Decimal("-1234567.891"), 0, "−1,234,568"),
        ("en", None, 1, "–"),
    ],
)
def test_numbers_in_each_language(language, value, decimals, text):
    with translation.override(language):
        assert num(value, decimals) == text


def _django(value: Decimal, decimals: int) -> str:
    number = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return text.replace("-", "−", 1) if text.startswith("-") else text


@pytest.mark.parametrize("language", ["pl", "en"])
def test_same_text_as_django_number_format(language):
    rng = random.Random(7)
    values = [
        Decimal(rng.randint(-(10**12), 10**12)) / Decimal(10 ** rng.randint(0, 6))
        for _ in range(500)
    ]
    with translation.override(language):
        for value in values:
            for decimals in (0, 1, 2, 4):
                assert num(value, decimals) == _django(value, decimals), (value, decimals)
