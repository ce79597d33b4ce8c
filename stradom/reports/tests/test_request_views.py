"""The report pages over HTTP: who may request what, the job page, the download."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from stradom.catalog.models import Indicator
from stradom.jobs.models import Job
from stradom.jobs.testing import run_jobs
from stradom.strategy.models import Strategy

ROLES = ["anonymous", "nobody", "administrator", "analyst", "coordinator", "data_provider"]
# (kind, params, whether the environment coordinator may request it)
REQUESTS = {
    "monitoring": ({"strategy": "STRATEGY", "year": "2025"}, True),
    "municipality": ({"year": "2025"}, False),
    "indicator_own": ({"indicator": "PM10_AVG"}, True),
    "indicator_foreign": ({"indicator": "BIKES"}, False),
    "domain_own": ({"domain": "srodowisko"}, True),
    "domain_foreign": ({"domain": "transport"}, False),
}


@pytest.fixture
def office(world, report_kinds):
    w = world
    w.bikes = Indicator.objects.create(
        code="BIKES", name_pl="Rowery", domain=w.transport, publication_status="published"
    )
    w.nobody = User.objects.create_user("ewa", password="x")
    w.strategy = Strategy.objects.create(
        code="SRK", name_pl="Strategia Rozwoju Krakowa", start_year=2018, end_year=2030
    )
    return w


def user_of(w, role):
    return {
        "anonymous": None,
        "nobody": w.nobody,
        "administrator": w.admin,
        "analyst": w.analyst,
        "coordinator": w.env_coordinator,
        "data_provider": w.provider,
    }[role]


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


def post_request(client, w, name, **extra):
    params, _ = REQUESTS[name]
    kind = name.split("_")[0]
    data = {"kind": kind, f"{kind}-format": "pdf", f"{kind}-language": "pl"}
    for key, value in params.items():
        data[f"{kind}-{key}"] = str(w.strategy.pk) if value == "STRATEGY" else value
    data.update(extra)
    return client.post(reverse("reports:request"), data)


def expected_page(role):
    return {"anonymous": 302, "nobody": 403, "data_provider": 403}.get(role, 200)


def expected_post(role, name):
    if role == "anonymous":
        return 302  # to the sign-in page
    if role in ("nobody", "data_provider"):
        return 403
    if role == "coordinator" and not REQUESTS[name][1]:
        return 403
    return 302  # queued: to the job's page


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_reports_page(client, office, role):
    response = login(client, user_of(office, role)).get(reverse("reports:request"))
    assert response.status_code == expected_page(role)
    if role == "anonymous":
        assert response["Location"].startswith("/panel/login/")


@pytest.mark.parametrize("name", list(REQUESTS))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_request_which_report(client, office, role, name):
    user = user_of(office, role)
    response = post_request(login(client, user), office, name)
    want = expected_post(role, name)
    assert response.status_code == want, response.content[:400]
    if want == 302 and role != "anonymous":
        job = Job.objects.get()
        assert response["Location"] == reverse("jobs:job", args=[job.pk])
        assert (job.user, job.kind, job.params["report"]) == (user, "report", name.split("_")[0])
        assert DBTaskResult.objects.count() == 1
    else:
        assert (Job.objects.count(), DBTaskResult.objects.count()) == (0, 0)
        if role == "anonymous":
            assert response["Location"].startswith("/panel/login/")


def test_a_coordinator_is_offered_only_own_domains_and_their_indicators(client, office):
    html = login(client, office.env_coordinator).get(reverse("reports:request")).content.decode()
    assert re.findall(r'<h2 id="kind-(\w+)"', html) == [
        "domain",
        "indicator",
        "monitoring",
        "export",
    ]
    assert '<option value="srodowisko">' in html and 'value="transport"' not in html
    assert '<option value="PM10_AVG">' in html and 'value="BIKES"' not in html


def test_an_analyst_is_offered_every_kind(client, office):
    html = login(client, office.analyst).get(reverse("reports:request")).content.decode()
    assert re.findall(r'<h2 id="kind-(\w+)"', html) == [
        "domain",
        "indicator",
        "monitoring",
        "municipality",
        "export",
    ]
    assert 'value="transport"' in html and 'value="BIKES"' in html


def test_a_bad_request_says_what_is_wrong_and_queues_nothing(client, office):
    login(client, office.analyst)
    response = post_request(client, office, "monitoring", **{"monitoring-year": "dwa tysiące"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Niczego nie zlecono. Popraw następujące błędy:" in html
    assert 'href="#id_monitoring-year">Rok</a>: Wpisz liczbę całkowitą.' in html
    response = post_request(client, office, "monitoring", **{"monitoring-format": "docx"})
    assert response.status_code == 422
    assert (Job.objects.count(), DBTaskResult.objects.count()) == (0, 0)
    assert client.post(reverse("reports:request"), {"kind": "nope"}).status_code == 400


def test_an_unknown_territory_is_refused_by_the_service_with_its_message(client, office, english):
    login(client, office.analyst)
    response = post_request(client, office, "indicator_own", **{"indicator-territory": "99"})
    assert response.status_code == 422
    assert "There is no territorial unit “99”." in response.content.decode()
    assert (Job.objects.count(), DBTaskResult.objects.count()) == (0, 0)


def test_the_job_page_polls_while_the_job_runs_then_offers_the_file(client, office, english):
    login(client, office.analyst)
    post_request(client, office, "indicator_own")
    job = Job.objects.get()
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    status_url = reverse("jobs:status", args=[job.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 1s"' in page
    assert '<progress max="100" aria-label="Progress of the report">' in page  # no total yet
    assert "Queued" in page and "Waiting for the worker" in page
    assert re.findall(r"<script[^>]*>", page) == [
        '<script src="/static/vendor/htmx.min.js" defer>'
    ]  # no inline script (the CSP forbids them)
    fragment = client.get(status_url)
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()

    run_jobs()
    fragment = client.get(status_url)
    assert fragment.status_code == 286  # htmx stops polling
    html = fragment.content.decode()
    download = reverse("jobs:download", args=[job.pk])
    assert f'<a href="{download}" download>Download metryka-wskaznika-PM10_AVG.pdf (' in html
    assert 'value="100"' in html
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "hx-get" not in page


def test_a_failed_job_shows_its_error(client, office, english):
    login(client, office.admin)
    job = Job.objects.create(
        user=office.admin,
        kind="report",
        status="failed",
        params={"report": "indicator", "format": "pdf", "indicator": "PM10_AVG"},
        error="The indicator report needs indicator.",
    )
    html = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert '<p class="error" role="alert">The indicator report needs indicator.</p>' in html
    assert "Download" not in html


def test_the_file_goes_to_who_asked_and_to_administrators_only(client, office, media):
    login(client, office.env_coordinator)
    post_request(client, office, "indicator_own")
    job = Job.objects.get()
    run_jobs()
    job.refresh_from_db()
    stored = (media / job.file).read_bytes()
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="metryka-wskaznika-PM10_AVG.pdf"'
    )
    for role, want in [
        ("administrator", 200),
        ("analyst", 404),
        ("data_provider", 404),
        ("nobody", 403),
        ("anonymous", 302),
    ]:
        client.logout()
        login(client, user_of(office, role))
        for name in ("jobs:download", "jobs:job", "jobs:status"):
            got = client.get(reverse(name, args=[job.pk])).status_code
            assert got == (286 if name == "jobs:status" and want == 200 else want), (role, name)


def test_no_download_before_the_file_is_made(client, office):
    login(client, office.analyst)
    post_request(client, office, "indicator_own")
    job = Job.objects.get()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_my_reports_lists_my_jobs_newest_first(client, office, english):
    login(client, office.analyst)
    post_request(client, office, "indicator_own")
    post_request(client, office, "monitoring")
    Job.objects.create(user=office.admin, kind="report", params={"report": "indicator"})
    run_jobs()
    html = client.get(reverse("reports:mine")).content.decode()
    rows = re.findall(r'<th scope="row"><a href="/en/panel/reports/(\d+)/">([^<]+)</a>', html)
    assert [title for _, title in rows] == [
        "Strategy monitoring report (PDF)",
        "Indicator sheet (PDF)",
    ]
    assert len(rows) == 2  # not the administrator's job
    assert "Strategy: Strategia Rozwoju Krakowa; Year: 2025" in html


@pytest.mark.parametrize(
    "role, linked",
    [("administrator", True), ("analyst", True), ("coordinator", True), ("data_provider", False)],
)
def test_the_workspace_home_links_to_the_reports_of_who_may_request_them(
    client, office, role, linked
):
    html = login(client, user_of(office, role)).get(reverse("workspace:home")).content.decode()
    assert (f'<a href="{reverse("reports:request")}">Raporty</a>' in html) is linked
