"""A locked period refuses every channel that would create, change or delete a value in
it — the form, a file import (column-wise and row by row), the API, the recomputation,
the demo loader and any service call — and each refusal leaves the database as it was."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from stradom.api.services import create_token
from stradom.approval import services
from stradom.approval.models import LockAction, PeriodLock, PeriodLockEvent
from stradom.approval.tests.conftest import database
from stradom.catalog.models import Indicator, Observation
from stradom.catalog.services import (
    ObservationInput,
    delete_observations,
    set_computation,
    write_observations,
)
from stradom.catalog.services.observations import ObservationWriter
from stradom.core.messages import StradomError
from stradom.ingest import services as ingest_services
from stradom.ingest.services import import_file

LOCKED_2025 = (
    "2025 lies in 2025, which is locked for the domain {domain} (GUS data closed); "
    "no value in it may change until an administrator unlocks it"
)


@pytest.fixture
def locked(stored):
    services.lock_period(
        "2025", domain=stored.environment, actor=stored.admin, reason="GUS data closed"
    )
    return stored


def _write(*inputs, actor=None, channel="command", replace=True):
    return write_observations(
        list(inputs), actor=actor, reason="correction", channel=channel, replace=replace
    )


# -- the lock itself ----------------------------------------------------------------------
def test_an_administrator_locks_and_unlocks_with_reasons_kept_in_the_history(stored):
    w = stored
    lock = services.lock_period("2025", domain=w.environment, actor=w.admin, reason="closed")
    assert (lock.period, lock.domain, lock.active, lock.locked_by) == (
        "2025",
        w.environment,
        True,
        w.admin,
    )
    with pytest.raises(StradomError, match="reason"):
        services.unlock_period(lock, actor=w.admin, reason="  ")
    assert PeriodLock.objects.get().active
    services.unlock_period(lock, actor=w.admin, reason="GUS revised the data")
    assert list(
        PeriodLockEvent.objects.values_list("action", "user__username", "reason", "channel")
    ) == [
        (LockAction.LOCKED, "admin", "closed", "service"),
        (LockAction.UNLOCKED, "admin", "GUS revised the data", "service"),
    ]
    assert not PeriodLock.objects.get().active
    assert _write(ObservationInput("PM10_AVG", "1261011", "2025", Decimal("24"))).ok


@pytest.mark.parametrize("who", ["env_coordinator", "provider", "analyst"])
def test_only_an_administrator_may_lock(stored, who):
    with pytest.raises(services.Refused):
        services.lock_period(
            "2025", domain=stored.environment, actor=getattr(stored, who), reason="x"
        )
    assert not PeriodLock.objects.exists()


def test_a_lock_needs_a_reason_and_a_period_and_is_not_made_twice(stored):
    w = stored
    with pytest.raises(StradomError, match="reason"):
        services.lock_period("2025", actor=w.admin, reason="")
    with pytest.raises(StradomError):
        services.lock_period("20x5", actor=w.admin, reason="r")
    services.lock_period("2025", actor=w.admin, reason="r")
    with pytest.raises(StradomError, match="already locked for all domains"):
        services.lock_period("2025", actor=w.admin, reason="again")
    assert PeriodLock.objects.count() == 1


@pytest.mark.parametrize("domain", [None, "environment"])
def test_the_database_keeps_one_active_lock_per_domain_and_period(stored, domain):
    """Even written past the service (SQLite and PostgreSQL alike): a second active lock
    of the same period, for all domains or for one, is refused; an unlocked one is not
    in the way."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    w = stored
    domain = getattr(w, domain) if domain else None
    lock = services.lock_period("2025", domain=domain, actor=w.admin, reason="r")
    row = {
        "domain": domain, "period": "2025", "period_start": lock.period_start,
        "period_end": lock.period_end, "reason": "again", "locked_at": timezone.now(),
    }  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodLock.objects.create(**row)
    PeriodLock.objects.create(**row, active=False)
    assert PeriodLock.objects.filter(active=True).count() == 1


