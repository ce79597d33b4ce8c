"""The import preview in the reader's language: what each sampled value would be ("nowa",
"zmieniona" / "new", "changed"), never the write path's codes, and the values, counts
and problems in the reader's number format (40,8 in Polish)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stradom.catalog.models import Observation
from stradom.catalog.services import ObservationInput, write_observations
from stradom.jobs.testing import run_jobs
from stradom.workspace.tests.test_import_page import csrf, media, signed_in  # noqa: F401

HEADER = b"indicator;territory;period;value\n"
FILE = HEADER + b"PM10_AVG;1261011;2020;40,8\nPM10_AVG;1261011;2021;1234,5\n"
PREFIX = {"pl": "", "en": "/en"}


@pytest.fixture
def stored(world):
    write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2020", Decimal("39.5"))],
        actor=None,
        reason="test",
        channel="command",
    )


def preview(client, language: str, content: bytes, *, replace: bool) -> str:
    url = PREFIX[language] + reverse("workspace:import")
    form = {"file": SimpleUploadedFile("wartosci.csv", content), "csrfmiddlewaretoken": ""}
    form["csrfmiddlewaretoken"] = csrf(client, url)
    if replace:
        form["replace"] = "on"
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert run_jobs() == 1
    return client.get(response["Location"]).content.decode()


def samples(html: str) -> list[list[str]]:
    body = html[html.index("<tbody>", html.index('<table class="samples"')) :]
    body = body[: body.index("</tbody>")]
    return [
        re.findall(r"<td[^>]*>(.*?)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.mark.parametrize(
    ("language", "rows", "counts"),
    [
        ("pl", [["nowa", "—", "1\xa0234,5"], ["zmieniona", "39,5", "40,8"]], ("1", "1", "0")),
        ("en", [["new", "—", "1,234.5"], ["changed", "39.5", "40.8"]], ("1", "1", "0")),
    ],
)
def test_preview_says_each_change_in_words_with_the_readers_numbers(
    world, stored, language, rows, counts
):
    html = preview(signed_in(world.admin), language, FILE, replace=True)
    assert [[r[0], r[5], r[6]] for r in samples(html)] == rows
    found = tuple(
        re.search(rf'<td class="{c}">([^<]*)</td>', html).group(1)
        for c in ("new", "changed", "unchanged")
    )
    assert found == counts
    assert ">created<" not in html and ">updated<" not in html
    assert Observation.objects.get(period="2020").value == Decimal("39.5")  # nothing written


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "pl",
            "dla tego okresu zapisano już wartość 39,5; aby zastąpić ją wartością 40,8, "
            "wskaż, że ją zastępujesz, i podaj powód",
        ),
        (
            "en",
            "39.5 is already stored for this period; to replace it with 40.8, say that you "
            "replace it and why",
        ),
    ],
)
def test_a_problem_of_the_preview_says_its_numbers_as_the_reader_writes_them(
    world, stored, language, message
):
    html = preview(signed_in(world.admin), language, FILE, replace=False)
    assert f"<td>2</td><td>value</td><td>{message}</td>" in html


@pytest.mark.parametrize(("language", "words"), [("pl", "płeć: kobiety"), ("en", "sex: kobiety")])
def test_a_sampled_disaggregation_is_said_in_words(world, language, words):
    content = b"indicator;territory;period;sex;value\nPOP;1261011;2024;F;1200\n"
    html = preview(signed_in(world.admin), language, content, replace=False)
    assert samples(html)[0][4] == words
