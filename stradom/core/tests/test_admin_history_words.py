"""The admin's histories of records (registers, instruments, money) say what changed in the
reader's words: the field's name, a choice's label, yes or no, amounts and days in the
reader's format, the channel in words; not the stored codes (``status``, ``selected``,
``250000.00``, ``done_date``, ``2022-06-30``). In Polish and English."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest

from stradom.registers.models import RegisterChange
from stradom.registers.services import save_project
from stradom.registers.tests.conftest import registers  # noqa: F401
from stradom.registers.tests.test_services import project

PREFIX = {"pl": "", "en": "/en"}
WORDS = {
    "pl": {
        "status": ("status", "wybrany do realizacji", "zrealizowany"),
        "cost": ("koszt (zł)", "250\xa0000,00", "241\xa0500,50"),
        "channel": "panel administracyjny",
    },
    "en": {
        "status": ("status", "selected", "completed"),
        "cost": ("cost (zł)", "250,000.00", "241,500.50"),
        "channel": "the admin",
    },
}


@pytest.fixture
def changed(registers):  # noqa: F811
    w = registers
    entry = save_project(project(w), actor=None, reason="wyniki", channel="admin").entry
    save_project(
        {"status": "completed", "cost": Decimal("241500.50")},
        instance=entry,
        actor=None,
        reason="odbiór",
        channel="admin",
    )
    return entry


def rows(html: str) -> list[list[str]]:
    body = html[html.index('<table id="result_list"') :]
    body = body[: body.index("</table>")]
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)
        ]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)[1:]
    ]


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_list_of_register_changes_is_in_words(client, registers, changed, language):  # noqa: F811
    client.force_login(registers.admin)
    html = client.get(f"{PREFIX[language]}/admin/registers/registerchange/?q=odbi").content.decode()
    words = WORDS[language]
    shown = {r[2]: (r[3], r[4], r[6]) for r in rows(html)}
    assert shown == {
        words["status"][0]: (*words["status"][1:], words["channel"]),
        words["cost"][0]: (*words["cost"][1:], words["channel"]),
    }
    assert ">selected<" not in html or language == "en"
    assert RegisterChange.objects.filter(reason="odbiór").count() == 2


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_history_on_a_projects_page_is_in_words(client, registers, changed, language):  # noqa: F811
    client.force_login(registers.admin)
    url = f"{PREFIX[language]}/admin/registers/civicbudgetproject/{changed.pk}/change/"
    html = unescape(client.get(url).content.decode())
    words = WORDS[language]
    status, old, new = words["status"]
    assert f"<td>{words['channel']}</td><td>{status}</td><td>{old}</td><td>{new}</td>" in html
    assert "<td>status</td><td>selected</td>" not in html or language == "en"
