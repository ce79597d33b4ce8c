"""Disaggregations are named in words on the indicator page, not by their codes."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from stradom.catalog.services import ObservationInput, write_observations


def _population(world):
    world.pop.publication_status = "published"
    world.pop.save()
    report = write_observations(
        [
            ObservationInput("POP", world.city.code, "2024", Decimal(800_000)),
            ObservationInput("POP", world.city.code, "2024", Decimal(420_000), (("sex", "F"),)),
            ObservationInput("POP", world.city.code, "2024", Decimal(380_000), (("sex", "M"),)),
        ],
        actor=None,
        reason="test",
        channel="form",
    )
    assert report.ok


def test_indicator_page_names_the_disaggregation_in_words(client, world):
    _population(world)
    html = client.get(
        f"/indicators/POP/?territory={world.city.code}&dimensions=sex%3DF"
    ).content.decode()
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    assert [(v, label) for v, _sel, label in options if v in ("", "sex=F", "sex=M")] == [
        ("", "ogółem"),
        ("sex=F", "płeć: kobiety"),
        ("sex=M", "płeć: mężczyźni"),
    ]
    assert "<h2>Wartości – Kraków (płeć: kobiety)</h2>" in html
    assert "sex=F)" not in html
    spec = json.loads(
        re.search(
            r'<script id="chart-series-spec" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert spec["title"].endswith("— Kraków (płeć: kobiety)")


def test_goal_page_names_a_linked_disaggregation_in_words(client, world):
    from stradom.strategy.models import Goal, GoalIndicator, Strategy

    _population(world)
    strategy = Strategy.objects.create(code="S", name_pl="S", start_year=2020, end_year=2030)
    goal = Goal.objects.create(strategy=strategy, code="I", name_pl="Cel I")
    GoalIndicator.objects.create(
        goal=goal, indicator=world.pop, territory=world.city, dimensions="sex=F"
    )
    html = client.get(f"/goals/{goal.pk}/").content.decode()
    assert '<div class="meta">Kraków · płeć: kobiety</div>' in html


def test_change_history_names_the_disaggregation_in_words(client, world):
    _population(world)
    client.force_login(world.admin)
    html = client.get("/panel/indicators/POP/history/").content.decode()
    assert "Kraków, 2024 · płeć: kobiety" in html
    assert "· sex=F" not in html


def test_indicator_sheet_names_the_disaggregation_in_words(world):
    from django.contrib.auth.models import AnonymousUser

    from stradom.reports.document import Heading
    from stradom.reports.services import build_document

    # Only the women's series: the sheet shows it, as the station series of PM10 in the demo.
    world.pop.publication_status = "published"
    world.pop.save()
    female = (("sex", "F"),)
    values = [ObservationInput("POP", world.city.code, "2024", Decimal(420_000), female)]
    assert write_observations(values, actor=None, reason="test", channel="form").ok
    doc = build_document(
        "indicator", user=AnonymousUser(), indicator="POP", territory=world.city.code
    )
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert "Wartości – Kraków (płeć: kobiety)" in headings
