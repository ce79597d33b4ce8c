"""When each demo indicator's values come out: its publication lag, the days after a
period ends until its value is normally published (``Indicator.publication_lag_days``;
``stradom/catalog/freshness.py`` says from it which period should be out by today). Set
only where the source says when it publishes; the others are left unknown, and nothing
is said of them.
"""

from __future__ import annotations

# Statistics Poland's Local Data Bank (BDL) fills in a year's annual data during the next
# year, most of it by mid-year: the demo's own exports, downloaded on 11–12 March 2023
# (found/SOURCES.md), hold the 2022 unemployment rate but not yet the 2022 fertility rate
# or population. 181 days after 31 December is 30 June.
BDL_LAG_DAYS = 181
# GIOŚ assesses a year's air quality by 30 April of the next (art. 89 ust. 1 of the
# Environmental Protection Act, Prawo ochrony środowiska), with the year's verified
# measurements and annual statistics: 120 days after 31 December.
GIOS_ANNUAL_LAG_DAYS = 120
# The daily means come out in the same yearly archive, so the first day of a year is
# published 365 + 120 days after it ends and the last one 120 days: after 485 days any
# day is late (a shorter lag would call each year's first days late before their archive
# could be out).
GIOS_DAILY_LAG_DAYS = 485
# The mayor sends the annual report on the budget's execution to the council and the
# regional audit chamber by 31 March (art. 267 ust. 1 of the Public Finance Act, ustawa
# o finansach publicznych): 90 days.
BUDGET_REPORT_LAG_DAYS = 90
# The report on the state of the municipality is presented by 31 May (art. 28aa ust. 1 of
# the Municipal Self-Government Act, ustawa o samorządzie gminnym): 151 days.
MUNICIPALITY_REPORT_LAG_DAYS = 151
# Surveys, per wave. Barometr Krakowski's editions in krakow/indicator_values.csv are
# 2016, 2018, 2022 and 2024: one every two years, so a result is late only once the next
# edition should be out too; with a year for each edition's results (our allowance, no
# calendar is published), 2 × 365 days. The City Hall's client survey (UMK_) has had an
# edition a year lately (2023, 2024, 2025; the 2023 results were reported in January
# 2024): a result is late when the next year's edition is missing, 365 days.
BAROMETR_LAG_DAYS = 730
CLIENT_SURVEY_LAG_DAYS = 365

PUBLICATION_LAG_DAYS = {
    # Kraków's publications quoting Statistics Poland (GUS) figures
    **dict.fromkeys(
        [
            "POP_GUS",
            "POP_F_GUS",
            "POP_DENSITY",
            "BIRTHS",
            "DEATHS",
            "NAT_INC",
            "NAT_INC_PM",
            "MIGR_INT_BAL",
            "UNEMP_RATE",
        ],
        BDL_LAG_DAYS,
    ),
    **dict.fromkeys(
        ["BUDGET_TOTAL", "REVENUE", "EXPENDITURE", "DEBT_RATIO"], BUDGET_REPORT_LAG_DAYS
    ),
    **dict.fromkeys(["MPZP_COVER", "BUSINESS_ENT"], MUNICIPALITY_REPORT_LAG_DAYS),
    # GIOŚ: the Kraków agglomeration zone's annual means, and the station series
    **dict.fromkeys(
        [
            "PM10_AVG",
            "PM25_AVG",
            "PM10_ANNUAL_MEAN",
            "PM25_ANNUAL_MEAN",
            "PM10_DAYS_ABOVE_50",
            "PM25_DAYS_ABOVE_25",
        ],
        GIOS_ANNUAL_LAG_DAYS,
    ),
    **dict.fromkeys(["PM10_DAILY", "PM25_DAILY"], GIOS_DAILY_LAG_DAYS),
}


def publication_lag(code: str) -> int | None:
    """The demo indicator's publication lag in days (None: its source does not say)."""
    if code.startswith("BDL_"):  # the Local Data Bank series and those computed from them
        return BDL_LAG_DAYS
    if code.startswith("BK_"):
        return BAROMETR_LAG_DAYS
    if code.startswith("UMK_"):
        return CLIENT_SURVEY_LAG_DAYS
    return PUBLICATION_LAG_DAYS.get(code)
