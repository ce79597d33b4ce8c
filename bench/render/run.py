"""What Stradom's three hand-written renderers save against the template or schema they
replace, measured side by side in one run on the same rows:

* the indicator list's items (``portal.views.indicator_items``) against the template loop
  they replace (``portal/tests/reference.py``), for 1,000 indicators;
* the links table's rows (``{% links_rows %}``) against its template loop, for 100 and
  1,000 links (a goal page of the bench's database has 100);
* a page of 10,000 observations of the API (``api.routers.observations.observations_json``)
  against the document ninja makes from the schema (model instances validated by
  ``ObservationPage``, encoded by ninja's encoder: ``api/tests/reference.py``).

Each pair is also checked to give the same text (the same JSON document for the API),
as the tests check it. Times are the lowest of ``--repeat`` runs (CPU time of this
process), so a shared machine's noise counts least; the ratio is what to read.

    .venv/bin/python bench/render/run.py [--repeat 7] [--database-url postgres://…]

It builds its own database (SQLite in a temporary folder unless ``--database-url``)
and writes nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup(database_url: str | None, folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "stradom.settings"
    os.environ.setdefault("STRADOM_SECRET_KEY", "render-" + "x" * 50)
    os.environ["STRADOM_DATA_DIR"] = str(folder)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _lowest(repeat: int, work) -> float:
    """The lowest CPU time of ``repeat`` runs of ``work()``, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best * 1000


def _line(what: str, template_ms: float, hand_ms: float, label: str) -> None:
    print(
        f"{what}: {label} {template_ms:.1f} ms, by hand {hand_ms:.1f} ms; "
        f"ratio {label} / by hand: {template_ms / hand_ms:.1f}×"
    )


def _world(indicators: int, observations: int):
    """A domain, ``indicators`` indicators (a tenth drafts, a few out of date) and
    ``observations`` monthly values of the first ones in one unit (a thousand each),
    written by the write path."""
    from django.contrib.auth import get_user_model

    from stradom.catalog.models import Domain, Frequency, Indicator, PublicationStatus
    from stradom.catalog.services import ObservationInput, write_observations
    from stradom.territory.models import Territory, TerritoryKind

    domain = Domain.objects.create(code="ENV", name_pl="Środowisko", name_en="Environment")
    Indicator.objects.bulk_create(
        Indicator(
            code=f"IND_{i:04d}",
            name_pl=f"Wskaźnik <{i}> „środowiska” & co",
            name_en=f"Indicator <{i}> of the environment",
            unit="µg/m³",
            domain=domain,
            publication_status=(
                PublicationStatus.DRAFT if i % 10 == 0 else PublicationStatus.PUBLISHED
            ),
            publication_lag_days=90 if i % 7 == 0 else None,
            frequency=Frequency.MONTH if i < observations // 1000 else Frequency.YEAR,
        )
        for i in range(indicators)
    )
    city = Territory.objects.create(code="1261011", name="Kraków", kind=TerritoryKind.GMINA)
    admin = get_user_model().objects.create_superuser("render-admin", "a@example.org", "x")
    months = [f"{y}-{m:02d}" for y in range(1940, 2040) for m in range(1, 13)]
    per_indicator = 1000
    rows = [
        ObservationInput(
            indicator=f"IND_{i // per_indicator:04d}",
            territory=city.code,
            period=months[i % per_indicator],
            value=Decimal(i) / 4,
            note="szacunek" if i % 5 == 0 else "",
        )
        for i in range(observations)
    ]
    report = write_observations(rows, actor=admin, reason="bench", channel="import")
    assert report.ok, report.problems[:3]
    return admin


def indicator_list(repeat: int) -> None:
    from django.template import Context, Template
    from django.urls import reverse
    from django.utils import timezone, translation

    from stradom.catalog.freshness import assess_freshness
    from stradom.catalog.models import Indicator, PublicationStatus
    from stradom.catalog.notes import freshness_text
    from stradom.catalog.queries import latest_period_subquery
    from stradom.portal.tests.reference import INDICATOR_ITEMS_LOOP
    from stradom.portal.views import indicator_items

    fields = ("code", "name_pl", "name_en", "publication_status", "domain_id", "frequency")
    rows = list(
        Indicator.objects.annotate(latest=latest_period_subquery())
        .order_by("code")
        .values_list(*fields, "publication_lag_days", "latest")
    )
    statuses = dict(PublicationStatus.choices)
    today = timezone.localdate()
    template = Template(INDICATOR_ITEMS_LOOP)

    def by_template() -> str:
        items = []
        for code, name_pl, _en, status, _d, frequency, lag, latest in rows:
            fresh = assess_freshness(frequency, lag, latest, today)
            items.append(
                {
                    "code": code,
                    "name": name_pl,
                    "url": reverse("portal:indicator", args=[code]),
                    "draft": status != PublicationStatus.PUBLISHED,
                    "status": statuses[status],
                    "stale": freshness_text(fresh.as_dict()) if fresh.stale else "",
                }
            )
        return template.render(Context({"indicators": items}))

    def by_hand() -> str:
        # the white space around the items is the template's, as on the page
        return "<ul>\n  " + "".join(indicator_items(rows, en=False)[rows[0][4]]) + "\n</ul>"

    with translation.override("pl"):
        assert by_template() == by_hand(), "the two lists differ"
        _line(
            f"indicator list, {len(rows):,} items",
            _lowest(repeat, by_template),
            _lowest(repeat, by_hand),
            "template",
        )


def links_table(repeat: int, count: int) -> None:
    from django.template import Context, Template
    from django.utils import translation

    from stradom.portal.tests.reference import LINKS_LOOP
    from stradom.portal.tests.test_tags import LINKS

    links = [LINKS[i % len(LINKS)] for i in range(count)]
    context = {"links": links, "indicator_url": "portal:indicator"}
    loop = Template(LINKS_LOOP)
    tag = Template("{% load stradom %}\n  {% links_rows links indicator_url %}\n")

    with translation.override("pl"):
        assert loop.render(Context(context)) == tag.render(Context(context)), "rows differ"
        _line(
            f"links table, {count:,} rows",
            _lowest(repeat, lambda: loop.render(Context(context))),
            _lowest(repeat, lambda: tag.render(Context(context))),
            "template",
        )


def api_page(repeat: int, limit: int) -> None:
    from stradom.api.routers.observations import observations_json
    from stradom.api.tests.reference import as_ninja_would
    from stradom.catalog.models import Observation

    order = ("indicator__code", "territory__code", "period_start", "period_end", "dimensions")
    queryset = Observation.objects.order_by(*order, "pk")
    count = queryset.count()

    def by_schema() -> str:
        instances = queryset.select_related("indicator", "territory")[:limit]
        return json.dumps(as_ninja_would(instances, count, limit, 0))

    def by_hand() -> bytes:
        return observations_json(queryset, limit, 0).content

    assert json.loads(by_hand()) == json.loads(by_schema()), "the documents differ"
    _line(
        f"API page, {limit:,} observations",
        _lowest(repeat, by_schema),
        _lowest(repeat, by_hand),
        "schema",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(args.database_url, Path(folder))
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        _world(indicators=1000, observations=10_000)
        indicator_list(args.repeat)
        links_table(args.repeat, 100)
        links_table(args.repeat, 1000)
        api_page(args.repeat, 10_000)
        if args.database_url:
            call_command("flush", interactive=False, verbosity=0)


if __name__ == "__main__":
    main()
