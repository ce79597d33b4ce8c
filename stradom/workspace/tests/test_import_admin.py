"""The import screen in the admin: upload, preview, confirm; a refused file writes nothing."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from stradom.catalog.models import Observation, ObservationChange
from stradom.jobs.testing import run_jobs

GOOD = b"indicator;territory;period;value\nPM10_AVG;1261011;2020;40\nPM10_AVG;1261011;2021;38,5\n"
BAD = b"indicator;territory;period;value\nPM10_AVG;1261011;2020;40\nNOPE;1261011;2020;1\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english():
    # URLs reversed under English carry /en/, so the pages answer in English.
    with translation.override("en"):
        yield


def staff(world, user=None):
    user = user or world.admin
    user.is_staff = True
    user.save()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf(client, url) -> str:
    page = client.get(url)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)


def upload(client, content: bytes, name="values.csv", **fields):
    """Upload; the preview is a job: run it, then return the page that shows it."""
    url = reverse("admin:ingest_import")
    data = {"file": SimpleUploadedFile(name, content), "csrfmiddlewaretoken": csrf(client, url)}
    data.update(fields)
    response = client.post(url, data)
    if response.status_code != 302:
        return response  # refused at upload
    assert run_jobs() == 1
    return client.get(response["Location"])


def confirm_url(response) -> str:
    return re.search(r'action="(/[^"]*/import/[0-9a-f-]{36}/)"', response.content.decode()).group(1)


def test_the_admin_index_links_to_the_import_page(world):
    client = staff(world)
    page = client.get(reverse("admin:index"))
    assert reverse("admin:ingest_import") in page.content.decode()


def test_upload_shows_a_preview_then_confirm_writes_with_the_reason(world, media):
    client = staff(world)
    preview = upload(client, GOOD)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert '<td class="new">2</td>' in html
    assert "38.5" in html
    assert Observation.objects.count() == 0  # the preview writes nothing
    (stored,) = (media / "imports").iterdir()
    assert (stored / "values.csv").read_bytes() == GOOD

    url = confirm_url(preview)
    token = csrf(client, reverse("admin:ingest_import"))
    queued = client.post(url, {"reason": "annual GIOŚ figures", "csrfmiddlewaretoken": token})
    assert queued.status_code == 302  # to the import job's page
    assert Observation.objects.count() == 0  # the worker imports, not the request
    assert run_jobs() == 1
    done = client.get(queued["Location"])
    assert done.status_code == 200
    assert "The file was imported." in done.content.decode()
    assert '<td class="new">2</td>' in done.content.decode()
    assert sorted(Observation.objects.values_list("period", "value")) == [
        ("2020", Decimal(40)),
        ("2021", Decimal("38.5")),
    ]
    assert set(ObservationChange.objects.values_list("reason", "user", "channel")) == {
        ("annual GIOŚ figures", world.admin.pk, "import")
    }
    assert not stored.exists()


def test_confirm_needs_a_reason(world):
    client = staff(world)
    url = confirm_url(upload(client, GOOD))
    token = csrf(client, reverse("admin:ingest_import"))
    page = client.post(url, {"reason": "  ", "csrfmiddlewaretoken": token})
    assert page.status_code == 200
    assert "This field is required." in page.content.decode() or "Say why" in (
        page.content.decode()
    )
    assert Observation.objects.count() == 0


def test_a_refused_file_lists_its_problems_and_writes_nothing(world, media):
    client = staff(world)
    page = upload(client, BAD)
    html = page.content.decode()
    assert "The file was refused: 1 problem. Nothing was written." in html
    assert "<td>3</td><td>indicator</td><td>unknown indicator &#x27;NOPE&#x27;</td>" in html
    assert "Confirm import" not in html
    assert (Observation.objects.count(), ObservationChange.objects.count()) == (0, 0)
    assert list((media / "imports").iterdir()) == []


def test_an_unreadable_file_is_reported_and_writes_nothing(world):
    client = staff(world)
    page = upload(client, b"\x00\x01\x02" * 2000, name="garbage.csv")
    html = page.content.decode()
    assert '<p class="errornote" role="alert">garbage.csv' in html
    assert "Nothing was written." in html
    assert Observation.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_at_upload(world, settings, media):
    settings.STRADOM_IMPORT_MAX_BYTES = 50
    client = staff(world)
    page = upload(client, GOOD)
    assert "the largest file accepted is 50" in page.content.decode()
    assert not (media / "imports").exists()
    assert Observation.objects.count() == 0


def test_a_data_provider_imports_only_their_indicators(world):
    client = staff(world, world.provider)
    text = GOOD + b"TRAM_SAT;1261011;2020;80\n"
    html = upload(client, text).content.decode()
    assert "you may not enter values of indicator TRAM_SAT" in html
    assert Observation.objects.count() == 0


def test_only_the_uploader_can_confirm(world):
    url = confirm_url(upload(staff(world), GOOD))
    other = staff(world, world.env_coordinator)
    token = csrf(other, reverse("admin:ingest_import"))
    assert other.post(url, {"reason": "x", "csrfmiddlewaretoken": token}).status_code == 403
    assert Observation.objects.count() == 0


def test_the_page_is_for_staff_only_and_posts_need_the_csrf_token(world):
    anonymous = Client()
    assert anonymous.get(reverse("admin:ingest_import")).status_code == 302
    client = staff(world)
    response = client.post(
        reverse("admin:ingest_import"), {"file": SimpleUploadedFile("v.csv", GOOD)}
    )
    assert response.status_code == 403
    assert Observation.objects.count() == 0
