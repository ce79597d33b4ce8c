"""Issue 8, end to end: an analyst imports a wave, defines "share satisfied with public
transport", computes it, and the public indicator page shows the city and district values
with their intervals; the small district is suppressed, not shown as noise."""

from __future__ import annotations

import re
from decimal import Decimal

from django.contrib.auth.models import Permission

from stradom.catalog.models import Observation
from stradom.catalog.queries import series
from stradom.surveys.models import SubjectiveIndicator
from stradom.surveys.services import compute_wave, import_microdata
from stradom.surveys.tests import factories as f


def test_analyst_imports_defines_computes_and_the_public_sees_the_estimates(
    world, client, tmp_path
):
    survey = f.questionnaire(world)
    wave = f.wave(survey)
    rows = f.microdata(n=400, small_district_n=20)
    analyst = world.analyst
    analyst.user_permissions.add(
        *Permission.objects.filter(codename__endswith="subjectiveindicator")
    )

    imported = import_microdata(wave, f.write_csv(tmp_path / "fala.csv", rows), actor=analyst)
    assert imported.ok and imported.respondents == 400

    SubjectiveIndicator.objects.create(
        indicator=world.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    world.trams.data_providers.add(analyst)  # the right to write the indicator's values
    world.trams.publication_status = "published"
    world.trams.save()
    computed = compute_wave(wave, actor=analyst)
    assert computed.ok, computed.as_dict()

    (city,) = series(world.trams, world.city)
    assert city.ci_low < city.value < city.ci_high
    (large,) = series(world.trams, world.district2)
    assert large.value is not None and large.ci_low is not None
    (small,) = series(world.trams, world.district1)
    assert (small.value, small.status) == (None, "not_available")

    page = client.get(f"/indicators/TRAM_SAT/?territory={world.city.code}")
    assert page.status_code == 200
    html = page.content.decode()
    shown = f"{city.value.quantize(Decimal('0.1'))}".replace(".", ",")
    assert shown in html
    assert f"{city.ci_low.quantize(Decimal('0.1'))}".replace(".", ",") in html
    map_rows = {r.code: r.value for r in page.context["view"].districts.rows}
    assert map_rows == {world.district1.code: None, world.district2.code: large.value}
    assert Observation.objects.get(territory=world.district1, indicator=world.trams).note == ""
    # No district has a geometry here, so there is no map, but the table is there and says
    # in words that the small district was suppressed: no value, no interval, no base.
    assert 'id="chart-map"' not in html
    table = html[
        html.index('id="table-map"') : html.index("</table>", html.index('id="table-map"'))
    ]
    cells = [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", table)
    ]
    assert cells[4:8] == ["Stare Miasto", "utajnione (mniej niż 30 respondentów)", "–", "–"]
    low, high = (
        f"{v.quantize(Decimal('0.1'))}".replace(".", ",") for v in (large.ci_low, large.ci_high)
    )
    assert cells[8:11] == [
        "Grzegórzki",
        f"{large.value.quantize(Decimal('0.1'))}".replace(".", ","),
        f"{low} – {high}",
    ]
    # The unweighted base: the large district's respondents who did not say "don't know".
    assert cells[11] == str(sum(1 for r in rows if r[2] == "1261011-02" and r[5] != 9))