# -- what a lock covers -------------------------------------------------------------------
@pytest.mark.usefixtures("english")
def test_a_locked_year_refuses_a_new_and_a_changed_value_of_its_domain(locked):
    before = database()
    changed = _write(ObservationInput("PM10_AVG", "1261011", "2025", Decimal("26")))
    new = _write(ObservationInput("PM10_AVG", "1261011-02", "2025", Decimal("26")))
    assert [str(p.message) for p in changed.problems + new.problems] == [
        LOCKED_2025.format(domain="Environment")
    ] * 2
    assert [(p.field, p.period) for p in changed.problems] == [("period", "2025")]
    assert database() == before


def test_the_same_value_again_is_no_change_and_is_not_refused(locked):
    before = database()
    report = _write(ObservationInput("PM10_AVG", "1261011", "2025", Decimal("25.1")))
    assert (report.ok, report.unchanged) == (True, 1)
    assert database() == before


def test_a_lock_covers_only_its_domain_and_its_period(locked):
    assert _write(ObservationInput("TRAM_SAT", "1261011", "2025", Decimal("72"))).ok
    assert _write(ObservationInput("PM10_AVG", "1261011", "2024", Decimal("28"))).ok
    assert _write(ObservationInput("PM10_AVG", "1261011", "2026", Decimal("20"))).ok


def test_a_month_lies_in_its_locked_year_and_a_lock_of_all_covers_indicators_of_no_domain(
    stored,
):
    w = stored
    services.lock_period("2025", actor=w.admin, reason="closed")
    monthly = Indicator.objects.create(
        code="PM10_M", name_pl="PM10 miesięcznie", frequency="M", domain=w.environment
    )
    before = database()
    month = _write(ObservationInput(monthly.code, "1261011", "2025-03", Decimal("30")))
    nodomain = _write(ObservationInput("BIRTHS", "1261011", "2025", Decimal("7000")))
    assert [p.field for p in month.problems + nodomain.problems] == ["period", "period"]
    assert database() == before
    assert _write(ObservationInput(monthly.code, "1261011", "2026-01", Decimal("30"))).ok


# -- channel by channel ---------------------------------------------------------------------
@pytest.mark.usefixtures("english")
def test_form_says_the_period_is_locked_and_saves_nothing(client, locked):
    client.force_login(locked.provider)
    before = database()
    response = client.post(
        "/en/panel/indicators/PM10_AVG/enter/",
        {
            "territory": "1261011",
            "period": "2025",
            "value": "26",
            "status": "final",
            "reason": "correction",
            "replace": "on",
        },
    )
    assert response.status_code == 422
    assert LOCKED_2025.format(domain="Environment") in response.content.decode()
    assert database() == before


def _csv(tmp_path, lines):
    path = tmp_path / "values.csv"
    path.write_text("indicator;territory;period;value\n" + "".join(lines), encoding="utf-8")
    return path


@pytest.mark.parametrize("path_taken", ["columns", "rows"])
def test_import_into_a_locked_period_is_refused_whole_with_line_and_column(
    tmp_path, locked, monkeypatch, path_taken
):
    if path_taken == "rows":
        monkeypatch.setattr(ingest_services, "columnar", lambda source: False)
    path = _csv(
        tmp_path,
        [
            "PM10_AVG;1261011;2026;22,0\n",  # free: not locked
            "PM10_AVG;1261011-02;2025;29,5\n",  # new in locked 2025
            "TRAM_SAT;1261011;2024;70\n",  # another domain
            "PM10_AVG;1261011;2025;25,1\n",  # unchanged: no change, not refused
            "PM10_AVG;1261011-01;2025;31,0\n",  # changed in locked 2025
        ],
    )
    before = database()
    report = import_file(path, actor=locked.admin, reason="GIOŚ", replace=True)
    assert not report.ok
    assert [(p["line"], p["column"], p["period"]) for p in _problems(report)] == [
        (3, "period", "2025"),
        (6, "period", "2025"),
    ]
    assert database() == before


def _problems(report):
    return ingest_services.report_as_dict(report)["problems"]


