"""The public dashboard: every page type, what it shows, and that nothing unpublished
leaks (by page content, by URL, or through a goal's roll-up)."""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache

from stradom.strategy.queries import forget_assessments

NBSP = "\xa0"


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def test_home_shows_goals_with_status_words_and_scores(client, dashboard):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Strategia testowa" in html
    assert f'href="/goals/{dashboard.root.pk}/"' in html
    # The status is a word (and a symbol), never colour alone.
    assert re.search(r'class="status status-\d"><span aria-hidden="true">.</span> \w', html)


def test_home_says_so_when_there_is_no_strategy(client, world):
    response = client.get("/en/")
    assert response.status_code == 200
    assert "No strategy has been published yet." in response.content.decode()


def test_public_pages_may_be_cached_for_five_minutes(client, dashboard):
    for url in ("/", "/indicators/", "/indicators/PM10_AVG/", f"/goals/{dashboard.child.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url
        assert "Cookie" in response["Vary"], url


def test_pages_of_a_signed_in_user_are_private(client, dashboard):
    client.force_login(dashboard.analyst)
    response = client.get("/indicators/TRAM_SAT/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_goal_page_lists_published_indicators_only(client, dashboard):
    html = client.get(f"/goals/{dashboard.child.pk}/").content.decode()
    assert "Średnioroczne stężenie PM10" in html
    assert "TRAM_SAT" not in html
    assert "Zadowolenie z komunikacji tramwajowej" not in html


def test_goal_roll_up_counts_only_what_the_public_may_see(client, dashboard):
    html = client.get(f"/goals/{dashboard.root.pk}/").content.decode()
    assert "1 wskaźnik" in html  # PM10 only: the draft TRAM_SAT is not counted
    client.force_login(dashboard.analyst)
    html = client.get(f"/goals/{dashboard.root.pk}/").content.decode()
    assert "2 wskaźniki" in html


def test_goal_of_another_strategy_version_is_not_found(client, dashboard):
    from stradom.strategy.services import new_version

    new_version(dashboard.strategy)
    assert client.get(f"/goals/{dashboard.child.pk}/").status_code == 404


def test_indicators_list_holds_published_indicators_only(client, dashboard):
    html = client.get("/indicators/").content.decode()
    assert "PM10_AVG" in html
    for hidden in ("TRAM_SAT", "POP", "BIRTHS"):
        assert hidden not in html


@pytest.mark.parametrize(
    "url",
    [
        "/indicators/TRAM_SAT/",
        "/indicators/TRAM_SAT/data.csv",
        "/en/indicators/TRAM_SAT/",
        "/indicators/POP/",
        "/indicators/NO_SUCH/",
        "/goals/999999/",
    ],
)
def test_unpublished_or_missing_items_are_not_found(client, dashboard, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Zadowolenie z komunikacji" not in response.content.decode()


def test_indicator_page_has_chart_table_and_polish_numbers(client, dashboard):
    response = client.get("/indicators/PM10_AVG/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"1{NBSP}234,5" in html  # the table, in Polish format, 1 decimal
    assert f"1{NBSP}184,5" in html
    assert 'id="table-series"' in html and 'id="table-map"' in html and 'id="table-peers"' in html
    spec = json.loads(
        re.search(
            r'<script id="chart-series-spec" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert spec["$schema"].endswith("vega-lite/v5.json")
    assert [r["value"] for r in spec["data"]["values"]][:2] == [1234.5, 1224.5]
    rules = [layer["data"]["values"][0] for layer in spec["layer"] if "data" in layer]
    assert [r["value"] for r in rules] == [1234.5, 900.0]


def test_indicator_page_in_english_uses_english_numbers(client, dashboard):
    html = client.get("/en/indicators/PM10_AVG/").content.decode()
    assert "1,234.5" in html
    assert '<html lang="en">' in html
    assert "Values for Kraków" in html


def test_district_map_and_peer_comparison_show_the_same_numbers_as_tables(client, dashboard):
    html = client.get("/indicators/PM10_AVG/").content.decode()
    table = html[html.index('id="table-map"') :]
    assert "Stare Miasto" in table and "30,3" in table and "41,0" in table
    peers = html[html.index('id="table-peers"') :]
    assert "Warszawa" in peers and f"1{NBSP}005,0" in peers and f"1{NBSP}184,5" in peers
    map_spec = json.loads(
        re.search(
            r'<script id="chart-map-spec" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    names = [f["properties"]["name"] for f in map_spec["data"]["values"]["features"]]
    assert names == ["Stare Miasto", "Grzegórzki"]


def test_indicator_without_districts_or_peers_has_only_the_series(client, dashboard):
    html = client.get("/indicators/PM10_AVG/?territory=1465011").content.decode()
    assert "Values for Warszawa" in html or "Wartości" in html or "Warszawa" in html
    assert 'id="chart-series"' in html
    assert 'id="chart-peers"' in html  # Kraków has the same years


def test_csv_download_holds_the_series(client, dashboard):
    response = client.get("/indicators/PM10_AVG/data.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="PM10_AVG_1261011.csv"' in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert lines[0] == "indicator,territory,dimensions,period,value,unit,status,ci_low,ci_high"
    assert lines[1] == "PM10_AVG,1261011,,2019,1234.5,µg/m3,final,,"
    assert len(lines) == 7


def test_every_page_sends_a_content_security_policy_without_inline_scripts(client, dashboard):
    for url in ("/", "/indicators/PM10_AVG/", "/panel/login/"):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-eval" not in csp and "script-src 'self' 'unsafe-inline'" not in csp
        for tag in _scripts(response.content.decode()):
            assert 'src="/static/' in tag or 'type="application/json"' in tag, tag


def test_every_page_has_a_language_switch(client, dashboard):
    for url in ("/", "/indicators/", "/indicators/PM10_AVG/", f"/goals/{dashboard.root.pk}/"):
        html = client.get(url).content.decode()
        assert 'hreflang="en"' in html and 'hreflang="pl"' in html
    html = client.get("/indicators/PM10_AVG/").content.decode()
    assert 'href="/en/indicators/PM10_AVG/"' in html


def test_status_legend_and_goal_names_follow_the_language(client, dashboard):
    html = client.get(f"/en/goals/{dashboard.root.pk}/").content.decode()
    assert "Clean air" in html
    assert "Less dust" in html


def test_page_reads_are_bounded_whatever_the_number_of_years(
    client, world, django_assert_max_num_queries
):
    from stradom.strategy.testing import build_dashboard

    build_dashboard(world, n_indicators=3, n_years=30)
    with django_assert_max_num_queries(QUERY_BOUND["indicator"]):
        assert client.get("/indicators/PM10_AVG/").status_code == 200


QUERY_BOUND = {"home": 15, "goal": 15, "indicators": 6, "indicator": 16, "csv": 10}


@pytest.mark.parametrize("size", [3, 30])
def test_query_count_does_not_grow_with_indicators_and_years(
    client, world, size, django_assert_max_num_queries
):
    from stradom.strategy.testing import build_dashboard

    w = build_dashboard(world, n_indicators=size, n_years=size)
    urls = {
        "home": "/",
        "goal": f"/goals/{w.child.pk}/",
        "indicators": "/indicators/",
        "indicator": "/indicators/PM10_AVG/",
        "csv": "/indicators/PM10_AVG/data.csv",
    }
    for name, url in urls.items():
        cache.clear()  # the bound holds with a cold assessment cache too
        forget_assessments()
        with django_assert_max_num_queries(QUERY_BOUND[name]):
            assert client.get(url).status_code == 200, url


def test_cached_assessment_follows_a_new_value_at_once(
    client, dashboard, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from stradom.catalog.services import ObservationInput, write_observations

    url = f"/goals/{dashboard.child.pk}/"
    assert f"1{NBSP}184,5" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # as when the write commits
        report = write_observations(
            [ObservationInput("PM10_AVG", "1261011", "2025", Decimal("800"))],
            actor=None,
            reason="nowy pomiar",
            channel="command",
        )
    assert report.created == 1
    assert "800,0" in client.get(url).content.decode()


def test_static_files_collect_for_production(settings, tmp_path):
    """WhiteNoise's manifest storage refuses a file that names a missing one (such as a
    source map); the vendored libraries and our files must collect cleanly."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/vega-embed.min.*.js"))


@pytest.mark.parametrize("language", ["pl", "en"])
def test_indicators_list_items_are_what_the_template_loop_wrote(client, dashboard, language):
    from django.template import Context, Template
    from django.urls import reverse
    from django.utils import timezone, translation

    from stradom.catalog.freshness import assess_freshness
    from stradom.catalog.models import Indicator, PublicationStatus
    from stradom.catalog.notes import freshness_text
    from stradom.catalog.queries import latest_period_subquery
    from stradom.portal.tests.reference import INDICATOR_ITEMS_LOOP

    def stale(indicator) -> str:
        fresh = assess_freshness(
            indicator.frequency,
            indicator.publication_lag_days,
            indicator.latest,
            timezone.localdate(),
        )
        return freshness_text(fresh.as_dict()) if fresh.stale else ""

    Indicator.objects.filter(code="TRAM_SAT").update(
        name_pl='Zadowolenie <z> "tramwajów" & autobusów',
        name_en="Trams' <rating>",
        publication_lag_days=30,  # a yearly series due a month after its year: out of date
    )
    client.force_login(dashboard.analyst)  # sees the drafts too, with their status
    html = client.get(f"/{'en/' if language == 'en' else ''}indicators/").content.decode()
    statuses = dict(PublicationStatus.choices)
    shown_stale = 0
    with translation.override(language):
        for domain in {i.domain_id for i in Indicator.objects.all()}:
            items = [
                {
                    "code": i.code,
                    "name": (language == "en" and i.name_en) or i.name_pl,
                    "url": reverse("portal:indicator", args=[i.code]),
                    "draft": i.publication_status != PublicationStatus.PUBLISHED,
                    "status": statuses[i.publication_status],
                    "stale": stale(i),
                }
                for i in Indicator.objects.filter(domain_id=domain)
                .annotate(latest=latest_period_subquery())
                .order_by("code")
            ]
            shown_stale += sum(1 for item in items if item["stale"])
            expected = Template(INDICATOR_ITEMS_LOOP).render(Context({"indicators": items}))
            assert expected in html
    assert shown_stale > 0  # the out-of-date mark is compared too
    assert "TRAM_SAT" in html
    assert "&lt;z&gt; &quot;tramwajów&quot; &amp; autobusów" in html or "Trams&#x27;" in html


def test_cached_assessment_follows_a_new_link_and_a_publication_at_once(client, dashboard):
    from django.core.cache import caches

    from stradom.catalog.models import Indicator
    from stradom.strategy.models import GoalIndicator

    def summary() -> str:
        caches["pages"].clear()  # the page cache has its own tests: here, the assessment's
        html = client.get(f"/goals/{dashboard.child.pk}/").content.decode()
        return re.search(r'<p class="meta">(\d+ wskaźnik\w*)', html).group(1)

    assert summary() == "1 wskaźnik"  # the draft TRAM_SAT is not counted
    trams = Indicator.objects.get(code="TRAM_SAT")
    trams.publication_status = "published"
    trams.save()
    assert summary() == "2 wskaźniki"
    GoalIndicator.objects.create(
        goal=dashboard.child, indicator=dashboard.pop, territory=dashboard.city
    )
    Indicator.objects.filter(code="POP").update(publication_status="published")
    assert summary() == "3 wskaźniki"
