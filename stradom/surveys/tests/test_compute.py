from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from stradom.catalog.models import (
    Dimension,
    DimensionValue,
    Indicator,
    Observation,
    ObservationChange,
)
from stradom.surveys.models import SubjectiveIndicator
from stradom.surveys.services import MicrodataRefused, compute_wave, import_microdata
from stradom.surveys.tests import factories as f


@pytest.fixture
def setup(world, tmp_path):
    survey = f.questionnaire(world)
    wave = f.wave(survey)
    rows = f.microdata(n=400, small_district_n=20)
    report = import_microdata(wave, f.write_csv(tmp_path / "fala.csv", rows), actor=None)
    assert report.ok
    age = Dimension.objects.create(code="age", name_pl="grupa wieku")
    world.trams.dimensions.add(world.sex, age)
    definition = SubjectiveIndicator.objects.create(
        indicator=world.trams,
        question=survey.questions.get(code="TRANSPORT"),
        statistic="share",
        categories=[4, 5],
    )
    return survey, wave, rows, definition


def _reference(rows, keep):
    """Weighted share satisfied (4–5) among valid answers and its HC1 SE, from statsmodels."""
    y = np.array([1.0 if r[5] in (4, 5) else 0.0 for r in rows])
    w = np.array([r[1] for r in rows])
    domain = np.array([keep(r) and r[5] != 9 for r in rows])
    fit = sm.WLS(y, np.ones((len(y), 1)), weights=np.where(domain, w, 0.0)).fit(cov_type="HC1")
    return 100 * float(fit.params[0]), 100 * float(fit.bse[0]), int(domain.sum())


def _obs(indicator, territory, dims=""):
    return Observation.objects.get(indicator=indicator, territory=territory, dimensions=dims)


def test_wave_estimates_are_written_for_the_city_districts_and_disaggregations(world, setup):
    survey, wave, rows, _ = setup
    report = compute_wave(wave, actor=world.admin)
    assert report.ok, report.as_dict()
    # city + 2 districts + sex F/M + three age groups
    assert (report.estimates, report.suppressed) == (7, 1)
    assert sorted(report.dimension_values_added) == ["age=18-34", "age=35-59", "age=60+"]

    city = _obs(world.trams, world.city)
    value, se, base = _reference(rows, lambda r: True)
    assert city.period == "2024"
    assert city.status == "final"
    assert city.base_n == base
    assert float(city.value) == pytest.approx(value, abs=0.00005)  # stored to 4 places
    assert float(city.provenance["se"]) == pytest.approx(se, rel=1e-5)
    assert city.ci_low < city.value < city.ci_high
    # Wilson's interval with the design-based n is about as wide as the normal one here.
    assert float(city.ci_high - city.ci_low) == pytest.approx(2 * 1.96 * se, rel=0.02)
    assert city.provenance["wave"] == "jz-2024"
    assert city.provenance["ci_method"].startswith("wilson")
    weights = np.array([r[1] for r in rows if r[5] != 9])
    assert float(city.provenance["n_eff_kish"]) == pytest.approx(
        weights.sum() ** 2 / (weights**2).sum(), rel=1e-5
    )

    women = _obs(world.trams, world.city, "sex=F")
    value_f, _, base_f = _reference(rows, lambda r: r[3] == "K")
    assert women.base_n == base_f
    assert float(women.value) == pytest.approx(value_f, abs=1e-4)
    assert DimensionValue.objects.filter(dimension__code="age", code="60+").exists()
    assert _obs(world.trams, world.city, "age=60+").value is not None

    large = _obs(world.trams, world.district2)
    value_2, _, base_2 = _reference(rows, lambda r: r[2] == "1261011-02")
    assert large.base_n == base_2
    assert float(large.value) == pytest.approx(value_2, abs=1e-4)


def test_a_district_below_the_minimum_base_is_suppressed_not_shown(world, setup):
    _, wave, rows, _ = setup
    compute_wave(wave, actor=world.admin)
    small = _obs(world.trams, world.district1)
    base = sum(1 for r in rows if r[2] == "1261011-01" and r[5] != 9)
    assert base < 30
    assert small.value is None
    assert (small.ci_low, small.ci_high) == (None, None)
    assert small.status == "not_available"
    assert small.base_n == base
    # No words are stored: pages, exports and the API say it in the reader's language.
    assert small.note == ""
    assert (small.provenance["suppressed"], small.provenance["min_base"]) == (True, 30)
    assert "se" not in small.provenance


