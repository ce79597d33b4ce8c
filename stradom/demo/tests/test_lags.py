"""The demo's publication lags: given where a source says when it publishes, to indicators
the demo really loads, and left unknown elsewhere."""

from __future__ import annotations

import csv

from stradom.demo import found, lags


def test_each_source_has_its_documented_lag():
    assert lags.publication_lag("BDL_UNEMP_RATE") == 181  # Local Data Bank: by 30 June
    assert lags.publication_lag("BDL_CHILD_BENEFIT_500_PC") == 181  # computed from BDL
    assert lags.publication_lag("POP_GUS") == 181
    assert lags.publication_lag("PM10_ANNUAL_MEAN") == 120  # GIOŚ: by 30 April
    assert lags.publication_lag("PM10_DAILY") == 485  # the same yearly archive
    assert lags.publication_lag("REVENUE") == 90  # budget report: by 31 March
    assert lags.publication_lag("MPZP_COVER") == 151  # report on the municipality: 31 May
    assert lags.publication_lag("BK_SAT_AIR") == 730  # Barometr Krakowski: every two years
    assert lags.publication_lag("UMK_NPS_DESK") == 365  # client survey: every year


def test_no_lag_where_the_source_does_not_say():
    for code in ("POP_CENSUS", "CREDIT_RATING_SP", "DISTRICT_POP", "INVEST_EXP_COMP"):
        assert lags.publication_lag(code) is None, code


def test_every_listed_code_is_a_demo_indicator(demo_data):
    with (demo_data / "krakow" / "indicators.csv").open(encoding="utf-8") as fh:
        codes = {row["indicator_code"] for row in csv.DictReader(fh)}
    codes |= set(found.BDL_INDICATORS) | set(found.PM_DAILY) | set(found.PM_ANNUAL)
    codes |= set(found.PER_CAPITA)
    assert set(lags.PUBLICATION_LAG_DAYS) <= codes
