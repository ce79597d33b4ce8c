"""Out-of-date data said aloud on the pages: the indicator page, the indicator list, the
goal page's rows and roll-up, in Polish and English, on frozen days.

The dashboard's PM10_AVG has values for Kraków 2019–2024. With a publication lag of 120
days (the GIOŚ annual assessment, due by 30 April), 2025 is expected from 1 May 2026."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from stradom.catalog.models import Indicator

WARSAW = ZoneInfo("Europe/Warsaw")
LATE = datetime(2026, 11, 20, 10, 0, tzinfo=WARSAW)  # 2025 expected, 2024 is the latest
IN_TIME = datetime(2026, 4, 30, 10, 0, tzinfo=WARSAW)  # 2024 still the expected year


def _lag(days):
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=days)


def _freshness_line(html: str) -> str:
    return re.search(r'<p id="freshness" class="([^"]*)">(.*?)</p>', html, re.S).groups()


def test_indicator_page_says_the_series_is_out_of_date_in_english(client, dashboard):
    _lag(120)
    with time_machine.travel(LATE, tick=False):
        html = client.get("/en/indicators/PM10_AVG/").content.decode()
    css, text = _freshness_line(html)
    assert css == "notice stale"
    assert text == '<span aria-hidden="true">⌛</span> Latest value from 2024; 2025 expected.'
    assert "<dt>Published</dt><dd>about 120 days after the period ends</dd>" in html


def test_indicator_page_says_the_series_is_out_of_date_in_polish(client, dashboard):
    _lag(120)
    with time_machine.travel(LATE, tick=False):
        html = client.get("/indicators/PM10_AVG/").content.decode()
    css, text = _freshness_line(html)
    assert css == "notice stale"
    assert (
        text == '<span aria-hidden="true">⌛</span> Ostatnia wartość z 2024 r.; oczekiwano 2025 r.'
    )
    assert "<dt>Ukazuje się</dt><dd>około 120 dni po końcu okresu</dd>" in html


def test_indicator_page_says_a_series_is_up_to_date_until_the_deadline_passes(client, dashboard):
    _lag(120)
    with time_machine.travel(IN_TIME, tick=False):
        en = client.get("/en/indicators/PM10_AVG/").content.decode()
        pl = client.get("/indicators/PM10_AVG/").content.decode()
    assert _freshness_line(en) == ("meta", "Up to date: latest value from 2024.")
    assert _freshness_line(pl) == ("meta", "Dane aktualne: ostatnia wartość z 2024 r.")


def test_without_a_lag_the_page_gives_the_latest_period_and_judges_nothing(client, dashboard):
    with time_machine.travel(LATE, tick=False):
        html = client.get("/en/indicators/PM10_AVG/").content.decode()
    assert _freshness_line(html) == ("meta", "Latest value from 2024.")
    assert "expected" not in html
    assert "<dt>Published</dt>" not in html


def test_the_page_judges_the_series_it_shows(client, dashboard):
    """The districts have 2024 only; Warszawa too: a unit chosen by the reader is judged on
    its own series, not on the city's."""
    from decimal import Decimal

    from stradom.catalog.services import ObservationInput, write_observations

    _lag(120)
    report = write_observations(
        [ObservationInput("PM10_AVG", "1465011", "2025", Decimal("20"))],
        actor=None,
        reason="test",
        channel="command",
    )
    assert report.ok
    with time_machine.travel(LATE, tick=False):
        warsaw = client.get("/en/indicators/PM10_AVG/?territory=1465011").content.decode()
        krakow = client.get("/en/indicators/PM10_AVG/?territory=1261011").content.decode()
    assert _freshness_line(warsaw) == ("meta", "Up to date: latest value from 2025.")
    assert _freshness_line(krakow)[0] == "notice stale"


MARK_EN = (
    '<span class="stale"><span aria-hidden="true">⌛</span> latest value from 2024; '
    "2025 expected</span>"
)
MARK_PL = (
    '<span class="stale"><span aria-hidden="true">⌛</span> ostatnia wartość z 2024 r.; '
    "oczekiwano 2025 r.</span>"
)


