"""The API says how a computed indicator is calculated in words of both languages
(``computation_pl`` / ``computation_en``, the pages' words), naming only inputs the caller
may read; the list and the single indicator agree."""

from __future__ import annotations

import pytest

from stradom.catalog.models import Indicator
from stradom.catalog.services import set_computation


@pytest.fixture
def density(world):
    Indicator.objects.create(
        code="AREA",
        name_pl="Powierzchnia dzielnicy",
        name_en="District area",
        publication_status="published",
    )
    Indicator.objects.filter(code="POP").update(
        name_en="Population", publication_status="published"
    )
    density = Indicator.objects.create(
        code="DENSITY", name_pl="Gęstość zaludnienia", publication_status="published"
    )
    set_computation(
        density, formula="[POP] / [AREA] * 1000.5", actor=None, reason="definicja wskaźnika"
    )
    return density


def test_one_indicator_says_its_formula_in_both_languages(client, density):
    body = client.get("/api/indicators/DENSITY").json()
    assert body["formula"] == "[POP] / [AREA] * 1000.5"
    assert body["computation_pl"] == "Liczba ludności ÷ Powierzchnia dzielnicy × 1\xa0000,5"
    assert body["computation_en"] == "Population ÷ District area × 1,000.5"


def test_the_list_says_the_same_and_nothing_for_an_indicator_that_is_not_computed(client, density):
    items = {i["code"]: i for i in client.get("/api/indicators").json()["items"]}
    assert items["DENSITY"]["computation_en"] == "Population ÷ District area × 1,000.5"
    assert (items["POP"]["computation_pl"], items["POP"]["computation_en"]) == ("", "")


def test_an_input_the_caller_may_not_read_is_not_named(client, world, density):
    Indicator.objects.filter(code="AREA").update(publication_status="draft")
    body = client.get("/api/indicators/DENSITY").json()
    assert body["computation_en"] == "Population ÷ an unpublished indicator × 1,000.5"
    assert body["computation_pl"] == "Liczba ludności ÷ wskaźnik nieopublikowany × 1\xa0000,5"
    assert "District area" not in str(body)
