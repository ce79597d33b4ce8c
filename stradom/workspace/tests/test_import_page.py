"""The import screen in the workspace (/panel/import/): the admin's flow for the office.

Upload → preview (a job) → confirm with a reason (a job) → the values are stored with
the reason in their history. Permission is the write path's: a value of an indicator
the user may not enter is a problem of the preview, with its line and column.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from stradom.catalog.models import Observation, ObservationChange
from stradom.jobs.models import Job
from stradom.jobs.testing import run_jobs

HEADER = b"indicator;territory;period;value\n"
GOOD = HEADER + b"PM10_AVG;1261011;2020;40\nPM10_AVG;1261011;2021;38,5\n"
NOT_THEIRS = HEADER + b"PM10_AVG;1261011;2020;40\nTRAM_SAT;1261011;2020;71\n"
BAD = HEADER + "PM10_AVG;1261011;2020;40\nPM10_AVG;1261011;2021;czterdzieści\n".encode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def upload(client, content: bytes, name="wartosci.csv"):
    """Upload; the preview is a job: run it, then return the page that shows it."""
    url = reverse("workspace:import")
    response = client.post(
        url, {"file": SimpleUploadedFile(name, content), "csrfmiddlewaretoken": csrf(client, url)}
    )
    if response.status_code != 302:
        return response  # refused at upload
    assert response["Location"].startswith("/panel/import/job/")
    assert run_jobs() == 1
    return client.get(response["Location"])


def confirm(client, preview, reason: str):
    url = re.search(r'action="(/panel/import/[0-9a-f-]{36}/)"', preview.content.decode()).group(1)
    token = csrf(client, reverse("workspace:import"))
    return client.post(url, {"reason": reason, "csrfmiddlewaretoken": token})


def nothing_stored():
    return (Observation.objects.count(), ObservationChange.objects.count()) == (0, 0)


def test_the_page_is_the_workspace_s_not_the_admin_s(world):
    html = signed_in(world.env_coordinator).get("/panel/import/").content.decode()
    assert "<h1>Import pliku z wartościami</h1>" in html
    assert 'action="/panel/import/"' in html
    assert 'href="/panel/"' in html  # the workspace's breadcrumbs, not the admin's
    assert "/admin/" not in html
    assert 'enctype="multipart/form-data"' in html


def test_a_coordinator_uploads_previews_and_confirms_with_a_reason(world, media):
    client = signed_in(world.env_coordinator)
    preview = upload(client, GOOD)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Odczytano 2 wiersze." in html
    assert '<td class="new">2</td>' in html
    assert '<td class="changed">0</td>' in html
    assert "Potwierdź import" in html
    assert nothing_stored()  # the preview writes nothing

    queued = confirm(client, preview, "roczne dane GIOŚ")
    assert queued.status_code == 302
    assert queued["Location"].startswith("/panel/import/job/")
    assert nothing_stored()  # the worker imports, not the request
    assert run_jobs() == 1
    done = client.get(queued["Location"])
    assert "Plik zaimportowano." in done.content.decode()
    assert sorted(Observation.objects.values_list("indicator__code", "period", "value")) == [
        ("PM10_AVG", "2020", Decimal(40)),
        ("PM10_AVG", "2021", Decimal("38.5")),
    ]
    assert (
        list(ObservationChange.objects.values_list("reason", "user", "channel"))
        == [("roczne dane GIOŚ", world.env_coordinator.pk, "import")] * 2
    )
    # …and the reason and the file read back in the indicator's history in the workspace.
    history = client.get("/panel/indicators/PM10_AVG/history/").content.decode()
    assert "roczne dane GIOŚ" in history
    assert history.count('<div class="meta">plik wartosci.csv</div>') == 2


def test_confirm_without_a_reason_is_refused_and_stores_nothing(world):
    client = signed_in(world.env_coordinator)
    preview = upload(client, GOOD)
    page = confirm(client, preview, "   ")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Potwierdź import" in html  # the form again, with the problem said
    assert 'class="errorlist"' in html
    assert run_jobs() == 0
    assert nothing_stored()


def test_a_provider_uploading_an_indicator_not_theirs_is_told_which_line(world, media):
    client = signed_in(world.provider)  # provides PM10_AVG only
    preview = upload(client, NOT_THEIRS)
    html = preview.content.decode()
    assert "Plik odrzucono: 1 problem. Niczego nie zapisano." in html
    assert (
        "<td>3</td><td>indicator</td>"
        "<td>nie masz uprawnień do wprowadzania wartości wskaźnika TRAM_SAT</td>"
    ) in html
    assert "Potwierdź import" not in html
    assert nothing_stored()
    # The refused upload is gone: there is nothing left to confirm.
    assert not any((media / "imports").iterdir())
    assert Job.objects.filter(params__dry_run=False).count() == 0


def test_a_provider_may_import_the_indicator_assigned_to_them(world):
    client = signed_in(world.provider)
    preview = upload(client, GOOD)
    assert confirm(client, preview, "dane z WIOŚ").status_code == 302
    assert run_jobs() == 1
    assert Observation.objects.filter(indicator=world.pm10).count() == 2


def test_a_bad_file_shows_line_column_and_reason_and_stores_nothing(world):
    client = signed_in(world.env_coordinator)
    html = upload(client, BAD).content.decode()
    assert "Plik odrzucono: 1 problem. Niczego nie zapisano." in html
    assert "<td>3</td><td>value</td><td>&#x27;czterdzieści&#x27; nie jest liczbą</td>" in html
    assert "Potwierdź import" not in html
    assert nothing_stored()


def test_a_file_that_is_not_a_table_is_refused_in_words(world):
    client = signed_in(world.env_coordinator)
    html = upload(client, b"\x00\x01\x02 not a table", name="dane.csv").content.decode()
    assert "dane.csv, wiersz 1: plik zawiera dane binarne (bajt NUL)" in html
    assert "Niczego nie zapisano." in html
    assert "Potwierdź import" not in html
    assert nothing_stored()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/panel/import/")
    assert response.status_code == 302
    assert response["Location"].startswith("/panel/login/?next=/panel/import/")
    posted = client.post("/panel/import/", {"file": SimpleUploadedFile("v.csv", GOOD)})
    assert posted.status_code == 302
    assert Job.objects.count() == 0


def test_a_user_without_a_role_of_the_office_is_refused(world):
    from django.contrib.auth.models import User

    nobody = User.objects.create_user("zenon", password="x")
    client = signed_in(nobody)
    assert client.get("/panel/import/").status_code == 403
    assert Job.objects.count() == 0


def test_someone_else_s_preview_cannot_be_seen_or_confirmed(world):
    preview = upload(signed_in(world.env_coordinator), GOOD)
    job = Job.objects.get()
    token = re.search(r"/panel/import/([0-9a-f-]{36})/", preview.content.decode()).group(1)
    other = Client()
    other.force_login(world.transport_coordinator)
    assert other.get(f"/panel/import/job/{job.pk}/").status_code == 404
    assert other.post(f"/panel/import/{token}/", {"reason": "cudze"}).status_code == 403
    assert run_jobs() == 0
    assert nothing_stored()


def test_home_and_indicator_page_link_to_the_import_screen(world):
    coordinator = signed_in(world.env_coordinator)
    assert 'href="/panel/import/"' in coordinator.get("/panel/").content.decode()
    page = coordinator.get("/panel/indicators/PM10_AVG/").content.decode()
    assert 'href="/panel/import/"' in page
    # An analyst writes nothing, so is not offered the import.
    analyst = signed_in(world.analyst)
    assert 'href="/panel/import/"' not in analyst.get("/panel/").content.decode()


def test_the_page_answers_in_english(world):
    html = signed_in(world.env_coordinator).get("/en/panel/import/").content.decode()
    assert "<h1>Import a file of values</h1>" in html
    assert 'action="/en/panel/import/"' in html
