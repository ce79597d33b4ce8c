"""A computed indicator's computation said in words, in the reader's language
(``stradom.catalog.computation``): names instead of codes, ÷ and ×, the reader's numbers,
aggregations as sentences; inputs the reader may not see are not named."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from stradom.catalog.computation import computation_text, computation_texts, restates_computation
from stradom.catalog.formula import Notation, parse_formula
from stradom.catalog.models import Indicator
from stradom.catalog.services import set_computation

# The Polish words need the lead's catalogue entries (see the report); the formula
# symbols and numbers do not.


def _plain_notation(names=None):
    return Notation(
        name=lambda code: (names or {}).get(code, code.lower()),
        number=lambda value: format(value, "f").replace(".", ","),
        call=lambda name, args, literals: (f"{name}({'; '.join(args)})", True),
    )


@pytest.mark.parametrize(
    ("formula", "written"),
    [
        ("[A] / [B]", "a ÷ b"),
        ("[BIRTHS] / [POP] * 1000", "births ÷ pop × 1000"),
        ("([A] + [B]) / 2", "(a + b) ÷ 2"),
        ("[A] - ([B] - [C])", "a − (b − c)"),
        ("[A] - [B] * [C]", "a − b × c"),
        ("[A] / ([B] * [C])", "a ÷ (b × c)"),
        ("-[A] + [B]", "−a + b"),
        ("[A] * -[B]", "a × (−b)"),
        ("-([A] + [B])", "−(a + b)"),
        ("[A] ^ 2", "a²"),
        ("[A] ** -1", "a⁻¹"),
        ("[A] ^ 0.5", "a^0,5"),
        ("([A] + [B]) ^ 2", "(a + b)²"),
        ("[A] ^ [B] ^ 2", "a^b²"),
        ("(-2) ^ 2", "(−2)²"),
        ("max([A], 0.5) * 2", "max(a; 0,5) × 2"),
    ],
)
def test_formula_is_written_with_names_signs_and_the_readers_numbers(formula, written):
    assert parse_formula(formula).written(_plain_notation()) == written


def test_a_name_with_spaces_is_bracketed_under_a_power():
    notation = _plain_notation({"A": "Powierzchnia dzielnicy"})
    assert parse_formula("[A]^2").written(notation) == "(Powierzchnia dzielnicy)²"


@pytest.fixture
def density(world):
    Indicator.objects.create(
        code="AREA", name_pl="Powierzchnia dzielnicy", name_en="District area", unit="km²"
    )
    world.pop.name_en = "Population"
    world.pop.save()
    density = Indicator.objects.create(
        code="DENSITY", name_pl="Gęstość zaludnienia", publication_status="published"
    )
    set_computation(density, formula="[POP] / [AREA]", actor=None, reason="definicja wskaźnika")
    return density


def test_formula_in_polish_and_english(world, density):
    with translation.override("pl"):
        assert computation_text(density, user=world.admin) == (
            "Liczba ludności ÷ Powierzchnia dzielnicy"
        )
    with translation.override("en"):
        assert computation_text(density, user=world.admin) == "Population ÷ District area"


def test_numbers_of_a_formula_in_the_readers_format(world):
    rate = Indicator.objects.create(code="RATE", name_pl="Urodzenia na 1000 mieszkańców")
    set_computation(
        rate, formula="[BIRTHS] / [POP] * 1000.5", actor=None, reason="definicja wskaźnika"
    )
    with translation.override("pl"):
        assert computation_text(rate, user=world.admin) == (
            "Urodzenia żywe ÷ Liczba ludności × 1\xa0000,5"
        )
    with translation.override("en"):
        assert computation_text(rate, user=world.admin) == (
            "Urodzenia żywe ÷ Liczba ludności × 1,000.5"
        )


def test_inputs_the_public_may_not_see_are_not_named(world, density):
    # POP and AREA are drafts: the public reads of "an unpublished indicator".
    with translation.override("en"):
        public = computation_text(density, user=AnonymousUser())
        assert public == "an unpublished indicator ÷ an unpublished indicator"
        world.pop.publication_status = "published"
        world.pop.save()
        assert computation_text(density, user=AnonymousUser()) == (
            "Population ÷ an unpublished indicator"
        )
    with translation.override("pl"):
        assert computation_text(density, user=AnonymousUser()) == (
            "Liczba ludności ÷ wskaźnik nieopublikowany"
        )


@pytest.fixture
def pm10_annual(world):
    daily = Indicator.objects.create(
        code="PM10_DAILY",
        name_pl="Stężenie PM10 (średnia dobowa)",
        name_en="PM10 concentration (daily mean)",
        unit="µg/m³",
        frequency="D",
    )
    mean = Indicator.objects.create(code="PM10_MEAN", name_pl="Średnioroczne stężenie PM10")
    days = Indicator.objects.create(code="PM10_DAYS", name_pl="Dni z PM10 powyżej 50 µg/m³")
    set_computation(
        mean,
        aggregation_source=daily,
        aggregation={"function": "mean"},
        actor=None,
        reason="definicja wskaźnika",
    )
    set_computation(
        days,
        aggregation_source=daily,
        aggregation={"function": "count_above", "threshold": "50.5", "min_coverage": "0.9"},
        actor=None,
        reason="definicja wskaźnika",
    )
    return mean, days


def test_aggregation_in_polish(world, pm10_annual):
    mean, days = pm10_annual
    with translation.override("pl"):
        texts = computation_texts([mean, days], user=world.admin)
    assert texts == {
        mean.pk: "średnia roczna z wartości dobowych wskaźnika „Stężenie PM10 (średnia dobowa)”",
        days.pk: (
            "liczba wartości dobowych wskaźnika „Stężenie PM10 (średnia dobowa)” powyżej "
            "50,5 µg/m³ w roku; gdy jest mniej niż 90% oczekiwanych wartości źródłowych, "
            "wynik jest szacunkowy"
        ),
    }


def test_aggregation_in_english(world, pm10_annual):
    mean, days = pm10_annual
    with translation.override("en"):
        texts = computation_texts([mean, days], user=world.admin)
    assert texts == {
        mean.pk: "annual mean of the daily values of “PM10 concentration (daily mean)”",
        days.pk: (
            "number of the daily values of “PM10 concentration (daily mean)” above 50.5 µg/m³ "
            "in the year; when fewer than 90% of the source values expected are present, "
            "the result is an estimate"
        ),
    }


def test_functions_in_words(world):
    share = Indicator.objects.create(code="SHARE", name_pl="Udział")
    set_computation(
        share,
        formula="round([BIRTHS] / [POP] * 100, 1) + if([POP], 1, 0)",
        actor=None,
        reason="definicja wskaźnika",
    )
    with translation.override("en"):
        assert computation_text(share, user=world.admin) == (
            "(Urodzenia żywe ÷ Liczba ludności × 100 rounded to 1 decimal place) "
            "+ (1 if Liczba ludności ≠ 0, otherwise 0)"
        )
    with translation.override("pl"):
        assert computation_text(share, user=world.admin) == (
            "(Urodzenia żywe ÷ Liczba ludności × 100 zaokrąglone do 1 miejsca po przecinku) "
            "+ (1, gdy Liczba ludności ≠ 0, w przeciwnym razie 0)"
        )


def test_an_indicator_that_is_not_computed_has_no_computation(world):
    assert computation_texts([world.pop, world.pm10], user=world.admin) == {}
    assert computation_text(world.pop, user=world.admin) == ""


def test_a_calculation_text_that_only_repeats_the_definition_in_codes(world, density, pm10_annual):
    mean, days = pm10_annual
    assert restates_computation("[POP] / [AREA]", density)
    assert restates_computation("mean z PM10_DAILY", mean)
    assert restates_computation("count_above of PM10_DAILY", days)
    assert not restates_computation("Ludność na km² powierzchni dzielnicy", density)
    assert not restates_computation("mean z PM10_DAILY, bez stacji tła", mean)
