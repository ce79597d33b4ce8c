"""The workspace's approval page: the coordinator approves or returns what awaits them;
an administrator locks and unlocks periods; others may not."""

from __future__ import annotations

import pytest

from stradom.approval import services
from stradom.approval.models import ApprovalEvent, PeriodLock
from stradom.approval.services import status_of

URL = "/en/panel/approval/"


@pytest.fixture
def submitted(stored):
    services.submit(stored.pm10, "2025", actor=stored.provider, comment="checked")
    return stored


@pytest.mark.usefixtures("english")
def test_the_coordinator_sees_what_awaits_and_approves_it(client, submitted):
    w = submitted
    client.force_login(w.env_coordinator)
    html = client.get(URL).content.decode()
    assert "PM10_AVG" in html and "checked" in html
    assert "Locked periods" not in html  # the locks are the administrators'
    response = client.post(
        URL + "decide/", {"indicator": "PM10_AVG", "period": "2025", "decision": "approve"}
    )
    assert response.status_code == 302
    assert status_of(w.pm10, "2025") == "approved"
    assert ApprovalEvent.objects.last().channel == "form"
    assert "No values are waiting for your approval." in client.get(URL).content.decode()


@pytest.mark.usefixtures("english")
def test_returning_without_a_comment_is_refused_and_said(client, submitted):
    w = submitted
    client.force_login(w.env_coordinator)
    response = client.post(
        URL + "decide/",
        {"indicator": "PM10_AVG", "period": "2025", "decision": "return", "comment": ""},
        follow=True,
    )
    assert "a comment is required to return values" in response.content.decode()
    assert status_of(w.pm10, "2025") == "submitted"
    client.post(
        URL + "decide/",
        {"indicator": "PM10_AVG", "period": "2025", "decision": "return", "comment": "too high"},
    )
    assert status_of(w.pm10, "2025") == "returned"


def test_another_domains_coordinator_sees_nothing_and_may_not_decide(client, submitted):
    w = submitted
    client.force_login(w.transport_coordinator)
    assert "PM10_AVG" not in client.get(URL).content.decode()
    response = client.post(
        URL + "decide/", {"indicator": "PM10_AVG", "period": "2025", "decision": "approve"}
    )
    assert response.status_code == 403
    assert status_of(w.pm10, "2025") == "submitted"


@pytest.mark.usefixtures("english")
def test_an_administrator_locks_and_unlocks_from_the_page(client, stored):
    w = stored
    client.force_login(w.admin)
    response = client.post(
        URL + "locks/", {"period": "2025", "domain": w.environment.pk, "reason": "closed"}
    )
    assert response.status_code == 302
    lock = PeriodLock.objects.get(active=True)
    assert (lock.period, lock.domain) == ("2025", w.environment)
    assert "closed" in client.get(URL).content.decode()
    bad = client.post(URL + "locks/", {"period": "20x5", "reason": "r"})
    assert bad.status_code == 422
    client.post(URL + f"locks/{lock.pk}/unlock/", {"reason": "revised"})
    assert not PeriodLock.objects.filter(active=True).exists()


def test_a_coordinator_may_not_lock(client, stored):
    client.force_login(stored.env_coordinator)
    response = client.post(URL + "locks/", {"period": "2025", "reason": "closed"})
    assert response.status_code == 403
    assert not PeriodLock.objects.exists()


@pytest.mark.usefixtures("english")
def test_the_data_provider_submits_the_latest_values_and_those_returned(client, stored):
    w = stored
    client.force_login(w.provider)
    html = client.get(URL).content.decode()
    assert "Your values to submit for approval" in html
    assert 'name="period" value="2025"' in html and 'value="2024"' not in html
    response = client.post(
        URL + "submit/", {"indicator": "PM10_AVG", "period": "2025", "comment": "done"}
    )
    assert response.status_code == 302
    assert status_of(w.pm10, "2025") == "submitted"
    assert "Your values to submit for approval" not in client.get(URL).content.decode()
    services.return_values(w.pm10, "2025", actor=w.env_coordinator, comment="Grzegórzki?")
    html = client.get(URL).content.decode()
    assert "returned: Grzegórzki?" in html


def test_who_may_not_submit_changes_nothing(client, stored):
    client.force_login(stored.transport_coordinator)
    response = client.post(URL + "submit/", {"indicator": "PM10_AVG", "period": "2025"})
    assert response.status_code == 403
    assert status_of(stored.pm10, "2025") == "provisional"
