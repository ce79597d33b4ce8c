"""A small published dashboard on top of the shared ``world`` fixture, for the tests of
the strategy's reads, the portal, the workspace, the reports and the browser (kept here
so they all build the same one)."""

from __future__ import annotations

from decimal import Decimal

from stradom.catalog.models import Indicator
from stradom.catalog.services import ObservationInput, write_observations
from stradom.strategy.models import Goal, GoalIndicator, Strategy, StrategyLevel
from stradom.territory.models import Territory, TerritoryKind

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[19.90, 50.05], [19.95, 50.05], [19.95, 50.08], [19.90, 50.08], [19.90, 50.05]]
    ],
}


def build_dashboard(w, *, n_indicators: int = 1, n_years: int = 6):
    """Strategy S (root goal 1, child goal 1.1); PM10_AVG (published) with values for the
    city 2019… and the districts, linked with a baseline and a target; TRAM_SAT (draft)
    linked too; Warszawa with PM10_AVG values for the comparison. ``n_indicators`` - 1
    extra published indicators (X001…) with ``n_years`` values each, all linked to 1.1."""
    w.warsaw = Territory.objects.create(
        code="1465011", name="Warszawa", kind=TerritoryKind.GMINA, parent=w.country
    )
    for t in (w.district1, w.district2):
        t.geometry = SQUARE
        t.save()
    w.strategy = Strategy.objects.create(
        code="S",
        name_pl="Strategia testowa",
        name_en="Test strategy",
        start_year=2019,
        end_year=2030,
    )
    StrategyLevel.objects.create(strategy=w.strategy, depth=1, name_pl="obszar", name_en="area")
    w.root = Goal.objects.create(
        strategy=w.strategy, code="1", name_pl="Czyste powietrze", name_en="Clean air", depth=1
    )
    w.child = Goal.objects.create(
        strategy=w.strategy,
        code="1.1",
        name_pl="Mniej pyłów",
        name_en="Less dust",
        parent=w.root,
        depth=2,
    )
    years = list(range(2019, 2019 + n_years))
    inputs = [
        ObservationInput("PM10_AVG", "1261011", str(y), Decimal("1234.5") - 10 * i)
        for i, y in enumerate(years)
    ]
    inputs += [
        ObservationInput("PM10_AVG", "1465011", str(y), Decimal("1000") + i)
        for i, y in enumerate(years)
    ]
    inputs += [
        ObservationInput("PM10_AVG", "1261011-01", str(years[-1]), Decimal("30.25")),
        ObservationInput("PM10_AVG", "1261011-02", str(years[-1]), Decimal("41")),
        ObservationInput("TRAM_SAT", "1261011", "2020", Decimal("77")),
    ]
    w.extra = []
    for k in range(1, n_indicators):
        ind = Indicator.objects.create(
            code=f"X{k:03d}",
            name_pl=f"Wskaźnik {k}",
            unit="%",
            domain=w.environment,
            publication_status="published",
            polarity="higher_is_better",
        )
        w.extra.append(ind)
        inputs += [
            ObservationInput(ind.code, "1261011", str(y), Decimal(10 + i))
            for i, y in enumerate(years)
        ]
        GoalIndicator.objects.create(
            goal=w.child,
            indicator=ind,
            territory=w.city,
            baseline_year=years[0],
            baseline_value=Decimal(10),
            order=k + 2,
        )
    report = write_observations(inputs, actor=None, reason="test data", channel="command")
    assert report.ok, report.problems
    w.pm10_link = GoalIndicator.objects.create(
        goal=w.child,
        indicator=w.pm10,
        territory=w.city,
        baseline_year=2019,
        baseline_value=Decimal("1234.5"),
        target_year=2030,
        target_value=Decimal("900"),
        target_source="Uchwała testowa",
        order=1,
    )
    GoalIndicator.objects.create(goal=w.child, indicator=w.trams, territory=w.city, order=2)
    return w