def test_the_minimum_base_can_be_set_per_indicator(world, setup):
    _, wave, _, definition = setup
    definition.min_base = 10
    definition.save()
    compute_wave(wave, actor=world.admin)
    assert _obs(world.trams, world.district1).value is not None


def test_dont_know_counts_in_the_base_when_the_definition_says_so(world, setup):
    _, wave, rows, definition = setup
    definition.exclude_dont_know = False
    definition.save()
    compute_wave(wave, actor=world.admin)
    city = _obs(world.trams, world.city)
    assert city.base_n == 400
    w = np.array([r[1] for r in rows])
    satisfied = np.array([r[5] in (4, 5) for r in rows])
    assert float(city.value) == pytest.approx(100 * w[satisfied].sum() / w.sum(), abs=1e-4)


def test_mean_score_and_net_promoter_score(world, setup):
    survey, wave, rows, _ = setup
    mean = Indicator.objects.create(
        code="TRANSPORT_MEAN", name_pl="Średnia ocena", kind="subjective"
    )
    nps = Indicator.objects.create(code="CITY_NPS", name_pl="NPS miasta", kind="subjective")
    SubjectiveIndicator.objects.create(
        indicator=mean, question=survey.questions.get(code="TRANSPORT"), statistic="mean"
    )
    SubjectiveIndicator.objects.create(
        indicator=nps, question=survey.questions.get(code="RECOMMEND"), statistic="nps"
    )
    report = compute_wave(wave, actor=None)
    assert report.ok, report.as_dict()
    assert report.indicators == ["CITY_NPS", "TRAM_SAT", "TRANSPORT_MEAN"]
    w = np.array([r[1] for r in rows])
    t = np.array([r[5] for r in rows], dtype=float)
    valid = t != 9
    expected_mean = (w[valid] * t[valid]).sum() / w[valid].sum()
    assert float(_obs(mean, world.city).value) == pytest.approx(expected_mean, abs=1e-4)
    rec = np.array([r[6] for r in rows])
    expected_nps = 100 * (w[rec >= 9].sum() - w[rec <= 6].sum()) / w.sum()
    city_nps = _obs(nps, world.city)
    assert float(city_nps.value) == pytest.approx(expected_nps, abs=1e-4)
    assert city_nps.base_n == 400


def test_recomputing_replaces_the_estimates_and_keeps_their_history(world, setup, tmp_path):
    _, wave, _, _ = setup
    compute_wave(wave, actor=world.admin)
    before = _obs(world.trams, world.city).value
    rows = f.microdata(n=400, seed=2)
    import_microdata(wave, f.write_csv(tmp_path / "b.csv", rows), actor=None, replace=True)
    report = compute_wave(wave, actor=world.admin, reason="corrected weights")
    assert report.ok
    after = _obs(world.trams, world.city)
    assert after.value != before
    change = ObservationChange.objects.filter(
        indicator=world.trams, territory=world.city, dimensions="", action="updated"
    ).get()
    assert (change.old_value, change.new_value) == (before, after.value)
    assert change.reason == "corrected weights"
    assert change.channel == "survey"


def test_an_analyst_needs_the_right_to_write_the_indicator(world, setup):
    _, wave, _, _ = setup
    refused = compute_wave(wave, actor=world.analyst)
    assert not refused.ok
    assert str(refused.write.problems[0]) == (
        "indicator: you may not enter values of indicator TRAM_SAT"
    )
    assert Observation.objects.count() == 0
    assert not DimensionValue.objects.filter(dimension__code="age").exists()
    world.trams.data_providers.add(world.analyst)
    assert compute_wave(wave, actor=world.analyst).ok
    assert Observation.objects.filter(indicator=world.trams).count() == 8


def test_a_coordinator_may_not_compute_from_microdata(world, setup):
    _, wave, _, _ = setup
    with pytest.raises(MicrodataRefused):
        compute_wave(wave, actor=world.transport_coordinator)
    assert Observation.objects.count() == 0


def test_a_wave_without_microdata_is_reported(world, setup):
    survey, _, _, _ = setup
    empty = f.wave(survey, year=2025)
    report = compute_wave(empty, actor=None)
    assert [str(p) for p in report.problems] == ["the wave has no microdata; import it first"]
    assert Observation.objects.count() == 0
