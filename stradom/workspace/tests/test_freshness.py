"""The workspace's data-freshness table says which period each indicator should have by
today and marks those out of date (frozen days)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine

from stradom.catalog.models import Indicator

NOV_2026 = datetime(2026, 11, 20, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


def _row(html: str, code: str) -> str:
    table = html[html.index("Data freshness") :]
    return re.search(rf"{code}</span>.*?</tr>", table, re.S).group(0)


def test_freshness_table_gives_the_expected_period_and_marks_the_late(client, dashboard):
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)  # 2025 due
    Indicator.objects.filter(code="TRAM_SAT").update(publication_lag_days=3000)  # 2017 expected
    client.force_login(dashboard.analyst)
    with time_machine.travel(NOV_2026, tick=False):
        html = client.get("/en/panel/").content.decode()
    assert '<td>2024</td>\n    <td>2025 <strong class="stale">(out of date)</strong></td>' in (
        _row(html, "PM10_AVG")
    )
    assert "<td>2020</td>\n    <td>2017</td>" in _row(html, "TRAM_SAT")
    # No lag, no value: nothing expected, nothing marked.
    assert "<td>–</td>\n    <td>–</td>" in _row(html, "BIRTHS")
