"""The indicator sheet says when its data are out of date: under the values, next to the
assessment's status, and the publication lag in the metadata (frozen days)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from stradom.catalog.models import Indicator
from stradom.reports.document import Heading, Paragraph, Table
from stradom.reports.services import build_document
from stradom.strategy.queries import forget_assessments
from stradom.strategy.testing import build_dashboard

NOV_2026 = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


@pytest.fixture
def dashboard(world):
    cache.clear()
    forget_assessments()
    yield build_dashboard(world)  # PM10_AVG: Kraków 2019–2024, linked to goal 1.1
    cache.clear()
    forget_assessments()


def _sheet(language: str):
    with time_machine.travel(NOV_2026, tick=False):
        return build_document(
            "indicator", language=language, user=AnonymousUser(), indicator="PM10_AVG"
        )


def _after(doc, heading: str) -> list:
    blocks = doc.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading)
    return blocks[start + 1 :]


def test_sheet_says_the_values_and_the_assessment_rest_on_old_data(dashboard):
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)
    doc = _sheet("en")
    meta = dict(next(b for b in doc.blocks if isinstance(b, Table)).rows)
    assert meta["Published"] == "about 120 days after the period ends"
    values = _after(doc, "Values for Kraków")
    assert values[0] == Paragraph("Latest value from 2024; 2025 expected.", "note")
    notes = [b for b in _after(doc, "Assessment") if isinstance(b, Paragraph)]
    status = next(i for i, b in enumerate(notes) if b.text.startswith("Status: "))
    assert notes[status + 1] == Paragraph("Latest value from 2024; 2025 expected.", "note")


def test_sheet_says_nothing_is_late_when_the_data_are_current(dashboard):
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=600)
    doc = _sheet("en")
    assert _after(doc, "Values for Kraków")[0] == Paragraph(
        "Up to date: latest value from 2024.", "note"
    )
    assert not [
        b for b in _after(doc, "Assessment") if isinstance(b, Paragraph) and "expected" in b.text
    ]


def test_sheet_without_a_lag_gives_the_latest_period_only(dashboard):
    doc = _sheet("en")
    meta = dict(next(b for b in doc.blocks if isinstance(b, Table)).rows)
    assert meta["Published"] is None
    assert _after(doc, "Values for Kraków")[0] == Paragraph("Latest value from 2024.", "note")


def test_polish_sheet(dashboard):
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)
    doc = _sheet("pl")
    meta = dict(next(b for b in doc.blocks if isinstance(b, Table)).rows)
    assert meta["Ukazuje się"] == "około 120 dni po końcu okresu"
    assert _after(doc, "Wartości – Kraków")[0] == Paragraph(
        "Ostatnia wartość z 2024 r.; oczekiwano 2025 r.", "note"
    )
