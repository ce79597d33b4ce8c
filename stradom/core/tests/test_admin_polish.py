"""The admin reads as grammatical Polish: an administrator opens every registered model's
changelist and add page, and none says what Django composes from a bare ``verbose_name``
("Wybierz dziedzina zarządzania do zmiany", "Dodaj dziedzina zarządzania", "13 dziedziny
zarządzania", "Dodaj kolejne(go)(-ną)(-ny) …", "Usuń wybrane(-nych) …", "Dostępne
koordynatorzy", permissions as "Can add …", "Administracja Django"). English is checked
too. (``stradom.core.admin_site``, ``stradom.core.admin_names``.)"""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from stradom.catalog.models import Domain
from stradom.core.admin_names import ACCUSATIVE, accusative

# Django's Polish catalogue writes these when it does not know a word's gender or case.
SLASH_FORMS = re.compile(r"\w\((?:go|a|-\w+)\)")


def registered():
    return sorted(admin.site._registry, key=lambda m: m._meta.label)


def text(response) -> str:
    return unescape(response.content.decode())


def h1(html: str) -> str:
    return " ".join(re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).split())


@pytest.mark.parametrize("model", registered(), ids=lambda m: m._meta.label)
def test_every_changelist_and_add_page_reads_as_polish(world, client, model):
    client.force_login(world.admin)
    opts = model._meta
    with translation.override("pl"):
        nominative, plural = str(opts.verbose_name), str(opts.verbose_name_plural)
        object_form = accusative(opts)
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    pages = [text(changelist)]
    heading = h1(pages[0])
    assert heading in (f"Wybierz {object_form} do zmiany", f"Wybierz {object_form} do obejrzenia")
    count = model._default_manager.count()
    assert f"{capfirst(plural)}: {count}" in pages[0]
    assert f"{count} {plural}" not in pages[0] and f"{count} {nominative}" not in pages[0]
    add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    if admin.site._registry[model].has_add_permission(changelist.wsgi_request):
        add = client.get(add_url)
        assert add.status_code == 200
        pages.append(text(add))
        assert h1(pages[-1]) == f"Dodaj {object_form}"
        assert f"› Dodaj {object_form}" in " ".join(pages[-1].split())
        assert f">Dodaj {object_form}<" in " ".join(pages[0].split()).replace("> ", ">").replace(
            " <", "<"
        )
    for html in pages:
        assert "Administracja Django" not in html and "Stradom – administracja" in html
        assert not SLASH_FORMS.findall(html), SLASH_FORMS.findall(html)[:5]
        assert "Usuń wybrane(" not in html
        if object_form != nominative:
            for verb in ("Wybierz", "Dodaj", "Zmień", "Zobacz", "Usuń"):
                wrong = re.compile(rf"{verb} {re.escape(nominative)}(?!\w)")
                assert not wrong.search(html), f"{verb} {nominative}"


def test_thirteen_domains_are_counted_in_good_polish(world, client):
    Domain.objects.bulk_create(
        Domain(code=f"d{i}", name_pl=f"dziedzina {i}", order=10 + i) for i in range(11)
    )
    client.force_login(world.admin)
    html = text(client.get("/admin/catalog/domain/"))
    assert "13 dziedziny" not in html
    assert "Dziedziny zarządzania: 13" in html
    assert h1(html) == "Wybierz dziedzinę zarządzania do zmiany"
    assert ">Usuń zaznaczone<" in html


def test_a_popup_asks_to_choose_in_the_accusative(world, client):
    client.force_login(world.admin)
    html = text(client.get("/admin/catalog/domain/?_popup=1&_to_field=id"))
    assert h1(html) == "Wybierz dziedzinę zarządzania"


def test_the_add_page_names_inlines_buttons_and_permissions_in_polish(world, client):
    client.force_login(world.admin)
    domain = client.get("/admin/catalog/domain/add/").content.decode()
    inline = json.loads(unescape(re.search(r'data-inline-formset="([^"]+)"', domain).group(1)))
    assert inline["options"]["addText"] == "Dodaj jeszcze usługę publiczną"
    indicator = text(client.get("/admin/catalog/indicator/add/"))
    assert 'title="Dodaj dziedzinę zarządzania"' in indicator
    assert 'title="Zmień dziedzinę zarządzania"' in indicator
    group = text(client.get("/admin/auth/group/add/"))
    assert ">Katalog wskaźników | dziedziny zarządzania | dodawanie<" in group
    assert "Can add" not in group and "Can view" not in group


def _javascript_phrase(client, msgid: str) -> str:
    """What the admin's JavaScript catalogue says for ``msgid`` in Polish."""
    catalogue = client.get("/admin/jsi18n/").content.decode()
    found = re.search(r'"' + re.escape(msgid) + r'": "([^"]*)"', catalogue)
    return json.loads(f'"{found.group(1)}"') if found else msgid


@pytest.mark.parametrize(
    ("url", "fields"),
    [
        ("/admin/catalog/domain/add/", {"osoby koordynujące"}),
        ("/admin/catalog/indicator/add/", {"osoby dostarczające dane"}),
    ],
)
def test_the_lists_to_choose_people_from_agree_with_their_adjectives(world, client, url, fields):
    client.force_login(world.admin)
    html = text(client.get(url))
    names = set(re.findall(r'data-field-name="([^"]+)"', html))
    assert fields <= names
    available, chosen = (_javascript_phrase(client, m) for m in ("Available %s", "Chosen %s"))
    phrases = {p.replace("%s", name) for name in names for p in (available, chosen)}
    assert "Dostępne koordynatorzy" not in phrases and "Dostępne dostawcy danych" not in phrases
    assert {f"Dostępne {name}" for name in fields} <= phrases


def test_the_admin_in_english(world, client):
    client.force_login(world.admin)
    html = text(client.get("/en/admin/catalog/domain/"))
    assert h1(html) == "Select management domain to change"
    assert "Management domains: 2" in html
    add = text(client.get("/en/admin/catalog/domain/add/"))
    assert h1(add) == "Add management domain"
    assert "Stradom administration" in add


def test_every_registered_model_has_its_accusative():
    missing = [m._meta.label for m in registered() if m._meta.label_lower not in ACCUSATIVE]
    assert not missing, f"add them to stradom.core.admin_names.ACCUSATIVE: {missing}"
