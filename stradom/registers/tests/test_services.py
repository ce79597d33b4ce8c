"""The one write path of each register: validation that says what and where, history of
every change, permission refused with nothing changed."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from stradom.core.i18n import localize
from stradom.registers import queries
from stradom.registers.models import CivicBudgetProject, RegisterChange, Resolution
from stradom.registers.services import (
    RegisterError,
    delete_resolution,
    save_project,
    save_resolution,
)


def resolution(**changes):
    values = {
        "term": "2014–2018",
        "number": "XCIV/2449/18",
        "adopted_on": date(2018, 2, 7),
        "title": "w sprawie przyjęcia Strategii Rozwoju Krakowa",
    }
    return {**values, **changes}


def project(w, **changes):
    values = {
        "edition": 2025,
        "code": "BO.2025/17",
        "title": "Zielone podwórko przy ul. Sarego",
        "district": w.district1,
        "cost": Decimal("250000.00"),
        "status": "selected",
        "votes": 1234,
        "domain": w.environment,
    }
    return {**values, **changes}


def test_a_new_resolution_is_stored_with_its_history(registers):
    w = registers
    saved = save_resolution(
        resolution(number="Nr XCIV / 2449 / 18", unit=w.env_unit),
        actor=w.admin,
        reason="rejestr uchwał 2018",
    )
    r = Resolution.objects.get()
    assert saved.created and r.number == "XCIV/2449/18"
    assert r.domain == w.environment  # from the responsible unit
    assert r.status == "to_execute"
    rows = {c.field: (c.old, c.new) for c in queries.history(r)}
    assert rows["number"] == ("", "XCIV/2449/18")
    assert rows["unit"] == ("", "wks")
    assert rows["adopted_on"] == ("", "2018-02-07")
    assert {c.actor for c in queries.history(r)} == {w.admin}


def test_a_change_keeps_who_when_old_new_and_why(registers):
    w = registers
    r = save_resolution(resolution(domain=w.environment), actor=None, reason="start").entry
    before = RegisterChange.objects.count()
    saved = save_resolution(
        {"status": "partly_executed", "note": "Część działań przesunięta na 2026 r."},
        instance=r,
        actor=w.env_coordinator,
        reason="sprawozdanie wydziału",
    )
    assert saved.changed == ["status", "note"]
    new = RegisterChange.objects.filter(pk__gt=0).order_by("-id")[:2]
    assert RegisterChange.objects.count() == before + 2
    status = [c for c in new if c.field == "status"][0]
    assert (status.old, status.new, status.reason, status.actor) == (
        "to_execute",
        "partly_executed",
        "sprawozdanie wydziału",
        w.env_coordinator,
    )
    assert status.at is not None
    # The same values again change nothing and record nothing.
    again = save_resolution(
        {"status": "partly_executed"}, instance=r, actor=w.admin, reason="again"
    )
    assert again.changed == [] and RegisterChange.objects.count() == before + 2


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"number": "2449/18"}, "number", "session/number/year"),
        ({"number": "XCIV/2449/19"}, "adopted_on", "ends in the year 19"),
        ({"adopted_on": None}, "adopted_on", "date adopted is missing"),
        ({"adopted_on": date(2099, 1, 1), "number": "I/1/99"}, "adopted_on", "in the future"),
        ({"title": "  "}, "title", "title is empty"),
        ({"term": ""}, "term", "council term"),
        ({"status": "done"}, "status", "unknown execution status 'done'"),
    ],
)
def test_a_bad_resolution_is_refused_with_what_and_where(registers, changes, field, words):
    with pytest.raises(RegisterError) as caught:
        save_resolution(resolution(**changes), actor=None, reason="test")
    assert caught.value.field == field
    assert words in str(caught.value)
    assert Resolution.objects.count() == 0 and RegisterChange.objects.count() == 0


def test_the_message_is_polish_in_polish(registers):
    with pytest.raises(RegisterError) as caught:
        save_resolution(resolution(number="XCIV/2449/19"), actor=None, reason="test")
    with translation.override("pl"):
        text = localize(caught.value)
    assert text == (
        "Uchwała XCIV/2449/19: numer kończy się rokiem 19, a uchwałę podjęto 07.02.2018."
    )


def test_the_message_dates_the_english_way_in_english(registers, english):
    with pytest.raises(RegisterError) as caught:
        save_resolution(resolution(number="XCIV/2449/19"), actor=None, reason="test")
    assert localize(caught.value) == (
        "Resolution XCIV/2449/19: the number ends in the year 19 but the resolution was "
        "adopted on 07 Feb 2018."
    )


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Uchwała I/1/99: data podjęcia 01.01.2099 jest w przyszłości."),
        ("en", "Resolution I/1/99: the date adopted 01 Jan 2099 is in the future."),
    ],
)
def test_a_future_date_is_said_in_the_readers_format(registers, language, text):
    with translation.override(language), pytest.raises(RegisterError) as caught:
        save_resolution(
            resolution(number="I/1/99", adopted_on=date(2099, 1, 1)), actor=None, reason="t"
        )
    with translation.override(language):
        assert localize(caught.value) == text


def test_a_number_is_unique_within_a_term_only(registers):
    save_resolution(resolution(), actor=None, reason="a")
    with pytest.raises(RegisterError, match="already in the register"):
        save_resolution(resolution(title="inna"), actor=None, reason="b")
    save_resolution(resolution(term="2018–2024"), actor=None, reason="c")
    assert Resolution.objects.count() == 2


def test_a_coordinator_may_not_change_another_domains_resolution(registers):
    w = registers
    r = save_resolution(resolution(domain=w.transport), actor=None, reason="a").entry
    history = RegisterChange.objects.count()
    with pytest.raises(RegisterError) as caught:
        save_resolution(
            {"status": "executed"}, instance=r, actor=w.env_coordinator, reason="nie moja"
        )
    assert caught.value.field == "actor"
    assert "only an administrator or the coordinator of its domain" in str(caught.value)
    r.refresh_from_db()
    assert r.status == "to_execute" and RegisterChange.objects.count() == history
    # Nor move own resolution into a domain not theirs, nor add one of no domain.
    with pytest.raises(RegisterError):
        save_resolution(resolution(number="I/1/18"), actor=w.provider, reason="x")
    with pytest.raises(RegisterError):
        delete_resolution(r, actor=w.analyst, reason="x")
    assert Resolution.objects.count() == 1


def test_a_change_needs_a_reason(registers):
    with pytest.raises(RegisterError, match="reason"):
        save_resolution(resolution(), actor=None, reason=" ")
    assert Resolution.objects.count() == 0


def test_deleting_keeps_the_history(registers):
    r = save_resolution(resolution(), actor=None, reason="a").entry
    pk = r.pk
    delete_resolution(r, actor=None, reason="wpisana omyłkowo")
    assert not Resolution.objects.exists()
    gone = RegisterChange.objects.filter(object_id=pk, reason="wpisana omyłkowo")
    assert {c.field: c.old for c in gone}["number"] == "XCIV/2449/18"
    assert all(c.new == "" for c in gone)


def test_a_project_is_stored_and_changed_with_history(registers):
    w = registers
    p = save_project(project(w), actor=w.env_coordinator, reason="wyniki głosowania").entry
    assert (p.cost, p.votes, p.district, p.status) == (
        Decimal("250000.00"),
        1234,
        w.district1,
        "selected",
    )
    save_project(
        {"status": "completed", "cost": Decimal("241500.50")},
        instance=p,
        actor=w.admin,
        reason="odbiór",
    )
    changes = {c.field: (c.old, c.new) for c in queries.history(p) if c.reason == "odbiór"}
    assert changes == {
        "status": ("selected", "completed"),
        "cost": ("250000.00", "241500.50"),
    }


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"cost": 1.5}, "cost", "must be an amount"),
        ({"cost": Decimal("-1")}, "cost", "negative or too large"),
        ({"cost": Decimal("10.005")}, "cost", "fraction of a grosz"),
        ({"status": "submitted"}, "votes", "was not put to the vote has no votes"),
        ({"votes": None}, "votes", "give its votes"),
        ({"votes": -3}, "votes", "whole number"),
        ({"edition": 1990}, "edition", "not a year from 2000 to 2100"),
        ({"code": ""}, "code", "needs a number"),
        ({"status": "won"}, "status", "unknown status 'won'"),
    ],
)
def test_a_bad_project_is_refused_with_what_and_where(registers, changes, field, words):
    with pytest.raises(RegisterError) as caught:
        save_project(project(registers, **changes), actor=None, reason="t")
    assert caught.value.field == field
    assert words in str(caught.value)
    assert CivicBudgetProject.objects.count() == 0 and RegisterChange.objects.count() == 0


def test_a_project_district_must_be_a_district(registers):
    w = registers
    with pytest.raises(RegisterError, match="Kraków is not a district"):
        save_project(project(w, district=w.city), actor=None, reason="t")
    city_wide = save_project(project(w, district=None), actor=None, reason="t").entry
    assert city_wide.district is None


def test_a_project_of_no_domain_is_the_administrators(registers):
    w = registers
    with pytest.raises(RegisterError) as caught:
        save_project(project(w, domain=None), actor=w.env_coordinator, reason="t")
    assert caught.value.field == "actor"
    assert CivicBudgetProject.objects.count() == 0


def test_civic_budget_rows_by_edition_and_district(registers):
    w = registers
    save_project(project(w), actor=None, reason="t")
    save_project(
        project(w, code="BO.2025/18", cost=Decimal("100000"), status="rejected", votes=None),
        actor=None,
        reason="t",
    )
    save_project(
        project(w, code="BO.2025/1", district=None, cost=Decimal("900000"), votes=5000),
        actor=None,
        reason="t",
    )
    rows = queries.civic_budget_rows([2025])
    assert [(r.district_name, r.count, r.cost, r.funded_cost, r.votes) for r in rows] == [
        ("", 1, Decimal("900000.00"), Decimal("900000.00"), 5000),
        ("Stare Miasto", 2, Decimal("350000.00"), Decimal("250000.00"), 1234),
    ]
    assert rows[1].by_status == {"rejected": 1, "selected": 1}
