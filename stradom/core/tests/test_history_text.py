"""Values in every history are written as people read them later: ISO dates (shown as
31.03.2026 / 31 Mar 2026), exact decimals (amounts keep their grosze, measures no
trailing zeros), 1/0 for yes/no, codes of linked records, JSON for lists."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import models

from stradom.core.models import changed_fields, history_text


def test_dates_decimals_and_flags_as_the_history_keeps_them():
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    measure = models.DecimalField(max_digits=28, decimal_places=10)
    assert history_text(date(2026, 3, 31)) == "2026-03-31"
    assert history_text(Decimal("1250000.5"), amount) == "1250000.50"
    assert history_text(Decimal("61.5000000000"), measure) == "61.5"
    assert history_text(Decimal("80.0000000000"), measure) == "80"
    assert history_text(Decimal("0.1234567891"), measure) == "0.1234567891"
    assert history_text(Decimal("1E+3"), measure) == "1000"
    assert history_text(Decimal("12.30")) == "12.30"  # no field: exactly as given
    assert history_text(True) == "1"
    assert history_text(None) == ""
    assert history_text([{"year": 2025, "value": "70"}]) == '[{"value": "70", "year": 2025}]'


def test_only_fields_whose_text_differs_are_changes():
    before = {"a": "1", "b": "2026-03-31", "c": ""}
    after = {"a": "1", "b": "2026-04-01", "c": "x"}
    assert changed_fields(before, after) == [("b", "2026-03-31", "2026-04-01"), ("c", "", "x")]
    assert changed_fields({}, {"a": ""}) == []