def test_a_plain_import_elsewhere_still_goes_column_wise(tmp_path, locked, monkeypatch):
    calls = []
    original = ObservationWriter.add
    monkeypatch.setattr(
        ObservationWriter, "add", lambda self, rows: calls.append(len(rows)) or original(self, rows)
    )
    report = import_file(
        _csv(tmp_path, ["BIRTHS;1261011;2025;7000\n", "BIRTHS;1261011;2024;7100\n"]),
        actor=locked.admin,
        reason="GUS",
    )
    assert (report.ok, report.write.created, calls) == (True, 2, [])


@pytest.mark.usefixtures("english")
def test_api_answers_422_naming_the_locked_row_and_writes_nothing(client, locked):
    token = create_token(locked.provider)[1]
    before = database()
    response = client.post(
        "/api/observations",
        data=json.dumps(
            {
                "reason": "correction",
                "replace": True,
                "observations": [
                    {
                        "indicator": "PM10_AVG",
                        "territory": "1261011",
                        "period": "2026",
                        "value": "1",
                    },
                    {
                        "indicator": "PM10_AVG",
                        "territory": "1261011",
                        "period": "2025",
                        "value": "2",
                    },
                ],
            }
        ),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["details"] == [
        {
            "line": 1,
            "field": "period",
            "message": LOCKED_2025.format(domain="Environment"),
        }
    ]
    assert database() == before


@pytest.fixture
def rate(stored):
    """A computed indicator of the environment domain from trams (transport)."""
    w = stored
    rate = Indicator.objects.create(code="TRAM_X2", name_pl="Podwojone", domain=w.environment)
    set_computation(rate, formula="[TRAM_SAT] * 2", actor=None, reason="definicja")
    assert Observation.objects.get(indicator=rate, period="2025").value == Decimal("142")
    return rate


def test_recomputation_into_a_locked_period_is_refused_and_nothing_changes(rate):
    w = rate
    services.lock_period("2025", domain=rate.domain, actor=None, reason="closed")
    before = database()
    # trams are not locked, but the value computed from them is
    with pytest.raises(StradomError, match="TRAM_X2 could not be recomputed"):
        _write(ObservationInput("TRAM_SAT", "1261011", "2025", Decimal("75")))
    assert database() == before
    with pytest.raises(StradomError, match="could not be recomputed"):
        set_computation(rate, formula="[TRAM_SAT] * 3", actor=None, reason="nowa definicja")
    assert Observation.objects.get(indicator=w, period="2025").value == Decimal("142")
    assert database() == before


def test_demo_loader_and_service_calls_are_refused(locked):
    before = database()
    demo = _write(ObservationInput("PM10_AVG", "1261011", "2025", Decimal("1")), channel="demo")
    survey = _write(
        ObservationInput("PM10_AVG", "1261011-02", "2025", Decimal("1")), channel="survey"
    )
    assert [p.field for p in demo.problems + survey.problems] == ["period", "period"]
    assert database() == before


def test_deleting_a_value_of_a_locked_period_is_refused(locked):
    before = database()
    report = delete_observations(
        [("PM10_AVG", "1261011", "2025", ())], actor=None, reason="wrong", channel="command"
    )
    assert (report.ok, report.deleted, [p.field for p in report.problems]) == (
        False,
        0,
        ["period"],
    )
    assert database() == before
    assert (
        delete_observations(
            [("PM10_AVG", "1261011", "2024", ())], actor=None, reason="wrong", channel="command"
        ).deleted
        == 1
    )


@pytest.mark.usefixtures("english")
def test_form_says_when_a_value_computed_from_this_one_lies_in_a_locked_period(
    client, stored, rate
):
    w = stored
    services.lock_period("2025", domain=rate.domain, actor=None, reason="closed")
    client.force_login(w.transport_coordinator)
    before = database()
    response = client.post(
        "/en/panel/indicators/TRAM_SAT/enter/",
        {
            "territory": "1261011",
            "period": "2025",
            "value": "75",
            "status": "final",
            "reason": "correction",
            "replace": "on",
        },
    )
    assert response.status_code == 422
    assert "TRAM_X2 could not be recomputed" in response.content.decode()
    assert database() == before
