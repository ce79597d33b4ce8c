"""Write what Stradom shows on the demo — pages, API answers, CSV files, report documents —
in Polish and English, as files to compare before and after a change that must not change
them (a refactoring of the read model, of formatting, of a hot path).

    .venv/bin/python bench/snapshot/run.py --out /tmp/snapshot/before   # on the old commit
    .venv/bin/python bench/snapshot/run.py --out /tmp/snapshot/after    # on the new one
    diff -r /tmp/snapshot/before /tmp/snapshot/after

It builds its own database with the demo (SQLite in a temporary folder, or the
PostgreSQL database named by ``--database-url``), so both runs start from the same data.
Pages are fetched with Django's test client as an anonymous reader, as a domain
coordinator and as an administrator; reports are written as their plain document (every
block, every table cell as the renderer formats it), not as PDF bytes, so a difference
says where it is. What legitimately differs between two runs — the time a report or a
page was made, CSRF tokens, ids the database hands out — is replaced by a placeholder
(``_normalise``).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup(database_url: str | None, folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "stradom.settings"
    os.environ.setdefault("STRADOM_SECRET_KEY", "snapshot-" + "x" * 50)
    os.environ["STRADOM_DATA_DIR"] = str(folder)
    os.environ["STRADOM_PAGE_CACHE_SECONDS"] = "0"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # Static files are not collected here: plain names instead of the manifest's.
    storages = {**settings.STORAGES}
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES=storages).enable()


_VOLATILE = [
    (
        re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
        'name="csrfmiddlewaretoken" value="…"',
    ),
    (re.compile(r"csrftoken=[A-Za-z0-9]+"), "csrftoken=…"),
    (re.compile(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?"), "<time>"),
    (re.compile(r"\b\d{1,2}\.\d\d\.20\d\d,? \d{1,2}:\d\d\b"), "<time>"),
    (re.compile(r"\b\d{1,2} [A-Z][a-z]{2} 20\d\d,? \d{1,2}:\d\d\b"), "<time>"),
]


def _normalise(text: str) -> str:
    for pattern, placeholder in _VOLATILE:
        text = pattern.sub(placeholder, text)
    return text


def _write(out: Path, name: str, text: str) -> None:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_normalise(text), encoding="utf-8")


def _urls() -> list[tuple[str, str]]:
    """(file name, path) of every page and API answer to keep, without the language prefix."""
    from django.urls import reverse

    from stradom.catalog.models import Indicator
    from stradom.strategy.models import Goal
    from stradom.territory.models import Territory

    urls = [
        ("pages/home.html", reverse("portal:home")),
        ("pages/indicators.html", reverse("portal:indicators")),
        ("pages/civic-budget.html", reverse("portal:civic_budget")),
    ]
    for goal in Goal.objects.order_by("strategy_id", "code"):
        urls.append((f"pages/goal-{goal.strategy.code}-{goal.code}.html", f"/goals/{goal.pk}/"))
    codes = list(Indicator.objects.order_by("code").values_list("code", flat=True))
    district = Territory.objects.filter(code__contains="-").order_by("code").first()
    for code in codes:
        page = reverse("portal:indicator", args=[code])
        urls.append((f"pages/indicator-{code}.html", page))
        urls.append((f"csv/indicator-{code}.csv", reverse("portal:indicator_csv", args=[code])))
        urls.append((f"api/indicator-{code}.json", f"/api/indicators/{code}"))
        urls.append((f"api/observations-{code}.json", f"/api/observations?indicator={code}"))
        if district is not None:
            urls.append(
                (
                    f"pages/indicator-{code}-{district.code}.html",
                    f"{page}?territory={district.code}",
                )
            )
    urls += [
        ("api/indicators.json", "/api/indicators?limit=500"),
        ("api/domains.json", "/api/domains"),
        ("api/territories.json", "/api/territories?limit=500"),
        ("api/strategies.json", "/api/strategies"),
        ("api/resolutions.json", "/api/resolutions"),
        ("api/civic-budget.json", "/api/civic-budget/projects?limit=500"),
        ("api/civic-budget-summary.json", "/api/civic-budget/summary"),
    ]
    from stradom.strategy.models import Strategy

    for strategy in Strategy.objects.order_by("pk"):
        urls.append((f"api/strategy-{strategy.code}.json", f"/api/strategies/{strategy.pk}"))
    return urls


def _signed_in_urls() -> list[tuple[str, str]]:
    return [
        ("panel/home.html", "/panel/"),
        ("pages/home.html", "/"),
        ("pages/indicators.html", "/indicators/"),
        ("api/instruments.json", "/api/instruments?limit=500"),
        ("api/money-summary.json", "/api/money/summary"),
        ("api/money-tasks.json", "/api/money/tasks?limit=500"),
    ]


def _fetch(client, out: Path, urls: list[tuple[str, str]], language: str) -> int:
    prefix = "" if language == "pl" else f"/{language}"
    count = 0
    for name, path in urls:
        api = path.startswith("/api/")
        address = path if api else prefix + path
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        response = client.get(address, **headers)
        body = response.content.decode("utf-8", errors="replace")
        if api and response.get("Content-Type", "").startswith("application/json"):
            with contextlib.suppress(ValueError):
                body = json.dumps(json.loads(body), ensure_ascii=False, indent=1, sort_keys=True)
        _write(out, f"{language}/{name}", f"{response.status_code}\n{body}")
        count += 1
    return count


def _document_text(document, language: str) -> str:
    from stradom.reports.cells import format_cell
    from stradom.reports.document import Table

    lines = [f"kind: {document.kind}", f"title: {document.title}", f"subtitle: {document.subtitle}"]
    for block in document.blocks:
        if isinstance(block, Table):
            lines.append(f"[Table] {block.caption} / {block.sheet}")
            lines.append(" | ".join(f"{c.label} ({c.kind})" for c in block.columns))
            for row in block.rows:
                cells = [
                    format_cell(v, c, language) for v, c in zip(row, block.columns, strict=True)
                ]
                lines.append(" | ".join(cells) + "    <= " + " | ".join(map(repr, row)))
        else:
            data = dataclasses.asdict(block)
            lines.append(
                f"[{type(block).__name__}] "
                + json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)
            )
    return "\n".join(lines) + "\n"


def _reports(out: Path, users: dict, language: str) -> int:
    from stradom.catalog.models import Domain, Indicator
    from stradom.reports.services import build_document
    from stradom.strategy.models import Strategy

    strategy = Strategy.objects.order_by("pk").first()
    requests = [("monitoring", {"strategy": strategy.pk}), ("municipality", {})]
    for domain in Domain.objects.order_by("code")[:3]:
        requests.append(("domain", {"domain": domain.code}))
    for code in Indicator.objects.order_by("code").values_list("code", flat=True)[:12]:
        requests.append(("indicator", {"indicator": code}))
    count = 0
    for who, user in users.items():
        for kind, params in requests:
            slug = "-".join(str(v) for v in params.values()) or "all"
            try:
                document = build_document(kind, user=user, language=language, **params)
                text = _document_text(document, language)
            except Exception as error:  # noqa: BLE001 (a refusal is part of what is compared)
                text = f"refused: {type(error).__name__}: {error}\n"
            _write(out, f"{language}/reports/{who}/{kind}-{slug}.txt", text)
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (emptied)")
    parser.add_argument("--database-url", help="PostgreSQL database to build (default: SQLite)")
    parser.add_argument("--no-reports", action="store_true")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="stradom-snapshot-"))
    _setup(args.database_url, folder)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    if args.database_url:
        call_command("flush", verbosity=0, interactive=False)
    call_command("demo", verbosity=0)
    setup_test_environment()  # the test client's hosts and e-mail
    print(f"demo loaded in {time.monotonic() - started:.0f} s", file=sys.stderr)

    import shutil

    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    users = _users(get_user_model())
    count = 0
    for language in ("pl", "en"):
        count += _fetch(Client(), args.out / "anonymous", _urls(), language)
        for who, user in users.items():
            if user is None:
                continue
            client = Client()
            client.force_login(user)
            count += _fetch(client, args.out / who, _signed_in_urls(), language)
        if not args.no_reports:
            count += _reports(args.out, users, language)
    print(f"{count} files in {args.out} ({time.monotonic() - started:.0f} s)", file=sys.stderr)
    return 0


def _users(User) -> dict:
    """The demo's administrator and one domain coordinator (and the public), made here."""
    from django.contrib.auth.models import Group

    from stradom.accounts.permissions import ADMINISTRATORS
    from stradom.catalog.models import Domain

    admin, _ = User.objects.get_or_create(username="snapshot-admin", defaults={"is_staff": True})
    admin.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS)[0])
    coordinator, _ = User.objects.get_or_create(username="snapshot-coordinator")
    domain = Domain.objects.order_by("code").first()
    domain.coordinators.add(coordinator)
    return {"public": None, "administrator": admin, "coordinator": coordinator}


if __name__ == "__main__":
    sys.exit(main())
