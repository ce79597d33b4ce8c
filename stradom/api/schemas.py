"""What the API reads and writes, as OpenAPI schemas.

Numbers of indicators travel as *strings* of plain decimals (``"43.7"``): they are
``Decimal`` in Stradom, and a JSON number would pass through binary floating point in
most clients. Money, where it comes, follows the same rule.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("NUL characters are not allowed")
    return text


# Text from clients: PostgreSQL cannot store or compare a NUL character.
Text = Annotated[str, AfterValidator(_no_nul)]


class Page(Schema):
    count: int
    limit: int
    offset: int


class TerritoryOut(Schema):
    code: str
    name: str
    kind: str
    kind_detail: str
    parent: str | None
    number: str
    area_km2: str | None


class TerritoryPage(Page):
    items: list[TerritoryOut]


class DomainOut(Schema):
    code: str
    name_pl: str
    name_en: str
    description_pl: str
    description_en: str
    order: int
    source: str


class ServiceOut(Schema):
    code: str
    name_pl: str
    name_en: str
    description_pl: str
    description_en: str
    domain: str


class DimensionValueOut(Schema):
    code: str
    name_pl: str
    name_en: str


class DimensionOut(Schema):
    code: str
    name_pl: str
    name_en: str
    values: list[DimensionValueOut]


class FreshnessOut(Schema):
    """Whether the indicator's values are up to date (``stradom.catalog.freshness``)."""

    latest_period: str | None = Field(
        description="the latest period with a value, in any territorial unit and disaggregation"
    )
    expected_period: str | None = Field(
        description="the latest period whose value should be published by as_of (its end "
        "plus publication_lag_days has passed); null for an irregular indicator or an "
        "unknown lag"
    )
    stale: bool | None = Field(
        description="true when latest_period is older than expected_period (or there is no "
        "value); null when it cannot be said"
    )
    periods_behind: int | None = Field(
        description="periods of the indicator's frequency from latest_period to expected_period"
    )
    as_of: str = Field(description="the day judged on (ISO 8601)")
    frequency: str
    publication_lag_days: int | None


class IndicatorOut(Schema):
    code: str
    name_pl: str
    name_en: str
    description_pl: str
    description_en: str
    calculation_pl: str
    calculation_en: str
    unit: str
    decimals: int
    polarity: str
    kind: str
    theme: str
    frequency: str
    publication_lag_days: int | None = Field(
        description="days after a period ends until its value is normally published; "
        "null: not known"
    )
    freshness: FreshnessOut
    source: str
    source_url: str
    responsible_unit: str
    publication_status: str
    domain: str | None
    services: list[str]
    dimensions: list[DimensionOut]
    computed: bool
    formula: str
    computation_pl: str = Field(
        description="how a computed indicator is calculated, in Polish words: its formula "
        "with the indicators' names (e.g. 'Ludność dzielnicy ÷ Powierzchnia dzielnicy') or its "
        "aggregation over time; an input the caller may not read is not named; '' when not "
        "computed"
    )
    computation_en: str = Field(description="the same in English")
    updated_at: datetime


class IndicatorPage(Page):
    items: list[IndicatorOut]


class ObservationOut(Schema):
    indicator: str
    territory: str
    period: str
    period_kind: str
    period_start: str
    period_end: str
    dimensions: dict[str, str]
    value: str | None
    status: str
    ci_low: str | None
    ci_high: str | None
    base_n: int | None
    note: str
    source: str
    updated_at: datetime


class ObservationPage(Page):
    items: list[ObservationOut]


class ObservationIn(Schema):
    indicator: Text = Field(..., min_length=1, max_length=64)
    territory: Text = Field(..., min_length=1, max_length=32)
    period: Text = Field(..., min_length=4, max_length=10, examples=["2024"])
    value: Decimal | None = Field(None, examples=["43.7"])
    dimensions: dict[Text, Text] = Field(default_factory=dict, examples=[{"sex": "F"}])
    status: Text = "final"
    ci_low: Decimal | None = None
    ci_high: Decimal | None = None
    base_n: int | None = Field(None, ge=0, le=2_147_483_647)
    note: Text = ""
    source: Text = Field("", max_length=500)


class ObservationWrite(Schema):
    reason: Text = Field(..., min_length=1, max_length=2000)
    replace: bool = False
    dry_run: bool = False
    observations: list[ObservationIn] = Field(..., min_length=1, max_length=10000)


class ProblemOut(Schema):
    line: int | None = Field(None, description="index in the submitted list (from 0)")
    field: str
    message: str


class WriteReportOut(Schema):
    created: int
    updated: int
    unchanged: int
    flagged: int
    recomputed: int
    batch: str
    dry_run: bool
    problems: list[ProblemOut]


class StrategyOut(Schema):
    id: int
    code: str
    version: int
    name_pl: str
    name_en: str
    description_pl: str
    description_en: str
    start_year: int
    end_year: int
    resolution: str
    source_url: str


class GoalLinkOut(Schema):
    indicator: str
    territory: str
    dimensions: str
    direction: str
    baseline_year: int | None
    baseline_value: str | None
    target_year: int | None
    target_value: str | None
    target_source: str
    weight: str


class GoalOut(Schema):
    id: int
    parent_id: int | None
    code: str
    name_pl: str
    name_en: str
    depth: int
    level_pl: str
    level_en: str
    order: int
    links: list[GoalLinkOut]


class StrategyDetailOut(StrategyOut):
    goals: list[GoalOut]


class AssessmentOut(Schema):
    strategy: dict[str, Any]
    method: str
    as_of_year: int
    goals: list[dict[str, Any]]
    links: list[dict[str, Any]]
    domains: list[dict[str, Any]]
    hidden_links: int = Field(
        0, description="links to indicators this user may not read, left out of 'links'"
    )
    extra: dict[str, Any] = Field(default_factory=dict)
