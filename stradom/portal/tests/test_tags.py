"""Template tags that stand in for slower built-ins give the same text."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from stradom.core import markup
from stradom.core.kept import forget_all
from stradom.portal.templatetags.stradom import code_url, num, score, status_badge
from stradom.portal.tests.reference import LINKS_LOOP
from stradom.strategy.queries import LinkRow, status_of_rank


@pytest.mark.parametrize("code", ["PM10_AVG", "B0500", "A.1-b", "Ż ółw", "x+y=z", "a'b"])
@pytest.mark.parametrize("language", ["pl", "en"])
def test_code_url_is_what_reverse_gives(code, language):
    with translation.override(language):
        assert code_url("portal:indicator", code) == reverse("portal:indicator", args=[code])
        assert code_url("workspace:indicator", code) == reverse("workspace:indicator", args=[code])


def test_status_badge_has_symbol_and_words_and_escapes_the_label():
    status = status_of_rank(4)
    with translation.override("en"):
        assert status_badge(status) == (
            '<span class="status status-4"><span aria-hidden="true">▲</span> On track</span>'
        )
        assert status_badge(status, "<b>mine</b>") == (
            '<span class="status status-4"><span aria-hidden="true">▲</span> '
            "&lt;b&gt;mine&lt;/b&gt;</span>"
        )


def _link(**changes):
    row = {
        "indicator_code": "PM10_AVG",
        "indicator_name": "Pył PM10",
        "territory_code": "1261011",
        "territory_name": "Kraków",
        "dimensions": "",
        "dimensions_label": "",
        "unit": "µg/m³",
        "status_view": status_of_rank(4),
        "label_text": "",
        "reason_text": "",
        "break_text": "",
        "score": 3.25,
        "inputs": {"base_year": 2019, "base_value": Decimal("1234.5")},
        "decimals": 1,
        "latest_value": Decimal("-1234567.25"),
        "latest_year": 2024,
        "target_value": Decimal("900"),
        "target_year": 2030,
    }
    row.update(changes)
    return LinkRow(**row)


LINKS = [
    _link(),
    _link(
        indicator_code="A b/ż'",
        indicator_name='<b>"Tom" & Jerry\'s</b>',
        territory_code="12 61&011",
        territory_name="Nowa <Huta>",
        dimensions="sex=F;age=0-17",
        dimensions_label="płeć: kobiety & <dzieci>",
        unit="zł/os.",
        status_view=status_of_rank(1),
        label_text="Oddala się <od celu>",
        reason_text="Za mało danych & lat",
        break_text="Fala 2022 <nieporównywalna>",
        freshness_text="ostatnia wartość z 2012 r.; oczekiwano <2025> r.",
        score=None,
        inputs={"base_year": None, "base_value": None},
        decimals=0,
        latest_value=None,
        latest_year=None,
        target_value=None,
        target_year=None,
    ),
    _link(dimensions="sex=M", dimensions_label="", inputs=None, score=0, decimals=None),
    _link(inputs={}, latest_value=Decimal("0.04"), decimals=1, latest_year="2024-Q3"),
    _link(inputs={"base_year": 2020, "base_value": None}, score=4.96, decimals=3),
]


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("view", ["portal:indicator", "workspace:indicator"])
def test_links_rows_are_the_text_the_template_loop_made(language, view):
    with translation.override(language):
        expected = Template(LINKS_LOOP).render(Context({"links": LINKS, "indicator_url": view}))
        written = Template("{% load stradom %}\n  {% links_rows links indicator_url %}\n").render(
            Context({"links": LINKS, "indicator_url": view})
        )
    assert written == expected
    assert "&lt;b&gt;&quot;Tom&quot; &amp; Jerry&#x27;s&lt;/b&gt;" in written
    assert "?territory=12%2061%26011&amp;dimensions=sex%3DF%3Bage%3D0-17" in written
    assert (
        '<div class="meta stale">ostatnia wartość z 2012 r.; oczekiwano &lt;2025&gt; r.</div>'
        in (written)
    )


def test_a_tuple_of_links_is_written_once_per_language_and_view_a_list_every_time():
    forget_all()
    kept = tuple(LINKS)
    with translation.override("pl"):
        first = markup.links_rows(kept, "portal:indicator")
        assert markup.links_rows(kept, "portal:indicator") is first
        assert markup.links_rows(kept, "workspace:indicator") is not first
        assert markup.links_rows(tuple(LINKS), "portal:indicator") == first  # another tuple
        listed = markup.links_rows(LINKS, "portal:indicator")
        assert listed == first and listed is not first
        assert markup.links_rows(LINKS, "portal:indicator") is not listed
    with translation.override("en"):
        english = markup.links_rows(kept, "portal:indicator")
    assert english is not first and "On track" in english and "On track" not in first
    forget_all()


def test_num_gives_the_same_text_as_the_separators_once_per_table():
    with translation.override("pl"):
        assert num(Decimal("-1234567.25"), 1) == "−1\xa0234\xa0567,3"
        assert num(-0.04, 1) == "0,0"
        assert num("x", 1) == "x"
        assert score(4.96) == "5,0"
    with translation.override("en"):
        assert num(Decimal("1234567.25"), None) == "1,234,567.25"
        assert num(Decimal("2.5"), 20) == "2.50000000000000000000"