def test_indicator_list_marks_an_out_of_date_indicator(client, dashboard):
    _lag(120)
    with time_machine.travel(LATE, tick=False):
        en = client.get("/en/indicators/").content.decode()
        pl = client.get("/indicators/").content.decode()
    item = re.search(r"<li><a href=\"/en/indicators/PM10_AVG/\">.*?</li>", en).group(0)
    assert item.endswith(MARK_EN + "</li>")
    assert MARK_PL in pl


def test_indicator_list_marks_nothing_in_time_or_without_a_lag(client, dashboard):
    _lag(120)
    with time_machine.travel(IN_TIME, tick=False):
        assert 'class="stale"' not in client.get("/en/indicators/").content.decode()
    _lag(None)
    with time_machine.travel(LATE, tick=False):
        assert 'class="stale"' not in client.get("/en/indicators/").content.decode()


def test_goal_page_says_next_to_the_status_that_the_data_are_old(client, dashboard):
    _lag(120)
    with time_machine.travel(LATE, tick=False):
        html = client.get(f"/en/goals/{dashboard.child.pk}/").content.decode()
    row = re.search(r'<th scope="row"><a href="/en/indicators/PM10_AVG/.*?</tr>', html, re.S)
    status_cell = row.group(0).split("<td>")[2]
    assert '<span class="status status-' in status_cell
    assert '<div class="meta stale">latest value from 2024; 2025 expected</div>' in status_cell
    assert '<p class="meta stale">On current data: 0 of 1 assessed indicator.</p>' in html


def test_goal_roll_up_counts_the_indicators_on_current_data(client, world):
    """Two published indicators on the goal, one current and one late: "1 of 2"; the
    third, without a lag, is said to be of unknown freshness."""
    from stradom.strategy.testing import build_dashboard

    w = build_dashboard(world, n_indicators=3, n_years=6)  # X001, X002: 2019–2024
    Indicator.objects.filter(code="PM10_AVG").update(publication_lag_days=120)  # late
    Indicator.objects.filter(code="X001").update(publication_lag_days=600)  # 2024 is enough
    with time_machine.travel(LATE, tick=False):
        en = client.get(f"/en/goals/{w.child.pk}/").content.decode()
        pl = client.get(f"/goals/{w.child.pk}/").content.decode()
    assert (
        '<p class="meta stale">On current data: 1 of 3 assessed indicators '
        "(freshness not known for 1).</p>" in en
    )
    assert (
        '<p class="meta stale">Na aktualnych danych: 1 z 3 ocenionych wskaźników '
        "(aktualność nieznana dla 1).</p>" in pl
    )


@pytest.mark.parametrize("url", ["/en/", "/en/goals/{root}/"])
def test_roll_ups_say_nothing_of_freshness_when_no_lag_is_known(client, dashboard, url):
    with time_machine.travel(LATE, tick=False):
        html = client.get(url.format(root=dashboard.root.pk)).content.decode()
    assert "On current data" not in html


def test_a_daily_series_is_written_with_the_readers_dates():
    from django.utils import translation

    from stradom.portal.templatetags.stradom import freshness_text, period_text

    late = {"latest_period": "2016-12-31", "expected_period": "2025-01-01", "stale": True}
    with translation.override("en"):
        assert period_text("2016-12-31") == "31 Dec 2016"
        assert period_text("2024-Q3") == "2024-Q3"
        assert freshness_text(late) == "latest value: 31 Dec 2016; 01 Jan 2025 expected"
    with translation.override("pl"):
        assert period_text("2016-12-31") == "31.12.2016"
        assert freshness_text(late) == "ostatnia wartość: 31.12.2016; oczekiwano: 01.01.2025"


def test_a_phrase_ending_in_an_abbreviation_gets_no_second_full_stop():
    from stradom.portal.templatetags.stradom import sentence

    assert sentence("ostatnia wartość z 2024 r.") == "Ostatnia wartość z 2024 r."
    assert sentence("latest value from 2024") == "Latest value from 2024."
    assert sentence("") == ""
