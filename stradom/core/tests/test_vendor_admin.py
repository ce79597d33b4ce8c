"""The admin pages of the third-party apps (django-axes' sign-in lockout, django-tasks-db's
task queue) speak Polish in the Polish admin: their section names, model names and
columns, from our catalogue and the configs in ``stradom.core.vendor``."""

from __future__ import annotations

import re

from axes.models import AccessFailureLog
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def _words(html: str) -> str:
    """The page's text between tags, one space between pieces."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _sections(html: str) -> dict[str, list[str]]:
    """The admin index: each app's heading → its models' names."""
    out = {}
    for module in re.findall(r'<div class="app-[^"]*module[^"]*">(.*?)</table>', html, re.S):
        heading = _words(re.search(r"<caption>(.*?)</caption>", module, re.S).group(1))
        out[heading] = [
            _words(name)
            for name in re.findall(r'<th scope="row" id="[^"]*">(.*?)</th>', module, re.S)
        ]
    return out


def test_polish_admin_index_names_the_lockout_and_the_task_queue_in_polish(world, client):
    client.force_login(world.admin)
    html = client.get("/admin/").content.decode()
    sections = _sections(html)
    assert sections["Blokada logowania"] == [
        "Dzienniki logowania",
        "Nieudane próby dostępu",
        "Próby dostępu",
    ]
    assert sections["Kolejka zadań"] == ["Wyniki zadań"]
    text = _words(html)
    for english in ("Axes", "Access failures", "Tasks Database Backend", "Task Results"):
        assert english not in text


def test_english_admin_index_keeps_the_english_names(world, client, english):
    client.force_login(world.admin)
    sections = _sections(client.get("/en/admin/").content.decode())
    assert sections["Sign-in lockout"] == ["Access attempts", "Access failures", "Access logs"]
    assert sections["Task queue"] == ["Task Results"]


def _columns(html: str) -> list[str]:
    start = html.index('<table id="result_list">')
    head = html[start : html.index("</thead>", start)]
    names = [_words(c) for c in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', head, re.S)]
    return [n for n in names if n]  # not the select-all box


def test_polish_task_results_and_access_failures_have_polish_columns(world, client):
    DBTaskResult.objects.create(
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="stradom.jobs.services.run_export",
        backend_name="default",
        run_after=timezone.now(),
    )
    AccessFailureLog.objects.create(
        username="nieznany", ip_address="192.0.2.1", user_agent="test", path_info="/admin/"
    )
    client.force_login(world.admin)
    tasks = client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"))
    assert 'class="field-status">gotowe</td>' in tasks.text
    assert _columns(tasks.text) == [
        "Id",
        "Nazwa zadania",
        "Status",
        "Dodano do kolejki",
        "Rozpoczęto",
        "Zakończono",
        "Priorytet",
        "Nazwa kolejki",
    ]
    failures = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert _columns(failures.text) == [
        "Czas wystąpienia",
        "Adres IP",
        "Nazwa użytkownika",
        "Przeglądarka (User-Agent)",
        "Ścieżka",
        "Dostęp zablokowany",
    ]
