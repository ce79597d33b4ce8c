"""Values go provisional → submitted (data provider) → approved or returned with a
comment (domain coordinator), per indicator and period, every step in the history; a
new, changed or deleted value sends them back to provisional."""

from __future__ import annotations

from decimal import Decimal

import pytest

from stradom.approval import services
from stradom.approval.models import Approval, ApprovalAction, ApprovalEvent, ApprovalStatus
from stradom.approval.tests.conftest import database
from stradom.catalog.models import ChangeSet
from stradom.catalog.services import ObservationInput, delete_observations, write_observations
from stradom.core.messages import StradomError
from stradom.ingest.services import import_file

P, S, A, R = (
    ApprovalStatus.PROVISIONAL,
    ApprovalStatus.SUBMITTED,
    ApprovalStatus.APPROVED,
    ApprovalStatus.RETURNED,
)


def _history():
    return list(
        ApprovalEvent.objects.values_list(
            "approval__indicator__code",
            "approval__period",
            "action",
            "old_status",
            "new_status",
            "user__username",
            "comment",
            "channel",
        )
    )


def _approved(w):
    services.submit(w.pm10, "2025", actor=w.provider, comment="complete")
    services.approve(w.pm10, "2025", actor=w.env_coordinator)


def test_values_go_from_provisional_to_submitted_to_approved_with_history(stored):
    w = stored
    assert services.status_of(w.pm10, "2025") == P
    services.submit(w.pm10, "2025", actor=w.provider, comment="both units checked")
    assert services.status_of(w.pm10, "2025") == S
    services.approve(w.pm10, "2025", actor=w.env_coordinator, channel="form")
    assert services.status_of(w.pm10, "2025") == A
    assert services.status_of(w.pm10, "2024") == P  # another period is its own
    assert _history() == [
        (
            "PM10_AVG",
            "2025",
            ApprovalAction.SUBMITTED,
            P,
            S,
            "celina",
            "both units checked",
            "service",
        ),
        ("PM10_AVG", "2025", ApprovalAction.APPROVED, S, A, "anna", "", "form"),
    ]
    approval = Approval.objects.get()
    assert (approval.changed_by, approval.changed_at is not None) == (w.env_coordinator, True)


def test_returned_values_carry_the_comment_and_are_submitted_again(stored):
    w = stored
    services.submit(w.pm10, "2025", actor=w.provider)
    with pytest.raises(StradomError, match="comment is required"):
        services.return_values(w.pm10, "2025", actor=w.env_coordinator, comment=" ")
    assert services.status_of(w.pm10, "2025") == S
    services.return_values(
        w.pm10, "2025", actor=w.env_coordinator, comment="Stare Miasto looks too high"
    )
    assert services.status_of(w.pm10, "2025") == R
    services.submit(w.pm10, "2025", actor=w.provider, comment="checked again")
    assert [row[2:5] + row[6:7] for row in _history()] == [
        (ApprovalAction.SUBMITTED, P, S, ""),
        (ApprovalAction.RETURNED, S, R, "Stare Miasto looks too high"),
        (ApprovalAction.SUBMITTED, R, S, "checked again"),
    ]


@pytest.mark.parametrize(
    ("step", "who"),
    [
        ("submit", "analyst"),
        ("submit", "transport_coordinator"),
        ("approve", "provider"),  # enters the values, does not approve them
        ("approve", "transport_coordinator"),
        ("approve", "analyst"),
        ("return", "provider"),
    ],
)
def test_who_may_not_take_a_step_changes_nothing(stored, step, who):
    w = stored
    if step != "submit":
        services.submit(w.pm10, "2025", actor=w.provider)
    before = (_history(), services.status_of(w.pm10, "2025"))
    call = {
        "submit": services.submit,
        "approve": services.approve,
        "return": lambda *a, **k: services.return_values(*a, comment="no", **k),
    }[step]
    with pytest.raises(services.Refused):
        call(w.pm10, "2025", actor=getattr(w, who))
    assert (_history(), services.status_of(w.pm10, "2025")) == before


def test_steps_out_of_order_are_refused(stored):
    w = stored
    with pytest.raises(StradomError, match="only submitted values are approved"):
        services.approve(w.pm10, "2025", actor=w.env_coordinator)
    _approved(w)
    with pytest.raises(StradomError, match="only provisional or returned values are submitted"):
        services.submit(w.pm10, "2025", actor=w.provider)
    with pytest.raises(StradomError, match="no values for 2023"):
        services.submit(w.pm10, "2023", actor=w.provider)
    assert len(_history()) == 2


def test_a_changed_value_sends_the_period_back_to_provisional(stored):
    w = stored
    _approved(w)
    report = write_observations(
        [ObservationInput("PM10_AVG", "1261011-01", "2025", Decimal("29.8"))],
        actor=w.provider,
        reason="GIOŚ corrected the station",
        channel="form",
        replace=True,
    )
    assert report.ok
    assert services.status_of(w.pm10, "2025") == P
    assert _history()[-1] == (
        "PM10_AVG",
        "2025",
        ApprovalAction.REOPENED,
        A,
        P,
        "celina",
        "GIOŚ corrected the station",
        "form",
    )
    assert ApprovalEvent.objects.last().change_set == ChangeSet.objects.latest("pk")


def test_the_same_values_again_leave_the_approval_as_it_is(stored):
    w = stored
    _approved(w)
    report = write_observations(
        [ObservationInput("PM10_AVG", "1261011", "2025", Decimal("25.1"))],
        actor=w.provider,
        reason="again",
        channel="api",
    )
    assert (report.ok, report.unchanged) == (True, 1)
    assert services.status_of(w.pm10, "2025") == A


def test_a_refused_write_leaves_the_approval_as_it_is(stored):
    w = stored
    _approved(w)
    before = database()
    report = write_observations(
        [
            ObservationInput("PM10_AVG", "1261011-02", "2025", Decimal("31")),
            ObservationInput("PM10_AVG", "nowhere", "2025", Decimal("31")),
        ],
        actor=w.provider,
        reason="x",
        channel="form",
    )
    assert not report.ok
    assert (database(), services.status_of(w.pm10, "2025"), len(_history())) == (before, A, 2)


def test_a_new_value_imported_column_wise_reopens_and_a_deletion_too(stored, tmp_path):
    w = stored
    _approved(w)
    path = tmp_path / "values.csv"
    path.write_text(
        "indicator;territory;period;value\nPM10_AVG;1261011-02;2025;33,0\n", encoding="utf-8"
    )
    report = import_file(path, actor=w.provider, reason="GIOŚ")
    assert (report.ok, report.write.created) == (True, 1)
    assert services.status_of(w.pm10, "2025") == P
    services.submit(w.pm10, "2025", actor=w.provider)
    delete_observations(
        [("PM10_AVG", "1261011-02", "2025", ())], actor=w.provider, reason="wrong", channel="form"
    )
    assert services.status_of(w.pm10, "2025") == P
    assert [row[2] for row in _history()][-1] == ApprovalAction.REOPENED
