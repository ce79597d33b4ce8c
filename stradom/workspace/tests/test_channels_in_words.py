"""Where a change came from (its channel) and the reasons the system writes by itself are
shown in the reader's language: the workspace's change feed, an indicator's history, the
entry form's recent changes, an instrument's milestone history, and the admin."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from stradom.catalog.models import Indicator, ObservationChange
from stradom.catalog.services import ObservationInput, set_computation, write_observations
from stradom.core.channels import channel_label, reason_shown
from stradom.workspace.models import Visit

WORDS = {
    "pl": {
        "computed": "automatyczne przeliczenie",
        "reason": "przeliczono po zmianie danych wejściowych",
        "command": "wiersz poleceń",
    },
    "en": {
        "computed": "automatic recomputation",
        "reason": "recomputed after its inputs changed",
        "command": "the command line",
    },
}
PREFIX = {"pl": "", "en": "/en"}


@pytest.fixture
def rate(world):
    rate = Indicator.objects.create(
        code="BIRTH_RATE", name_pl="Urodzenia na 1000 mieszkańców", decimals=2
    )
    set_computation(
        rate, formula="[BIRTHS] / [POP] * 1000", actor=None, reason="definicja wskaźnika"
    )
    Visit.objects.create(user=world.analyst, seen_at=timezone.now() - timedelta(hours=1))
    write_observations(
        [
            ObservationInput("BIRTHS", world.city.code, "2024", Decimal("8000")),
            ObservationInput("POP", world.city.code, "2024", Decimal("800000")),
        ],
        actor=None,
        reason="dane GUS",
        channel="command",
    )
    return rate


def _row(html: str, code: str) -> str:
    """The feed's row of indicator ``code``."""
    pattern = rf'<tr><td>[^<]*</td><td><a [^>]*>[^<]*</a> <span class="code">{code}</span>.*?</tr>'
    return re.search(pattern, html).group(0)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_change_feed_says_the_channel_and_the_systems_reason_in_words(
    client, world, rate, language
):
    client.force_login(world.analyst)
    html = client.get(f"{PREFIX[language]}/panel/").content.decode()
    words = WORDS[language]
    computed = _row(html, "BIRTH_RATE")
    assert computed.endswith(f"<td>{words['computed']}</td><td>{words['reason']}</td></tr>")
    typed = _row(html, "POP")
    assert typed.endswith(f"<td>{words['command']}</td><td>dane GUS</td></tr>")
    assert "<td>computed</td>" not in html and "<td>command</td>" not in html


@pytest.mark.parametrize("language", ["pl", "en"])
def test_indicator_history_says_the_channel_in_words(client, world, rate, language):
    client.force_login(world.analyst)
    html = client.get(f"{PREFIX[language]}/panel/indicators/BIRTH_RATE/history/").content.decode()
    words = WORDS[language]
    assert f"<td>{words['computed']}</td><td>{words['reason']}</td>" in html
    assert "<td>computed</td>" not in html


def test_a_person_is_named_rather_than_the_channel(client, world, rate):
    write_observations(
        [ObservationInput("POP", world.city.code, "2023", Decimal("799000"))],
        actor=world.admin,
        reason="korekta",
        channel="form",
    )
    client.force_login(world.analyst)
    html = client.get("/panel/indicators/POP/history/").content.decode()
    assert "<td>admin</td><td>korekta</td>" in html


def test_a_reason_a_person_wrote_is_shown_as_written():
    assert reason_shown("recomputed by hand", "computed") == "recomputed by hand"
    assert reason_shown("recomputed X after its inputs changed", "form") == (
        "recomputed X after its inputs changed"
    )


@pytest.mark.parametrize(
    ("language", "text"), [("pl", "import pliku dane.csv"), ("en", "import of dane.csv")]
)
def test_the_default_reason_of_an_import_in_the_readers_language(language, text):
    from django.utils import translation

    with translation.override(language):
        assert reason_shown("import of dane.csv", "import") == text


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("pl", ["formularz", "import z pliku", "API", "automatyczne przeliczenie"]),
        ("en", ["entry form", "file import", "the API", "automatic recomputation"]),
    ],
)
def test_channel_labels(language, labels):
    from django.utils import translation

    with translation.override(language):
        assert [channel_label(c) for c in ("form", "import", "api", "computed")] == labels
    assert channel_label("something-new") == "something-new"


@pytest.mark.parametrize("language", ["pl", "en"])
def test_admin_history_of_values_says_the_channel_and_reason_in_words(
    client, world, rate, language
):
    client.force_login(world.admin)
    html = client.get(f"{PREFIX[language]}/admin/catalog/observationchange/").content.decode()
    words = WORDS[language]
    assert f'<td class="field-channel">{words["computed"]}</td>' in html
    assert f'<td class="field-reason_shown">{words["reason"]}</td>' in html
    assert '<td class="field-channel">computed</td>' not in html
    # The filter offers the channels in words too.
    assert f">{words['command']}</a>" in html
    assert ObservationChange.objects.filter(channel="computed").exists()
