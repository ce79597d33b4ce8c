"""A computed indicator's page says how it is calculated in words, in the reader's
language: indicator names, not codes; the office's calculation text is kept when it says
more, dropped when it only repeats the formula in codes; inputs the public may not see
are not named. Also the indicator sheet (same words)."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import AnonymousUser

from stradom.catalog.models import Indicator
from stradom.catalog.services import ObservationInput, set_computation, write_observations
from stradom.reports.document import Table
from stradom.reports.services import build_document


@pytest.fixture
def density(world):
    Indicator.objects.create(
        code="AREA",
        name_pl="Powierzchnia dzielnicy",
        name_en="District area",
        unit="km²",
        publication_status="published",
    )
    world.pop.name_en = "Population"
    world.pop.publication_status = "published"
    world.pop.save()
    write_observations(
        [
            ObservationInput("POP", world.district1.code, "2024", Decimal("30000")),
            ObservationInput("AREA", world.district1.code, "2024", Decimal("5.5")),
        ],
        actor=None,
        reason="test",
        channel="command",
    )
    density = Indicator.objects.create(
        code="DENSITY",
        name_pl="Gęstość zaludnienia",
        name_en="Population density",
        publication_status="published",
        # As the demo writes it: the formula again, in codes.
        calculation_pl="[POP] / [AREA]",
        calculation_en="[POP] / [AREA]",
    )
    set_computation(density, formula="[POP] / [AREA]", actor=None, reason="definicja wskaźnika")
    return density


def _calculation(html: str) -> list[str]:
    """The <dd> texts under "How it is calculated" / "Sposób obliczania"."""
    facts = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    match = re.search(
        r"<dt>(?:How it is calculated|Sposób obliczania)</dt>((?:<dd>.*?</dd>)+)", facts
    )
    return [unescape(t) for t in re.findall(r"<dd>(.*?)</dd>", match.group(1))] if match else []


def test_public_page_says_the_formula_with_names_in_polish(client, density):
    html = client.get("/indicators/DENSITY/").content.decode()
    assert _calculation(html) == ["Liczba ludności ÷ Powierzchnia dzielnicy"]
    assert "[POP]" not in html


def test_public_page_says_the_formula_with_names_in_english(client, density):
    html = client.get("/en/indicators/DENSITY/").content.decode()
    assert _calculation(html) == ["Population ÷ District area"]
    assert "[POP]" not in html


def test_a_calculation_text_that_says_more_is_shown_below_the_formula(client, density):
    density.calculation_pl = "Ludność według stanu na 31 grudnia"
    density.calculation_en = "Population on 31 December"
    density.save()
    pl = client.get("/indicators/DENSITY/").content.decode()
    assert _calculation(pl) == [
        "Liczba ludności ÷ Powierzchnia dzielnicy",
        "Ludność według stanu na 31 grudnia",
    ]
    en = client.get("/en/indicators/DENSITY/").content.decode()
    assert _calculation(en) == ["Population ÷ District area", "Population on 31 December"]


def test_the_public_page_does_not_name_an_unpublished_input(client, world, density):
    Indicator.objects.filter(code="AREA").update(publication_status="draft")
    html = client.get("/en/indicators/DENSITY/").content.decode()
    assert _calculation(html) == ["Population ÷ an unpublished indicator"]
    assert "District area" not in html
    # An analyst reads every indicator, so the workspace names it.
    client.force_login(world.analyst)
    html = client.get("/en/panel/indicators/DENSITY/").content.decode()
    assert _calculation(html) == ["Population ÷ District area"]


def test_an_indicator_that_is_not_computed_shows_its_calculation_text(client, world):
    world.pm10.calculation_pl = "Średnia z pomiarów dobowych"
    world.pm10.save()
    html = client.get("/indicators/PM10_AVG/").content.decode()
    assert _calculation(html) == ["Średnia z pomiarów dobowych"]


@pytest.mark.parametrize(
    ("language", "caption", "label", "words"),
    [
        (
            "pl",
            "Metadane wskaźnika",
            "Sposób obliczania",
            "Liczba ludności ÷ Powierzchnia dzielnicy",
        ),
        ("en", "Metadata of the indicator", "How it is calculated", "Population ÷ District area"),
    ],
)
def test_indicator_sheet_says_the_formula_in_the_same_words(
    density, language, caption, label, words
):
    doc = build_document("indicator", language=language, user=AnonymousUser(), indicator="DENSITY")
    meta = dict(next(b for b in doc.blocks if isinstance(b, Table) and b.caption == caption).rows)
    assert meta[label] == words
    assert "[POP]" not in " ".join(str(v) for v in meta.values())
